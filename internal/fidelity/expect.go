package fidelity

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// Fields are the record's fields, in the import's column order.
var Fields = [5]string{"externalId", "status", "metricValue", "asOfDate", "comment"}

// Run is what of one ait-convert command line decides the expectation.
type Run struct {
	Sheet       string            // --sheet
	VisibleOnly bool              // --visible-only
	StatusMap   map[string]string // --status-map
	Points      bool              // --percent-points
}

// ParseRun reads the flags of a run of cases.json. It knows the flags the
// matrix uses and refuses others, so that a run is never judged by
// expectations that ignore one of its flags.
func ParseRun(args []string) (Run, error) {
	r := Run{StatusMap: map[string]string{}}
	for i := 0; i < len(args); i++ {
		arg := func() (string, error) {
			if i+1 >= len(args) {
				return "", fmt.Errorf("%s needs a value", args[i])
			}
			i++
			return args[i], nil
		}
		switch args[i] {
		case "--sheet":
			v, err := arg()
			if err != nil {
				return r, err
			}
			r.Sheet = v
		case "--visible-only":
			r.VisibleOnly = true
		case "--percent-points":
			r.Points = true
		case "--status-map":
			v, err := arg()
			if err != nil {
				return r, err
			}
			for _, pair := range strings.Split(v, ",") {
				from, to, ok := strings.Cut(pair, "=")
				if !ok {
					return r, fmt.Errorf("--status-map %q: expected FROM=TO", v)
				}
				r.StatusMap[strings.TrimSpace(from)] = strings.TrimSpace(to)
			}
		default:
			return r, fmt.Errorf("the harness does not know the flag %q", args[i])
		}
	}
	return r, nil
}

// Record is one import record, each field as text ("" when absent).
type Record [5]string

func (r Record) String() string {
	return fmt.Sprintf("{%s}", strings.Join(r[:], " | "))
}

// FieldRefusal is a field the SPEC refuses, and why.
type FieldRefusal struct {
	Field int // index in Fields
	Cell  string
	Why   string
}

// Row is what one data row should give.
type Row struct {
	Number int    // 1-based row
	Hidden bool   // hidden or filtered out
	Record Record // the record, when Refused is empty
	// Refused lists the fields the SPEC refuses: ait-convert must leave the
	// row out and name a cell of it.
	Refused []FieldRefusal
	// Cells names each field's cell ("C7"), "" when the field has no column.
	Cells [5]string
	// Shown is the text LibreOffice shows in each field's cell.
	Shown [5]string
	// NotJudged says why the harness cannot judge this row (a shown value
	// it does not know how to read, such as 03/07/2025, whose order is a
	// question of the whole column): its record is not compared.
	NotJudged string
	// ValueShown says, per field, whether LibreOffice shows a value there:
	// a refusal of such a field is a refusal of what the user sees.
	ValueShown [5]bool
}

// Expectation is what a run of ait-convert on a workbook should give,
// read from LibreOffice's oracle with the SPEC's rules.
type Expectation struct {
	// Refuse, when not empty, says that the SPEC refuses the whole input,
	// and Words are what the refusal must name.
	Refuse string
	Words  []string

	Sheet     string
	HeaderRow int    // 1-based
	Columns   [5]int // 0-based column per field; -1 when none
	Rows      []Row  // the rows to compare, in order; skipped rows are not here
	Skipped   int    // rows left out: empty, without an update, or hidden under --visible-only
	NotJudged int    // rows the harness cannot judge (see Row.NotJudged)
}

// header ranks: an exact field name, an alias, a weak alias.
const (
	rankExact = iota
	rankAlias
	rankWeak
	rankNone
)

var aliases = map[string][2]int{ // folded header -> field, rank
	"externalid": {0, rankExact}, "id": {0, rankAlias},
	"status":      {1, rankExact},
	"metricvalue": {2, rankExact}, "metric": {2, rankAlias}, "progress": {2, rankAlias}, "%complete": {2, rankAlias}, "value": {2, rankWeak},
	"asofdate": {3, rankExact}, "asof": {3, rankAlias}, "updatedate": {3, rankAlias}, "date": {3, rankWeak},
	"comment": {4, rankExact}, "comments": {4, rankAlias}, "notes": {4, rankAlias},
}

// matchHeader is the field a header names (its note in brackets set
// aside), and how.
func matchHeader(h string) (field, rank int) {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '('); i > 0 && strings.HasSuffix(h, ")") {
		h = h[:i]
	}
	f := strings.Map(func(r rune) rune {
		if r == ' ' || r == '_' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToLower(h))
	if a, ok := aliases[f]; ok {
		return a[0], a[1]
	}
	return -1, rankNone
}

// maxHeaderRow is how far down the header is looked for.
const maxHeaderRow = 20

