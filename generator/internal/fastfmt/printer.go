package fastfmt

import (
	"go/ast"
	"go/token"
	"math"
	"slices"
	"text/tabwriter"
)

// A printer writes a function declaration the way go/printer does, for the
// statements and expressions bpgen's emitters write: the text, with tabs for
// indentation, vertical tabs for the columns gofmt aligns and form feeds
// where it ends a run of aligned lines, for text/tabwriter to lay out. It
// follows the source's line breaks as go/printer does. Anything else sets
// ok to false: the declaration goes to go/format.
type printer struct {
	lines   []int // the offsets at which the source's lines start
	hint    int   // the line lineOf found last, 0-based
	aligned bool  // whether buf has columns to align
	buf     []byte
	indent  int
	bol     bool // at the beginning of a line: indentation is due
	line    int  // the source line of the last token written
	ok      bool
	// afterInt: the last token written is an integer literal, which a
	// following "." would make a float (go/printer's mayCombine).
	afterInt bool
	// probing: the printer only measures (size), and stops at the first
	// line break, which it records in broke.
	probing, broke bool
}

func (p *printer) fail() { p.ok = false }

// lineOf returns the 1-based line of pos: near the line found last (the
// printer moves forward through the source), else by binary search.
func (p *printer) lineOf(pos token.Pos) int {
	off := int(pos) - 1 // the batch is the file set's only file, at base 1
	i := min(p.hint, len(p.lines)-1)
	switch {
	case p.lines[i] <= off && (i+1 == len(p.lines) || off < p.lines[i+1]):
	case i+2 < len(p.lines) && p.lines[i+1] <= off && off < p.lines[i+2]:
		i++
	default:
		i, _ = slices.BinarySearch(p.lines, off+1)
		i--
	}
	p.hint = i
	return i + 1
}

func (p *printer) text(s string) {
	if p.bol {
		for range p.indent {
			p.buf = append(p.buf, '\t')
		}
		p.bol = false
	}
	if p.afterInt && s != "" && s[0] == '.' {
		p.buf = append(p.buf, ' ')
	}
	p.afterInt = false
	p.buf = append(p.buf, s...)
}

// tok writes s, a token at pos.
func (p *printer) tok(s string, pos token.Pos) {
	p.text(s)
	if pos.IsValid() {
		p.line = p.lineOf(pos)
	}
}

// breaks writes n line breaks, the first a form feed if section.
func (p *printer) breaks(n int, section bool) {
	if p.probing && n > 0 {
		p.broke, p.ok = true, false // what follows cannot change the size
		return
	}
	for i := range n {
		c := byte('\n')
		if i == 0 && section {
			c = '\f'
		}
		p.buf = append(p.buf, c)
		p.bol = true
	}
}

// linebreak is go/printer's: as many line breaks as the source has before
// line (at most two, and no fewer than least).
func (p *printer) linebreak(line, least int, section bool) int {
	n := max(least, min(line-p.line, 2))
	if n > 0 {
		p.breaks(n, section)
		p.line = line
	}
	if n > 0 && section {
		return n + 1
	}
	return n
}

// decl writes a function, a variable (one, without parentheses) or an
// interface type whose methods are each on one line, maybe after a doc
// comment, with no blank line between them.
func (p *printer) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		p.funcDecl(d)
		return
	case *ast.GenDecl:
		if d.Lparen.IsValid() || len(d.Specs) != 1 {
			break
		}
		switch s := d.Specs[0].(type) {
		case *ast.ValueSpec:
			if d.Tok == token.VAR {
				p.tok("var ", d.Pos())
				p.valueSpec(s)
				p.buf = append(p.buf, '\n')
				return
			}
		case *ast.TypeSpec:
			if it, ok := s.Type.(*ast.InterfaceType); ok && s.TypeParams == nil && !s.Assign.IsValid() {
				p.tok("type ", d.Pos())
				p.tok(s.Name.Name, s.Name.Pos())
				p.interfaceType(it)
				p.buf = append(p.buf, '\n')
				return
			}
		}
	}
	p.fail()
}

