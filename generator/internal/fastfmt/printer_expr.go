package fastfmt

import (
	"go/ast"
	"go/token"
	"strings"
)

// expr1 is go/printer's: prec1 is the precedence of the operator the
// expression is an operand of, depth how deep it sits in binary
// expressions and argument lists (it decides the blanks around operators).
func (p *printer) expr1(x ast.Expr, prec1, depth int) {
	if !p.ok {
		return
	}
	switch x := x.(type) {
	case *ast.Ident:
		p.tok(x.Name, x.Pos())
	case *ast.BasicLit:
		p.basicLit(x)
	case *ast.BinaryExpr:
		p.binaryExpr(x, prec1, cutoff(x, max(depth, 1)), max(depth, 1))
	case *ast.KeyValueExpr:
		p.expr(x.Key)
		p.tok(": ", x.Colon)
		p.expr(x.Value)
	case *ast.StarExpr:
		if token.UnaryPrec < prec1 {
			p.fail()
			return
		}
		p.tok("*", x.Pos())
		p.operand(x.X)
		p.expr(x.X)
	case *ast.UnaryExpr:
		if token.UnaryPrec < prec1 {
			p.fail()
			return
		}
		p.tok(x.Op.String(), x.Pos())
		p.operand(x.X)
		p.expr1(x.X, token.UnaryPrec, depth)
	case *ast.ParenExpr:
		if _, ok := x.X.(*ast.ParenExpr); ok {
			p.fail()
			return
		}
		p.tok("(", x.Lparen)
		p.expr0(x.X, max(depth-1, 1))
		p.tok(")", x.Rparen)
	case *ast.SelectorExpr:
		p.expr1(x.X, token.HighestPrec, depth)
		if p.lineOf(x.Sel.Pos()) != p.line {
			p.fail()
			return
		}
		p.text(".")
		p.tok(x.Sel.Name, x.Sel.Pos())
	case *ast.TypeAssertExpr:
		p.expr1(x.X, token.HighestPrec, depth)
		p.text(".(")
		if x.Type == nil {
			p.text("type")
		} else {
			p.expr(x.Type)
		}
		p.tok(")", x.Rparen)
	case *ast.IndexExpr:
		p.expr1(x.X, token.HighestPrec, 1)
		p.tok("[", x.Lbrack)
		p.expr0(x.Index, depth+1)
		p.tok("]", x.Rbrack)
	case *ast.IndexListExpr:
		p.expr1(x.X, token.HighestPrec, 1)
		p.tok("[", x.Lbrack)
		p.exprList(x.Lbrack, x.Indices, depth+1, false, x.Rbrack)
		p.tok("]", x.Rbrack)
	case *ast.SliceExpr:
		p.sliceExpr(x, depth)
	case *ast.CallExpr:
		p.callExpr(x, depth)
	case *ast.CompositeLit:
		if x.Type != nil {
			p.expr1(x.Type, token.HighestPrec, depth)
		}
		p.tok("{", x.Lbrace)
		p.exprList(x.Lbrace, x.Elts, 1, true, x.Rbrace)
		p.tok("}", x.Rbrace)
	case *ast.FuncLit:
		p.tok("func", x.Pos())
		p.signature(x.Type)
		p.text(" ")
		p.block(x.Body, 1)
	default:
		p.typ(x)
	}
}

// typ writes the type expressions that go/printer writes as their tokens.
func (p *printer) typ(x ast.Expr) {
	switch x := x.(type) {
	case *ast.ArrayType:
		p.tok("[", x.Lbrack)
		if x.Len != nil {
			p.expr(x.Len)
		}
		p.text("]")
		p.expr(x.Elt)
	case *ast.MapType:
		p.tok("map[", x.Pos())
		p.expr(x.Key)
		p.text("]")
		p.expr(x.Value)
	case *ast.Ellipsis:
		p.tok("...", x.Pos())
		if x.Elt != nil {
			p.expr(x.Elt)
		}
	case *ast.FuncType:
		p.tok("func", x.Pos())
		p.signature(x)
	case *ast.InterfaceType:
		if len(x.Methods.List) > 0 || p.lineOf(x.Methods.Opening) != p.lineOf(x.Methods.Closing) {
			p.fail()
			return
		}
		p.tok("interface{}", x.Methods.Closing)
	case *ast.StructType:
		if len(x.Fields.List) > 0 || p.lineOf(x.Fields.Opening) != p.lineOf(x.Fields.Closing) {
			p.fail()
			return
		}
		p.tok("struct{}", x.Fields.Closing)
	default:
		p.fail()
	}
}

// operand refuses what go/printer separates from a unary operator by a
// blank ("- -x", "<-<-c").
func (p *printer) operand(x ast.Expr) {
	switch x.(type) {
	case *ast.UnaryExpr, *ast.StarExpr:
		p.fail()
	}
}

// basicLit writes a literal; string and character literals between the
// escapes that keep tabwriter from reading their tabs. Numbers that gofmt
// normalizes (0X, 1E6) and multi-line raw strings go to go/format.
func (p *printer) basicLit(x *ast.BasicLit) {
	switch x.Kind {
	case token.STRING, token.CHAR:
		if strings.IndexByte(x.Value, '\n') >= 0 {
			p.fail()
			return
		}
		p.tok(escape+x.Value+escape, x.Pos())
	case token.INT, token.FLOAT:
		if strings.ContainsAny(x.Value, "XEPOB_i") {
			p.fail()
			return
		}
		p.tok(x.Value, x.Pos())
		p.afterInt = x.Kind == token.INT
	default:
		p.fail()
	}
}

