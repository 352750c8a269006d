package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/partner"
	"github.com/kitgen/kitgen/internal/pipeline"
	"github.com/kitgen/kitgen/internal/source"
	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"
)

func (e *env) newPartnerCmd() *cobra.Command {
	var src, segment, code string
	var kits []string
	c := &cobra.Command{
		Use:   "partner NAME",
		Short: "Create a partner file with its own referral code",
		Long: `New partner writes partners/<id>.yaml for the referring office NAME (its display
name, as printed on its kits; the id is made from it). The build then draws the
partner's own copy of every kit, carrying its name and code, and publishes its
landing page at /r/<code>/.

Without --code, kitgen chooses a code from the name and the codes already in
partners/: the same name and the same partners always give the same code, and
the code never looks like another partner's.`,
		Example: `  kitgen new partner "Northside Family Medicine" --segment primary-care
  kitgen new partner "Lakeview Pediatrics" --segment pediatrics --kits cardiology,pulmonology
  kitgen new partner "Loop Urgent Care" --segment urgent-care --code K7QX-W`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("usage: kitgen new partner NAME [--segment SEGMENT] [--code CODE] [--kits A,B]")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return e.newPartner(src, args[0], segment, code, kits) },
	}
	sourceFlag(c.Flags(), &src)
	c.Flags().StringVar(&segment, "segment", "general", "the `group` the partner is reported in, e.g. primary-care")
	c.Flags().StringVar(&code, "code", "", "the partner's referral `code`, when it already has one")
	c.Flags().StringSliceVar(&kits, "kits", nil, "the `kits` the partner gets, comma-separated (default: every kit)")
	return c
}

// newPartner writes a partner file for name, choosing its code unless
// one is given.
func (e *env) newPartner(src, name, segment, code string, kits []string) error {
	name = strings.TrimSpace(name)
	id := partnerID(name)
	if id == "" {
		return usagef("kitgen new partner: %q has no letters or digits to make a file name from; give the partner's name, e.g. \"Northside Family Medicine\"", name)
	}
	if !source.ValidName(segment) {
		return usagef("kitgen new partner: segment %q is a report group; use letters, digits, '-', '_' and '.', e.g. primary-care", segment)
	}
	existing := partner.Load(source.Dir(src), &diag.List{})
	var taken []string
	for _, p := range existing {
		taken = append(taken, p.Code)
	}
	if code == "" {
		var err error
		if code, err = partner.Generate(name, taken); err != nil {
			fmt.Fprintf(e.stderr, "kitgen new partner: %v\n", err)
			return exitStatus(1)
		}
	} else {
		c, err := partner.ParseCode(code)
		if err != nil {
			fmt.Fprintf(e.stderr, "kitgen new partner: %v\n", err)
			return exitStatus(1)
		}
		for _, p := range existing {
			switch {
			case p.Code == c:
				fmt.Fprintf(e.stderr, "kitgen new partner: code %s is already %s's (%s); leave out --code and kitgen chooses one\n", c, p.Name, p.File)
				return exitStatus(1)
			case partner.LookAlike(p.Code, c):
				fmt.Fprintf(e.stderr, "kitgen new partner: code %s is easily mistaken for %s, %s's code (%s); leave out --code and kitgen chooses one\n", c, p.Code, p.Name, p.File)
				return exitStatus(1)
			}
		}
		code = c
	}
	rel := partner.Dir + "/" + id + ".yaml"
	target := filepath.Join(src, filepath.FromSlash(rel))
	if _, err := os.Stat(target); err == nil {
		fmt.Fprintf(e.stderr, "kitgen new partner: %s already exists; edit it, or give the new partner a name that tells them apart\n", target)
		return exitStatus(1)
	}
	kitsLine := "# kits: [cardiology, pulmonology]   # the kits the partner gets; every kit when left out"
	if len(kits) > 0 {
		kitsLine = "kits: [" + strings.Join(kits, ", ") + "]"
	}
	body := fmt.Sprintf(partnerTmpl, yamlString(name), segment, code, kitsLine)
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new partner: %v\n", err)
		return exitStatus(1)
	}
	if err := os.WriteFile(target, []byte(body), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "kitgen new partner: %v\n", err)
		return exitStatus(1)
	}
	fmt.Fprintf(e.stdout, "created %s with code %s\n", target, code)
	return nil
}

// partnerID makes a file name of a partner's name: lower-case letters
// and digits, with hyphens between words.
func partnerID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// yamlString writes a name as a YAML value, quoted where YAML needs it.
func yamlString(s string) string {
	b, _ := yaml.Marshal(s)
	return strings.TrimSuffix(string(b), "\n")
}

const partnerTmpl = `# A referring office with its own copies of the kits. kitgen prints the name
# and code on them and publishes the partner's landing page at /r/<code>/.
# Intake staff record the code on each referral (kitgen partners check CODE).
name: %s
segment: %s
code: %s
%s
# fax: "(312) 555-0199"        # the partner's own referral destination, if it has one
# ereferral: {name: Partner portal, url: "https://portal.example.org/refer", code_param: referral_code}
# email: referrals@practice.example   # where kitgen mail addresses the partner's kits; never published
# note: for staff only; never published
`