// headerRow is the 1-based row of a sheet's header in its first 20 rows:
// the first row with an External ID column and a column of another field
// (a glossary row "External ID | what to put in it" is no header), or,
// when alone is true, the first row with an External ID column; or 0.
func headerRow(s *Sheet, alone bool) int {
	for r := 0; r < len(s.Rows) && r < maxHeaderRow; r++ {
		id, other := false, false
		for _, c := range s.Rows[r] {
			if c != nil && c.Kind == "text" {
				switch f, _ := matchHeader(c.Shown); {
				case f == 0:
					id = true
				case f > 0:
					other = true
				}
			}
		}
		if id && (other || alone) {
			return r + 1
		}
	}
	return 0
}

// Expect derives a run's expectation from the oracle.
func Expect(o *Oracle, run Run) (*Expectation, error) {
	e := &Expectation{}
	var sh *Sheet
	if run.Sheet != "" {
		if sh = o.Sheet(run.Sheet); sh == nil {
			return nil, fmt.Errorf("the oracle has no sheet %q", run.Sheet)
		}
	} else {
		var cands []string
		for i := range o.Sheets {
			if o.Sheets[i].Visible && headerRow(&o.Sheets[i], false) > 0 {
				cands = append(cands, o.Sheets[i].Name)
			}
		}
		if len(cands) == 0 { // a lone External ID column (an IDs export)
			for i := range o.Sheets {
				if o.Sheets[i].Visible && headerRow(&o.Sheets[i], true) > 0 {
					cands = append(cands, o.Sheets[i].Name)
				}
			}
		}
		switch len(cands) {
		case 0:
			e.Refuse, e.Words = "no visible sheet has an External ID header", []string{"--header-row"}
			return e, nil
		case 1:
			sh = o.Sheet(cands[0])
		default:
			e.Refuse = "several visible sheets have an External ID header: " + strings.Join(cands, ", ")
			e.Words = append(cands, "--sheet")
			return e, nil
		}
	}
	e.Sheet = sh.Name
	if e.HeaderRow = headerRow(sh, false); e.HeaderRow == 0 {
		e.HeaderRow = headerRow(sh, true)
	}
	if e.HeaderRow == 0 {
		e.Refuse, e.Words = "sheet "+sh.Name+" has no External ID header in its first 20 rows", []string{"--header-row"}
		return e, nil
	}
	if err := e.mapColumns(sh); err != nil {
		return e, nil
	}
	if e.Columns[1] < 0 {
		e.Refuse, e.Words = "the header has no Status column", []string{"Status"}
		return e, nil
	}
	for r := e.HeaderRow + 1; r <= len(sh.Rows); r++ {
		row, keep, err := e.row(sh, r, run)
		if err != nil {
			return nil, fmt.Errorf("%s!%s row %d: %w", o.File, sh.Name, r, err)
		}
		if !keep {
			e.Skipped++
			continue
		}
		if row.NotJudged != "" {
			e.NotJudged++
		}
		e.Rows = append(e.Rows, row)
	}
	e.percentColumn(sh, run)
	return e, nil
}

