package content

import (
	"fmt"

	"github.com/kitgen/kitgen/internal/diag"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits on a page, set where no editor's page reaches them. Past them
// goldmark's parsing time grows with the square of the input (measured on
// goldmark 1.8: 480 KB of "[a](" took 69 s, a list nested 5,000 deep over
// 90 s and 1.4 GB), so a stranger's page could stall every build, check
// and preview. Each limit is reported as an error at the page's line.
const (
	// MaxPageSize is the largest page read, front matter included.
	MaxPageSize = 1 << 20
	// MaxNesting is how deeply lists and block quotes may nest.
	MaxNesting = 16
	// MaxOpenBrackets is how many "[" or "![" may be open (not yet
	// closed by "]") at once in one paragraph, heading or table cell.
	MaxOpenBrackets = 32
	// MaxLinks is how many links and images (each "[" or "![") a page
	// may have; each costs goldmark an allocation or two, and past this
	// they stop being cheap. A directory of 10,000 providers has 20,000.
	MaxLinks = 50000
	// MaxLinkWork bounds what goldmark does for all the "]" of a page:
	// for each it looks the link text up among the block's lines (a cost
	// of one per line) and scans the destination and title that follow
	// (one per byte). A failed attempt is scanned again by the next, so a
	// page of "[a](" repeated costs the square of its length. A page of
	// ordinary links spends a few thousand, one of 20,000 links about a
	// million; four times the largest page takes a tenth of a second.
	MaxLinkWork = 4 * MaxPageSize
)

func tooLarge(file string, size int64, diags *diag.List) {
	diags.Errorf(file, 1, 1, diag.RuleContent, "the page is %.1f MiB; kitgen reads pages of up to %d MiB — split it into several pages",
		float64(size)/(1<<20), MaxPageSize>>20)
}

// Problem is something wrong with a body, found while parsing it: a limit
// it went past, or a file that changed before its body was read again.
type Problem struct {
	Line, Col int
	Message   string
}

// limitsKey holds a parse's *[]limitHit in its parser.Context.
var limitsKey = parser.NewContextKey()

// openKey holds the number of brackets open in the block being parsed,
// workKey the link work of the page so far (see MaxLinkWork).
// and linksKey the number of "[" of the page so far.
var openKey, workKey, linksKey = parser.NewContextKey(), parser.NewContextKey(), parser.NewContextKey()

type limitHit struct {
	off int
	msg string
}

// hit records a limit reached at source offset off; each limit is
// reported once per page, where it is first reached.
func hit(pc parser.Context, off int, msg string) {
	hits, _ := pc.Get(limitsKey).(*[]limitHit)
	if hits == nil {
		hits = &[]limitHit{}
		pc.Set(limitsKey, hits)
	}
	for _, h := range *hits {
		if h.msg == msg {
			return
		}
	}
	*hits = append(*hits, limitHit{off, msg})
}

// limits is the goldmark extension that enforces MaxNesting and
// MaxOpenBrackets. Past a limit the rest is parsed as plain text, which
// costs time in proportion to its length, and the page gets an error.
type limits struct{}

func (limits) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Tried before any container is opened (the list parser is 300,
		// the block quote 800), and before the link parser (200).
		parser.WithBlockParsers(util.Prioritized(nestingLimit{}, 10)),
		parser.WithInlineParsers(util.Prioritized(bracketLimit{}, 150)),
	)
}

// nestingLimit stops a line from opening a list item or block quote deeper
// than MaxNesting: what is left of the line becomes a paragraph.
type nestingLimit struct{}

func (nestingLimit) Trigger() []byte {
	return []byte{'>', '-', '*', '+', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}
}

func (nestingLimit) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// A list holds only list items; the item's own content is cut instead.
	if parent.Kind() == ast.KindList {
		return nil, parser.NoChildren
	}
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindBlockquote || k == ast.KindListItem {
			depth++
		}
	}
	if depth < MaxNesting {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	if line == nil {
		return nil, parser.NoChildren
	}
	hit(pc, seg.Start, fmt.Sprintf("lists and block quotes nest more than %d levels deep here; kitgen stops at %d, which no page needs — flatten the list or split the quote", MaxNesting, MaxNesting))
	p := ast.NewParagraph()
	p.Lines().Append(seg.TrimRightSpace(reader.Source()))
	reader.AdvanceToEOL()
	return p, parser.NoChildren
}

