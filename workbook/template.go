package workbook

import (
	"archive/zip"
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/internal/tempfile"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/xuri/excelize/v2"
)

// Sheet names of a template.
const (
	TrackerSheet = "Tracker"
	HelpSheet    = "How to fill"
	listsSheet   = "Lists"
)

// TemplateOptions shape a tracker.
type TemplateOptions struct {
	Statuses     schema.Statuses // the choices of the Status column; zero means the seven
	MetricNumber bool            // Metric Value as a plain number instead of a percentage
	AsOf         string          // YYYY-MM-DD to prefill As Of Date with; "" leaves it empty
}

// Export is an External IDs export read one row at a time, so that a
// template of a million items never holds them: *convert.TableReader is
// one, TableExport makes one of a table in memory.
type Export interface {
	// Columns are the header row's cells and the column of External IDs.
	Columns() (header []string, idCol int)
	// Next returns the next item's row, or io.EOF after the last.
	Next() ([]string, error)
	// Place is where column col of the row last returned is.
	Place(col int) sheet.Place
}

// MaxCellChars is the most characters (UTF-16 code units, as Excel counts
// them) a spreadsheet cell holds.
const MaxCellChars = 32767

// CellTooLongError is an export cell longer than a spreadsheet cell holds:
// the template is not written rather than written with the text cut.
type CellTooLongError struct {
	Place      sheet.Place
	ExternalID string
	Column     string
	Chars      int
}

func (e *CellTooLongError) Error() string {
	return fmt.Sprintf("%s: item %q: its %q holds %s characters, more than a spreadsheet cell holds (%s); shorten it in the export: the tracker is not written with the text cut",
		e.Place, e.ExternalID, e.Column, sheet.Count(int64(e.Chars)), sheet.Count(MaxCellChars))
}