func (e *env) partnersCmd() *cobra.Command {
	var src, format string
	c := &cobra.Command{
		Use:   "partners [flags]",
		Short: "List partners with their codes, segments and kit versions, or export them",
		Long: `Partners lists every partner of partners/ with its referral code, segment, the
revision of its copies and the version of each kit it gets. --format csv and
--format json export the same for the intake system, so staff can record the
code on each referral and report referrals by partner and segment.`,
		Example: `  kitgen partners
  kitgen partners --format csv > partners.csv
  kitgen partners check K7QX-W`,
		Args: noArgs("; to validate a code use kitgen partners check CODE"),
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "csv" && format != "json" {
				return usagef("kitgen partners: unknown format %q; use text, csv or json", format)
			}
			res, err := pipeline.Build(pipeline.Options{Source: src, CheckOnly: true, Preview: true})
			if err != nil {
				e.report(res, "text", false)
				fmt.Fprintf(e.stderr, "kitgen partners: %v\n", err)
				return exitStatus(1)
			}
			return e.listPartners(res.Partners, format)
		},
	}
	sourceFlag(c.Flags(), &src)
	c.Flags().StringVar(&format, "format", "text", "output `format`: text, csv or json")
	c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "csv", "json"}, cobra.ShellCompDirectiveNoFileComp))
	c.AddCommand(e.partnersCheckCmd())
	return c
}

// partnerRow is one partner as exported.
type partnerRow struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Segment  string       `json:"segment"`
	Code     string       `json:"code"`
	Revision int          `json:"revision"`
	Landing  string       `json:"landing"`
	Kits     []partnerKit `json:"kits"`
}

type partnerKit struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
}

func (e *env) listPartners(ps []*pipeline.PartnerResult, format string) error {
	rows := make([]partnerRow, len(ps))
	for i, p := range ps {
		rows[i] = partnerRow{ID: p.ID, Name: p.Name, Segment: p.Segment, Code: p.Code, Revision: p.Revision, Landing: p.Landing, Kits: []partnerKit{}}
		for _, k := range p.Kits {
			rows[i].Kits = append(rows[i].Kits, partnerKit{k.ID, k.Version})
		}
	}
	kitList := func(r partnerRow) string {
		var out []string
		for _, k := range r.Kits {
			out = append(out, fmt.Sprintf("%s v%d", k.ID, k.Version))
		}
		return strings.Join(out, ", ")
	}
	switch format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	case "csv":
		w := csv.NewWriter(e.stdout)
		w.Write([]string{"code", "name", "segment", "id", "revision", "kits", "landing"})
		for _, r := range rows {
			w.Write([]string{r.Code, r.Name, r.Segment, r.ID, fmt.Sprint(r.Revision), kitList(r), r.Landing})
		}
		w.Flush()
		return w.Error()
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.stdout, "no partners: add one with \"kitgen new partner NAME\"")
		return nil
	}
	fmt.Fprintf(e.stdout, "%-8s %-16s %-32s %s\n", "CODE", "SEGMENT", "PARTNER", "KITS")
	for _, r := range rows {
		fmt.Fprintf(e.stdout, "%-8s %-16s %-32s %s\n", r.Code, r.Segment, r.Name, kitList(r))
	}
	return nil
}

func (e *env) partnersCheckCmd() *cobra.Command {
	var src string
	c := &cobra.Command{
		Use:   "check CODE",
		Short: "Say whose a referral code is, or what it was probably meant to be",
		Long: `Check reads partners/ and says which partner a code from an intake form belongs
to, without a network or a build. A mistyped code is caught by its check
character; when one wrong character or two swapped ones explain it, check names
the partner code it was most likely meant to be. It exits 1 for a code that is
no partner's.`,
		Example: `  kitgen partners check K7QX-W
  kitgen partners check k7qxw -s site`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("usage: kitgen partners check CODE")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return e.checkCode(src, args[0]) },
	}
	sourceFlag(c.Flags(), &src)
	return c
}

// checkCode says whose code s is, or which partners' codes a slip would
// have turned into it.
func (e *env) checkCode(src, s string) error {
	diags := &diag.List{}
	ps := partner.Load(source.Dir(src), diags)
	code, err := partner.ParseCode(s)
	if err == nil {
		if p := partner.ByCode(ps, code); p != nil {
			fmt.Fprintf(e.stdout, "%s: %s (segment %s, %s)\n", code, p.Name, p.Segment, p.File)
			return nil
		}
		fmt.Fprintf(e.stderr, "kitgen partners check: %s is a well-formed code, but no partner in %s/ has it; kitgen partners lists the codes\n", code, partner.Dir)
		return exitStatus(1)
	}
	fmt.Fprintf(e.stderr, "kitgen partners check: %v\n", err)
	var likely []string
	for _, c := range partner.Corrections(s) {
		if p := partner.ByCode(ps, c); p != nil {
			likely = append(likely, fmt.Sprintf("%s (%s)", c, p.Name))
		}
	}
	if len(likely) > 0 {
		fmt.Fprintf(e.stderr, "did you mean %s?\n", strings.Join(likely, " or "))
	}
	return exitStatus(1)
}
