package workbook

import "github.com/xuri/excelize/v2"

// The styles of the sheets we add (the help sheet, the validation sheet).
var (
	boldStyle = &excelize.Style{Font: &excelize.Font{Bold: true}}
	wrapStyle = &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}
	linkStyle = &excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}}
)

// layout styles the cells and columns of one sheet and keeps the first
// error, so that a sheet's layout reads as a list and no error is dropped.
type layout struct {
	f     *excelize.File
	sheet string
	err   error
}

// style adds a style to the workbook and gives its ID.
func (l *layout) style(st *excelize.Style) int {
	if l.err != nil {
		return 0
	}
	id, err := l.f.NewStyle(st)
	l.err = err
	return id
}

// cells gives the cells from..to (A1 references) a style.
func (l *layout) cells(from, to string, style int) {
	if l.err == nil {
		l.err = l.f.SetCellStyle(l.sheet, from, to, style)
	}
}

// width sets the width of the columns from..to (letters).
func (l *layout) width(from, to string, w float64) {
	if l.err == nil {
		l.err = l.f.SetColWidth(l.sheet, from, to, w)
	}
}
