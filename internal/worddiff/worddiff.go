// Package worddiff compares two texts word by word, for the changelog of a
// kit: what a quoted section lost and gained between two versions.
//
// Words are runs of non-space characters (strings.Fields), so a change in
// spacing or line breaks is no change. The result is a longest common
// subsequence of the words, and it is deterministic: where several are
// equally long, removals come before additions and the earliest words
// are kept.
package worddiff

import "strings"

// Kind says whether words are in both texts, only the old or only the new.
type Kind int

const (
	Same Kind = iota
	Removed
	Added
)

// Op is a run of words of one kind, in reading order.
type Op struct {
	Kind  Kind
	Words []string
}

// Text is the op's words joined by single spaces.
func (o Op) Text() string { return strings.Join(o.Words, " ") }

// maxCells bounds the comparison table: texts whose differing middles
// would need more cells are reported as the one replaced by the other.
// A quoted section is a few hundred words; this is far beyond that.
const maxCells = 4 << 20

// Strings compares the words of old and new.
func Strings(old, new string) []Op { return Diff(strings.Fields(old), strings.Fields(new)) }

// Diff compares two lists of words. Reading the Same and Removed ops in
// order gives a; the Same and Added ops give b. Between two Same runs,
// the removed words come first, then the added ones.
func Diff(a, b []string) []Op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []Op
	add := func(k Kind, w ...string) {
		if len(w) == 0 {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == k {
			out[n-1].Words = append(out[n-1].Words, w...)
			return
		}
		out = append(out, Op{Kind: k, Words: append([]string(nil), w...)})
	}
	add(Same, a[:pre]...)
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxCells {
		add(Removed, ma...)
		add(Added, mb...)
	} else {
		var removed, added []string
		flush := func() {
			add(Removed, removed...)
			add(Added, added...)
			removed, added = removed[:0], added[:0]
		}
		for _, s := range lcs(ma, mb) {
			switch s.kind {
			case Same:
				flush()
				add(Same, s.word)
			case Removed:
				removed = append(removed, s.word)
			case Added:
				added = append(added, s.word)
			}
		}
		flush()
	}
	add(Same, a[len(a)-suf:]...)
	return out
}

type step struct {
	kind Kind
	word string
}

// lcs walks a longest common subsequence of a and b, word by word.
// l[i][j] is the length of one for a[i:] and b[j:].
func lcs(a, b []string) []step {
	n, m := len(a), len(b)
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	steps := make([]step, 0, n+m)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			steps = append(steps, step{Same, a[i]})
			i++
			j++
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			steps = append(steps, step{Removed, a[i]})
			i++
		default:
			steps = append(steps, step{Added, b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		steps = append(steps, step{Removed, a[i]})
	}
	for ; j < m; j++ {
		steps = append(steps, step{Added, b[j]})
	}
	return steps
}

// Changed reports whether the ops hold a removal or an addition.
func Changed(ops []Op) bool {
	for _, o := range ops {
		if o.Kind != Same {
			return true
		}
	}
	return false
}