func (nestingLimit) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (nestingLimit) Close(ast.Node, text.Reader, parser.Context)                 {}
func (nestingLimit) CanInterruptParagraph() bool                                 { return true }
func (nestingLimit) CanAcceptIndentedLine() bool                                 { return true }

// bracketLimit counts the "[" and "![" that the link parser holds open in a
// block, and the work each "]" makes it do. Within MaxOpenBrackets and
// MaxLinkWork it lets the link parser have them; past either they are
// plain text.
type bracketLimit struct{}

func (bracketLimit) Trigger() []byte { return []byte{'[', '!', ']'} }

func (bracketLimit) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	open, _ := pc.Get(openKey).(int)
	n := 1
	switch {
	case line[0] == ']':
		work, _ := pc.Get(workKey).(int)
		if work > MaxLinkWork {
			return literal(block, seg, 1)
		}
		work += parent.Lines().Len()
		if len(line) > 1 && line[1] == '(' {
			work += linkScan(parent, block)
		}
		pc.Set(workKey, work)
		if work > MaxLinkWork {
			hit(pc, seg.Start, `this page has too many links that are never finished, such as "[text](" without its ")"; finish each link as [text](address), or write a literal bracket as "\]"`)
			return literal(block, seg, 1)
		}
		if open > 0 {
			pc.Set(openKey, open-1)
		}
		return nil
	case line[0] == '!':
		if len(line) < 2 || line[1] != '[' {
			return nil
		}
		n = 2
	}
	links, _ := pc.Get(linksKey).(int)
	if links >= MaxLinks {
		hit(pc, seg.Start, fmt.Sprintf("this page has more than %d links and images; split it into several pages", MaxLinks))
		return literal(block, seg, n)
	}
	if open >= MaxOpenBrackets {
		hit(pc, seg.Start, fmt.Sprintf(`more than %d "[" are open at once in this paragraph; close each link's text with "]", or write a literal bracket as "\["`, MaxOpenBrackets))
		return literal(block, seg, n)
	}
	pc.Set(openKey, open+1)
	pc.Set(linksKey, links+1)
	return nil
}

// literal consumes n bytes as plain text, and the brackets that follow
// them, so a long run of brackets is one node rather than one per byte.
func literal(block text.Reader, seg text.Segment, n int) ast.Node {
	line, _ := block.PeekLine()
	for n < len(line) && (line[n] == '[' || line[n] == ']' || line[n] == '!') {
		n++
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}

// linkScan returns how many bytes the link parser reads after "](" at the
// reader's position: the destination, as far as a space or an unmatched
// ")", then a title up to its closing quote or parenthesis, which may be
// the end of the block. The position is left where it was.
func linkScan(parent ast.Node, block text.Reader) int {
	l0, p0 := block.Position()
	defer block.SetPosition(l0, p0)
	block.Advance(2)
	block.SkipSpaces()
	line, _ := block.PeekLine()
	i, opened := 0, 0
	for ; i < len(line); i++ {
		c := line[i]
		if c == '(' {
			opened++
		} else if c == ')' {
			if opened--; opened < 0 {
				break
			}
		} else if util.IsSpace(c) {
			break
		}
	}
	block.Advance(i)
	block.SkipSpaces()
	c := block.Peek()
	if c != '"' && c != '\'' && c != '(' {
		_, p := block.Position()
		return p.Start - p0.Start
	}
	closer := c
	if c == '(' {
		closer = ')'
	}
	block.Advance(1)
	if _, found := block.FindClosure(c, closer, text.FindClosureOptions{Nesting: c == '(', Newline: true}); found {
		_, p := block.Position()
		return p.Start - p0.Start
	}
	// Not found: the search went to the end of the block.
	lines := parent.Lines()
	return lines.At(lines.Len()-1).Stop - p0.Start
}

func (bracketLimit) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(openKey, 0)
}