// WriteTemplate writes a tracker for the items of an export: one row per
// item, the External ID and the export's other columns locked, then Status
// (a drop-down list), Metric Value (a percentage), As Of Date (a date) and
// Comment (wrapped text) to fill in; a frozen header row, an autofilter,
// and a "How to fill" sheet. ait-convert reads it back with no flags.
//
// The export is read once, into a temporary file (removed at the end),
// which gives the row count and the column widths the sheet must declare
// before its rows; the sheet is then written as a stream and the workbook
// zipped straight to w. A cell longer than a spreadsheet cell holds is a
// *CellTooLongError, and nothing is written.
func WriteTemplate(w io.Writer, export Export, opts TemplateOptions) error {
	if len(opts.Statuses.Names()) == 0 {
		opts.Statuses = schema.DefaultStatuses()
	}
	var asOf any
	if opts.AsOf != "" {
		d, err := time.Parse("2006-01-02", opts.AsOf)
		if err != nil {
			return fmt.Errorf("as-of date %q: %w", opts.AsOf, err)
		}
		asOf = d
	}
	// Columns: External ID, the export's other columns, then the inputs.
	exportHeader, idCol := export.Columns()
	header := []string{"External ID"}
	carried := []int{idCol}
	for i, h := range exportHeader {
		if i == idCol || strings.TrimSpace(h) == "" {
			continue
		}
		carried = append(carried, i)
		header = append(header, carriedName(h))
	}
	inputs := len(header)
	header = append(header, "Status", "Metric Value", "As Of Date", "Comment")
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
	}
	items, err := spoolItems(export, exportHeader, carried, widths)
	if err != nil {
		return err
	}
	defer items.close()
	last := items.n + 1
	col := func(i int) string { return sheet.ColumnName(i) }

	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TrackerSheet); err != nil {
		return err
	}
	st, err := newStyles(f, opts)
	if err != nil {
		return err
	}
	// What the sheet says before and after its rows is set before they are
	// streamed: the StreamWriter writes it from the sheet as it was.
	if err := f.SetSheetDimension(TrackerSheet, fmt.Sprintf("A1:%s%d", col(len(header)-1), last)); err != nil {
		return err
	}
	if err := addValidations(f, opts, col(inputs), col(inputs+1), col(inputs+2), last); err != nil {
		return err
	}
	if err := f.AutoFilter(TrackerSheet, fmt.Sprintf("A1:%s%d", col(len(header)-1), last), nil); err != nil {
		return err
	}
	// No password: the lock keeps the IDs from being typed over by mistake.
	if err := f.ProtectSheet(TrackerSheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, AutoFilter: true, Sort: true,
	}); err != nil {
		return err
	}
	if err := writeHelp(f, opts); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	// From here on, the Tracker sheet is written as a stream, and nothing
	// else touches it: it is not loaded again.
	sw, err := f.NewStreamWriter(TrackerSheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	// Column styles: the cells take them, and so do rows a user adds below
	// the last one. Widths that fit, within reason; the comment column is
	// wide and wraps.
	colStyles := make([]int, len(header))
	for i := range header {
		colStyles[i] = st.locked
	}
	colStyles[inputs], colStyles[inputs+1], colStyles[inputs+2], colStyles[inputs+3] = st.status, st.metric, st.date, st.comment
	// Last column first: excelize puts each column it is given before the
	// others, and Excel wants them in order.
	for i := len(widths) - 1; i >= 0; i-- {
		wd := widths[i]
		width := float64(min(max(wd, 10), 50)) + 2
		switch i {
		case inputs:
			width = float64(max(wd, longest(opts.Statuses.Names()))) + 4
		case inputs + 2:
			width = 14
		case inputs + 3:
			width = 60
		}
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
		if err := sw.SetColStyle(i+1, i+1, colStyles[i]); err != nil {
			return err
		}
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	if asOf != nil {
		// A prefilled date keeps the date style (a time value would get one of its own).
		asOf = excelize.Cell{StyleID: st.date, Value: asOf}
	}
	for r := 2; r <= last; r++ {
		row, err := items.next()
		if err != nil {
			return err
		}
		clear(cells)
		for i, v := range row {
			if v != "" {
				cells[i] = v
			}
		}
		cells[inputs+2] = asOf
		if err := sw.SetRow("A"+strconv.Itoa(r), cells); err != nil {
			return err
		}
	}
	if testHookRowsWritten != nil {
		testHookRowsWritten()
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeStreaming(f, w)
}

// testHookRowsWritten is called once every row of a template is written,
// for a test to see what is held then.
var testHookRowsWritten func()

// writeStreaming zips the workbook straight to w: excelize's WriteTo would
// build the whole zip in memory first.
func writeStreaming(f *excelize.File, w io.Writer) error {
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	_, err := f.WriteTo(io.Discard)
	return err
}

// TableExport reads a table in memory as an Export.
func TableExport(t *convert.Table) Export { return &tableExport{t: t, i: -1} }

type tableExport struct {
	t *convert.Table
	i int
}

func (e *tableExport) Columns() ([]string, int) { return e.t.Header, e.t.IDCol }
func (e *tableExport) Next() ([]string, error) {
	if e.i+1 >= len(e.t.Rows) {
		return nil, io.EOF
	}
	e.i++
	return e.t.Rows[e.i], nil
}
func (e *tableExport) Place(col int) sheet.Place {
	return sheet.Place{Cell: sheet.ColumnName(col) + strconv.Itoa(e.i+2), Index: -1}
}

// spooledItems are the cells a template carries of each item, kept in a
// temporary file between reading the export and writing the sheet.
type spooledItems struct {
	f   *os.File
	r   *bufio.Reader
	n   int // items
	row []string
	buf []byte
}

// spoolItems reads the export to a temporary file, keeping of each row the
// carried columns, checking their lengths and widening widths to fit.
func spoolItems(export Export, header []string, carried []int, widths []int) (*spooledItems, error) {
	f, err := tempfile.New("", "aitkit-template-*")
	if err != nil {
		return nil, err
	}
	s := &spooledItems{f: f, row: make([]string, len(carried))}
	fail := func(err error) (*spooledItems, error) {
		s.close()
		return nil, err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	var n [binary.MaxVarintLen64]byte
	for {
		row, err := export.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		id := row[carried[0]]
		for k, i := range carried {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			if utf16Len(v) > MaxCellChars {
				return fail(&CellTooLongError{Place: export.Place(i), ExternalID: id, Column: header[i], Chars: utf16Len(v)})
			}
			widths[k] = max(widths[k], utf8.RuneCountInString(v))
			w.Write(n[:binary.PutUvarint(n[:], uint64(len(v)))])
			w.WriteString(v)
		}
		s.n++
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	s.r = bufio.NewReaderSize(f, 64<<10)
	return s, nil
}

// next reads the next item's cells back; they are valid until the next call.
func (s *spooledItems) next() ([]string, error) {
	for k := range s.row {
		n, err := binary.ReadUvarint(s.r)
		if err != nil {
			return nil, fmt.Errorf("reading the spooled export back: %w", err)
		}
		if n > uint64(4*MaxCellChars) {
			return nil, fmt.Errorf("reading the spooled export back: a cell of %d bytes", n)
		}
		s.buf = slices.Grow(s.buf[:0], int(n))[:n]
		if _, err := io.ReadFull(s.r, s.buf); err != nil {
			return nil, fmt.Errorf("reading the spooled export back: %w", err)
		}
		s.row[k] = string(s.buf)
	}
	return s.row, nil
}

func (s *spooledItems) close() { s.f.Close() }

// utf16Len is the length of s in UTF-16 code units, as Excel counts a
// cell's characters.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// carriedName keeps an export column's name unless ait-convert would read
// it as one of the fields; then it says where it came from.
func carriedName(h string) string {
	m, _ := convert.NewHeaderMatcher(nil)
	if m.IsField(h) {
		return h + " (export)"
	}
	return h
}

func longest(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, utf8.RuneCountInString(s))
	}
	return n
}

type styles struct {
	header, locked, status, metric, date, comment int
}

func newStyles(f *excelize.File, opts TemplateOptions) (styles, error) {
	var s styles
	var err error
	unlocked := &excelize.Protection{Locked: false}
	border := []excelize.Border{{Type: "bottom", Color: "BFBFBF", Style: 1}}
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border: border, Protection: &excelize.Protection{Locked: true}})
	s.locked = mk(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, Protection: &excelize.Protection{Locked: true}})
	s.status = mk(&excelize.Style{Protection: unlocked})
	metricFmt := "0.0%"
	if opts.MetricNumber {
		metricFmt = "0.##"
	}
	s.metric = mk(&excelize.Style{CustomNumFmt: &metricFmt, Protection: unlocked})
	dateFmt := "yyyy-mm-dd"
	s.date = mk(&excelize.Style{CustomNumFmt: &dateFmt, Protection: unlocked})
	s.comment = mk(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Protection: unlocked})
	return s, err
}

