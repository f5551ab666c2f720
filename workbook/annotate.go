package workbook

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ValidationSheet is the sheet Annotate puts first.
const ValidationSheet = "Validation"

// Mark is one error to show in a workbook: the cell, and what is wrong.
type Mark struct {
	Sheet, Cell string
	Field       string
	Value       string
	Message     string
}

// Counts are a report's numbers, for the Validation sheet.
type Counts struct {
	Total, Valid, Invalid int
}

// Annotate writes a copy of the workbook at path to w in which every cell
// with an error is filled red and carries a comment with its messages, and
// a first sheet "Validation" lists every error with a link to its cell and
// the counts. Cells without errors keep their look; the input is only read.
func Annotate(path string, w io.Writer, marks []Mark, counts Counts) error {
	f, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 256 << 20})
	if err != nil {
		return err
	}
	defer f.Close()

	type key struct{ sheet, cell string }
	byCell := map[key][]Mark{}
	var order []key
	for _, m := range marks {
		k := key{m.Sheet, m.Cell}
		if _, ok := byCell[k]; !ok {
			order = append(order, k)
		}
		byCell[k] = append(byCell[k], m)
	}
	red := map[int]int{} // a cell's style -> the same style, filled red
	for _, k := range order {
		orig, err := f.GetCellStyle(k.sheet, k.cell)
		if err != nil {
			return fmt.Errorf("%s!%s: %w", k.sheet, k.cell, err)
		}
		id, ok := red[orig]
		if !ok {
			st, err := f.GetStyle(orig)
			if err != nil {
				return err
			}
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}
			if st.Font == nil {
				st.Font = &excelize.Font{}
			}
			st.Font.Color = "9C0006"
			if id, err = f.NewStyle(st); err != nil {
				return err
			}
			red[orig] = id
		}
		if err := f.SetCellStyle(k.sheet, k.cell, k.cell, id); err != nil {
			return err
		}
		if err := addNote(f, k.sheet, k.cell, byCell[k]); err != nil {
			return err
		}
	}
	return writeValidationSheet(f, w, marks, counts)
}

// addNote puts the messages in the cell's comment, after what the user had
// written there.
func addNote(f *excelize.File, sheet, cell string, ms []Mark) error {
	var lines []string
	for _, m := range ms {
		lines = append(lines, m.Message)
	}
	text := "ait-validate:\n" + strings.Join(lines, "\n")
	comments, err := f.GetComments(sheet)
	if err != nil {
		return err
	}
	for _, c := range comments {
		if c.Cell == cell {
			old := c.Text
			for _, p := range c.Paragraph {
				old += p.Text
			}
			text = old + "\n\n" + text
			if err := f.DeleteComment(sheet, cell); err != nil {
				return err
			}
		}
	}
	return f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "ait-validate", Paragraph: []excelize.RichTextRun{{Text: text}}, Width: 300, Height: 40 + 15*uint(len(lines))})
}

func writeValidationSheet(f *excelize.File, w io.Writer, marks []Mark, counts Counts) error {
	name := ValidationSheet
	for n := 2; ; n++ {
		if idx, _ := f.GetSheetIndex(name); idx < 0 {
			break
		}
		name = fmt.Sprintf("%s (%d)", ValidationSheet, n)
	}
	first := f.GetSheetList()[0]
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	if err := f.MoveSheet(name, first); err != nil {
		return err
	}
	l := layout{f: f, sheet: name}
	bold, link, wrap := l.style(boldStyle), l.style(linkStyle), l.style(wrapStyle)
	verdict := "Every record is valid."
	if counts.Invalid > 0 {
		verdict = fmt.Sprintf("%d of %d records have errors: fix the red cells (each has a comment), then check again.", counts.Invalid, counts.Total)
	}
	rows := [][]any{
		{"ait-validate", verdict},
		{"Records", counts.Total},
		{"Valid", counts.Valid},
		{"With errors", counts.Invalid},
		{},
		{"Sheet", "Cell", "Field", "Value", "Message"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	l.cells("A1", "A4", bold)
	l.cells("A6", "E6", bold)
	for i, m := range marks {
		r := i + 7
		if err := f.SetSheetRow(name, fmt.Sprintf("A%d", r), &[]any{m.Sheet, m.Cell, m.Field, m.Value, m.Message}); err != nil {
			return err
		}
		ref := fmt.Sprintf("'%s'!%s", strings.ReplaceAll(m.Sheet, "'", "''"), m.Cell)
		if err := f.SetCellHyperLink(name, fmt.Sprintf("B%d", r), ref, "Location", excelize.HyperlinkOpts{Tooltip: strPtr("Go to " + ref)}); err != nil {
			return err
		}
		l.cells(fmt.Sprintf("B%d", r), fmt.Sprintf("B%d", r), link)
		l.cells(fmt.Sprintf("E%d", r), fmt.Sprintf("E%d", r), wrap)
	}
	l.width("A", "A", 16)
	l.width("B", "D", 14)
	l.width("E", "E", 90)
	if l.err != nil {
		return l.err
	}
	idx, err := f.GetSheetIndex(name)
	if err != nil {
		return err
	}
	f.SetActiveSheet(idx)
	_, err = f.WriteTo(w)
	return err
}

func strPtr(s string) *string { return &s }
