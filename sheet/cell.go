package sheet

import (
	"strconv"
	"strings"
	"unicode"
)

// Kind says what a cell holds, as its format tells it.
type Kind uint8

// Cell kinds.
const (
	Text       Kind = iota // text, as typed
	Number                 // a number as stored ("0.54300000000000004")
	Percent                // a number with a percent format: already a fraction
	Date                   // a date cell, already YYYY-MM-DD
	Bool                   // TRUE or FALSE
	ErrorValue             // a formula error such as #N/A
	Formula                // a formula whose value is not known; Value is the formula, Shown why
	Nested                 // a JSON object or array where a value belongs
	// LiteralPercent is a number whose format shows a literal percent
	// sign after it (0"%", 0\%): 54 shows 54%, which means 0.54. Value is
	// the number as stored (54), Shown the text (54%).
	LiteralPercent
)

var kindNames = [...]string{"text", "number", "percent", "date", "bool", "error", "formula", "nested", "literal percent"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// SheetKind says what a sheet of a workbook is. Only worksheets hold
// cells to read: the rows of any other kind are none.
type SheetKind uint8

// Sheet kinds.
const (
	Worksheet   SheetKind = iota // rows and columns of cells
	ChartSheet                   // a chart that fills a sheet of its own
	DialogSheet                  // an Excel 5 dialog sheet
	MacroSheet                   // an Excel 4 macro sheet (XLM)
)

var sheetKindNames = [...]string{"worksheet", "chart sheet", "dialog sheet", "macro sheet"}

func (k SheetKind) String() string {
	if int(k) < len(sheetKindNames) {
		return sheetKindNames[k]
	}
	return "sheet kind(" + strconv.Itoa(int(k)) + ")"
}

// Info describes one sheet of a workbook.
type Info struct {
	Name string
	Kind SheetKind
	// Hidden is true for a hidden sheet, and for a very hidden one, which
	// only a macro or the VBA editor shows again (VeryHidden).
	Hidden     bool
	VeryHidden bool
}

// Cell is one value of a row.
type Cell struct {
	Value string
	Kind  Kind
	// Shown is the text a Number or LiteralPercent cell shows when its
	// number format makes it differ from the number (00123 for 123
	// formatted 00000, 54% for 54 formatted 0"%", 0.50 for 0.5 formatted
	// 0.00); "" when it shows as the number. For a Formula cell, why its
	// value is not known; for an ErrorValue a reader computed, the
	// formula that gave it.
	Shown string
}

// Empty tells whether the cell holds nothing: no value, or only white space.
func (c Cell) Empty() bool { return c.Kind == Text && IsBlank(c.Value) }

// Row is one row of a source: its cells, from column A (index 0), and its
// number: the workbook row, the line of delimited text where the record
// starts, or the index of a JSON record. A reader may reuse Cells for the
// next row; the strings in it never change.
type Row struct {
	Num   int
	Cells []Cell
	// BlankBefore counts the empty lines of delimited text right before
	// the row, which encoding/csv passes over.
	BlankBefore int
	// Hidden is true for a workbook row that does not show: hidden by
	// the user, in a collapsed outline, or filtered out by a filter.
	Hidden bool
}

// Blank tells whether every cell of the row is empty.
func (r Row) Blank() bool {
	for _, c := range r.Cells {
		if !c.Empty() {
			return false
		}
	}
	return true
}

// Texts returns the values of the row's cells.
func (r Row) Texts() []string {
	out := make([]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Value
	}
	return out
}

// Clone returns a copy of the row whose Cells the reader will not reuse.
func (r Row) Clone() Row {
	r.Cells = append([]Cell(nil), r.Cells...)
	return r
}

// Place is where a value sits in the user's input: a workbook cell
// (tracker.xlsx!Updates!D17), a line of delimited text (updates.csv:18) or
// a record of a JSON array (updates.json[16]).
type Place struct {
	File  string
	Sheet string // workbook sheet, with Cell
	Cell  string // "D17"
	Line  int    // 1-based line of delimited text; 0 when not a line
	Index int    // 0-based index in a JSON array; -1 when not a record
}

// CellPlace is the place of a workbook cell: column col (0-based) of row
// num.
func CellPlace(file, sheet string, num, col int) Place {
	var b [16]byte
	cell := strconv.AppendInt(append(b[:0], ColumnName(max(col, 0))...), int64(num), 10)
	return Place{File: file, Sheet: sheet, Cell: string(cell), Index: -1}
}

// LinePlace is the place of a line of delimited text.
func LinePlace(file string, line int) Place { return Place{File: file, Line: line, Index: -1} }

// RecordPlace is the place of the record at index i of a JSON array.
func RecordPlace(file string, i int) Place { return Place{File: file, Index: i} }

// String formats the place the way every message names it; "" for a
// place without a file.
func (p Place) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Sheet != "":
		return p.File + "!" + QuoteSheet(p.Sheet) + "!" + p.Cell
	case p.Line > 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	case p.Index >= 0:
		return p.File + "[" + strconv.Itoa(p.Index) + "]"
	}
	return p.File
}

// QuoteSheet quotes a sheet name the way Excel references do when it holds
// anything but letters, digits and underscores.
func QuoteSheet(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	}
	return s
}

// ColumnName returns the letters of a 0-based column index: 0 is A, 26 is
// AA.
func ColumnName(i int) string {
	var b [8]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// ColumnIndex reads the column of a cell reference such as "D17" (or the
// letters alone): 0 for A. ok is false without letters or past column
// XFD, the last Excel has.
func ColumnIndex[T string | []byte](ref T) (col int, ok bool) {
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		c := ref[i] | 0x20
		col = col*26 + int(c-'a'+1)
		i++
		if col > MaxColumns {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}

// IsBlank tells whether s holds only white space.
func IsBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
		default:
			if s[i] < 0x80 {
				return false
			}
			for _, r := range s[i:] {
				if !unicode.IsSpace(r) {
					return false
				}
			}
			return true
		}
	}
	return true
}
