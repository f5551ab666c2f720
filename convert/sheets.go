package convert

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/ods"
	"github.com/aitkit/aitkit/sheet/xls"
	"github.com/aitkit/aitkit/sheet/xlsx"
)

// ErrSeveralSheets: more than one visible worksheet has a table of
// updates (a header with an External ID column), and nothing tells which
// to read.
var ErrSeveralSheets = errors.New("several sheets with an External ID column")

// sheetLook is what a look at the first rows of one sheet found.
type sheetLook struct {
	i      int
	info   sheet.Info
	cols   columns
	err    error // the header's own refusal (ambiguous columns), if any
	search headerSearch
	found  bool
	rows   int // rows of data after the header, counted for a refusal
}

// openWorkbook opens a workbook and picks its sheet and header row: the
// sheet asked for, else the one visible worksheet with a table of updates.
func (r *Reader) openWorkbook(ctx context.Context, in io.Reader, br *bufio.Reader, m *HeaderMatcher) error {
	ra, size, err := r.readerAt(in, br)
	if err != nil {
		return err
	}
	wb, err := openBook(ctx, r.format, r.name, ra, size, r.opts.Limits, r.opts.ReadAhead)
	if err != nil {
		return err
	}
	r.closers = append(r.closers, wb)
	sheets := wb.Sheets()
	if r.opts.Sheet != "" {
		i, err := chooseSheet(r.name, sheets, r.opts.Sheet)
		if err != nil {
			return err
		}
		r.explain.SheetWhy, r.explain.SheetGiven = "given", &Given{Option: OptSheet, Value: r.opts.Sheet}
		if sheets[i].Kind != sheet.Worksheet {
			return noWorksheet(r.name, sheets, i)
		}
		return r.readSheet(wb, i, m)
	}
	var strong, weak []*sheetLook
	var none []*sheetLook      // visible worksheets without a header
	passed := map[int]string{} // sheets passed over, and why
	for i, sh := range sheets {
		if why := passOver(sh); why != "" {
			passed[i] = why
			continue
		}
		look, err := lookAtSheet(wb, i, m, r.opts.HeaderRow)
		if err != nil {
			return err
		}
		switch {
		case !look.found:
			none = append(none, look)
		case look.cols.strong():
			strong = append(strong, look)
		default:
			weak = append(weak, look)
		}
	}
	candidates := strong
	if len(candidates) == 0 {
		candidates = weak
	} else {
		for _, l := range weak {
			passed[l.i] = fmt.Sprintf("its External ID cell (row %d) has no other field's column beside it, as in a line of instructions", l.cols.row)
		}
	}
	for _, l := range none {
		passed[l.i] = fmt.Sprintf("no row in its first %d names an External ID column (%s)", headerSearchRows, describeHeaders(l.search.seen))
	}
	for i, sh := range sheets {
		if why, ok := passed[i]; ok {
			r.explain.SheetsPassed = append(r.explain.SheetsPassed, SheetNote{Name: sh.Name, Why: why})
		}
	}
	switch len(candidates) {
	case 0:
		return noHeaderInWorkbook(r.name, sheets, none, r.opts.HeaderRow)
	case 1:
		r.explain.SheetWhy = "the one visible worksheet whose header row names an External ID column"
		return r.readSheet(wb, candidates[0].i, m)
	}
	for _, l := range candidates {
		if err := countRows(wb, l, m, r.opts.HeaderRow); err != nil {
			return err
		}
	}
	return severalSheets(r.name, candidates)
}

// passOver says why a sheet is never the default one; "" for a visible
// worksheet.
func passOver(sh sheet.Info) string {
	switch {
	case sh.Kind != sheet.Worksheet:
		return "a " + sh.Kind.String() + ", which holds no cells"
	case sh.VeryHidden:
		return "very hidden; it is read only when asked for by name"
	case sh.Hidden:
		return "hidden; it is read only when asked for by name"
	}
	return ""
}

// lookAtSheet reads the first rows of sheet i for a header.
func lookAtSheet(wb book, i int, m *HeaderMatcher, headerRow int) (*sheetLook, error) {
	rows, err := wb.Rows(i)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l := &sheetLook{i: i, info: wb.Sheets()[i]}
	cols, _, search, err := findHeader(rows, m, headerRow, hiddenColumns(rows))
	l.search = search
	switch {
	case errors.Is(err, ErrNoHeader):
		return l, nil
	case err != nil && !errors.Is(err, ErrAmbiguousColumns):
		return nil, err
	}
	l.cols, l.err, l.found = cols, err, true
	return l, nil
}

// countRows counts the rows of data after a sheet's header, for the
// refusal that names it among others.
func countRows(wb book, l *sheetLook, m *HeaderMatcher, headerRow int) error {
	rows, err := wb.Rows(l.i)
	if err != nil {
		return err
	}
	defer rows.Close()
	_, rest, _, err := findHeader(rows, m, headerRow, nil)
	if err != nil && !errors.Is(err, ErrAmbiguousColumns) {
		return err
	}
	for {
		row, err := rest.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if !row.Blank() {
			l.rows++
		}
	}
}

