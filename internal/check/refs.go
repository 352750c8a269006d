package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/kitgen/kitgen/internal/config"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
)

// checkRefs reports front-matter values of p that name nothing: a slug
// with no page in its section, or an escalation key with no line in
// kitgen.yaml. Writers skip what does not resolve, so without this a typo
// drops a provider from a service page, or the on-call number from a
// guide and every kit quoting it, and nothing says so. A page whose own
// front matter has errors still exists: naming it is not reported again.
func checkRefs(site *content.Site, p *content.Page, diags *diag.List) {
	for _, ref := range p.Refs {
		if ref.Section == "" {
			checkLineRef(site.Config, p, ref, diags)
			continue
		}
		slug := ref.Name
		if t := site.Ref(ref.Section, slug); t != nil && t.Kind == content.KindPage {
			continue
		}
		if site.HasErrors(ref.Section + "/" + slug) {
			continue
		}
		diags.Errorf(p.File, ref.Line, ref.Col, diag.RuleReferences,
			"%s: %q names no page in content/%s/%s",
			ref.Key, slug, ref.Section, slugHint(site, ref))
	}
}

// slugHint suggests the slug an editor probably meant, or lists the ones
// there are.
func slugHint(site *content.Site, ref content.Ref) string {
	slugs := site.Slugs(ref.Section)
	if len(slugs) == 0 {
		return fmt.Sprintf("; content/%s/ has no pages yet: create the page, or remove the reference", ref.Section)
	}
	name := ref.Name
	if strings.Contains(name, "/") {
		// A path or URL (services/cardiology, /services/cardiology/) where
		// the slug belongs.
		base := path.Base(strings.Trim(name, "/"))
		for _, s := range slugs {
			if s == base {
				return fmt.Sprintf("; did you mean %q? write the slug, the file name without .md", s)
			}
		}
		name = base
	}
	if best := schema.Closest(name, slugs); best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	return "; " + ref.Section + " are: " + list(slugs)
}

// checkLineRef reports an escalation key that is not a line of kitgen.yaml.
func checkLineRef(cfg *config.Config, p *content.Page, ref content.Ref, diags *diag.List) {
	if cfg == nil || cfg.LineByKey(ref.Name) != nil {
		return
	}
	var keys []string
	for _, l := range cfg.Lines {
		keys = append(keys, l.Key)
	}
	hint := fmt.Sprintf("; add it under lines: in %s, e.g. %s: {label: \"On-call physician (24/7)\", phone: \"(312) 555-0110\"}", config.FileName, ref.Name)
	if best := schema.Closest(ref.Name, keys); best != "" {
		hint = fmt.Sprintf("; did you mean %q?", best)
	} else if len(keys) > 0 {
		hint = "; the lines are: " + list(keys)
	}
	diags.Errorf(p.File, ref.Line, ref.Col, diag.RuleReferences,
		"%s: %q is not a line in %s (lines:), so the page and every kit quoting it would show no number to call%s",
		ref.Key, ref.Name, config.FileName, hint)
}

// list joins names for a message, at most twelve of them.
func list(names []string) string {
	if len(names) > 12 {
		return strings.Join(names[:12], ", ") + ", …"
	}
	return strings.Join(names, ", ")
}