// addValidations puts a drop-down list on Status, a number check on Metric
// Value and a date check on As Of Date, each with an input message.
func addValidations(f *excelize.File, opts TemplateOptions, statusCol, metricCol, dateCol string, last int) error {
	names := opts.Statuses.Names()
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", statusCol, statusCol, last))
	if len(strings.Join(names, ",")) <= 250 {
		if err := dv.SetDropList(names); err != nil {
			return err
		}
	} else {
		// A long list goes on a hidden sheet: list formulas stop at 255 characters.
		if _, err := f.NewSheet(listsSheet); err != nil {
			return err
		}
		for i, n := range names {
			f.SetCellValue(listsSheet, fmt.Sprintf("A%d", i+1), n)
		}
		f.SetSheetVisible(listsSheet, false)
		dv.SetSqrefDropList(fmt.Sprintf("'%s'!$A$1:$A$%d", listsSheet, len(names)))
	}
	dv.SetInput("Status", "Pick the item's status from the list.")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not a status", "Pick one of: "+strings.Join(names, ", ")+".")
	if err := f.AddDataValidation(TrackerSheet, dv); err != nil {
		return err
	}
	dv = excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", metricCol, metricCol, last))
	if err := dv.SetRange(-1e12, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	msg := "Type the progress as a percentage, e.g. 54% (it is sent as 0.54)."
	if opts.MetricNumber {
		msg = "Type the metric's value as a number, e.g. 1234.5."
	}
	dv.SetInput("Metric Value", msg)
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not a number", "Type a number, or leave the cell empty when the item has no metric.")
	if err := f.AddDataValidation(TrackerSheet, dv); err != nil {
		return err
	}
	dv = excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("%s2:%s%d", dateCol, dateCol, last))
	// Serials of 2000-01-01 and 9999-12-31.
	if err := dv.SetRange(36526, 2958465, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetInput("As Of Date", "The date the update is as of, e.g. 2025-07-03.")
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not a date", "Type a date, e.g. 2025-07-03.")
	return f.AddDataValidation(TrackerSheet, dv)
}

func writeHelp(f *excelize.File, opts TemplateOptions) error {
	if _, err := f.NewSheet(HelpSheet); err != nil {
		return err
	}
	metric := "The progress as a percentage: type 54% (or 0.54). Leave it empty when the item has no metric."
	if opts.MetricNumber {
		metric = "The metric's value as a plain number, such as 1234.5. Leave it empty when the item has no metric."
	}
	rows := [][]string{
		{"How to fill the tracker", ""},
		{"", ""},
		{"Column", "What to put in it"},
		{"External ID", "AchieveIt's identifier of the plan item. It is locked: do not change it."},
		{"Name, Path, ...", "Copied from the export to help you find the item. Locked."},
		{"Status", "Pick one from the list: " + strings.Join(opts.Statuses.Names(), ", ") + "."},
		{"Metric Value", metric},
		{"As Of Date", "The date the update is as of, such as 2025-07-03."},
		{"Comment", "Optional. What happened, in a sentence or two."},
		{"", ""},
		{"Rows", "Fill only the items you have an update for; rows with no status, metric or comment are skipped. Then run: ait-convert tracker.xlsx | ait-validate | ait-submit"},
	}
	l := layout{f: f, sheet: HelpSheet}
	bold, wrap := l.style(boldStyle), l.style(wrapStyle)
	for i, r := range rows {
		cell := fmt.Sprintf("A%d", i+1)
		if err := f.SetSheetRow(HelpSheet, cell, &[]any{r[0], r[1]}); err != nil {
			return err
		}
		if i == 0 || i == 2 || r[1] != "" {
			l.cells(cell, cell, bold)
		}
		l.cells(fmt.Sprintf("B%d", i+1), fmt.Sprintf("B%d", i+1), wrap)
	}
	l.width("A", "A", 18)
	l.width("B", "B", 90)
	return l.err
}