// readSheet reads sheet i from its header on.
func (r *Reader) readSheet(wb book, i int, m *HeaderMatcher) error {
	sh := wb.Sheets()[i]
	rows, err := wb.Rows(i)
	if err != nil {
		return err
	}
	cols, rest, search, err := findHeader(rows, m, r.opts.HeaderRow, hiddenColumns(rows))
	if err != nil {
		rows.Close()
		if !errors.Is(err, ErrNoHeader) {
			return err
		}
		return noHeaderInSheet(r.name, wb.Sheets(), i, search, r.opts.HeaderRow)
	}
	r.src, r.cols = rest, cols
	r.closers = append(r.closers, rows)
	r.progress = rows.Progress
	r.stats.Sheet, r.stats.HeaderRow = sh.Name, cols.row
	r.explain.Sheet, r.explain.HeaderRow = sh.Name, cols.row
	r.setHeaderWhy()
	return nil
}

// noHeaderInWorkbook is the refusal of a workbook none of whose visible
// worksheets has a header: which column is the External ID, when a sheet
// has a header that names other fields; else which row is the header, or
// which hidden sheet to read.
func noHeaderInWorkbook(file string, sheets []sheet.Info, looked []*sheetLook, headerRow int) error {
	for _, l := range looked {
		if l.search.idless != nil {
			return l.search.idColumnRefusal(fmt.Sprintf("sheet %q: ", l.info.Name))
		}
	}
	var notes []string
	for _, l := range looked {
		notes = append(notes, fmt.Sprintf("sheet %q: %s", l.info.Name, describeHeaders(l.search.seen)))
	}
	var choices []Choice
	if len(looked) > 0 {
		choices = append(choices, headerRowChoice(headerRow))
	}
	if len(looked) > 1 {
		// Which sheet is the table is a question too: --header-row alone
		// does not say which of them it is for.
		for _, l := range looked {
			choices = append(choices, Choice{Option: OptSheet, Value: l.info.Name, Label: fmt.Sprintf("read sheet %q, with --header-row N when its header is past row %d", l.info.Name, headerSearchRows)})
		}
	}
	for _, sh := range sheets {
		if sh.Hidden && sh.Kind == sheet.Worksheet {
			choices = append(choices, Choice{Option: OptSheet, Value: sh.Name, Label: fmt.Sprintf("read the hidden sheet %q", sh.Name)})
		}
	}
	msg := fmt.Sprintf("no row in the first %d names an External ID column (%s)", headerSearchRows, strings.Join(notes, "; "))
	if headerRow > 0 {
		msg = fmt.Sprintf("row %d names no External ID column (%s)", headerRow, strings.Join(notes, "; "))
	}
	if len(looked) == 0 {
		msg = "the workbook has no visible worksheet"
	}
	return refuse(ErrNoHeader, &Refusal{Question: AskHeaderRow, Place: sheet.Place{File: file, Index: -1}, Message: msg, Choices: choices})
}

// noHeaderInSheet is the refusal of the sheet asked for, without a header.
func noHeaderInSheet(file string, sheets []sheet.Info, i int, search headerSearch, headerRow int) error {
	name := sheets[i].Name
	if search.idless != nil {
		return search.idColumnRefusal(fmt.Sprintf("sheet %q: ", name))
	}
	choices := []Choice{headerRowChoice(headerRow)}
	for j, sh := range sheets {
		if j != i && sh.Kind == sheet.Worksheet {
			choices = append(choices, Choice{Option: OptSheet, Value: sh.Name, Label: fmt.Sprintf("read sheet %q", sh.Name)})
		}
	}
	msg := fmt.Sprintf("sheet %q: no row in its first %d names an External ID column (%s)", name, headerSearchRows, describeHeaders(search.seen))
	if headerRow > 0 {
		msg = fmt.Sprintf("sheet %q: row %d names no External ID column (%s)", name, headerRow, describeHeaders(search.seen[max(len(search.seen)-1, 0):]))
	}
	return refuse(ErrNoHeader, &Refusal{Question: AskHeaderRow, Place: sheet.CellPlace(file, name, max(headerRow, 1), 0), Message: msg, Choices: choices})
}

// noWorksheet refuses a sheet asked for that holds no cells (a chart
// sheet): a choice of each worksheet.
func noWorksheet(file string, sheets []sheet.Info, i int) error {
	var choices []Choice
	for _, sh := range sheets {
		if sh.Kind == sheet.Worksheet {
			choices = append(choices, Choice{Option: OptSheet, Value: sh.Name, Label: fmt.Sprintf("read sheet %q", sh.Name)})
		}
	}
	return refuse(ErrNoSheet, &Refusal{Question: AskSheet, Place: sheet.Place{File: file, Index: -1},
		Message: fmt.Sprintf("sheet %q is a %s, which holds no cells to read", sheets[i].Name, sheets[i].Kind), Choices: choices})
}