// interfaceType writes " interface {", the methods, one per line after
// their doc comments, and "}".
func (p *printer) interfaceType(t *ast.InterfaceType) {
	list := t.Methods.List
	if len(list) == 0 {
		p.fail()
		return
	}
	p.tok(" interface {", t.Methods.Opening)
	p.indent++
	for _, m := range list {
		ft, ok := m.Type.(*ast.FuncType)
		if !ok || len(m.Names) != 1 || m.Comment != nil {
			p.fail()
			return
		}
		start := m.Pos()
		if m.Doc != nil {
			start = m.Doc.Pos()
		}
		if p.lineOf(start) != p.line+1 {
			p.fail() // blank lines between methods: go/printer's rules for them with comments differ
			return
		}
		p.breaks(1, false)
		// gofmt reformats a comment that starts a line and abuts the
		// method, which starts the next.
		if m.Doc != nil && (!p.col1(m.Doc.Pos()) || !p.col1(m.Pos()) || !p.docComment(m.Doc)) {
			p.fail()
			return
		}
		p.tok(m.Names[0].Name, m.Names[0].Pos())
		p.signature(ft)
	}
	p.indent--
	if p.lineOf(t.Methods.Closing) != p.line+1 {
		p.fail()
		return
	}
	p.breaks(1, true)
	p.tok("}", t.Methods.Closing)
}

// col1 reports whether pos starts a line.
func (p *printer) col1(pos token.Pos) bool {
	return p.lines[p.lineOf(pos)-1] == int(pos)-1
}

// docComment writes a doc comment inside a declaration, as gofmt
// reformats it, each line at the indentation.
func (p *printer) docComment(g *ast.CommentGroup) bool {
	lines, ok := docLines(g)
	if ok {
		lines, ok = gofmtComment(lines)
	}
	if !ok {
		p.fail()
		return false
	}
	for _, l := range lines {
		p.text(escape + string(l) + escape)
		p.breaks(1, false)
	}
	p.line = p.lineOf(g.End())
	return true
}

// valueSpec writes "names [type] [= values]".
func (p *printer) valueSpec(vs *ast.ValueSpec) {
	if len(vs.Names) == 1 {
		p.tok(vs.Names[0].Name, vs.Names[0].Pos())
	} else {
		// go/printer's identList: the names may break lines as values do.
		names := make([]ast.Expr, len(vs.Names))
		for i, n := range vs.Names {
			names[i] = n
		}
		p.exprList(token.NoPos, names, 1, false, token.NoPos)
	}
	if vs.Type != nil {
		p.text(" ")
		p.expr(vs.Type)
	}
	if vs.Values != nil {
		p.text(" = ")
		p.exprList(token.NoPos, vs.Values, 1, false, token.NoPos)
	}
}

func (p *printer) funcDecl(d *ast.FuncDecl) {
	if d.Type.TypeParams != nil || d.Body == nil {
		p.fail()
		return
	}
	p.tok("func ", d.Pos())
	if d.Recv != nil {
		p.params(d.Recv)
		p.text(" ")
	}
	p.tok(d.Name.Name, d.Name.Pos())
	p.signature(d.Type)
	p.text(" ")
	p.block(d.Body, 1)
	p.buf = append(p.buf, '\n')
}

func (p *printer) signature(t *ast.FuncType) {
	if t.TypeParams != nil {
		p.fail()
		return
	}
	p.params(t.Params)
	if n := t.Results.NumFields(); n > 0 {
		p.text(" ")
		if n == 1 && t.Results.List[0].Names == nil {
			if _, paren := t.Results.List[0].Type.(*ast.ParenExpr); paren {
				p.fail() // gofmt drops the parentheses
			}
			p.expr(t.Results.List[0].Type)
			return
		}
		p.params(t.Results)
	}
}

// params writes a parameter list, which must be on one line.
func (p *printer) params(fl *ast.FieldList) {
	if p.lineOf(fl.Opening) != p.lineOf(fl.Closing) {
		p.fail()
		return
	}
	p.tok("(", fl.Opening)
	for i, f := range fl.List {
		if i > 0 {
			p.text(", ")
		}
		for j, n := range f.Names {
			if j > 0 {
				p.text(", ")
			}
			p.tok(n.Name, n.Pos())
		}
		if len(f.Names) > 0 {
			p.text(" ")
		}
		if _, paren := f.Type.(*ast.ParenExpr); paren {
			p.fail()
		}
		p.expr(f.Type)
	}
	p.tok(")", fl.Closing)
}

// block writes a block whose braces are on different lines.
func (p *printer) block(b *ast.BlockStmt, nindent int) {
	if p.lineOf(b.Lbrace) == p.lineOf(b.Rbrace) {
		p.fail() // gofmt may keep it on one line
		return
	}
	p.tok("{", b.Lbrace)
	p.stmtList(b.List, nindent)
	p.linebreak(p.lineOf(b.Rbrace), 1, true)
	p.tok("}", b.Rbrace)
}

func (p *printer) stmtList(list []ast.Stmt, nindent int) {
	p.indent += nindent
	for _, s := range list {
		if !p.ok {
			return
		}
		p.linebreak(p.lineOf(s.Pos()), 1, true)
		p.stmt(s)
	}
	p.indent -= nindent
}

