package workbook

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The Validation sheet Annotate puts first: the report's counts, then
// every error with its sheet, cell (a link to it), field, value and
// message. Its rows and links are spooled as the marks go by and the part
// is put together at the end.
type validationSheet struct {
	rows, links *spool
	n           int // errors listed
	styles      *stylesEditor
}

// firstErrorRow is the row of the first error listed.
const firstErrorRow = 7

func newValidationSheet(st *stylesEditor) (*validationSheet, error) {
	v := &validationSheet{styles: st}
	var err error
	if v.rows, err = newSpool(); err != nil {
		return nil, err
	}
	if v.links, err = newSpool(); err != nil {
		v.close()
		return nil, err
	}
	return v, nil
}

func (v *validationSheet) close() {
	v.rows.close()
	v.links.close()
}

// inlineCell writes a text cell.
func inlineCell(w io.Writer, ref string, style int, text string) {
	s := ""
	if style > 0 {
		s = fmt.Sprintf(` s="%d"`, style)
	}
	fmt.Fprintf(w, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">`, ref, s)
	escapeTo(w, text)
	io.WriteString(w, `</t></is></c>`)
}

// add lists one error; linked when its cell is in the workbook.
func (v *validationSheet) add(m mark, linked bool) {
	r := firstErrorRow + v.n
	v.n++
	fmt.Fprintf(v.rows, `<row r="%d">`, r)
	inlineCell(v.rows, "A"+strconv.Itoa(r), 0, m.Sheet)
	cellStyle := 0
	if linked {
		cellStyle = v.styles.link
	}
	inlineCell(v.rows, "B"+strconv.Itoa(r), cellStyle, m.Cell)
	inlineCell(v.rows, "C"+strconv.Itoa(r), 0, m.Field)
	inlineCell(v.rows, "D"+strconv.Itoa(r), 0, m.Value)
	inlineCell(v.rows, "E"+strconv.Itoa(r), v.styles.wrap, m.Message)
	io.WriteString(v.rows, `</row>`)
	if linked {
		ref := "'" + strings.ReplaceAll(m.Sheet, "'", "''") + "'!" + m.Cell
		fmt.Fprintf(v.links, `<hyperlink ref="B%d" location="%s" tooltip="%s" display="%s"/>`, r, escape(ref), escape("Go to "+ref), escape(m.Cell))
	}
}

// write writes the sheet's part.
func (v *validationSheet) write(w io.Writer, ns namespaces, counts Counts) error {
	last := firstErrorRow - 1 + v.n
	fmt.Fprintf(w, xmlDeclaration+`<worksheet xmlns="%s" xmlns:r="%s"><dimension ref="A1:E%d"/>`, ns.main, ns.rels, last)
	io.WriteString(w, `<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	io.WriteString(w, `<cols><col min="1" max="1" width="16" customWidth="1"/><col min="2" max="4" width="14" customWidth="1"/><col min="5" max="5" width="90" customWidth="1"/></cols><sheetData>`)
	verdict := "Every record is valid."
	if counts.Invalid > 0 {
		verdict = fmt.Sprintf("%d of %d records have errors: fix the red cells (each has a comment), then check again.", counts.Invalid, counts.Total)
	}
	b := v.styles.bold
	io.WriteString(w, `<row r="1">`)
	inlineCell(w, "A1", b, "ait-validate")
	inlineCell(w, "B1", 0, verdict)
	io.WriteString(w, `</row>`)
	for i, c := range []struct {
		label string
		n     int
	}{{"Records", counts.Total}, {"Valid", counts.Valid}, {"With errors", counts.Invalid}} {
		fmt.Fprintf(w, `<row r="%d">`, i+2)
		inlineCell(w, "A"+strconv.Itoa(i+2), b, c.label)
		fmt.Fprintf(w, `<c r="B%d"><v>%d</v></c></row>`, i+2, c.n)
	}
	io.WriteString(w, `<row r="6">`)
	for i, h := range []string{"Sheet", "Cell", "Field", "Value", "Message"} {
		inlineCell(w, string(rune('A'+i))+"6", b, h)
	}
	io.WriteString(w, `</row>`)
	if err := v.rows.copyTo(w); err != nil {
		return err
	}
	io.WriteString(w, `</sheetData>`)
	if v.links.Buffered() > 0 || v.hasLinks() {
		io.WriteString(w, `<hyperlinks>`)
		if err := v.links.copyTo(w); err != nil {
			return err
		}
		io.WriteString(w, `</hyperlinks>`)
	}
	_, err := io.WriteString(w, `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return err
}

// hasLinks tells whether links were spooled to disk already.
func (v *validationSheet) hasLinks() bool {
	st, err := v.links.f.Stat()
	return err == nil && st.Size() > 0
}
