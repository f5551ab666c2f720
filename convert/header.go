package convert

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// How well a header names a field, best first.
const (
	rankMapped = iota // named by Options.Columns
	rankExact         // the field's own name, in any case and spacing
	rankAlias         // an alias: Metric, Progress, % Complete, Comments...
	rankWeak          // a weak alias (ID, Value, Date): taken only when nothing else can be the field
)

var rankWords = [...]string{"given", "its own name", "an alias", "a weak alias"}

// headerAliases lists, per field, the header spellings matched (compared
// after foldHeader): its names, its aliases, and its weak aliases.
var headerAliases = map[string][3][]string{
	schema.FieldExternalID:  {{"externalid"}, {"externalids", "extid", "externalidentifier"}, {"id"}},
	schema.FieldStatus:      {{"status"}, {"currentstatus", "updatestatus"}, nil},
	schema.FieldMetricValue: {{"metricvalue"}, {"metric", "currentvalue", "progress", "%complete", "percentcomplete", "pctcomplete"}, {"value"}},
	schema.FieldAsOfDate:    {{"asofdate"}, {"asof", "updatedate", "updatedon"}, {"date"}},
	schema.FieldComment:     {{"comment"}, {"comments", "notes", "note", "updatecomment", "progresscomment"}, nil},
}

// foldHeader is the form headers are compared in: lower case, letters,
// digits and % only ("External ID", "external_id" and "externalId" all give
// "externalid").
func foldHeader(s string) string { return record.Fold(s) }

// splitNote sets the notes in brackets of a header apart from its name:
// "Metric Value (%)" is the name "Metric Value" and the note "%",
// "As Of Date [MM/DD/YYYY]" the name "As Of Date" and the note
// "MM/DD/YYYY". A header that is all note keeps it as its name.
func splitNote(h string) (name, note string) {
	var nb, tb strings.Builder
	depth, opener, closer := 0, rune(0), rune(0)
	for _, r := range h {
		switch {
		case depth == 0 && (r == '(' || r == '['):
			depth, opener, closer = 1, r, map[rune]rune{'(': ')', '[': ']'}[r]
			if tb.Len() > 0 {
				tb.WriteString("; ")
			}
		case depth > 0 && r == closer:
			if depth--; depth > 0 {
				tb.WriteRune(r)
			}
		case depth > 0:
			if r == opener {
				depth++
			}
			tb.WriteRune(r)
		default:
			nb.WriteRune(r)
		}
	}
	name, note = strings.TrimSpace(nb.String()), strings.TrimSpace(tb.String())
	if foldHeader(name) == "" || depth > 0 {
		return strings.TrimSpace(h), ""
	}
	return name, note
}