func (p *printer) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.ExprStmt:
		p.expr0(s.X, 1)
	case *ast.AssignStmt:
		depth := 1
		if len(s.Lhs) > 1 && len(s.Rhs) > 1 {
			depth++
		}
		p.exprList(s.Pos(), s.Lhs, depth, false, s.TokPos)
		p.tok(" "+s.Tok.String()+" ", s.TokPos)
		p.exprList(s.TokPos, s.Rhs, depth, false, token.NoPos)
	case *ast.IncDecStmt:
		p.expr0(s.X, 2)
		p.tok(s.Tok.String(), s.TokPos)
	case *ast.ReturnStmt:
		p.tok("return", s.Pos())
		if len(s.Results) > 0 {
			p.text(" ")
			if len(s.Results) > 1 && p.lineOf(s.Results[0].Pos()) != p.lineOf(s.Results[len(s.Results)-1].End()) {
				p.fail() // go/printer's indentList
				return
			}
			p.exprList(token.NoPos, s.Results, 1, false, token.NoPos)
		}
	case *ast.IfStmt:
		p.ifStmt(s)
	case *ast.ForStmt:
		p.tok("for", s.Pos())
		p.controlClause(true, s.Init, s.Cond, s.Post)
		p.block(s.Body, 1)
	case *ast.RangeStmt:
		p.tok("for ", s.Pos())
		if s.Key != nil {
			p.expr(s.Key)
			if s.Value != nil {
				p.text(", ")
				p.expr(s.Value)
			}
			p.tok(" "+s.Tok.String()+" ", s.TokPos)
		}
		p.text("range ")
		p.expr(p.stripParens(s.X))
		p.text(" ")
		p.block(s.Body, 1)
	case *ast.SwitchStmt:
		p.tok("switch", s.Pos())
		p.controlClause(false, s.Init, s.Tag, nil)
		p.block(s.Body, 0)
	case *ast.TypeSwitchStmt:
		p.tok("switch", s.Pos())
		if s.Init != nil {
			p.text(" ")
			p.stmt(s.Init)
			p.text(";")
		}
		p.text(" ")
		p.stmt(s.Assign)
		p.text(" ")
		p.block(s.Body, 0)
	case *ast.CaseClause:
		if s.List != nil {
			p.tok("case ", s.Pos())
			p.exprList(s.Pos(), s.List, 1, false, s.Colon)
		} else {
			p.tok("default", s.Pos())
		}
		p.tok(":", s.Colon)
		p.stmtList(s.Body, 1)
	case *ast.DeclStmt:
		p.declStmt(s)
	case *ast.DeferStmt:
		p.tok("defer ", s.Pos())
		p.expr(s.Call)
	case *ast.GoStmt:
		p.tok("go ", s.Pos())
		p.expr(s.Call)
	case *ast.BranchStmt:
		if s.Label != nil {
			p.fail()
			return
		}
		p.tok(s.Tok.String(), s.Pos())
	default:
		p.fail()
	}
}

func (p *printer) ifStmt(s *ast.IfStmt) {
	p.tok("if", s.Pos())
	p.controlClause(false, s.Init, s.Cond, nil)
	p.block(s.Body, 1)
	switch e := s.Else.(type) {
	case nil:
	case *ast.IfStmt:
		p.text(" else ")
		p.ifStmt(e)
	case *ast.BlockStmt:
		p.text(" else ")
		p.block(e, 1)
	default:
		p.fail()
	}
}

func (p *printer) controlClause(isFor bool, init ast.Stmt, expr ast.Expr, post ast.Stmt) {
	p.text(" ")
	needsBlank := false
	if init == nil && post == nil {
		if expr != nil {
			p.expr(p.stripParens(expr))
			needsBlank = true
		}
	} else {
		if init != nil {
			p.stmt(init)
		}
		p.text("; ")
		if expr != nil {
			p.expr(p.stripParens(expr))
			needsBlank = true
		}
		if isFor {
			p.text("; ")
			needsBlank = false
			if post != nil {
				p.stmt(post)
				needsBlank = true
			}
		}
	}
	if needsBlank {
		p.text(" ")
	}
}

// stripParens leaves the parentheses of a condition to go/format, whose
// rules for them depend on composite literals inside.
func (p *printer) stripParens(x ast.Expr) ast.Expr {
	if _, ok := x.(*ast.ParenExpr); ok {
		p.fail()
	}
	return x
}

// declStmt writes "var name [type] [= values]" of one spec, no parentheses.
func (p *printer) declStmt(s *ast.DeclStmt) {
	d, ok := s.Decl.(*ast.GenDecl)
	if !ok || d.Tok != token.VAR || d.Lparen.IsValid() || len(d.Specs) != 1 {
		p.fail()
		return
	}
	p.tok("var ", d.Pos())
	p.valueSpec(d.Specs[0].(*ast.ValueSpec))
}

