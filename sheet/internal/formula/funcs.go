package formula

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Functions is what Eval computes, by name; the others are refused.
var Functions = []string{
	"ABS", "AND", "AVERAGE", "CONCAT", "CONCATENATE", "COUNT", "DATE", "IF", "IFERROR", "INT",
	"LEFT", "LEN", "LOWER", "MAX", "MID", "MIN", "NOT", "OR", "RIGHT", "ROUND", "ROUNDDOWN",
	"ROUNDUP", "SUM", "TRIM", "UPPER",
}

// volatile are functions whose value changes from one calculation to the
// next: never computed.
var volatile = map[string]string{
	"TODAY": "changes every day", "NOW": "changes every second", "RAND": "is random",
	"RANDBETWEEN": "is random", "RANDARRAY": "is random", "INDIRECT": "refers to cells by text",
	"OFFSET": "refers to cells it computes", "CELL": "depends on the workbook's state", "INFO": "depends on the computer",
}

// arity is the least and most arguments of each function (-1: any).
var arity = map[string][2]int{
	"ABS": {1, 1}, "AND": {1, -1}, "AVERAGE": {1, -1}, "CONCAT": {1, -1}, "CONCATENATE": {1, -1},
	"COUNT": {1, -1}, "DATE": {3, 3}, "IF": {1, 3}, "IFERROR": {2, 2}, "INT": {1, 1},
	"LEFT": {1, 2}, "LEN": {1, 1}, "LOWER": {1, 1}, "MAX": {1, -1}, "MID": {3, 3}, "MIN": {1, -1},
	"NOT": {1, 1}, "OR": {1, -1}, "RIGHT": {1, 2}, "ROUND": {2, 2}, "ROUNDDOWN": {2, 2},
	"ROUNDUP": {2, 2}, "SUM": {1, -1}, "TRIM": {1, 1}, "UPPER": {1, 1},
}

// arg is a function's argument: one value, or the values of a reference
// or range (which SUM and the like read differently: text in a cell is
// passed over, text written in the formula is read).
type arg struct {
	vals  []Value
	isRef bool
}

func (ev *evaluator) args(c call) ([]arg, error) {
	out := make([]arg, len(c.args))
	for i, a := range c.args {
		switch x := a.(type) {
		case rangeNode:
			vals, err := ev.rangeValues(x)
			if err != nil {
				return nil, err
			}
			out[i] = arg{vals: vals, isRef: true}
		case refNode:
			v, err := ev.ref(x)
			if err != nil {
				return nil, err
			}
			out[i] = arg{vals: []Value{v}, isRef: true}
		default:
			v, err := ev.eval(a)
			if err != nil {
				return nil, err
			}
			out[i] = arg{vals: []Value{v}}
		}
	}
	return out, nil
}

// scalar is argument i as one value: a range there is refused.
func (ev *evaluator) scalar(c call, i int) (Value, error) {
	if _, ok := c.args[i].(rangeNode); ok {
		return Value{}, refuse("%s() is given a range where one value belongs", c.name)
	}
	return ev.eval(c.args[i])
}