// noteDateOrder reads the date order a header's note states:
// "MM/DD/YYYY", "dd.mm.yy", "D/M/Y", "month/day/year", "mdy".
func noteDateOrder(note string) DateOrder {
	s := strings.ToLower(strings.Join(strings.Fields(note), ""))
	switch s {
	case "mdy":
		return OrderMDY
	case "dmy":
		return OrderDMY
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 {
		return OrderUnknown
	}
	var order []byte
	for _, p := range parts {
		switch p {
		case "month":
			p = "m"
		case "day":
			p = "d"
		case "year":
			p = "y"
		}
		if strings.Trim(p, p[:1]) != "" || !strings.Contains("mdy", p[:1]) {
			return OrderUnknown
		}
		order = append(order, p[0])
	}
	switch string(order) {
	case "mdy":
		return OrderMDY
	case "dmy":
		return OrderDMY
	}
	return OrderUnknown
}

// ParseField reads a field name as --map takes it: the JSON key or CSV
// header of a field, in any case and spacing.
func ParseField(s string) (string, error) {
	if f, ok := exactField(s); ok {
		return f, nil
	}
	return "", fmt.Errorf("field %q: expected one of %s", s, strings.Join(schema.Fields, ", "))
}

// HeaderMatcher tells which field a source column is, from its header.
type HeaderMatcher struct {
	explicit map[string]string // folded header, or a column's letters -> field (from --map)
}

// NewHeaderMatcher returns a matcher that reads the columns named in
// explicit (header or column letters -> field, as --map gives them) as
// those fields, before anything else.
func NewHeaderMatcher(explicit map[string]string) (*HeaderMatcher, error) {
	m := &HeaderMatcher{explicit: map[string]string{}}
	for col, field := range explicit {
		f, err := ParseField(field)
		if err != nil {
			return nil, err
		}
		m.explicit[foldHeader(col)] = f
	}
	return m, nil
}

// match returns the field a header names and how well; ok is false for a
// column aitkit does not read. A note in brackets is set aside ("Metric
// Value (%)" is Metric Value), unless --map names the header with it.
func (m *HeaderMatcher) match(header string) (field string, rank int, ok bool) {
	full := foldHeader(header)
	if full == "" {
		return "", 0, false
	}
	if f, ok := m.explicit[full]; ok {
		return f, rankMapped, true
	}
	name, _ := splitNote(header)
	h := foldHeader(name)
	if f, ok := m.explicit[h]; ok {
		return f, rankMapped, true
	}
	for _, f := range schema.Fields {
		for r, names := range headerAliases[f] {
			for _, a := range names {
				if a == h {
					return f, rankExact + r, true
				}
			}
		}
	}
	return "", 0, false
}

// IsField tells whether a column with this header would be read as one of
// the record's fields.
func (m *HeaderMatcher) IsField(header string) bool {
	_, _, ok := m.match(header)
	return ok
}

// Candidate is a column that could be a field: its index, header, and how
// well the header names the field.
type Candidate struct {
	Col    int
	Header string
	Rank   int
	Hidden bool // the column is hidden in the workbook
}

// Letter is the candidate's column, as a spreadsheet names it.
func (c Candidate) Letter() string { return sheet.ColumnName(c.Col) }

// How says how the header names the field.
func (c Candidate) How() string { return rankWords[c.Rank] }

// before tells whether candidate a is taken over b: a column the map
// names first, then a visible column over a hidden one, then the better
// name.
func (a Candidate) before(b Candidate) bool {
	if (a.Rank == rankMapped) != (b.Rank == rankMapped) {
		return a.Rank == rankMapped
	}
	if a.Hidden != b.Hidden {
		return !a.Hidden
	}
	return a.Rank < b.Rank
}

// columns maps each field to a column index of a header row.
type columns struct {
	index      map[string]int         // field -> column (0-based); set with set
	pos        [schema.NumFields]int  // the same by schema.Fields order: column+1, 0 for none
	header     []string               // the header row as found
	row        int                    // its row or line number; 0 for none
	candidates map[string][]Candidate // per field, every column that could be it, the chosen first
	hidden     func(col int) bool     // which columns are hidden; nil when none
}

// set reads column col as field.
func (c *columns) set(field string, col int) {
	c.index[field] = col
	if i := fieldIndex(field); i >= 0 {
		c.pos[i] = col + 1
	}
}

// column is the column of field i of schema.Fields, if the input has one.
func (c *columns) column(i int) (int, bool) { return c.pos[i] - 1, c.pos[i] > 0 }

// chosen is the candidate read as field, if any.
func (c *columns) chosen(field string) (Candidate, bool) {
	col, ok := c.index[field]
	if !ok {
		return Candidate{}, false
	}
	for _, cand := range c.candidates[field] {
		if cand.Col == col {
			return cand, true
		}
	}
	return Candidate{}, false
}

// note is the note in brackets of the header of field's column.
func (c *columns) note(field string) string {
	if cand, ok := c.chosen(field); ok {
		_, note := splitNote(cand.Header)
		return note
	}
	return ""
}

// strong tells whether the header names another field beside the
// External ID: a row of a table of updates, not a line of instructions
// that happens to say "External ID".
func (c *columns) strong() bool {
	for f, cands := range c.candidates {
		if f != schema.FieldExternalID && len(cands) > 0 {
			return true
		}
	}
	return false
}

// unused are the header's columns that no field can be, for the choices
// of a refusal that asks which column is a field.
func (c *columns) unused() []int {
	used := map[int]bool{}
	for _, cands := range c.candidates {
		for _, cand := range cands {
			used[cand.Col] = true
		}
	}
	var out []int
	for i, h := range c.header {
		if !used[i] && strings.TrimSpace(h) != "" {
			out = append(out, i)
		}
	}
	return out
}

// ErrAmbiguousColumns: two or more columns can be one field, none by its
// own name.
var ErrAmbiguousColumns = fmt.Errorf("ambiguous columns")

// ErrNoColumn: the header has no column for a field the record needs
// (Status; As Of Date, unless a date for every row is given).
var ErrNoColumn = errors.New("no column for a required field")

// missingColumn is the refusal of a header without a column for field: a
// map choice per column that is no field, and for the date, a date for
// every row.
func (r *Reader) missingColumn(field string) error {
	c := &r.cols
	var choices []Choice
	if field == schema.FieldAsOfDate {
		choices = append(choices, Choice{Option: OptAsOf, Label: "the date of every update, as YYYY-MM-DD"})
	}
	for _, col := range c.unused() {
		h := strings.TrimSpace(c.header[col])
		key := h
		if strings.Contains(h, "=") || countHeader(c.header, h) > 1 {
			key = sheet.ColumnName(col)
		}
		choices = append(choices, Choice{Option: OptMap, Value: key + "=" + field,
			Label: fmt.Sprintf("read %s %q as %s", sheet.ColumnName(col), truncate(h, 40), field)})
	}
	q := AskColumn
	if field == schema.FieldAsOfDate {
		q = AskAsOf
	}
	at := r.src.Place(c.row, 0)
	return refuse(ErrNoColumn, &Refusal{
		Question: q,
		Place:    at,
		Message:  fmt.Sprintf("%sthe header row (%s) has no %s column", onSheet(at), headerList(c.header), schema.CSVHeader[fieldIndex(field)]),
		Choices:  choices,
	})
}

// headerCells is a row read as a possible header: the text of its cells,
// its number, and the place of each cell.
type headerCells struct {
	texts  []string
	num    int
	place  func(col int) sheet.Place
	hidden func(col int) bool // nil when no column is hidden
}

// mapHeader matches a header row. A field takes the column the map
// names, or the one column with the field's own name, or the one with an
// alias, or the one with a weak alias, in that order, a visible column
// always before a hidden one; two columns at the best level found are
// ErrAmbiguousColumns, a refusal per field whose choices map each. A row
// without an External ID column is ErrNoHeader.
func (m *HeaderMatcher) mapHeader(h headerCells) (columns, error) {
	header := h.texts
	c := columns{index: map[string]int{}, header: header, row: h.num, candidates: map[string][]Candidate{}, hidden: h.hidden}
	for i, text := range header {
		field, rank, ok := m.match(text)
		if rank != rankMapped {
			// The map by the column's letters, when no header has that name.
			if f, mapped := m.explicit[strings.ToLower(sheet.ColumnName(i))]; mapped {
				field, rank, ok = f, rankMapped, true
			}
		}
		if ok {
			c.candidates[field] = append(c.candidates[field], Candidate{Col: i, Header: strings.TrimSpace(text), Rank: rank, Hidden: h.hidden != nil && h.hidden(i)})
		}
	}
	if _, ok := c.candidates[schema.FieldExternalID]; !ok {
		return c, ErrNoHeader
	}
	var ambiguous []error
	for _, field := range schema.Fields {
		cands := c.candidates[field]
		if len(cands) == 0 {
			continue
		}
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].before(cands[b]) })
		tied := 1
		for tied < len(cands) && !cands[0].before(cands[tied]) {
			tied++
		}
		if tied > 1 {
			ambiguous = append(ambiguous, ambiguity(field, cands[:tied], h))
			continue
		}
		c.set(field, cands[0].Col)
	}
	return c, errors.Join(ambiguous...)
}

