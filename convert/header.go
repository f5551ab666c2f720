package convert

import (
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
	rankMapped = iota // --map
	rankExact         // the field's own name, in any case and spacing
	rankAlias         // an alias: Metric, Progress, % Complete, Comments...
	rankWeak          // a weak alias (ID, Value, Date): taken only when nothing else can be the field
)

var rankWords = [...]string{"--map", "its own name", "an alias", "a weak alias"}

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
// column aitkit does not read.
func (m *HeaderMatcher) match(header string) (field string, rank int, ok bool) {
	h := foldHeader(header)
	if h == "" {
		return "", 0, false
	}
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
}

// Letter is the candidate's column, as a spreadsheet names it.
func (c Candidate) Letter() string { return sheet.ColumnName(c.Col) }

// How says how the header names the field.
func (c Candidate) How() string { return rankWords[c.Rank] }

// columns maps each field to a column index of a header row.
type columns struct {
	index      map[string]int         // field -> column (0-based); set with set
	pos        [schema.NumFields]int  // the same by schema.Fields order: column+1, 0 for none
	header     []string               // the header row as found
	row        int                    // its row or line number; 0 for none
	candidates map[string][]Candidate // per field, every column that could be it, the chosen first
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

// ErrAmbiguousColumns: two or more columns can be one field, none by its
// own name.
var ErrAmbiguousColumns = fmt.Errorf("ambiguous columns")

// mapHeader matches a header row. A field takes the column --map names, or
// the one column with the field's own name, or the one with an alias, or
// the one with a weak alias, in that order; two columns at the best level
// found are ErrAmbiguousColumns, naming each with a ready --map line. A row
// without an External ID column is ErrNoHeader.
func (m *HeaderMatcher) mapHeader(header []string) (columns, error) {
	c := columns{index: map[string]int{}, header: header, candidates: map[string][]Candidate{}}
	for i, h := range header {
		field, rank, ok := m.match(h)
		if rank != rankMapped {
			// --map by the column's letters, when no header has that name.
			if f, mapped := m.explicit[strings.ToLower(sheet.ColumnName(i))]; mapped {
				field, rank, ok = f, rankMapped, true
			}
		}
		if ok {
			c.candidates[field] = append(c.candidates[field], Candidate{Col: i, Header: strings.TrimSpace(h), Rank: rank})
		}
	}
	if _, ok := c.candidates[schema.FieldExternalID]; !ok {
		return c, ErrNoHeader
	}
	var ambiguous []string
	for _, field := range schema.Fields {
		cands := c.candidates[field]
		if len(cands) == 0 {
			continue
		}
		sort.SliceStable(cands, func(a, b int) bool { return cands[a].Rank < cands[b].Rank })
		best := cands[0].Rank
		tied := 1
		for tied < len(cands) && cands[tied].Rank == best {
			tied++
		}
		if tied > 1 {
			ambiguous = append(ambiguous, ambiguity(field, cands[:tied], header))
			continue
		}
		c.set(field, cands[0].Col)
	}
	if len(ambiguous) > 0 {
		return c, fmt.Errorf("%w: %s", ErrAmbiguousColumns, strings.Join(ambiguous, "; "))
	}
	return c, nil
}

// ambiguity words two or more columns that can all be field, with the
// --map line that picks each.
func ambiguity(field string, cands []Candidate, header []string) string {
	var names, maps []string
	for _, c := range cands {
		names = append(names, fmt.Sprintf("%s %q", c.Letter(), c.Header))
		key := c.Header
		if countHeader(header, c.Header) > 1 {
			key = c.Letter() // two columns of one name: pick by letter
		}
		maps = append(maps, fmt.Sprintf("--map '%s=%s'", key, field))
	}
	why := "none is named " + quoteName(field)
	if cands[0].Rank == rankExact || cands[0].Rank == rankMapped {
		why = "they are named alike"
	}
	return fmt.Sprintf("%s could be %s (%s); choose one with %s", strings.Join(names, " or "), field, why, strings.Join(maps, " or "))
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

// findHeader reads up to headerSearchRows rows (or up to the row asked for)
// and returns the header's columns and the rows after it, still to be read.
// seen is the text of the rows read, for messages.
func findHeader(src source, m *HeaderMatcher, headerRow int) (cols columns, rest *peekSource, seen [][]string, err error) {
	var rows []sheet.Row
	limit := headerSearchRows
	if headerRow > 0 {
		limit = headerRow
	}
	for len(rows) < limit {
		r, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return columns{}, nil, seen, err
		}
		r = r.Clone() // sources reuse their cell slices
		rows = append(rows, r)
		seen = append(seen, r.Texts())
		if headerRow > 0 && r.Num < headerRow {
			continue
		}
		if headerRow > 0 && r.Num > headerRow {
			break // the asked-for row was empty and skipped by the source
		}
		cols, err := m.mapHeader(seen[len(seen)-1])
		if err == nil {
			cols.row = r.Num
			return cols, &peekSource{source: src, buf: rows[len(rows):]}, seen, nil
		}
		if err != ErrNoHeader {
			return cols, nil, seen, err
		}
		if headerRow > 0 {
			break
		}
	}
	return columns{}, &peekSource{source: src, buf: rows}, seen, ErrNoHeader
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