func (ev *evaluator) call(c call) (Value, error) {
	if why, ok := volatile[c.name]; ok {
		return Value{}, refuse("%s() %s", c.name, why)
	}
	ar, ok := arity[c.name]
	if !ok {
		return Value{}, refuse("aitkit does not compute %s()", c.name)
	}
	if len(c.args) < ar[0] || ar[1] >= 0 && len(c.args) > ar[1] {
		return Value{}, refuse("%s() is given %d arguments", c.name, len(c.args))
	}
	switch c.name {
	case "IF":
		cond, err := ev.scalar(c, 0)
		if err != nil || cond.Kind == Error {
			return cond, err
		}
		t, bad, err := truth(cond)
		if err != nil || bad.Kind == Error {
			return bad, err
		}
		switch {
		case t && len(c.args) >= 2:
			return ev.branch(c, 1)
		case !t && len(c.args) == 3:
			return ev.branch(c, 2)
		}
		return Bool(t), nil
	case "IFERROR":
		v, err := ev.scalar(c, 0)
		if err != nil {
			return Value{}, err
		}
		if v.Kind == Error {
			return ev.branch(c, 1)
		}
		return ev.result(v), nil
	case "NOT":
		v, err := ev.scalar(c, 0)
		if err != nil || v.Kind == Error {
			return v, err
		}
		t, bad, err := truth(v)
		if err != nil || bad.Kind == Error {
			return bad, err
		}
		return Bool(!t), nil
	}
	args, err := ev.args(c)
	if err != nil {
		return Value{}, err
	}
	switch c.name {
	case "SUM", "AVERAGE", "MIN", "MAX", "COUNT":
		return aggregate(c.name, args)
	case "AND", "OR":
		return logical(c.name, args)
	case "CONCAT", "CONCATENATE":
		var b strings.Builder
		for _, a := range args {
			if a.isRef && len(a.vals) > 1 && c.name == "CONCATENATE" {
				return Value{}, refuse("CONCATENATE() is given a range")
			}
			for _, v := range a.vals {
				if v.Kind == Error {
					return v, nil
				}
				s, err := toText(v)
				if err != nil {
					return Value{}, err
				}
				b.WriteString(s)
			}
		}
		if b.Len() > 32767 {
			return Err("#VALUE!"), nil
		}
		return Str(b.String()), nil
	}
	// The rest take single values.
	vals := make([]Value, len(args))
	for i, a := range args {
		if len(a.vals) != 1 {
			return Value{}, refuse("%s() is given a range where one value belongs", c.name)
		}
		if a.vals[0].Kind == Error {
			return a.vals[0], nil
		}
		vals[i] = a.vals[0]
	}
	switch c.name {
	case "ABS", "INT":
		f, bad, err := toNumber(vals[0])
		if err != nil || bad {
			return Err("#VALUE!"), err
		}
		if c.name == "ABS" {
			return Num(math.Abs(f)), nil
		}
		return Num(math.Floor(f)), nil
	case "ROUND", "ROUNDUP", "ROUNDDOWN":
		f, bad, err := toNumber(vals[0])
		if err != nil || bad {
			return Err("#VALUE!"), err
		}
		n, bad, err := toNumber(vals[1])
		if err != nil || bad {
			return Err("#VALUE!"), err
		}
		return Num(roundDecimal(f, int(math.Trunc(n)), c.name)), nil
	case "DATE":
		var ymd [3]float64
		for i := range ymd {
			f, bad, err := toNumber(vals[i])
			if err != nil || bad {
				return Err("#VALUE!"), err
			}
			ymd[i] = math.Trunc(f)
		}
		return ev.date(ymd)
	case "LEN":
		s, err := toText(vals[0])
		if err != nil {
			return Value{}, err
		}
		return Num(float64(len(units16(s)))), nil
	case "UPPER", "LOWER", "TRIM":
		s, err := toText(vals[0])
		if err != nil {
			return Value{}, err
		}
		switch c.name {
		case "UPPER":
			return Str(strings.ToUpper(s)), nil
		case "LOWER":
			return Str(strings.ToLower(s)), nil
		}
		return Str(strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' }), " ")), nil
	case "LEFT", "RIGHT", "MID":
		return substring(c.name, vals)
	}
	return Value{}, refuse("aitkit does not compute %s()", c.name)
}

// branch computes argument i of IF or IFERROR: an empty one is 0.
func (ev *evaluator) branch(c call, i int) (Value, error) {
	if _, ok := c.args[i].(missing); ok {
		return Num(0), nil
	}
	v, err := ev.scalar(c, i)
	return ev.result(v), err
}

// result is a value as a formula gives it: an empty cell is 0.
func (ev *evaluator) result(v Value) Value {
	if v.Kind == Empty {
		return Num(0)
	}
	return v
}

// aggregate computes SUM, AVERAGE, MIN, MAX and COUNT. In a reference,
// only numbers count; written in the formula, TRUE is 1 and text that is
// a plain number counts.
func aggregate(name string, args []arg) (Value, error) {
	sum, n := 0.0, 0
	lo, hi := math.Inf(1), math.Inf(-1)
	add := func(f float64) {
		sum += f
		n++
		lo, hi = math.Min(lo, f), math.Max(hi, f)
	}
	for _, a := range args {
		for _, v := range a.vals {
			switch {
			case v.Kind == Error && name == "COUNT":
			case v.Kind == Error:
				return v, nil
			case v.Kind == Number:
				add(v.Num)
			case a.isRef:
				// Text, booleans and empty cells in a reference are passed
				// over.
			case v.Kind == Boolean:
				add(v.Num)
			case v.Kind == Empty:
				if name != "COUNT" {
					add(0)
				}
			case v.Kind == Text:
				f, ok := plainNumber(v.Str)
				switch {
				case ok:
					add(f)
				case name == "COUNT":
				case !strings.ContainsAny(v.Str, "0123456789"):
					return Err("#VALUE!"), nil
				default:
					return Value{}, refuse("%s() is given the text %q as a number", name, v.Str)
				}
			}
		}
	}
	switch name {
	case "SUM":
		return Num(sum), nil
	case "COUNT":
		return Num(float64(n)), nil
	case "AVERAGE":
		if n == 0 {
			return Err("#DIV/0!"), nil
		}
		return Num(sum / float64(n)), nil
	case "MIN":
		if n == 0 {
			return Num(0), nil
		}
		return Num(lo), nil
	}
	if n == 0 {
		return Num(0), nil
	}
	return Num(hi), nil
}

// logical computes AND and OR.
func logical(name string, args []arg) (Value, error) {
	seen, all, some := false, true, false
	for _, a := range args {
		for _, v := range a.vals {
			switch {
			case v.Kind == Error:
				return v, nil
			case v.Kind == Number || v.Kind == Boolean:
				seen = true
				all, some = all && v.Num != 0, some || v.Num != 0
			case a.isRef:
			case v.Kind == Text:
				return Value{}, refuse("%s() is given the text %q", name, v.Str)
			}
		}
	}
	if !seen {
		return Err("#VALUE!"), nil
	}
	if name == "AND" {
		return Bool(all), nil
	}
	return Bool(some), nil
}

// substring computes LEFT, RIGHT and MID, counting UTF-16 code units as
// spreadsheet programs do.
func substring(name string, vals []Value) (Value, error) {
	s, err := toText(vals[0])
	if err != nil {
		return Value{}, err
	}
	u := units16(s)
	num := func(i int, def float64) (int, bool, error) {
		if i >= len(vals) {
			return int(def), true, nil
		}
		f, bad, err := toNumber(vals[i])
		if err != nil || bad || f < 0 || f > 1<<20 {
			return 0, false, err
		}
		return int(math.Trunc(f)), true, nil
	}
	var from, to int
	switch name {
	case "LEFT", "RIGHT":
		n, ok, err := num(1, 1)
		if err != nil || !ok {
			return Err("#VALUE!"), err
		}
		n = min(n, len(u))
		from, to = 0, n
		if name == "RIGHT" {
			from, to = len(u)-n, len(u)
		}
	default:
		start, ok1, err := num(1, 0)
		if err != nil {
			return Value{}, err
		}
		n, ok2, err := num(2, 0)
		if err != nil || !ok1 || !ok2 || start < 1 {
			return Err("#VALUE!"), err
		}
		from = min(start-1, len(u))
		to = min(from+n, len(u))
	}
	cut := func(i int) bool { return i > 0 && i < len(u) && utf16.IsSurrogate(rune(u[i])) && u[i] >= 0xDC00 }
	if cut(from) || cut(to) {
		return Value{}, refuse("%s() cuts a character in two", name)
	}
	return Str(string(utf16.Decode(u[from:to]))), nil
}

// date computes DATE(year, month, day) as a serial in the workbook's date
// system, months and days past their range carried as Excel carries them.
func (ev *evaluator) date(ymd [3]float64) (Value, error) {
	y, m, d := ymd[0], ymd[1], ymd[2]
	if !ev.ctx.NullDate.IsZero() && y < 1900 {
		return Value{}, refuse("DATE() with the year %v, which LibreOffice reads by its settings (two-digit years) or as is, and Excel as %v", y, y+1900)
	}
	if y >= 0 && y < 1900 {
		y += 1900
	}
	if y < 0 || y > 9999 || math.Abs(m) > 1e6 || math.Abs(d) > 1e8 {
		return Err("#NUM!"), nil
	}
	t := time.Date(int(y), time.Month(int(m)), int(d), 0, 0, 0, 0, time.UTC)
	var serial float64
	switch {
	case !ev.ctx.NullDate.IsZero():
		serial = daysBetween(ev.ctx.NullDate, t)
		if serial < 0 {
			return Value{}, refuse("DATE() before the spreadsheet's first day (%s)", ev.ctx.NullDate.Format("2006-01-02"))
		}
	case ev.ctx.Date1904:
		serial = daysBetween(time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC), t)
	default:
		if t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
			return Value{}, refuse("DATE() before March 1900, where Excel counts a day that never was")
		}
		serial = daysBetween(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC), t)
	}
	if serial < 0 || t.Year() > 9999 {
		return Err("#NUM!"), nil
	}
	return Num(serial), nil
}