// ambiguity is the refusal of two or more columns that can all be field,
// with the map line that picks each.
func ambiguity(field string, cands []Candidate, h headerCells) error {
	var names []string
	var choices []Choice
	for _, c := range cands {
		names = append(names, fmt.Sprintf("%s %q", c.Letter(), c.Header))
		key := c.Header
		if countHeader(h.texts, c.Header) > 1 || strings.Contains(key, "=") {
			key = c.Letter() // two columns of one name: pick by letter
		}
		choices = append(choices, Choice{Option: OptMap, Value: key + "=" + field,
			Label: fmt.Sprintf("read %s %q as %s", c.Letter(), c.Header, field)})
	}
	why := "none is named " + quoteName(field)
	if cands[0].Rank == rankExact || cands[0].Rank == rankMapped {
		why = "they are named alike"
	}
	at := h.place(cands[0].Col)
	return refuse(ErrAmbiguousColumns, &Refusal{
		Question: AskColumn,
		Place:    at,
		Message:  fmt.Sprintf("%s%s could be %s (%s)", onSheet(at), strings.Join(names, " or "), field, why),
		Choices:  choices,
	})
}

func quoteName(field string) string {
	return fmt.Sprintf("%q", schema.CSVHeader[fieldIndex(field)])
}

func countHeader(header []string, h string) int {
	n := 0
	for _, x := range header {
		if strings.TrimSpace(x) == h {
			n++
		}
	}
	return n
}

// headerSearchRows is how many rows are searched for a header.
const headerSearchRows = 20