func (p *printer) expr(x ast.Expr)             { p.expr1(x, token.LowestPrec, 1) }
func (p *printer) expr0(x ast.Expr, depth int) { p.expr1(x, token.LowestPrec, depth) }

// exprList is go/printer's for lists that are on one line or that have
// each element on a line of its own and the closing token on the next
// (then with a trailing comma, when commaTerm). Keys of key: value
// elements are aligned in a column, in runs go/printer decides by the
// keys' sizes.
func (p *printer) exprList(prev0 token.Pos, list []ast.Expr, depth int, commaTerm bool, next0 token.Pos) {
	if len(list) == 0 {
		return
	}
	prevLine := 0
	if prev0.IsValid() {
		prevLine = p.lineOf(prev0)
	}
	line := p.lineOf(list[0].Pos())
	endLine := p.lineOf(list[len(list)-1].End())
	if prev0.IsValid() && prevLine == line && line == endLine {
		for i, x := range list {
			if i > 0 {
				p.text(", ")
			}
			p.expr0(x, depth)
		}
		return
	}
	indented := false
	prevBreak := -1
	if prev0.IsValid() && prevLine < line {
		p.indent++
		if p.linebreak(line, 0, true) > 0 {
			indented, prevBreak = true, 0
		} else {
			p.indent--
		}
	}
	size, lnsum, count := 0, 0.0, 0
	for i, x := range list {
		line = p.lineOf(x.Pos())
		prevSize := size
		pair, isPair := x.(*ast.KeyValueExpr)
		size = 0
		// go/printer measures an element as it prints it: one that spans
		// lines in the source may print on one ("0: {\n}" is "0: {}").
		if prev0.IsValid() && next0.IsValid() && (p.lineOf(x.Pos()) == p.lineOf(x.End()) || p.size(x) > 0) {
			if isPair {
				size = p.size(pair.Key)
			} else {
				size = p.size(x)
			}
		}
		useFF := endsRun(prevSize, size, lnsum, count)
		needsLinebreak := 0 < prevLine && prevLine < line
		if i > 0 {
			p.text(",")
			needsBlank := true
			if needsLinebreak {
				if !indented {
					p.indent++
				}
				nbreaks := p.linebreak(line, 0, useFF || prevBreak+1 < i)
				if nbreaks > 0 {
					indented, prevBreak, needsBlank = true, i, false
				} else if !indented {
					p.indent--
				}
				if nbreaks > 1 {
					lnsum, count = 0, 0
				}
			}
			if needsBlank {
				p.text(" ")
			}
		}
		if len(list) > 1 && isPair && size > 0 && needsLinebreak {
			p.expr(pair.Key)
			p.tok(":\v", pair.Colon)
			p.aligned = true
			p.expr(pair.Value)
		} else {
			p.expr0(x, depth)
		}
		if size > 0 {
			lnsum += math.Log(float64(size))
			count++
		}
		prevLine = line
	}
	switch {
	case commaTerm && next0.IsValid() && p.line < p.lineOf(next0):
		p.text(",")
		if indented {
			p.indent--
		}
		p.breaks(1, true)
		p.line = p.lineOf(next0)
	case indented:
		p.fail() // the closing token follows the last element: go/printer's rules differ
	}
}

// endsRun is go/printer's rule for whether the line break before an
// element of size (0: unknown) ends the run of aligned lines, given the size
// of the element before and the sum of the logarithms of the count sizes of
// the run so far: when either size is unknown, or the sizes are not both
// small and this one is far from the run's geometric mean.
func endsRun(prevSize, size int, lnsum float64, count int) bool {
	if prevSize == 0 || size == 0 {
		return true
	}
	const smallSize = 40
	if count == 0 || prevSize <= smallSize && size <= smallSize {
		return false
	}
	const r = 2.5
	ratio := float64(size) / math.Exp(lnsum/float64(count))
	return r*ratio <= 1 || r <= ratio
}

// size is go/printer's nodeSize of an expression: the length of its text
// when that is on one line, else 0. It prints the expression only up to its
// first line break: elements nest, and printing each whole to measure it
// would take time exponential in the nesting.
func (p *printer) size(x ast.Expr) int {
	q := &printer{lines: p.lines, hint: p.hint, ok: true, line: p.lineOf(x.Pos()), probing: true}
	q.expr(x)
	if q.broke {
		return 0
	}
	if !q.ok {
		p.fail()
		return 0
	}
	n := 0
	for _, c := range q.buf {
		switch c {
		case tabwriter.Escape:
		case '\n', '\f':
			return 0 // not on one line after all
		default:
			n++
		}
	}
	return n
}
