package formula

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Kind is what a value is.
type Kind uint8

const (
	Empty  Kind = iota // an empty cell
	Number             // a number (a date is its serial)
	Text
	Boolean
	Error // #DIV/0!, #N/A...: Str holds it
)

// Value is what a cell or a formula holds.
type Value struct {
	Kind Kind
	Num  float64 // Number; Bool as 1 or 0
	Str  string  // Text, Error
}

// Num, Str, Bool and Err make values.
func Num(f float64) Value   { return Value{Kind: Number, Num: f} }
func Str(s string) Value    { return Value{Kind: Text, Str: s} }
func Err(code string) Value { return Value{Kind: Error, Str: code} }
func Bool(b bool) Value {
	if b {
		return Value{Kind: Boolean, Num: 1}
	}
	return Value{Kind: Boolean}
}

// Refusal says why a formula is not computed: a reason in plain words
// ("TODAY() changes every day").
type Refusal struct{ Reason string }

func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, a ...any) *Refusal { return &Refusal{Reason: fmt.Sprintf(format, a...)} }

// Cells gives the formula the values of the cells it refers to: row is
// 1-based, col 0-based. An error (a *Refusal) says the cell is not known:
// a later row, a row no longer kept, a formula not computed.
type Cells interface {
	Value(row, col int) (Value, error)
}

// Context is where a formula is computed.
type Context struct {
	Sheet    string // the sheet's name: a reference to it by name is to the sheet itself
	Row, Col int    // the formula's cell: 1-based row, 0-based column
	// DRow and DCol move the formula's relative references: a shared
	// formula written for another cell.
	DRow, DCol int
	Cells      Cells
	Date1904   bool
	// NullDate, when set, is the day serial 0 is (an OpenDocument
	// spreadsheet's table:null-date, 1899-12-30 unless it says otherwise):
	// DATE() counts days from it, with no day that never was.
	NullDate time.Time
	// MaxCells bounds how many cells one formula's ranges may hold.
	MaxCells int
}

// maxRangeCells is the default bound on the cells of one formula's
// ranges.
const maxRangeCells = 100_000

// Eval computes the formula in ctx. A formula error that Excel would show
// (#DIV/0!) is a Value of kind Error; a formula aitkit does not compute
// is an error, a *Refusal.
func (e *Expr) Eval(ctx Context) (v Value, err error) {
	if ctx.MaxCells <= 0 {
		ctx.MaxCells = maxRangeCells
	}
	ev := &evaluator{ctx: ctx}
	v, err = ev.eval(e.root)
	if err != nil {
		return Value{}, err
	}
	if v.Kind == Number && (math.IsInf(v.Num, 0) || math.IsNaN(v.Num)) {
		return Err("#NUM!"), nil
	}
	return v, nil
}

type evaluator struct {
	ctx   Context
	cells int // cells read from ranges so far
}

// cellRef is where a reference points, its shift applied.
func (ev *evaluator) cellRef(r refNode) (row, col int, err error) {
	if r.sheet != "" && !strings.EqualFold(r.sheet, ev.ctx.Sheet) {
		return 0, 0, refuse("it refers to another sheet (%s)", r.sheet)
	}
	row, col = r.row, r.col
	if !r.absRow && row > 0 {
		row += ev.ctx.DRow
	}
	if !r.absCol && col >= 0 {
		col += ev.ctx.DCol
	}
	if row == 0 || row > 1<<20 || col >= 16384 || (r.row > 0 && row < 1) || (r.col >= 0 && col < 0) {
		return 0, 0, nil // #REF!: moved off the sheet
	}
	return row, col, nil
}

func (ev *evaluator) ref(r refNode) (Value, error) {
	row, col, err := ev.cellRef(r)
	if err != nil {
		return Value{}, err
	}
	if row <= 0 {
		return Err("#REF!"), nil
	}
	if row == ev.ctx.Row && col == ev.ctx.Col {
		return Value{}, refuse("it refers to its own cell")
	}
	return ev.ctx.Cells.Value(row, col)
}

