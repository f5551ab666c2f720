package workbook

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// A failing step is reported, and the first failure is the one kept.
func TestLayoutKeepsFirstError(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	l := layout{f: f, sheet: "Sheet1"}
	bold := l.style(boldStyle)
	l.cells("A1", "B2", bold)
	l.width("A", "C", 20)
	if l.err != nil {
		t.Fatalf("valid layout: %v", l.err)
	}
	if w, _ := f.GetColWidth("Sheet1", "B"); w != 20 {
		t.Errorf("column B is %v wide, want 20", w)
	}
	if id, _ := f.GetCellStyle("Sheet1", "B2"); id != bold {
		t.Errorf("B2 has style %d, want %d", id, bold)
	}

	l.width("A", "ZZZZ", 20) // not a column
	first := l.err
	if first == nil {
		t.Fatal("an invalid column was not reported")
	}
	l.cells("A1", "not a cell", bold)
	l.style(wrapStyle)
	if l.err != first {
		t.Errorf("error %v replaced the first one, %v", l.err, first)
	}
}
