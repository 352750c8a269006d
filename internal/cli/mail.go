package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/kitgen/kitgen/internal/publish"
	"github.com/kitgen/kitgen/internal/source"
	"github.com/spf13/cobra"
)

func (e *env) mailCmd() *cobra.Command {
	var (
		o    pipeline.Options
		dest string
	)
	c := &cobra.Command{
		Use:   "mail [flags]",
		Short: "Write an e-mail draft (.eml) for each kit, with its current PDF attached",
		Long: `Mail writes, for each kit, a ready-to-send e-mail draft into the folder -d
(default SOURCE/mail): the cover message from messages/ (the one with
kit_cover: true, or --message ID) filled for the kit, as plain text and HTML,
with the kit's current PDF attached exactly as the site publishes it. The
subject names the kit, its version and its effective date. Each partner's copy
of a kit gets a draft too (KIT-vN.PARTNER.eml), made from the message with
partner_cover: true when there is one, addressed to the partner's email. Outlook,
Thunderbird and Apple Mail open the file as a draft to edit and send.

A kit in another language (cardiology.es) gets its draft from the message's
translation (messages/ID.es.md) while that translation is current (see kitgen
translations); with no translation, or one never marked or behind its source,
the draft is the message itself, in the site's language, and a warning says so.

Mail checks everything a build checks and refuses a kit whose change is not
recorded yet: run "kitgen build" and commit the ledger first. Drafts are the
same bytes for the same release, so CI can archive them; they never go into
public/.`,
		Example: `  kitgen mail
  kitgen mail -d /tmp/drafts --message information-missing`,
		Args: noArgs("; use -s DIR for another site"),
		RunE: func(c *cobra.Command, args []string) error {
			o.Mail, o.CheckOnly, o.Locked = true, true, true
			if dest == "" {
				dest = filepath.Join(o.Source, "mail")
			}
			if err := mailDest(o.Source, dest); err != nil {
				return usagef("kitgen mail: %v", err)
			}
			res, err := pipeline.Build(o)
			e.report(res, "text", false)
			if err != nil {
				if errors.Is(err, pipeline.ErrFailed) {
					fmt.Fprintf(e.stderr, "mail failed: %s; no draft was written\n", counts(res))
				} else {
					fmt.Fprintf(e.stderr, "kitgen mail: %v\n", err)
				}
				return exitStatus(1)
			}
			if len(res.Drafts) == 0 {
				fmt.Fprintln(e.stderr, "kitgen mail: the site has no kits, so there is nothing to draft; add one with \"kitgen new kit NAME\"")
				return exitStatus(1)
			}
			if err := os.MkdirAll(dest, 0o755); err != nil {
				fmt.Fprintf(e.stderr, "kitgen mail: %v\n", err)
				return exitStatus(1)
			}
			for _, d := range res.Drafts {
				if err := os.WriteFile(filepath.Join(dest, d.File), d.Data, 0o644); err != nil {
					fmt.Fprintf(e.stderr, "kitgen mail: %v\n", err)
					return exitStatus(1)
				}
				if !e.quiet {
					fmt.Fprintf(e.stdout, "wrote %s\n", filepath.ToSlash(filepath.Join(dest, d.File)))
				}
			}
			return nil
		},
	}
	fs := c.Flags()
	sourceFlag(fs, &o.Source)
	// Not --destination: KITGEN_DESTINATION names the build's output in
	// CI, and drafts must never go there.
	fs.StringVarP(&dest, "dir", "d", "", "drafts `folder` (default SOURCE/mail)")
	fs.StringVar(&o.MailMessage, "message", "", "the message `ID` (messages/ID.md) to draft with, instead of the one with kit_cover: true")
	return c
}

// mailDest refuses a drafts folder inside the site's output or inputs:
// drafts in public/ would be deployed, and drafts under content/ or
// messages/ would be read back as site input.
func mailDest(site, dest string) error {
	s, err := filepath.Abs(site)
	if err != nil {
		return err
	}
	d, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	if out := publish.Output(d); out != "" {
		return fmt.Errorf("-d %s is inside %s, where kitgen builds a site to deploy; drafts must never be published, so choose another folder, e.g. -d mail", dest, out)
	}
	rel, err := filepath.Rel(s, d)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		if rel == "." {
			return fmt.Errorf("-d %s is the site folder itself; write drafts into a folder of their own, e.g. -d mail", dest)
		}
		return nil
	}
	top := strings.Split(filepath.ToSlash(rel), "/")[0]
	if top == "public" {
		return fmt.Errorf("-d %s is inside public/, which is deployed; drafts must never be published, so choose another folder, e.g. -d mail", dest)
	}
	for _, r := range source.Roots {
		if top == r {
			return fmt.Errorf("-d %s is inside %s, which the build reads; choose another folder, e.g. -d mail", dest, r)
		}
	}
	return nil
}