// rangeValues are the values of a range, row by row.
func (ev *evaluator) rangeValues(r rangeNode) ([]Value, error) {
	r1, c1, err := ev.cellRef(r.from)
	if err != nil {
		return nil, err
	}
	r2, c2, err := ev.cellRef(r.to)
	if err != nil {
		return nil, err
	}
	if r.from.row < 0 || r.to.row < 0 {
		return nil, refuse("it refers to whole columns, rows below it included")
	}
	if r.from.col < 0 || r.to.col < 0 {
		return nil, refuse("it refers to whole rows")
	}
	if r1 <= 0 || r2 <= 0 {
		return []Value{Err("#REF!")}, nil
	}
	r1, r2 = min(r1, r2), max(r1, r2)
	c1, c2 = min(c1, c2), max(c1, c2)
	n := (r2 - r1 + 1) * (c2 - c1 + 1)
	if ev.cells += n; ev.cells > ev.ctx.MaxCells {
		return nil, refuse("its ranges hold more than %d cells", ev.ctx.MaxCells)
	}
	out := make([]Value, 0, n)
	for row := r1; row <= r2; row++ {
		for col := c1; col <= c2; col++ {
			if row == ev.ctx.Row && col == ev.ctx.Col {
				return nil, refuse("its range includes its own cell")
			}
			v, err := ev.ctx.Cells.Value(row, col)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
	}
	return out, nil
}

func (ev *evaluator) eval(n node) (Value, error) {
	switch x := n.(type) {
	case numLit:
		return Num(float64(x)), nil
	case strLit:
		return Str(string(x)), nil
	case boolLit:
		return Bool(bool(x)), nil
	case errLit:
		return Err(string(x)), nil
	case missing:
		return Value{}, nil
	case refNode:
		return ev.ref(x)
	case rangeNode:
		// A range where one value belongs: Excel takes the cell of the
		// formula's row or column (implicit intersection), newer Excel
		// spills; not computed.
		return Value{}, refuse("it uses a range where one value belongs")
	case unary:
		v, err := ev.eval(x.x)
		if err != nil || v.Kind == Error {
			return v, err
		}
		f, bad, err := toNumber(v)
		if err != nil || bad {
			return Err("#VALUE!"), err
		}
		switch x.op {
		case '-':
			return Num(-f), nil
		case '%':
			return Num(f / 100), nil
		}
		return Num(f), nil
	case binary:
		return ev.binary(x)
	case call:
		return ev.call(x)
	}
	return Value{}, refuse("an unknown part")
}

func (ev *evaluator) binary(x binary) (Value, error) {
	l, err := ev.eval(x.l)
	if err != nil {
		return Value{}, err
	}
	r, err := ev.eval(x.r)
	if err != nil {
		return Value{}, err
	}
	if l.Kind == Error {
		return l, nil
	}
	if r.Kind == Error {
		return r, nil
	}
	switch x.op {
	case "&":
		ls, err := toText(l)
		if err != nil {
			return Value{}, err
		}
		rs, err := toText(r)
		if err != nil {
			return Value{}, err
		}
		return Str(ls + rs), nil
	case "=", "<>", "<", ">", "<=", ">=":
		return compare(x.op, l, r)
	}
	a, bad, err := toNumber(l)
	if err != nil || bad {
		return Err("#VALUE!"), err
	}
	b, bad, err := toNumber(r)
	if err != nil || bad {
		return Err("#VALUE!"), err
	}
	switch x.op {
	case "+":
		return Num(a + b), nil
	case "-":
		return Num(a - b), nil
	case "*":
		return Num(a * b), nil
	case "/":
		if b == 0 {
			return Err("#DIV/0!"), nil
		}
		return Num(a / b), nil
	case "^":
		if a == 0 && b == 0 {
			// Excel shows #NUM!, LibreOffice 1.
			return Value{}, refuse("0^0 is #NUM! in Excel and 1 in LibreOffice")
		}
		if a == 0 && b < 0 {
			return Err("#DIV/0!"), nil
		}
		if a < 0 && b != math.Trunc(b) {
			return Err("#NUM!"), nil
		}
		return Num(math.Pow(a, b)), nil
	}
	return Value{}, refuse("the operator %s", x.op)
}

// toNumber reads a value as a number, as arithmetic does: an empty cell
// is 0, TRUE 1; text only when it is a plain number ("12.5"): Excel also
// reads "1,234", "54%" or "3 Jul" by the user's locale, which aitkit does
// not guess. Text without a digit is #VALUE! (bad), as everywhere.
func toNumber(v Value) (f float64, bad bool, err error) {
	switch v.Kind {
	case Number, Boolean:
		return v.Num, false, nil
	case Empty:
		return 0, false, nil
	case Text:
		if f, ok := plainNumber(v.Str); ok {
			return f, false, nil
		}
		if !strings.ContainsAny(v.Str, "0123456789") {
			return 0, true, nil
		}
		return 0, false, refuse("it uses the text %q as a number", v.Str)
	}
	return 0, false, refuse("it uses an error as a number")
}

// plainNumber reads a number written plainly: sign, digits, point,
// exponent, with spaces around.
func plainNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "inf") || strings.EqualFold(s, "nan") ||
		strings.HasSuffix(strings.ToLower(s), "infinity") || strings.EqualFold(strings.TrimLeft(s, "+-"), "inf") || strings.EqualFold(strings.TrimLeft(s, "+-"), "nan") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// toText writes a value as text joins do: a number in General format, a
