package convert

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// headerAliases lists, per field, the header spellings matched, best first
// (compared after foldHeader). A column whose header matches a better alias
// wins over one that matches a worse one.
var headerAliases = map[string][]string{
	schema.FieldExternalID:  {"externalid", "externalids", "extid", "externalidentifier", "id"},
	schema.FieldStatus:      {"status", "currentstatus", "updatestatus"},
	schema.FieldMetricValue: {"metricvalue", "metric", "value", "currentvalue", "progress", "%complete", "percentcomplete", "pctcomplete"},
	schema.FieldAsOfDate:    {"asofdate", "asof", "date", "updatedate", "updatedon"},
	schema.FieldComment:     {"comment", "comments", "notes", "note", "updatecomment", "progresscomment"},
}

// foldHeader is the form headers are compared in: lower case, letters,
// digits and % only ("External ID", "external_id" and "externalId" all give
// "externalid").
func foldHeader(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '%':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ParseField reads a field name as --map takes it: the JSON key or CSV
// header of a field, in any case and spacing.
func ParseField(s string) (string, error) {
	f := foldHeader(s)
	for _, field := range schema.Fields {
		if foldHeader(field) == f {
			return field, nil
		}
	}
	return "", fmt.Errorf("field %q: expected one of %s", s, strings.Join(schema.Fields, ", "))
}

// HeaderMatcher tells which field a source column is, from its header.
type HeaderMatcher struct {
	explicit map[string]string // folded header -> field (from --map)
}

// NewHeaderMatcher returns a matcher that reads the columns named in
// explicit (header -> field, as --map gives them) as those fields, before
// the built-in aliases.
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

// match returns the field of a header and its rank (lower is better); ok is
// false for a column aitkit does not read.
func (m *HeaderMatcher) match(header string) (field string, rank int, ok bool) {
	h := foldHeader(header)
	if h == "" {
		return "", 0, false
	}
	if f, ok := m.explicit[h]; ok {
		return f, -1, true
	}
	for _, f := range schema.Fields {
		for i, a := range headerAliases[f] {
			if a == h {
				return f, i, true
			}
		}
	}
	return "", 0, false
}

// columns maps each field to a column index of a header row.
type columns struct {
	index  map[string]int // field -> column (0-based)
	header []string       // the header row as found
	row    int            // its row or line number; 0 for none
}

// mapHeader matches a header row. It fails when the row has no External ID
// column, or when two columns match a field equally well.
func (m *HeaderMatcher) mapHeader(header []string) (columns, error) {
	c := columns{index: map[string]int{}, header: header}
	rank := map[string]int{}
	var ambiguous []string
	for i, h := range header {
		f, r, ok := m.match(h)
		if !ok {
			continue
		}
		prev, seen := c.index[f]
		switch {
		case !seen || r < rank[f]:
			c.index[f], rank[f] = i, r
		case r == rank[f]:
			ambiguous = append(ambiguous, fmt.Sprintf("%q and %q are both %s", header[prev], h, f))
		}
	}
	if _, ok := c.index[schema.FieldExternalID]; !ok {
		return c, ErrNoHeader
	}
	if len(ambiguous) > 0 {
		sort.Strings(ambiguous)
		return c, fmt.Errorf("ambiguous header: %s; choose one with --map 'COLUMN=field'", strings.Join(ambiguous, "; "))
	}
	return c, nil
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

// IsField tells whether a column with this header would be read as one of
// the record's fields.
func (m *HeaderMatcher) IsField(header string) bool {
	_, _, ok := m.match(header)
	return ok
}
