package pipeline

import (
	"io/fs"
	"text/template/parse"
)

// layoutDeps says which other pages a layout (with the base layout and the
// partials it can include) reads through template functions: the regular
// pages of some sections, or, when it cannot tell, any page.
type layoutDeps struct {
	all      bool
	sections map[string]bool
}

// reads reports whether the layout reads pages of any of the sections.
func (d *layoutDeps) reads(sections map[string]bool) bool {
	if d.all {
		return true
	}
	for s := range sections {
		if d.sections[s] {
			return true
		}
	}
	return false
}

// pageFuncs are the template functions of the HTML writer that return other
// pages, with the section they read; "" means the first argument names it.
var pageFuncs = map[string]string{
	"ref": "", "pages": "",
	"providersOf": "providers", "providersAt": "providers",
	"locationsOf": "locations", "firstLocation": "locations",
	"servicesOf": "services", "guidesFor": "guides", "formsFor": "guides",
}

// pureFuncs read nothing of other pages: text/template's built-ins and the
// writer's formatting helpers. A function in neither list (one added to the
// writer later) counts as reading every page, so a rebuild errs on the side
// of rendering too much.
var pureFuncs = map[string]bool{
	"and": true, "or": true, "not": true, "len": true, "index": true, "slice": true, "call": true,
	"print": true, "printf": true, "println": true, "html": true, "js": true, "urlquery": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"absURL": true, "date": true, "isodate": true, "effective": true, "tel": true, "join": true, "kb": true, "asset": true, "line": true, "telehealth": true,
	"partialCached": true, "navCurrent": true, // partials are analysed with the others
}

// analyzeLayout reads the parse trees of a layout set the way the writer
// assembles it (baseof.html, every partial, the layout) and collects the
// page-returning functions they call.
func analyzeLayout(layouts fs.FS, name string) *layoutDeps {
	d := &layoutDeps{sections: map[string]bool{}}
	if layouts == nil {
		d.all = true
		return d
	}
	files := []string{"baseof.html"}
	partials, _ := fs.Glob(layouts, "partials/*.html")
	files = append(files, partials...)
	files = append(files, name)
	for _, f := range files {
		src, err := fs.ReadFile(layouts, f)
		if err != nil {
			d.all = true
			continue
		}
		trees := map[string]*parse.Tree{}
		t := parse.New(f)
		t.Mode = parse.SkipFuncCheck
		if _, err := t.Parse(string(src), "", "", trees); err != nil {
			d.all = true
			continue
		}
		for _, tr := range trees {
			d.node(tr.Root)
		}
	}
	return d
}

func (d *layoutDeps) node(n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			d.node(c)
		}
	case *parse.ActionNode:
		d.node(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			d.node(c)
		}
	case *parse.CommandNode:
		args := n.Args
		if len(args) > 0 {
			if id, ok := args[0].(*parse.IdentifierNode); ok {
				d.call(id.Ident, args[1:])
				args = args[1:]
			}
		}
		for _, a := range args {
			d.node(a)
		}
	case *parse.IdentifierNode:
		d.call(n.Ident, nil)
	case *parse.ChainNode:
		d.node(n.Node)
	case *parse.IfNode:
		d.branch(&n.BranchNode)
	case *parse.RangeNode:
		d.branch(&n.BranchNode)
	case *parse.WithNode:
		d.branch(&n.BranchNode)
	case *parse.TemplateNode:
		d.node(n.Pipe)
	}
}

func (d *layoutDeps) branch(n *parse.BranchNode) {
	d.node(n.Pipe)
	d.node(n.List)
	if n.ElseList != nil {
		d.node(n.ElseList)
	}
}

func (d *layoutDeps) call(name string, args []parse.Node) {
	section, ok := pageFuncs[name]
	switch {
	case ok && section != "":
		d.sections[section] = true
	case ok:
		if len(args) > 0 {
			if s, lit := args[0].(*parse.StringNode); lit {
				d.sections[s.Text] = true
				return
			}
		}
		d.all = true
	case !pureFuncs[name]:
		d.all = true
	}
}