// boolean as TRUE or FALSE, an empty cell as "".
func toText(v Value) (string, error) {
	switch v.Kind {
	case Text:
		return v.Str, nil
	case Empty:
		return "", nil
	case Boolean:
		if v.Num != 0 {
			return "TRUE", nil
		}
		return "FALSE", nil
	case Number:
		return generalText(v.Num)
	}
	return "", refuse("it joins an error")
}

// generalText is a number as text in General format, as Excel and
// LibreOffice write it into text: up to 15 significant digits, no
// trailing zeros. Only whole numbers are written here: a fraction is
// written with the user's decimal separator, and a number that needs an
// exponent differs between the two programs.
func generalText(f float64) (string, error) {
	if f != math.Trunc(f) {
		return "", refuse("it writes the number %v into text, with a decimal separator that depends on the user's settings", f)
	}
	if math.Abs(f) >= 1e15 {
		return "", refuse("it writes the number %v into text, which spreadsheet programs write in different ways", f)
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// compare compares as Excel does: numbers (an empty cell is 0 against a
// number, "" against text) before text before booleans; text without
// regard to case.
func compare(op string, l, r Value) (Value, error) {
	if l.Kind == Empty {
		l = emptyLike(r)
	}
	if r.Kind == Empty {
		r = emptyLike(l)
	}
	rank := func(v Value) int {
		switch v.Kind {
		case Number:
			return 0
		case Text:
			return 1
		}
		return 2
	}
	var c int
	switch {
	case rank(l) != rank(r):
		c = rank(l) - rank(r)
	case l.Kind == Text:
		a, b := strings.ToLower(l.Str), strings.ToLower(r.Str)
		if op != "=" && op != "<>" && !(plainText(a) && plainText(b)) {
			return Value{}, refuse("it orders text with punctuation or accents, which spreadsheet programs sort in different ways")
		}
		c = strings.Compare(a, b)
	default:
		switch {
		case l.Num < r.Num:
			c = -1
		case l.Num > r.Num:
			c = 1
		}
	}
	switch op {
	case "=":
		return Bool(c == 0), nil
	case "<>":
		return Bool(c != 0), nil
	case "<":
		return Bool(c < 0), nil
	case ">":
		return Bool(c > 0), nil
	case "<=":
		return Bool(c <= 0), nil
	}
	return Bool(c >= 0), nil
}

func emptyLike(v Value) Value {
	switch v.Kind {
	case Text:
		return Str("")
	case Boolean:
		return Bool(false)
	}
	return Num(0)
}

// plainText tells whether text sorts the same way everywhere: letters,
// digits and spaces of ASCII.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}

// truth reads a value as a condition: a number is true when not 0; the
// text TRUE or FALSE is itself; other text is #VALUE!.
func truth(v Value) (bool, Value, error) {
	switch v.Kind {
	case Number, Boolean:
		return v.Num != 0, Value{}, nil
	case Empty:
		return false, Value{}, nil
	case Text:
		switch strings.ToUpper(strings.TrimSpace(v.Str)) {
		case "TRUE":
			return true, Value{}, nil
		case "FALSE":
			return false, Value{}, nil
		}
		return false, Err("#VALUE!"), nil
	}
	return false, v, nil
}

// units16 is the length of s in UTF-16 code units, as spreadsheet
// programs count text.
func units16(s string) []uint16 { return utf16.Encode([]rune(s)) }
