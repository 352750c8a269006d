package pipeline

import (
	"maps"
	"slices"
	"sort"
	"strconv"

	"github.com/kitgen/kitgen/internal/check"
	"github.com/kitgen/kitgen/internal/content"
	"github.com/kitgen/kitgen/internal/diag"
)

// gathered is what findings gathered in the last run: the lists of
// findings it read, slot by slot, the settings it filtered them through,
// and the result, sorted.
type gathered struct {
	slots    [][]diag.Diagnostic
	rules    sum                          // check.rules (see rulesKey)
	silences map[string][]content.Silence // the pages' silence entries, by file
	out      []diag.Diagnostic
}

// findings gathers the findings of the run: those of the cache entries it
// used and its own, sorted, without duplicates, and filtered through the
// site's rule settings (check.Settings).
//
// The result is made of one run of findings per file, and what the
// settings leave of a file's findings depends on that file's findings
// and silence entries only. So a dev-server run computes again only the
// files whose findings or silence entries changed since the last run —
// usually none, since a page edited and rendered again mostly reports
// what it reported before — and keeps the rest of the last result.
func (b *run) findings() []diag.Diagnostic {
	g := &gathered{slots: b.findingSlots(), rules: rulesKey(b.site), silences: silencesOf(b.site)}
	settings := check.SettingsOf(b.site)
	last := b.cache.found
	if last == nil || len(last.slots) != len(g.slots) || last.rules != g.rules {
		g.out = refilter(nil, nil, g.slots, settings)
	} else {
		dirty := map[string]bool{}
		for i, ds := range g.slots {
			if old := last.slots[i]; !sameFindings(old, ds) {
				for _, d := range old {
					dirty[d.File] = true
				}
				for _, d := range ds {
					dirty[d.File] = true
				}
			}
		}
		for f, s := range g.silences {
			if !slices.Equal(s, last.silences[f]) {
				dirty[f] = true
			}
		}
		for f := range last.silences {
			if _, ok := g.silences[f]; !ok {
				dirty[f] = true
			}
		}
		g.out = last.out
		if len(dirty) > 0 {
			g.out = refilter(last.out, dirty, g.slots, settings)
		}
	}
	if b.cache.retain {
		b.cache.found = g
	}
	if len(b.msgs.strict) > 0 {
		// Patient data in a message template is an error whatever the
		// settings say (see resolveMessages).
		return diag.Sort(append(slices.Clone(g.out), b.msgs.strict...))
	}
	// Callers may append to the result; they must not reach the next
	// run's.
	return slices.Clip(g.out)
}

// findingSlots lists the findings the run gathers, one slot for each
// place they are kept, in an order that only files or pages coming or
// going changes: the content walk; each content file's decoding; each
// page's rendering (the pages of the site, each the one at its address),
// in site order; each kit's PDF; each partner copy; the cross-page
// checks; the run's own.
func (b *run) findingSlots() [][]diag.Diagnostic {
	c := b.cache
	slots := make([][]diag.Diagnostic, 0, 1+len(c.files)+len(b.pageDiags)+len(b.kits)+2)
	slots = append(slots, c.walkDiags)
	for _, f := range c.files {
		if e := c.pages[f]; e != nil {
			slots = append(slots, e.diags)
		}
	}
	// renderPages gathered these side by side: reading them from the
	// cache entries would visit 10,000 of them on a large site.
	slots = append(slots, b.pageDiags...)
	for _, r := range b.kits {
		var ds []diag.Diagnostic
		if e := c.pdfs[r.Def.ID]; e != nil {
			ds = e.diags
		}
		slots = append(slots, ds)
	}
	slots = append(slots, b.partnerSlots()...)
	var site []diag.Diagnostic
	if c.site != nil {
		site = c.site.diags
	}
	return append(slots, site, b.diags.Sorted())
}

// sameFindings reports whether two lists hold the same findings: the same
// list, kept in a cache entry that was not replaced, or an equal one.
func sameFindings(a, b []diag.Diagnostic) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || slices.Equal(a, b)
}

// refilter returns last (a sorted result) with the findings of the dirty
// files computed again from slots; with dirty nil, it computes every
// file's.
func refilter(last []diag.Diagnostic, dirty map[string]bool, slots [][]diag.Diagnostic, s *check.Settings) []diag.Diagnostic {
	byFile := map[string][]diag.Diagnostic{}
	for _, ds := range slots {
		for _, d := range ds {
			if dirty == nil || dirty[d.File] {
				byFile[d.File] = append(byFile[d.File], d)
			}
		}
	}
	if dirty == nil {
		for _, f := range s.Files() {
			if _, ok := byFile[f]; !ok {
				byFile[f] = nil
			}
		}
	} else {
		for f := range dirty {
			if _, ok := byFile[f]; !ok {
				byFile[f] = nil
			}
		}
	}
	files := slices.Sorted(maps.Keys(byFile))
	out := make([]diag.Diagnostic, 0, len(last))
	for _, f := range files {
		// Keep the last result's files before f, then skip f's.
		n := sort.Search(len(last), func(i int) bool { return last[i].File >= f })
		out = append(out, last[:n]...)
		for n < len(last) && last[n].File == f {
			n++
		}
		last = last[n:]
		out = append(out, diag.Sort(s.Apply(f, byFile[f]))...)
	}
	return append(out, last...)
}

// rulesKey sums the site's check.rules settings, on which the filtering
// of every file's findings depends.
func rulesKey(site *content.Site) sum {
	var h hasher
	if site == nil || site.Config == nil {
		return h.sum()
	}
	rules := site.Config.Check.Rules
	for _, id := range slices.Sorted(maps.Keys(rules)) {
		h.str(id).str(rules[id]).str(strconv.Itoa(site.Config.Check.RulesLine[id]))
	}
	return h.sum()
}

// silencesOf returns the pages' silence entries by file.
func silencesOf(site *content.Site) map[string][]content.Silence {
	m := map[string][]content.Silence{}
	if site == nil {
		return m
	}
	for _, p := range site.Pages {
		if len(p.Silence) > 0 {
			m[p.File] = append(m[p.File], p.Silence...)
		}
	}
	return m
}