// daysBetween is the number of days from one midnight to another, in
// any years (time.Time.Sub stops at 292 years).
func daysBetween(from, to time.Time) float64 {
	return float64((to.Unix() - from.Unix()) / 86400)
}

// roundDecimal rounds f to n decimal places (n < 0: to tens, hundreds) on
// its 15 significant digits, as spreadsheets round: ROUND half away from
// zero, ROUNDUP away from zero, ROUNDDOWN toward zero.
func roundDecimal(f float64, n int, mode string) float64 {
	if f == 0 || math.IsInf(f, 0) || math.IsNaN(f) || n > 300 || n < -300 {
		return f
	}
	neg := f < 0
	s := strconv.FormatFloat(math.Abs(f), 'e', 14, 64) // d.dddddddddddddde±XX
	e := strings.IndexByte(s, 'e')
	exp, _ := strconv.Atoi(s[e+1:])
	digits := []byte(s[:1] + s[2:e]) // value = 0.digits × 10^(exp+1)
	keep := exp + 1 + n
	if keep >= len(digits) {
		return f
	}
	var up bool
	switch mode {
	case "ROUND":
		up = keep >= 0 && digits[max(keep, 0)] >= '5'
	case "ROUNDUP":
		for _, c := range digits[max(keep, 0):] {
			up = up || c != '0'
		}
	}
	var out []byte
	if keep > 0 {
		out = append(out, digits[:keep]...)
	}
	if up {
		i := len(out) - 1
		for i >= 0 && out[i] == '9' {
			out[i] = '0'
			i--
		}
		if i < 0 {
			out = append([]byte{'1'}, out...)
			keep++
		} else {
			out[i]++
		}
		if keep <= 0 {
			out, keep = []byte{'1'}, 1
		}
	}
	if len(out) == 0 {
		return 0
	}
	// out holds the digits down to the one at 10^-n.
	r, _ := strconv.ParseFloat(string(out)+"e"+strconv.Itoa(-n), 64)
	if neg {
		r = -r
	}
	return r
}
