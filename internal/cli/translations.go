package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/spf13/cobra"
)

func (e *env) translationsCmd() *cobra.Command {
	var o pipeline.Options
	c := &cobra.Command{
		Use:   "translations [flags]",
		Short: "List every translation and whether it is behind its source",
		Long: `Translations lists every translation of the site (name.<lang>.md beside its
source, for each language after the first in languages: of kitgen.yaml: pages
in content/ and messages in messages/) with its source and how it stands:

  current       translates the source as it is
  behind (…)    the source's sections named changed, were added or removed
                since the translation was last marked
  never marked  has no translates: yet

When a translation is up to date again, record it with
"kitgen translations mark FILE". kitgen check reports translations that are
behind as warnings (rule translation), so check --strict fails on them; a
translated kit is held, and kitgen mail drafts from the message in the site's
language, while a translation it uses is not current.`,
		Example: `  kitgen translations
  kitgen translations mark content/services/cardiology.es.md
  kitgen translations mark messages/kit-cover.es.md`,
		Args: noArgs(`; to record a translation as up to date, run "kitgen translations mark FILE"`),
		RunE: func(c *cobra.Command, args []string) error {
			res, ok := e.translations(o)
			if res == nil {
				return exitStatus(1)
			}
			if len(res.Translations) == 0 {
				fmt.Fprintln(e.stdout, `no translations: list languages: in kitgen.yaml, then write name.<lang>.md beside a page`)
			} else {
				fmt.Fprintf(e.stdout, "%-45s %-6s %s\n", "TRANSLATION", "LANG", "STATUS")
				for _, t := range res.Translations {
					fmt.Fprintf(e.stdout, "%-45s %-6s %s\n", t.File, t.Lang, t.Freshness)
				}
			}
			if !ok {
				return exitStatus(1)
			}
			return nil
		},
	}
	sourceFlag(c.Flags(), &o.Source)
	c.AddCommand(e.markCmd())
	return c
}

func (e *env) markCmd() *cobra.Command {
	var o pipeline.Options
	c := &cobra.Command{
		Use:   "mark FILE...",
		Short: "Record that translations are up to date with their sources",
		Long: `Mark writes translates: into the front matter of each translation named: the
fingerprint of every section of its source as it is now (a message's subject
is part of its first section). Run it once the
translation says what its source says; until the source changes again, kitgen
reports the translation as current. Only YAML front matter can be marked.`,
		Example: `  kitgen translations mark content/services/cardiology.es.md content/guides/cardiology-referral.es.md
  kitgen translations mark messages/kit-cover.es.md`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("%s: name the translation files to mark, e.g. content/services/cardiology.es.md", c.CommandPath())
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			res, _ := e.translations(o)
			if res == nil {
				return exitStatus(1)
			}
			byFile := map[string]content.TranslationStatus{}
			for _, t := range res.Translations {
				byFile[t.File] = t
			}
			status := 0
			for _, a := range args {
				rel := filepath.ToSlash(filepath.Clean(a))
				t, ok := byFile[rel]
				if !ok {
					fmt.Fprintf(e.stderr, "kitgen translations mark: %s is not a translation of this site; a translation is content/…/name.<lang>.md or messages/ID.<lang>.md beside its source, for a language listed in languages: of kitgen.yaml (run kitgen translations for the list)\n", a)
					status = 1
					continue
				}
				p := filepath.Join(o.Source, filepath.FromSlash(rel))
				src, err := os.ReadFile(p)
				if err == nil {
					src, err = content.Mark(rel, src, t.Sums)
				}
				if err == nil {
					err = os.WriteFile(p, src, 0o644)
				}
				if err != nil {
					fmt.Fprintf(e.stderr, "kitgen translations mark: %v\n", err)
					status = 1
					continue
				}
				fmt.Fprintf(e.stdout, "marked %s as translating %s\n", rel, t.Source)
			}
			return exitStatus(status)
		},
	}
	sourceFlag(c.Flags(), &o.Source)
	return c
}

// translations checks the site as kitgen check does and returns its
// result, printing its errors; ok is false when it has errors. The
// result is nil when the site could not be read at all.
func (e *env) translations(o pipeline.Options) (res *pipeline.Result, ok bool) {
	o.CheckOnly, o.Preview = true, true
	res, err := pipeline.Build(o)
	if err != nil {
		if res != nil {
			errs := res.Diags[:0:0]
			for _, d := range res.Diags {
				if d.Severity == diag.Error {
					errs = append(errs, d)
				}
			}
			e.reportDiags(errs, "text", false)
		}
		fmt.Fprintf(e.stderr, "kitgen translations: %v\n", err)
		return res, false
	}
	return res, true
}
