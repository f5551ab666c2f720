// Package formula computes the formulas that trackers hold, as the rows of
// a sheet stream past: arithmetic (+ - * / ^, unary minus, %), comparison,
// text joins (& CONCATENATE CONCAT), IF and a few functions over numbers,
// text and the cells of the same row or of rows the reader has kept. It
// refuses, with the reason, anything it does not compute exactly as Excel
// and LibreOffice do: an unknown function, a value that changes (TODAY,
// NOW, RAND), a reference to another sheet, to a later row or to a row
// the reader no longer keeps, text it would have to guess a number from.
//
// Formulas come in two syntaxes: Excel's, as .xlsx files store them
// (without the "="), and OpenFormula, as .ods files do ("of:=[.A2]*2").
package formula

import (
	"fmt"
	"strconv"
	"strings"
)

// Syntax is how a formula is written.
type Syntax uint8

const (
	Excel       Syntax = iota // A1 references, "," between arguments
	OpenFormula               // [.A1] references, ";" between arguments
)

// Expr is a parsed formula.
type Expr struct {
	root node
	text string
}

// String is the formula as written.
func (e *Expr) String() string { return e.text }

// node is a part of a formula.
type node interface{}

type (
	numLit  float64
	strLit  string
	boolLit bool
	errLit  string
	refNode struct {
		sheet          string // "" for the formula's own sheet
		row, col       int    // 1-based row, 0-based column; -1 for a whole column or row
		absRow, absCol bool
	}
	rangeNode struct{ from, to refNode }
	unary     struct {
		op byte // '-', '+' or '%' (after)
		x  node
	}
	binary struct {
		op   string
		l, r node
	}
	call struct {
		name string
		args []node
	}
	missing struct{} // an argument left empty: IF(A1,,2)
)

// Formats tells whether the formula makes a number that LibreOffice
// shows as a date or a percent in a cell without a number format of its
// own: it calls DATE() or takes a percent (50%).
func (e *Expr) Formats() bool { return formats(e.root) }

func formats(n node) bool {
	switch x := n.(type) {
	case unary:
		return x.op == '%' || formats(x.x)
	case binary:
		return formats(x.l) || formats(x.r)
	case call:
		if x.name == "DATE" {
			return true
		}
		for _, a := range x.args {
			if formats(a) {
				return true
			}
		}
	}
	return false
}

// ParseError is a formula that is not one this package reads.
type ParseError struct {
	Formula string
	Msg     string
}

func (e *ParseError) Error() string { return e.Msg }

// Parse reads a formula written in syntax s. A formula this package does
// not read (an array constant, a defined name, an intersection) is a
// *ParseError or a *Refusal saying why.
func Parse(text string, s Syntax) (*Expr, error) {
	src := strings.TrimSpace(text)
	if s == OpenFormula {
		src = strings.TrimPrefix(src, "of:")
	}
	src = strings.TrimPrefix(src, "=")
	p := &parser{src: src, syntax: s}
	p.next()
	root, err := p.expr()
	if err == nil && p.tok.kind != tEOF {
		err = p.errorf("unexpected %q", p.tok.text)
	}
	if err != nil {
		if _, ok := err.(*Refusal); ok {
			return nil, err
		}
		return nil, &ParseError{Formula: text, Msg: err.Error()}
	}
	return &Expr{root: root, text: text}, nil
}

type parser struct {
	src    string
	pos    int
	syntax Syntax
	tok    token
	depth  int
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf(format, a...)
}

const maxDepth = 64

func (p *parser) expr() (node, error) {
	if p.depth++; p.depth > maxDepth {
		return nil, p.errorf("nested more than %d deep", maxDepth)
	}
	defer func() { p.depth-- }()
	return p.comparison()
}

func (p *parser) comparison() (node, error) {
	l, err := p.concat()
	for err == nil && p.tok.kind == tOp {
		switch op := p.tok.text; op {
		case "=", "<>", "<", ">", "<=", ">=":
			p.next()
			var r node
			if r, err = p.concat(); err == nil {
				l = binary{op: op, l: l, r: r}
			}
			continue
		}
		break
	}
	return l, err
}

