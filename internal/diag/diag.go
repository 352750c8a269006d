// Package diag holds the findings a run reports: each one knows its file,
// line and column, its severity and rule, and says how to fix the problem.
package diag

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unique"
)

// Severity orders findings; errors fail a build, warnings fail it only with
// --strict.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalJSON writes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

// Diagnostic is one finding at one position.
type Diagnostic struct {
	File     string   `json:"file"` // slash-separated, relative to the site root
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Rule     Rule     `json:"rule"`
	Message  string   `json:"message"`
}

// String formats d as file:line:col: severity: rule: message, the form
// editors and compilers share, so terminals and editors can jump to it.
// Control characters in the file name and message are escaped as Go
// escapes them (\n, \x1b): a file named with a line break must not start
// a line of its own, where CI reads commands such as GitHub's "::".
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(escape(d.File))
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	if d.Rule != "" {
		b.WriteString(string(d.Rule))
		b.WriteString(": ")
	}
	b.WriteString(escape(d.Message))
	return b.String()
}

// escape replaces control characters, and the Unicode line and paragraph
// separators, with their Go escapes.
func escape(s string) string {
	i := strings.IndexFunc(s, unsafeRune)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if unsafeRune(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == utf8.RuneError
}

// Error lets a single Diagnostic travel as an error.
func (d Diagnostic) Error() string { return d.String() }

// List collects findings from concurrent stages. The zero value is ready to
// use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add records d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf records an error at file:line:col.
func (l *List) Errorf(file string, line, col int, rule Rule, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Error, Rule: rule, Message: message(format, args)})
}

// Warnf records a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, rule Rule, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Rule: rule, Message: message(format, args)})
}

// message formats a finding's message, keeping one copy of each text: a
// site's findings repeat a few messages on many pages (a recommended key
// left out of 100,000 generated pages is 100,000 findings), and a build
// holds its findings until it ends.
func message(format string, args []any) string {
	return unique.Make(fmt.Sprintf(format, args...)).Value()
}

// Merge appends every finding of o.
func (l *List) Merge(o *List) {
	for _, d := range o.Sorted() {
		l.Add(d)
	}
}

// Sorted returns the findings ordered by file, line, column, rule and
// message, so output never depends on which worker finished first. Exact
// duplicates (the same problem found through two paths) appear once.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	return Sort(out)
}

// Sort orders ds as Sorted does, in place, and returns it without exact
// duplicates.
func Sort(ds []Diagnostic) []Diagnostic {
	if !slices.IsSortedFunc(ds, Compare) {
		slices.SortFunc(ds, Compare)
	}
	return slices.Compact(ds)
}

// Compare orders findings by file, line, column, rule and message, then
// by severity, so that any two different findings have one order.
func Compare(a, b Diagnostic) int {
	if c := strings.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Col, b.Col); c != 0 {
		return c
	}
	if c := strings.Compare(string(a.Rule), string(b.Rule)); c != 0 {
		return c
	}
	if c := strings.Compare(a.Message, b.Message); c != 0 {
		return c
	}
	return cmp.Compare(a.Severity, b.Severity)
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Failed reports whether the findings fail a run: any error, or any warning
// when strict.
func (l *List) Failed(strict bool) bool {
	e, w := l.Count()
	return e > 0 || (strict && w > 0)
}

// Write prints the findings in the given format: "text" (one per line),
// "json" (an array) or "github" (workflow annotation commands).
func Write(w io.Writer, ds []Diagnostic, format string) error {
	switch format {
	case "json":
		if ds == nil {
			ds = []Diagnostic{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	case "github":
		for _, d := range ds {
			level := "warning"
			if d.Severity == Error {
				level = "error"
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n",
				level, ghEscapeProp(escape(d.File)), d.Line, d.Col, ghEscapeProp(string(d.Rule)), escape(ghEscapeData(d.Message)))
		}
		return nil
	default:
		for _, d := range ds {
			if _, err := fmt.Fprintln(w, d.String()); err != nil {
				return err
			}
		}
		return nil
	}
}

// ghEscapeData and ghEscapeProp follow the escaping rules of GitHub's
// workflow commands, so a message with a newline or colon stays one
// annotation.
func ghEscapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghEscapeProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
