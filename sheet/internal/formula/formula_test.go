package formula

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// grid is a sheet's cells for the tests: "A1" -> value; a cell named in
// unknown is a formula not computed; rows before kept are no longer kept.
type grid struct {
	cells   map[string]Value
	unknown map[string]bool
	kept    int
}

func (g grid) Value(row, col int) (Value, error) {
	ref := fmt.Sprintf("%c%d", 'A'+col, row)
	if g.unknown[ref] {
		return Value{}, refuse("it refers to %s, a formula not computed", ref)
	}
	if row < g.kept {
		return Value{}, refuse("it refers to row %d, no longer kept", row)
	}
	return g.cells[ref], nil
}

func TestEval(t *testing.T) {
	g := grid{cells: map[string]Value{
		"A1": Str("Header"), "B1": Num(45841),
		"A2": Num(2), "B2": Num(4), "C2": Str("PLAN"), "D2": Str("5"), "E2": Bool(true), "F2": Str("x"), "G2": Num(0.5),
		"A3": Num(3), "B3": Str("text"), "C3": Num(0), "D3": Str("1,234"), "E3": Err("#N/A"),
	}, unknown: map[string]bool{"H3": true}}
	at := func(row, col int) Context { return Context{Sheet: "Tracker", Row: row, Col: col, Cells: g} }
	tests := []struct {
		formula string
		want    Value
	}{
		{"1+2*3", Num(7)},
		{"(1+2)*3", Num(9)},
		{"-2^2", Num(4)},
		{"2^3^2", Num(64)},
		{"2^-1", Num(0.5)},
		{"50%", Num(0.5)},
		{"-5%", Num(-0.05)},
		{"A2*B2", Num(8)},
		{"$A$2+A$3", Num(5)},
		{"B2/A2", Num(2)},
		{"A2/C3", Err("#DIV/0!")},
		{"A2+D2", Num(7)},
		{"A2+E2", Num(3)},
		{"A2+F2", Err("#VALUE!")},
		{"A2+E3", Err("#N/A")},
		{"A2+Z9", Num(2)},
		{`"PLAN-"&A2`, Str("PLAN-2")},
		{`C2&"-"&TEXTX`, Value{}}, // refused below
		{`CONCATENATE(C2,"-",A2)`, Str("PLAN-2")},
		{`_xlfn.CONCAT(A2:C2)`, Str("24PLAN")},
		{`A2&E2`, Str("2TRUE")},
		{`IF(A2>1,"big","small")`, Str("big")},
		{`IF(A2>5,"big")`, Bool(false)},
		{`IF(A2>5,"big",)`, Num(0)},
		{`IF(C3,1/C3,"none")`, Str("none")},
		{`IF("TRUE",1,2)`, Num(1)},
		{`IF(F2,1,2)`, Err("#VALUE!")},
		{`IFERROR(A2/C3,-1)`, Num(-1)},
		{`IFERROR(A2,-1)`, Num(2)},
		{`SUM(A2:B3)`, Num(9)},
		{`SUM(A2:B3,"5",TRUE)`, Num(15)},
		{`SUM(D2)`, Num(0)},
		{`AVERAGE(A2:B2)`, Num(3)},
		{`AVERAGE(B3)`, Err("#DIV/0!")},
		{`MIN(A2:B3)`, Num(2)},
		{`MAX(A2:B3,7)`, Num(7)},
		{`COUNT(A1:B3)`, Num(4)},
		{`SUM(A2:E3)`, Err("#N/A")},
		{`ROUND(2.675,2)`, Num(2.68)},
		{`ROUND(-2.5,0)`, Num(-3)},
		{`ROUND(1234.5,-2)`, Num(1200)},
		{`ROUND(0.6,0)`, Num(1)},
		{`ROUND(0.04,0)`, Num(0)},
		{`ROUNDUP(0.06,0)`, Num(1)},
		{`ROUNDDOWN(-1.99,1)`, Num(-1.9)},
		{`ROUND(G2/3,2)`, Num(0.17)},
		{`INT(-1.5)`, Num(-2)},
		{`ABS(-3)`, Num(3)},
		{`AND(A2>1,E2)`, Bool(true)},
		{`OR(A2>5,C3)`, Bool(false)},
		{`NOT(C3)`, Bool(true)},
		{`A2=2`, Bool(true)},
		{`C2="plan"`, Bool(true)},
		{`C2<>"plan"`, Bool(false)},
		{`"b">"A"`, Bool(true)},
		{`1<"a"`, Bool(true)},
		{`Z9=0`, Bool(true)},
		{`Z9=""`, Bool(true)},
		{`LEN("🙂a")`, Num(3)},
		{`LEFT(C2,2)&RIGHT(C2)&MID(C2,2,2)`, Str("PLNLA")},
		{`UPPER("ok")&LOWER("OK")`, Str("OKok")},
		{`TRIM("  a   b ")`, Str("a b")},
		{`DATE(2025,7,3)`, Num(45841)},
		{`DATE(2025,13,1)`, Num(46023)},
		{`DATE(125,1,1)`, Num(45658)},
		{`DATE(2200,1,1)`, Num(109575)},
		{`DATE(9999,12,31)`, Num(2958465)},
		{`B1+1`, Num(45842)},
		{`Tracker!A2+'Tracker'!B2`, Num(6)},
		{`SUM(A2:A3)/COUNT(A2:A3)`, Num(2.5)},
		{`#N/A`, Err("#N/A")},
		{`1e3+.5`, Num(1000.5)},
	}
	for _, tt := range tests {
		if tt.want.Kind == Empty {
			continue
		}
		e, err := Parse(tt.formula, Excel)
		if err != nil {
			t.Errorf("%s: %v", tt.formula, err)
			continue
		}
		got, err := e.Eval(at(4, 0))
		if err != nil || got != tt.want {
			t.Errorf("%s = %+v, %v; want %+v", tt.formula, got, err, tt.want)
		}
	}
}

