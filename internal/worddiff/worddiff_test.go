package worddiff

import (
	"reflect"
	"strings"
	"testing"
)

// reassemble returns the old and new word lists an edit script describes.
func reassemble(ops []Op) (old, new []string) {
	for _, o := range ops {
		if o.Kind != Added {
			old = append(old, o.Words...)
		}
		if o.Kind != Removed {
			new = append(new, o.Words...)
		}
	}
	return old, new
}

// lcsLen is the length of a longest common subsequence, computed the slow
// and obvious way, to hold Diff to a minimal script.
func lcsLen(a, b []string) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if a[0] == b[0] {
		return 1 + lcsLen(a[1:], b[1:])
	}
	return max(lcsLen(a[1:], b), lcsLen(a, b[1:]))
}

func same(ops []Op) int {
	n := 0
	for _, o := range ops {
		if o.Kind == Same {
			n += len(o.Words)
		}
	}
	return n
}

func TestThresholdChange(t *testing.T) {
	ops := Strings("Hypoglycemia: glucose < 50 mg/dL with symptoms.", "Hypoglycemia: glucose < 54 mg/dL  with\nsymptoms.")
	want := []Op{
		{Same, []string{"Hypoglycemia:", "glucose", "<"}},
		{Removed, []string{"50"}},
		{Added, []string{"54"}},
		{Same, []string{"mg/dL", "with", "symptoms."}},
	}
	if !reflect.DeepEqual(ops, want) {
		t.Fatalf("got %+v\nwant %+v", ops, want)
	}
}

func TestEdgeCases(t *testing.T) {
	for _, c := range []struct {
		old, new string
		want     []Op
	}{
		{"", "", nil},
		{"   ", "\n", nil},
		{"a b", "a b", []Op{{Same, []string{"a", "b"}}}},
		{"", "new words", []Op{{Added, []string{"new", "words"}}}},
		{"old words", "", []Op{{Removed, []string{"old", "words"}}}},
		{"a b c", "x y z", []Op{{Removed, []string{"a", "b", "c"}}, {Added, []string{"x", "y", "z"}}}},
		// Removals and additions between the same words are grouped:
		// removed first, then added.
		{"a x b y c", "a p b q c", []Op{{Same, []string{"a"}}, {Removed, []string{"x"}}, {Added, []string{"p"}}, {Same, []string{"b"}}, {Removed, []string{"y"}}, {Added, []string{"q"}}, {Same, []string{"c"}}}},
		{"call now", "call 911 now", []Op{{Same, []string{"call"}}, {Added, []string{"911"}}, {Same, []string{"now"}}}},
	} {
		got := Strings(c.old, c.new)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Strings(%q, %q) = %+v, want %+v", c.old, c.new, got, c.want)
		}
		if Changed(got) != (c.old != c.new && strings.Join(strings.Fields(c.old), " ") != strings.Join(strings.Fields(c.new), " ")) {
			t.Errorf("Changed(%q, %q) = %v", c.old, c.new, Changed(got))
		}
	}
}

// TestMinimal compares every script of small texts with a brute-force
// longest common subsequence.
func TestMinimal(t *testing.T) {
	words := []string{"a", "b", "c"}
	var texts [][]string
	var gen func(prefix []string)
	gen = func(prefix []string) {
		texts = append(texts, append([]string(nil), prefix...))
		if len(prefix) == 4 {
			return
		}
		for _, w := range words {
			gen(append(prefix, w))
		}
	}
	gen(nil)
	for _, a := range texts {
		for _, b := range texts {
			ops := Diff(a, b)
			if ga, gb := reassemble(ops); !reflect.DeepEqual(ga, nilIfEmpty(a)) || !reflect.DeepEqual(gb, nilIfEmpty(b)) {
				t.Fatalf("Diff(%v, %v) = %+v does not reassemble its inputs", a, b, ops)
			}
			if same(ops) != lcsLen(a, b) {
				t.Fatalf("Diff(%v, %v) keeps %d words, the longest common run is %d", a, b, same(ops), lcsLen(a, b))
			}
		}
	}
}

func TestHugeTextsAreReplaced(t *testing.T) {
	a := strings.Fields(strings.Repeat("a ", 3000))
	b := strings.Fields(strings.Repeat("b ", 3000))
	a = append([]string{"same"}, a...)
	b = append([]string{"same"}, b...)
	ops := Diff(a, b)
	if len(ops) != 3 || ops[0].Kind != Same || ops[1].Kind != Removed || ops[2].Kind != Added {
		t.Fatalf("got %d ops", len(ops))
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func FuzzDiff(f *testing.F) {
	f.Add("glucose < 50 mg/dL", "glucose < 54 mg/dL")
	f.Add("", "a")
	f.Add("a b a b", "b a b a")
	f.Add("José Núñez ≥ 50", "José  Núñez\t≥ 54")
	f.Fuzz(func(t *testing.T, old, new string) {
		ops := Strings(old, new)
		ga, gb := reassemble(ops)
		if strings.Join(ga, " ") != strings.Join(strings.Fields(old), " ") || strings.Join(gb, " ") != strings.Join(strings.Fields(new), " ") {
			t.Fatalf("Strings(%q, %q) = %+v does not reassemble its inputs", old, new, ops)
		}
		for i, o := range ops {
			if len(o.Words) == 0 {
				t.Fatalf("op %d is empty", i)
			}
			if i > 0 && ops[i-1].Kind == o.Kind {
				t.Fatalf("ops %d and %d are both of kind %d", i-1, i, o.Kind)
			}
			if i > 0 && o.Kind == Removed && ops[i-1].Kind == Added {
				t.Fatalf("a removal follows an addition at op %d", i)
			}
		}
		if Changed(ops) != (strings.Join(ga, " ") != strings.Join(gb, " ")) {
			t.Fatalf("Changed is %v for %q → %q", Changed(ops), old, new)
		}
	})
}
