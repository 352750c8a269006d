package cli

import (
	"bufio"
	"fmt"
	"os"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
)

// A rule with more than groupOver warnings has its first groupAfter
// listed and the rest counted: a large site can have thousands of one
// kind (the 10,000-page benchmark corpus has over 13,000), which bury its
// errors, while a new site's few dozen placeholders are each worth a line.
const (
	groupOver  = 50
	groupAfter = 10
)

// report prints findings: in the requested format (text on stderr, json
// on stdout), and also as workflow annotations when running in GitHub
// Actions. In text, errors are always listed; warnings are left out with
// --quiet unless they fail the build, and beyond the first groupAfter of
// a rule they are counted unless --verbose.
func (e *env) report(res *pipeline.Result, format string, strict bool) {
	if res != nil {
		e.reportDiags(res.Diags, format, strict)
	}
}

// reportDiags prints findings as report does.
func (e *env) reportDiags(ds []diag.Diagnostic, format string, strict bool) {
	out := e.stderr
	if format == "json" {
		out = e.stdout
	}
	// Buffered: a large site can report thousands of findings, one write
	// call each otherwise.
	w := bufio.NewWriterSize(out, 64<<10)
	if format == "text" {
		e.writeText(w, ds, strict)
	} else {
		diag.Write(w, ds, format)
	}
	w.Flush()
	if format != "github" && truthy(e.getenv("GITHUB_ACTIONS")) {
		w := bufio.NewWriterSize(e.stdout, 64<<10)
		diag.Write(w, ds, "github")
		w.Flush()
	}
}

func (e *env) writeText(w *bufio.Writer, ds []diag.Diagnostic, strict bool) {
	total := map[diag.Rule]int{}
	for _, d := range ds {
		if d.Severity == diag.Warning {
			total[d.Rule]++
		}
	}
	var shown []diag.Diagnostic
	seen := map[diag.Rule]int{}
	var order []diag.Rule // grouped rules, in the order of their first hidden warning
	for _, d := range ds {
		if d.Severity == diag.Error || e.verbose {
			shown = append(shown, d)
			continue
		}
		if e.quiet && !strict {
			continue
		}
		seen[d.Rule]++
		if total[d.Rule] <= groupOver || seen[d.Rule] <= groupAfter {
			shown = append(shown, d)
		} else if seen[d.Rule] == groupAfter+1 {
			order = append(order, d.Rule)
		}
	}
	diag.Write(w, shown, "text")
	for _, r := range order {
		fmt.Fprintf(w, "warning: %s: %d more warnings like these, %d in all; --verbose lists every one\n",
			r, total[r]-groupAfter, total[r])
	}
}

// isTerminal reports whether w is a terminal, where progress may be
// drawn; in CI logs and pipes it would only add noise.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