// TestRefused: what is not computed exactly as Excel and LibreOffice do
// is refused, with the reason.
func TestRefused(t *testing.T) {
	g := grid{cells: map[string]Value{"A2": Num(2), "D3": Str("1,234"), "B3": Str("abc"), "C3": Num(0.5)}, unknown: map[string]bool{"H3": true}, kept: 2}
	tests := []struct{ formula, why string }{
		{"TODAY()", "changes every day"},
		{"NOW()+1", "changes every second"},
		{"RAND()", "random"},
		{"VLOOKUP(A2,B:C,2,FALSE)", "VLOOKUP"},
		{"Other!A1", "another sheet"},
		{"'Q1 2025'!A1*2", "another sheet"},
		{"A1+1", "no longer kept"},
		{"H3*2", "not computed"},
		{"SUM(A:A)", "whole columns"},
		{"D3+1", `"1,234" as a number`},
		{`"x"&C3`, "decimal separator"},
		{"MyTotal*2", "the name MyTotal"},
		{"A2:A3", "range where one value"},
		{"A4+1", "its own cell"},
		{"SUM(A2:A9)", "its own cell"},
		{"0^0", "0^0"},
		{`"a-b"<"ab"`, "sort"},
		{"DATE(1900,1,1)", "never was"},
		{"of:=DATE(25;1;1)", "two-digit years"},
		{"of:=DATE(1899;12;31)", "or as is"},
	}
	for _, tt := range tests {
		ctx, syntax := Context{Sheet: "Tracker", Row: 4, Col: 0, Cells: g}, Excel
		if strings.HasPrefix(tt.formula, "of:") {
			ctx.NullDate, syntax = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC), OpenFormula
		}
		e, err := Parse(tt.formula, syntax)
		if err == nil {
			_, err = e.Eval(ctx)
		}
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(r.Reason, tt.why) {
			t.Errorf("%s: %v, want a refusal saying %q", tt.formula, err, tt.why)
		}
	}
	// A day before the null date is refused (LibreOffice counts back).
	e, _ := Parse("of:=DATE(1902;1;1)", OpenFormula)
	if _, err := e.Eval(Context{Row: 4, Cells: g, NullDate: time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil || !strings.Contains(err.Error(), "first day (1904-01-01)") {
		t.Errorf("DATE before the null date: %v", err)
	}
	for _, bad := range []string{"1+", "(1", "SUM(1", `"open`, "1 2", "A1:", "@", "SUM(1,,2"} {
		if e, err := Parse(bad, Excel); err == nil {
			if _, err := e.Eval(Context{Row: 9, Cells: g}); err == nil {
				t.Errorf("%q parsed and computed", bad)
			}
		}
	}
}

// TestShift: a shared formula written for its first cell is computed for
// another by moving its relative references.
func TestShift(t *testing.T) {
	g := grid{cells: map[string]Value{"A2": Num(2), "A5": Num(5), "B5": Num(7), "A1": Num(100)}}
	e, err := Parse("A2*2+$A$1+B$1", Excel)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Eval(Context{Row: 5, Col: 2, DRow: 3, DCol: 0, Cells: g})
	if err != nil || got != Num(110) {
		t.Errorf("shifted: %+v, %v", got, err)
	}
}

// TestOpenFormula: OpenDocument's syntax reads as Excel's.
func TestOpenFormula(t *testing.T) {
	g := grid{cells: map[string]Value{"A2": Num(2), "B2": Num(4), "C2": Str("P")}}
	for formula, want := range map[string]Value{
		"of:=[.A2]*[.B2]":                  Num(8),
		"of:=SUM([.A2:.B2])":               Num(6),
		`of:=CONCATENATE([.C2];"-";[.A2])`: Str("P-2"),
		`of:=IF([.A2]>1;"y";"n")`:          Str("y"),
		"of:=[$Tracker.$A$2]+1":            Num(3),
	} {
		e, err := Parse(formula, OpenFormula)
		if err != nil {
			t.Errorf("%s: %v", formula, err)
			continue
		}
		got, err := e.Eval(Context{Sheet: "Tracker", Row: 3, Col: 0, Cells: g})
		if err != nil || got != want {
			t.Errorf("%s = %+v, %v; want %+v", formula, got, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"1+2", `IF(A1>0,"a",B2&"c")`, "SUM($A$1:B9)", "of:=[.A1]*2", "'x y'!A1", "-(-(1))%"} {
		f.Add(s)
	}
	g := grid{cells: map[string]Value{}}
	f.Fuzz(func(t *testing.T, s string) {
		for _, syn := range []Syntax{Excel, OpenFormula} {
			e, err := Parse(s, syn)
			if err != nil {
				continue
			}
			e.Eval(Context{Row: 5, Col: 5, Cells: g, MaxCells: 1000})
		}
	})
}