// headerSearch is what findHeader saw: the text of the rows it read, and
// the first of them that names fields but no External ID column (a header
// whose ID column is called otherwise), for the refusal.
type headerSearch struct {
	seen    [][]string
	idless  *columns // nil when no row names two fields
	idPlace func(col int) sheet.Place
}

// findHeader reads up to headerSearchRows rows (or up to the row asked for)
// and returns the header's columns and the rows after it, still to be read.
// A row that names the External ID and another field is taken over one
// that names the External ID alone (a line of instructions). hidden tells
// the hidden columns of the source, if any.
func findHeader(src source, m *HeaderMatcher, headerRow int, hidden func(col int) bool) (cols columns, rest *peekSource, found headerSearch, err error) {
	var rows []sheet.Row
	limit := headerSearchRows
	if headerRow > 0 {
		limit = headerRow
	}
	type candidate struct {
		cols columns
		err  error
		next int // index in rows of the row after it
	}
	var weak *candidate
	take := func(c *candidate) (columns, *peekSource, headerSearch, error) {
		return c.cols, &peekSource{source: src, buf: rows[c.next:]}, found, c.err
	}
	for len(rows) < limit {
		r, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return columns{}, nil, found, err
		}
		r = r.Clone() // sources reuse their cell slices
		rows = append(rows, r)
		found.seen = append(found.seen, r.Texts())
		if headerRow > 0 && r.Num < headerRow {
			continue
		}
		if headerRow > 0 && r.Num > headerRow {
			break // the asked-for row was empty and skipped by the source
		}
		num := r.Num
		place := func(col int) sheet.Place { return src.Place(num, col) }
		cols, err := m.mapHeader(headerCells{texts: found.seen[len(found.seen)-1], num: r.Num, place: place, hidden: hidden})
		switch {
		case errors.Is(err, ErrNoHeader):
			if found.idless == nil && namesFields(cols) {
				found.idless, found.idPlace = &cols, place
			}
		case headerRow > 0 || cols.strong():
			return take(&candidate{cols, err, len(rows)})
		case weak == nil:
			weak = &candidate{cols, err, len(rows)}
		}
		if headerRow > 0 {
			break
		}
	}
	if weak != nil {
		return take(weak)
	}
	return columns{}, &peekSource{source: src, buf: rows}, found, ErrNoHeader
}

// namesFields tells whether a row without an External ID column names two
// other fields, one of them by more than a weak alias: a header whose ID
// column is called something else.
func namesFields(c columns) bool {
	strong := false
	for _, cands := range c.candidates {
		for _, cand := range cands {
			strong = strong || cand.Rank < rankWeak
		}
	}
	return strong && len(c.candidates) >= 2
}

// describeHeaders lists the non-empty cells of the rows seen, for the
// ErrNoHeader message.
func describeHeaders(rows [][]string) string {
	var seen []string
	for _, r := range rows {
		for _, c := range r {
			c = strings.TrimSpace(c)
			if c != "" && len(seen) < 12 {
				seen = append(seen, fmt.Sprintf("%q", truncate(c, 40)))
			}
		}
	}
	if len(seen) == 0 {
		return "no text in the first rows"
	}
	return "first cells seen: " + strings.Join(seen, ", ")
}

// headerList lists a header's cells, for messages: "External ID", "Name".
func headerList(header []string) string {
	var out []string
	for _, h := range header {
		if h = strings.TrimSpace(h); h != "" && len(out) < 12 {
			out = append(out, fmt.Sprintf("%q", truncate(h, 40)))
		}
	}
	return strings.Join(out, ", ")
}

// idColumnRefusal asks which column of a header that names fields but no
// External ID column holds the IDs: a map choice per other column.
func (s headerSearch) idColumnRefusal(where string) error {
	c := s.idless
	var choices []Choice
	for _, col := range c.unused() {
		h := strings.TrimSpace(c.header[col])
		key := h
		if strings.Contains(h, "=") || countHeader(c.header, h) > 1 {
			key = sheet.ColumnName(col)
		}
		choices = append(choices, Choice{Option: OptMap, Value: key + "=" + schema.FieldExternalID,
			Label: fmt.Sprintf("read %s %q as the External ID", sheet.ColumnName(col), truncate(h, 40))})
		if len(choices) == 8 {
			break
		}
	}
	return refuse(ErrNoHeader, &Refusal{
		Question: AskColumn,
		Place:    s.idPlace(0),
		Message:  fmt.Sprintf("%srow %d (%s) names fields but no External ID column", where, c.row, headerList(c.header)),
		Choices:  choices,
	})
}