func (p *printer) callExpr(x *ast.CallExpr, depth int) {
	if len(x.Args) > 1 {
		depth++
	}
	if _, ok := x.Fun.(*ast.FuncType); ok {
		p.fail()
		return
	}
	p.expr1(x.Fun, token.HighestPrec, depth)
	p.tok("(", x.Lparen)
	if x.Ellipsis.IsValid() {
		if p.lineOf(x.Ellipsis) != p.lineOf(x.Rparen) {
			p.fail()
			return
		}
		p.exprList(x.Lparen, x.Args, depth, false, x.Ellipsis)
		p.tok("...", x.Ellipsis)
	} else {
		p.exprList(x.Lparen, x.Args, depth, true, x.Rparen)
	}
	p.tok(")", x.Rparen)
}

func (p *printer) sliceExpr(x *ast.SliceExpr, depth int) {
	p.expr1(x.X, token.HighestPrec, 1)
	p.tok("[", x.Lbrack)
	indices := []ast.Expr{x.Low, x.High}
	if x.Max != nil {
		indices = append(indices, x.Max)
	}
	needsBlanks := false
	if depth <= 1 {
		n, binaries := 0, false
		for _, i := range indices {
			if i != nil {
				n++
				_, b := i.(*ast.BinaryExpr)
				binaries = binaries || b
			}
		}
		needsBlanks = n > 1 && binaries
	}
	for i, e := range indices {
		if i > 0 {
			if indices[i-1] != nil && needsBlanks {
				p.text(" ")
			}
			p.text(":")
			if e != nil && needsBlanks {
				p.text(" ")
			}
		}
		if e != nil {
			p.expr0(e, depth+1)
		}
	}
	p.tok("]", x.Rbrack)
}

// binaryExpr is go/printer's: blanks around an operator whose precedence
// is below cutoff. Operands on different lines go to go/format.
func (p *printer) binaryExpr(x *ast.BinaryExpr, prec1, cutoff, depth int) {
	prec := x.Op.Precedence()
	if prec < prec1 {
		p.fail() // the parser would have kept the parentheses
		return
	}
	printBlank := prec < cutoff
	p.expr1(x.X, prec, depth+diffPrec(x.X, prec))
	if p.lineOf(x.Y.Pos()) != p.line {
		p.fail()
		return
	}
	op := x.Op.String()
	if printBlank {
		op = " " + op + " "
	} else {
		switch leftmost(x.Y).(type) {
		case *ast.UnaryExpr, *ast.StarExpr:
			p.fail() // tokens that could merge ("a- -b", "a+ +b%c")
			return
		}
	}
	p.tok(op, x.OpPos)
	p.expr1(x.Y, prec+1, depth+1)
}

// leftmost is the operand that an expression's text starts with. Only a
// binary expression starts with an operand that may be unary: that of a
// primary expression (call, selector, index) would need parentheses.
func leftmost(x ast.Expr) ast.Expr {
	for b, ok := x.(*ast.BinaryExpr); ok; b, ok = x.(*ast.BinaryExpr) {
		x = b.X
	}
	return x
}

func cutoff(e *ast.BinaryExpr, depth int) int {
	has4, has5, maxProblem := walkBinary(e)
	if maxProblem > 0 {
		return maxProblem + 1
	}
	if has4 && has5 {
		if depth == 1 {
			return 5
		}
		return 4
	}
	if depth == 1 {
		return 6
	}
	return 4
}

func diffPrec(expr ast.Expr, prec int) int {
	x, ok := expr.(*ast.BinaryExpr)
	if !ok || prec != x.Op.Precedence() {
		return 1
	}
	return 0
}

func walkBinary(e *ast.BinaryExpr) (has4, has5 bool, maxProblem int) {
	switch e.Op.Precedence() {
	case 4:
		has4 = true
	case 5:
		has5 = true
	}
	switch l := e.X.(type) {
	case *ast.BinaryExpr:
		if l.Op.Precedence() < e.Op.Precedence() {
			break // parenthesized
		}
		h4, h5, mp := walkBinary(l)
		has4, has5, maxProblem = has4 || h4, has5 || h5, max(maxProblem, mp)
	}
	switch r := e.Y.(type) {
	case *ast.BinaryExpr:
		if r.Op.Precedence() <= e.Op.Precedence() {
			break // parenthesized
		}
		h4, h5, mp := walkBinary(r)
		has4, has5, maxProblem = has4 || h4, has5 || h5, max(maxProblem, mp)
	case *ast.StarExpr:
		if e.Op == token.QUO { // `*/`
			maxProblem = 5
		}
	case *ast.UnaryExpr:
		switch e.Op.String() + r.Op.String() {
		case "/*", "&&", "&^":
			maxProblem = 5
		case "++", "--":
			maxProblem = max(maxProblem, 4)
		}
	}
	return
}

// escape is tabwriter.Escape as a string.
const escape = "\xff"
