package workbook

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aitkit/aitkit/convert"
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

// WriteTemplate writes a tracker for the items of an export: one row per
// item, the External ID and the export's other columns locked, then Status
// (a drop-down list), Metric Value (a percentage), As Of Date (a date) and
// Comment (wrapped text) to fill in; a frozen header row, an autofilter,
// and a "How to fill" sheet. ait-convert reads it back with no flags.
func WriteTemplate(w io.Writer, t *convert.Table, opts TemplateOptions) error {
	if len(opts.Statuses.Names()) == 0 {
		opts.Statuses = schema.DefaultStatuses()
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", TrackerSheet); err != nil {
		return err
	}
	// Columns: External ID, the export's other columns, then the inputs.
	header := []string{"External ID"}
	var carried []int
	for i, h := range t.Header {
		if i == t.IDCol || strings.TrimSpace(h) == "" {
			continue
		}
		carried = append(carried, i)
		header = append(header, carriedName(h))
	}
	inputs := len(header)
	header = append(header, "Status", "Metric Value", "As Of Date", "Comment")
	last := len(t.Rows) + 1
	col := func(i int) string { return sheet.ColumnName(i) }

	st, err := newStyles(f, opts)
	if err != nil {
		return err
	}
	// Column styles first: cells written after take them, and so do rows a
	// user adds below the last one.
	colStyles := make([]int, len(header))
	for i := range header {
		colStyles[i] = st.locked
	}
	colStyles[inputs], colStyles[inputs+1], colStyles[inputs+2], colStyles[inputs+3] = st.status, st.metric, st.date, st.comment
	for i, id := range colStyles {
		if err := f.SetColStyle(TrackerSheet, col(i), id); err != nil {
			return err
		}
	}
	widths := make([]int, len(header))
	hdr := make([]any, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
		hdr[i] = h
	}
	if err := f.SetSheetRow(TrackerSheet, "A1", &hdr); err != nil {
		return err
	}
	if err := f.SetCellStyle(TrackerSheet, "A1", col(len(header)-1)+"1", st.header); err != nil {
		return err
	}
	var asOf any
	if opts.AsOf != "" {
		d, err := time.Parse("2006-01-02", opts.AsOf)
		if err != nil {
			return fmt.Errorf("as-of date %q: %w", opts.AsOf, err)
		}
		asOf = d
	}
	for r, row := range t.Rows {
		cells := make([]any, 0, len(header))
		cells = append(cells, row[t.IDCol])
		widths[0] = max(widths[0], utf8.RuneCountInString(row[t.IDCol]))
		for k, i := range carried {
			v := ""
			if i < len(row) {
				v = row[i]
			}
			cells = append(cells, v)
			widths[1+k] = max(widths[1+k], utf8.RuneCountInString(v))
		}
		cells = append(cells, nil, nil, asOf, nil)
		if err := f.SetSheetRow(TrackerSheet, fmt.Sprintf("A%d", r+2), &cells); err != nil {
			return err
		}
	}
	if asOf != nil && len(t.Rows) > 0 {
		// A prefilled date keeps the date style (SetSheetRow gives time values its own).
		c := col(inputs + 2)
		if err := f.SetCellStyle(TrackerSheet, c+"2", fmt.Sprintf("%s%d", c, last), st.date); err != nil {
			return err
		}
	}
	// Widths that fit, within reason; the comment column is wide and wraps.
	for i, wd := range widths {
		width := float64(min(max(wd, 10), 50)) + 2
		switch i {
		case inputs:
			width = float64(max(wd, longest(opts.Statuses.Names()))) + 4
		case inputs + 2:
			width = 14
		case inputs + 3:
			width = 60
		}
		if err := f.SetColWidth(TrackerSheet, col(i), col(i), width); err != nil {
			return err
		}
	}
	if err := addValidations(f, opts, col(inputs), col(inputs+1), col(inputs+2), last); err != nil {
		return err
	}
	if err := f.SetPanes(TrackerSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
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
	_, err = f.WriteTo(w)
	return err
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