func (p *parser) concat() (node, error) {
	l, err := p.additive()
	for err == nil && p.tok.kind == tOp && p.tok.text == "&" {
		p.next()
		var r node
		if r, err = p.additive(); err == nil {
			l = binary{op: "&", l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) additive() (node, error) {
	l, err := p.term()
	for err == nil && p.tok.kind == tOp && (p.tok.text == "+" || p.tok.text == "-") {
		op := p.tok.text
		p.next()
		var r node
		if r, err = p.term(); err == nil {
			l = binary{op: op, l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) term() (node, error) {
	l, err := p.power()
	for err == nil && p.tok.kind == tOp && (p.tok.text == "*" || p.tok.text == "/") {
		op := p.tok.text
		p.next()
		var r node
		if r, err = p.power(); err == nil {
			l = binary{op: op, l: l, r: r}
		}
	}
	return l, err
}

// power: ^ is left-associative, and a unary minus binds tighter (-2^2 is
// 4), as in Excel and LibreOffice.
func (p *parser) power() (node, error) {
	l, err := p.unary()
	for err == nil && p.tok.kind == tOp && p.tok.text == "^" {
		p.next()
		var r node
		if r, err = p.unary(); err == nil {
			l = binary{op: "^", l: l, r: r}
		}
	}
	return l, err
}

func (p *parser) unary() (node, error) {
	if p.tok.kind == tOp && (p.tok.text == "-" || p.tok.text == "+") {
		op := p.tok.text[0]
		p.next()
		if p.depth++; p.depth > maxDepth {
			return nil, p.errorf("nested more than %d deep", maxDepth)
		}
		x, err := p.unary()
		p.depth--
		if err != nil {
			return nil, err
		}
		return unary{op: op, x: x}, nil
	}
	x, err := p.primary()
	for err == nil && p.tok.kind == tOp && p.tok.text == "%" {
		p.next()
		x = unary{op: '%', x: x}
	}
	return x, err
}

func (p *parser) primary() (node, error) {
	t := p.tok
	switch t.kind {
	case tNum:
		p.next()
		return numLit(t.num), nil
	case tStr:
		p.next()
		return strLit(t.text), nil
	case tErr:
		p.next()
		return errLit(t.text), nil
	case tLParen:
		p.next()
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tRParen {
			return nil, p.errorf("a ( without its )")
		}
		p.next()
		return x, nil
	case tRef:
		p.next()
		return p.openRef(t.text)
	case tIdent:
		p.next()
		if p.tok.kind == tLParen {
			return p.call(t.text)
		}
		switch strings.ToUpper(t.text) {
		case "TRUE":
			return boolLit(true), nil
		case "FALSE":
			return boolLit(false), nil
		}
		from, ok := parseRef(t.text)
		if !ok {
			return nil, refuse("it uses the name %s, which aitkit does not look up", t.text)
		}
		if p.tok.kind == tOp && p.tok.text == ":" {
			p.next()
			if p.tok.kind != tIdent && p.tok.kind != tNum {
				return nil, p.errorf("a range without its end")
			}
			end := p.tok.text
			if p.tok.kind == tNum {
				end = p.tok.text
			}
			p.next()
			to, ok := parseRef(end)
			if !ok || to.sheet != "" && !strings.EqualFold(to.sheet, from.sheet) {
				return nil, p.errorf("a range that ends with %q", end)
			}
			to.sheet = from.sheet
			return rangeNode{from, to}, nil
		}
		if from.row < 0 || from.col < 0 {
			return nil, p.errorf("%s is a whole row or column, not a cell", t.text)
		}
		return from, nil
	case tOp:
		return nil, p.errorf("unexpected %q", t.text)
	case tEOF:
		return nil, p.errorf("the formula ends too soon")
	}
	if t.text == "{" {
		return nil, refuse("it holds an array constant")
	}
	return nil, p.errorf("unexpected %q", t.text)
}

func (p *parser) call(name string) (node, error) {
	p.next() // (
	c := call{name: normalName(name)}
	if p.tok.kind == tRParen {
		p.next()
		return c, nil
	}
	for {
		var arg node = missing{}
		if p.tok.kind != tSep && p.tok.kind != tRParen {
			var err error
			if arg, err = p.expr(); err != nil {
				return nil, err
			}
		}
		c.args = append(c.args, arg)
		if len(c.args) > 255 {
			return nil, p.errorf("more than 255 arguments")
		}
		switch p.tok.kind {
		case tSep:
			p.next()
			continue
		case tRParen:
			p.next()
			return c, nil
		}
		return nil, p.errorf("%s( without its )", name)
	}
}

// normalName is a function's name in capitals, without the prefixes files
// give newer functions (_xlfn.CONCAT, COM.MICROSOFT.CONCAT).
func normalName(name string) string {
	n := strings.ToUpper(name)
	for _, prefix := range []string{"_XLFN._XLWS.", "_XLFN.", "_XLWS.", "COM.MICROSOFT."} {
		n = strings.TrimPrefix(n, prefix)
	}
	return n
}

// parseRef reads an A1 reference, perhaps with its sheet (Sheet1!$A$1,
// 'My Sheet'!A1), or a whole column (A) or row (7) as one end of a range.
func parseRef(s string) (refNode, bool) {
	var r refNode
	if i := strings.LastIndexByte(s, '!'); i >= 0 {
		sh := s[:i]
		if len(sh) >= 2 && sh[0] == '\'' && sh[len(sh)-1] == '\'' {
			sh = strings.ReplaceAll(sh[1:len(sh)-1], "''", "'")
		}
		r.sheet, s = sh, s[i+1:]
		if r.sheet == "" {
			return r, false
		}
	}
	r.row, r.col = -1, -1
	i := 0
	if i < len(s) && s[i] == '$' {
		r.absCol = true
		i++
	}
	j := i
	col := 0
	for j < len(s) && (s[j]|0x20) >= 'a' && (s[j]|0x20) <= 'z' {
		col = col*26 + int(s[j]|0x20-'a'+1)
		j++
		if j-i > 3 {
			return r, false
		}
	}
	if j > i {
		r.col = col - 1
		if r.col >= 16384 {
			return r, false
		}
	} else if r.absCol {
		// "$7": an absolute whole row.
		r.absRow, r.absCol = true, false
	}
	k := j
	if k < len(s) && s[k] == '$' {
		r.absRow = true
		k++
	}
	if k == len(s) {
		return r, r.col >= 0 && !r.absRow
	}
	n, err := strconv.Atoi(s[k:])
	if err != nil || n < 1 || n > 1<<20 || strings.HasPrefix(s[k:], "+") || strings.HasPrefix(s[k:], "-") {
		return r, false
	}
	r.row = n
	return r, true
}

// openRef reads an OpenFormula reference (without its brackets): .A1,
// .A1:.B2, $Sheet1.A1, 'My Sheet'.A1:.B2.
func (p *parser) openRef(s string) (node, error) {
	one := func(s string) (refNode, bool) {
		i := strings.LastIndexByte(s, '.')
		if i < 0 {
			return refNode{}, false
		}
		sh := strings.TrimPrefix(s[:i], "$")
		if len(sh) >= 2 && sh[0] == '\'' && sh[len(sh)-1] == '\'' {
			sh = strings.ReplaceAll(sh[1:len(sh)-1], "''", "'")
		}
		r, ok := parseRef(s[i+1:])
		if sh != "" {
			r.sheet = sh
		}
		return r, ok
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		from, ok1 := one(s[:i])
		to, ok2 := one(s[i+1:])
		if !ok1 || !ok2 {
			return nil, p.errorf("the reference [%s]", s)
		}
		if to.sheet == "" {
			to.sheet = from.sheet
		}
		if !strings.EqualFold(to.sheet, from.sheet) {
			return nil, refuse("the range [%s] spans sheets", s)
		}
		return rangeNode{from, to}, nil
	}
	r, ok := one(s)
	if !ok || r.row < 0 || r.col < 0 {
		return nil, p.errorf("the reference [%s]", s)
	}
	return r, nil
}