// headerRowChoice is the choice of a header row for the user to give.
func headerRowChoice(asked int) Choice {
	if asked > 0 {
		return Choice{Option: OptHeaderRow, Label: "the number of the row that holds the column names"}
	}
	return Choice{Option: OptHeaderRow, Label: fmt.Sprintf("the number of the row that holds the column names, if it is past row %d", headerSearchRows)}
}

// severalSheets is the refusal of a workbook with several tables of
// updates: a sheet choice each, with its row count.
func severalSheets(file string, looks []*sheetLook) error {
	var names []string
	var choices []Choice
	for _, l := range looks {
		count := fmt.Sprintf("%d %s", l.rows, pluralize(l.rows, "row"))
		names = append(names, fmt.Sprintf("%q (%s)", l.info.Name, count))
		choices = append(choices, Choice{Option: OptSheet, Value: l.info.Name,
			Label:    fmt.Sprintf("read sheet %q, %s", l.info.Name, count),
			Evidence: fmt.Sprintf("its header is row %d: %s", l.cols.row, describeColumns(l.cols))})
	}
	return refuse(ErrSeveralSheets, &Refusal{
		Question: AskSheet,
		Place:    sheet.Place{File: file, Index: -1},
		Message:  "several sheets have a header with an External ID column, and nothing tells which holds the updates: " + strings.Join(names, ", "),
		Choices:  choices,
	})
}

// describeColumns names the columns a header reads, for evidence.
func describeColumns(c columns) string {
	var out []string
	for _, f := range schema.Fields {
		if cand, ok := c.chosen(f); ok {
			out = append(out, fmt.Sprintf("%s %q", cand.Letter(), cand.Header))
		}
	}
	return strings.Join(out, ", ")
}

func pluralize(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// chooseSheet finds the sheet asked for: by name, as written or in any
// case, or by 1-based number. A name that is none is a refusal whose
// choices are the sheets.
func chooseSheet(file string, sheets []sheet.Info, want string) (int, error) {
	for i, s := range sheets {
		if s.Name == want {
			return i, nil
		}
	}
	for i, s := range sheets {
		if strings.EqualFold(s.Name, want) {
			return i, nil
		}
	}
	if n, err := strconv.Atoi(want); err == nil && n >= 1 && n <= len(sheets) {
		return n - 1, nil
	}
	names := make([]string, len(sheets))
	var choices []Choice
	for i, s := range sheets {
		names[i] = strconv.Quote(s.Name)
		label := fmt.Sprintf("read sheet %q", s.Name)
		if s.Hidden {
			names[i] += " (hidden)"
			label = fmt.Sprintf("read the hidden sheet %q", s.Name)
		}
		choices = append(choices, Choice{Option: OptSheet, Value: s.Name, Label: label})
	}
	return 0, refuse(ErrNoSheet, &Refusal{
		Question: AskSheet,
		Place:    sheet.Place{File: file, Index: -1},
		Message:  fmt.Sprintf("%v %q; the sheets are %s (or give a number 1-%d)", ErrNoSheet, want, strings.Join(names, ", "), len(sheets)),
		Choices:  choices,
	})
}

// hiddenColumns tells which columns of a sheet are hidden; nil when none.
func hiddenColumns(rows bookRows) func(col int) bool {
	set := rows.HiddenColumns()
	if set.Empty() {
		return nil
	}
	return set.Has
}

// book is a workbook of any format: its sheets, and the rows of one.
type book interface {
	Sheets() []sheet.Info
	Rows(i int) (bookRows, error)
	Close() error
}

// bookRows are the rows of a workbook's sheet.
type bookRows interface {
	source
	Progress() (done, total int64)
	HiddenColumns() sheet.ColumnSet
}

// openBook opens a workbook in format f.
func openBook(ctx context.Context, f Format, name string, ra io.ReaderAt, size int64, limits sheet.Limits, ahead bool) (book, error) {
	switch f {
	case FormatXLS:
		wb, err := xls.Open(ctx, name, ra, size, xls.Options{Limits: limits})
		if err != nil {
			return nil, err
		}
		return xlsBook{wb}, nil
	case FormatODS, FormatFODS:
		open := ods.Open
		if f == FormatFODS {
			open = ods.OpenFlat
		}
		wb, err := open(ctx, name, ra, size, ods.Options{Limits: limits, ReadAhead: ahead})
		if err != nil {
			return nil, err
		}
		return odsBook{wb}, nil
	}
	wb, err := xlsx.Open(ctx, name, ra, size, xlsx.Options{Limits: limits, ReadAhead: ahead})
	if err != nil {
		return nil, err
	}
	return xlsxBook{wb}, nil
}

type xlsxBook struct{ *xlsx.Workbook }

func (b xlsxBook) Rows(i int) (bookRows, error) { return b.Workbook.Rows(i) }

type xlsBook struct{ *xls.Workbook }

func (b xlsBook) Rows(i int) (bookRows, error) { return b.Workbook.Rows(i) }

type odsBook struct{ *ods.Workbook }

func (b odsBook) Rows(i int) (bookRows, error) { return b.Workbook.Rows(i) }