// percentColumn applies the SPEC's rules on percent columns, over the
// metric column as a whole: bare numbers (shown without a percent sign)
// above 1 under a header that says percent are refused naming
// --percent-points; a column that mixes percent cells, bare numbers above
// 1 and fractions is refused naming one cell of each kind. With
// --percent-points, bare numbers are percentage points.
func (e *Expectation) percentColumn(sh *Sheet, run Run) {
	col := e.Columns[2]
	if col < 0 {
		return
	}
	h := strings.ToLower(sh.Cell(e.HeaderRow-1, col).Shown)
	percentHeader := strings.Contains(h, "%") || strings.Contains(h, "percent") || strings.Contains(h, "pct")
	var pct, above, frac string // the first cell of each kind
	for i := range e.Rows {
		row := &e.Rows[i]
		shown := strings.TrimSpace(row.Shown[2])
		v := row.Record[2]
		if shown == "" || v == "" {
			continue
		}
		switch {
		case strings.HasSuffix(shown, "%"):
			pct = cmpOr(pct, row.Cells[2])
		case run.Points:
			row.Record[2] = shift(v)
		default:
			if r, ok := new(big.Rat).SetString(v); ok && r.Cmp(big.NewRat(1, 1)) > 0 {
				above = cmpOr(above, row.Cells[2])
			} else {
				frac = cmpOr(frac, row.Cells[2])
			}
		}
	}
	switch {
	case run.Points:
	case percentHeader && above != "":
		e.Refuse = fmt.Sprintf("bare numbers above 1 (%s) under the percent header %q", above, h)
		e.Words = []string{"--percent-points"}
	case pct != "" && above != "" && frac != "":
		e.Refuse = fmt.Sprintf("the metric column mixes percent cells (%s), numbers above 1 (%s) and fractions (%s)", pct, above, frac)
		e.Words = []string{pct, above, frac}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mapColumns chooses each field's column: the best-ranked header; among
// equals, the visible ones (a hidden column is never taken over a visible
// candidate); two or more left is the SPEC's ambiguity, refused naming
// the columns.
func (e *Expectation) mapColumns(sh *Sheet) error {
	best := [5][]int{}
	rank := [5]int{rankNone, rankNone, rankNone, rankNone, rankNone}
	for c, cell := range sh.Rows[e.HeaderRow-1] {
		if cell == nil || cell.Kind != "text" {
			continue
		}
		f, rk := matchHeader(cell.Shown)
		switch {
		case f < 0:
		case rk < rank[f]:
			rank[f], best[f] = rk, []int{c}
		case rk == rank[f]:
			best[f] = append(best[f], c)
		}
	}
	for f := range Fields {
		e.Columns[f] = -1
		cands := best[f]
		if rank[f] == rankWeak && e.taken(best, f) {
			cands = nil // a weak alias only when no other column can be that field
		}
		if len(cands) > 1 {
			var visible []int
			for _, c := range cands {
				if !sh.ColHidden(c) {
					visible = append(visible, c)
				}
			}
			if len(visible) > 0 {
				cands = visible
			}
		}
		switch len(cands) {
		case 0:
		case 1:
			e.Columns[f] = cands[0]
		default:
			e.Refuse = "columns " + letters(cands) + " could each be " + Fields[f]
			e.Words = []string{"--map"}
			for _, c := range cands {
				e.Words = append(e.Words, ColumnName(c))
			}
			return errors.New(e.Refuse)
		}
	}
	return nil
}

// taken says whether field f's weak candidates are all better candidates
// of another field.
func (e *Expectation) taken(best [5][]int, f int) bool {
	for g := range Fields {
		if g == f {
			continue
		}
		for _, c := range best[g] {
			for _, d := range best[f] {
				if c == d {
					return true
				}
			}
		}
	}
	return false
}

func letters(cols []int) string {
	var s []string
	for _, c := range cols {
		s = append(s, ColumnName(c))
	}
	return strings.Join(s, ", ")
}

// row reads one data row; keep is false for a row the SPEC skips.
func (e *Expectation) row(sh *Sheet, r int, run Run) (row Row, keep bool, err error) {
	row = Row{Number: r, Hidden: sh.RowHidden(r)}
	empty := true
	for _, c := range sh.Rows[r-1] {
		if c != nil && strings.TrimSpace(c.Shown) != "" {
			empty = false
		}
	}
	var cells [5]*Cell
	for f, col := range e.Columns {
		if col >= 0 {
			cells[f] = sh.Cell(r-1, col)
			row.Cells[f] = fmt.Sprintf("%s%d", ColumnName(col), r)
			row.ValueShown[f] = cells[f] != nil && strings.TrimSpace(cells[f].Shown) != "" && !cells[f].Error()
		}
	}
	if empty || (run.VisibleOnly && row.Hidden) {
		return row, false, nil
	}
	// An item without an update: no status, metric or comment. The SPEC
	// names the date too, but a date alone is no update (ait-template
	// fills in every row's As Of Date), and ait-convert skips such rows.
	if !row.ValueShown[1] && !row.ValueShown[2] && !row.ValueShown[4] &&
		!cells[1].Error() && !cells[2].Error() && !cells[4].Error() {
		return row, false, nil
	}
	for f := range Fields {
		if cells[f] != nil {
			row.Shown[f] = cells[f].Shown
		}
		v, err := readField(f, cells[f], run)
		if errors.Is(err, errCannotJudge) {
			row.NotJudged = fmt.Sprintf("%s: %v", row.Cells[f], err)
			continue
		}
		if err != nil {
			row.Refused = append(row.Refused, FieldRefusal{f, row.Cells[f], err.Error()})
			continue
		}
		row.Record[f] = v
	}
	return row, true, nil
}

// readField is the value the user means by a field's cell, as the SPEC
// reads it.
func readField(f int, c *Cell, run Run) (string, error) {
	if c.Error() {
		return "", fmt.Errorf("the formula's result is an error (%s)", c.Shown)
	}
	shown := ""
	if c != nil {
		shown = c.Shown
	}
	switch f {
	case 0:
		id := strings.TrimSpace(shown)
		if id == "" {
			return "", errors.New("external ID is required")
		}
		return id, nil
	case 1:
		return readStatus(shown, run.StatusMap)
	case 2:
		switch {
		case strings.TrimSpace(shown) == "":
			return "", nil
		case c.Numeric():
			return readMetricNumber(*c.Value, shown)
		default:
			return readMetricText(shown)
		}
	case 3:
		switch {
		case strings.TrimSpace(shown) == "":
			return "", errors.New("as of date is required")
		case c.Numeric() && c.Date != "":
			return c.Date, nil
		case c.Numeric():
			return "", fmt.Errorf("the number %s is not shown as a date", shown)
		default:
			return readDateText(shown)
		}
	default:
		return strings.TrimSpace(shown), nil
	}
}
