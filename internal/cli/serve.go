package cli

import "fmt"

func (e *env) serve(args []string) int {
	fmt.Fprintln(e.stderr, "kitgen serve: not built yet")
	return 1
}
