package cli

import "github.com/spf13/cobra"

func (e *env) deployCmd() *cobra.Command {
	return &cobra.Command{Use: "deploy", Hidden: true, RunE: func(c *cobra.Command, args []string) error { return usagef("kitgen deploy: not yet available") }}
}
