package kit

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/kitgen/kitgen/internal/schema"
	"gopkg.in/yaml.v3"
)

// NoteKey is the kit definition key an editor writes a version's change
// note under. The ledger is written by kitgen only, so the note comes from
// the kit file and is recorded with the next version the build records.
const NoteKey = "change_note"

// MaxNote is the longest change note, in characters: a note is one line
// of the changelog, and the changelog lists the changed sections and words
// itself.
const MaxNote = 160

// noteField decodes change_note: one line of plain text, at most MaxNote
// characters. A note written over several lines of the file (a block
// scalar, or a plain or quoted scalar continued on the next line) is an
// error too: it must be one line, so that the line can be left out of the
// kit's fingerprint (see fingerprinted).
func noteField(d *schema.Decoder, def *Definition, data []byte) func(*yaml.Node) {
	return func(v *yaml.Node) {
		def.NoteLine, def.NoteCol = d.Pos(v)
		if v.Kind != yaml.ScalarNode {
			d.Errorf(v, "%s must be one line of text, not %s; e.g. %s: hypoglycemia threshold changed from < 50 to < 54 mg/dL", NoteKey, kindName(v), NoteKey)
			return
		}
		note, ok := d.Text(v, NoteKey)
		if !ok {
			return
		}
		note = strings.TrimSpace(note)
		switch {
		case v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 || strings.ContainsAny(note, "\n\r") || !closedOnLine(data, v) || continued(data, v.Line):
			d.Errorf(v, "%s must be one line: the changelog shows it as one; write it on the line of the key, in one sentence", NoteKey)
		case utf8.RuneCountInString(note) > MaxNote:
			d.Errorf(v, "%s is %d characters, over the %d a changelog line holds; say in one short sentence what changed (the changelog lists the changed sections and words itself)", NoteKey, utf8.RuneCountInString(note), MaxNote)
		case strings.IndexFunc(note, unicode.IsControl) >= 0:
			d.Errorf(v, "%s contains a control character (a tab or an escape); write plain text", NoteKey)
		default:
			def.Note = note
		}
	}
}

func kindName(v *yaml.Node) string {
	if v.Kind == yaml.SequenceNode {
		return "a list"
	}
	return "a mapping"
}

// continued reports whether the value starting on line (1-based) of data
// goes on over the next lines: YAML continues a scalar on lines indented
// more than its key, which sits at the start of a top-level line.
func continued(data []byte, line int) bool {
	lines := bytes.Split(normalize(data), []byte("\n"))
	for _, l := range lines[min(line, len(lines)):] {
		t := bytes.TrimSpace(l)
		switch {
		case len(t) == 0:
			continue
		case bytes.HasPrefix(t, []byte("#")):
			continue
		}
		return l[0] == ' ' || l[0] == '\t'
	}
	return false
}

// closedOnLine reports whether a quoted scalar v ends on the line it
// starts on: YAML folds a quoted scalar continued on the next line into
// one line of text, which would leave part of the note in the fingerprint.
func closedOnLine(data []byte, v *yaml.Node) bool {
	var quote byte
	switch {
	case v.Style&yaml.DoubleQuotedStyle != 0:
		quote = '"'
	case v.Style&yaml.SingleQuotedStyle != 0:
		quote = '\''
	default:
		return true
	}
	lines := bytes.Split(normalize(data), []byte("\n"))
	if v.Line < 1 || v.Line > len(lines) || v.Column < 1 || v.Column > len(lines[v.Line-1]) {
		return false
	}
	rest := lines[v.Line-1][v.Column:] // after the opening quote
	for i := 0; i < len(rest); i++ {
		switch {
		case quote == '"' && rest[i] == '\\':
			i++
		case rest[i] == quote && quote == '\'' && i+1 < len(rest) && rest[i+1] == '\'':
			i++
		case rest[i] == quote:
			return true
		}
	}
	return false
}

// fingerprinted returns the kit file as its fingerprint reads it: without
// the line of change_note, so that writing, changing or deleting a note
// never makes a new version by itself. A file without the key is read
// whole, so kits recorded before notes existed keep their fingerprints.
func (def *Definition) fingerprinted() []byte {
	if def.noteKeyLine == 0 {
		return def.Raw
	}
	lines := bytes.SplitAfter(def.Raw, []byte("\n"))
	if def.noteKeyLine > len(lines) {
		return def.Raw
	}
	out := make([]byte, 0, len(def.Raw))
	for i, l := range lines {
		if i != def.noteKeyLine-1 {
			out = append(out, l...)
		}
	}
	return out
}

// noteKeyLine finds the line of the top-level change_note key of root, or
// 0. A kit file written as one flow mapping ({title: …, change_note: …})
// has no line of its own for the note; that is reported, since the note
// could not be left out of the fingerprint.
func noteKeyLine(d *schema.Decoder, root *yaml.Node) int {
	if root == nil || root.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if k.Value != NoteKey {
			continue
		}
		if root.Style&yaml.FlowStyle != 0 || root.Content[i+1].Line != k.Line {
			d.Errorf(k, "write %s: and its text on a line of their own, e.g. %s: hypoglycemia threshold changed from < 50 to < 54 mg/dL", NoteKey, NoteKey)
			return 0
		}
		return k.Line
	}
	return 0
}

// staleNote reports a change note that would be recorded with a second
// version: the kit changed since its latest version, whose note is the
// one still in the kit file. The new version takes no note rather than the
// wrong one. It is a warning, not an error: a note left in the file after
// it was recorded is the normal state between two changes, and an editor
// previewing an edit (kitgen serve) sees the warning before writing the
// new reason.
func (l *Ledger) staleNote(r *Resolved, e Entry, diags *diag.List) bool {
	last := l.Latest(r.Def.ID)
	if e.Note == "" || last == nil || last.Note != e.Note {
		return false
	}
	diags.Warnf(r.Def.File, r.Def.NoteLine, max(r.Def.NoteCol, 1), diag.RuleKitVersion,
		"kit %q changed (%s), but its %s %q was recorded with version %d, so version %d gets no note; write in %s why version %d changed before the build records it, or delete %s",
		r.Def.ID, strings.Join(e.Changed, ", "), NoteKey, e.Note, last.Version, e.Version, NoteKey, e.Version, NoteKey)
	return true
}

// pendingNote warns about a change note that is neither recorded nor
// about to be: the kit has not changed since its latest version, which
// carries another note or none.
func (l *Ledger) pendingNote(r *Resolved, diags *diag.List) {
	last := l.Latest(r.Def.ID)
	if r.Def.Note == "" || last == nil || last.Note == r.Def.Note {
		return
	}
	diags.Warnf(r.Def.File, r.Def.NoteLine, max(r.Def.NoteCol, 1), diag.RuleKitVersion,
		"kit %q has not changed since version %d, so its %s is recorded with no version yet (it waits for the next change); a recorded version's note cannot be changed: delete the note, or keep it for the change it describes",
		r.Def.ID, last.Version, NoteKey)
}
