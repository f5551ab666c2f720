package convert

import "io"

// CellKind says what a source cell holds, as its format tells it.
type CellKind uint8

// Cell kinds.
const (
	KindText    CellKind = iota // text, as typed
	KindNumber                  // a number as stored ("0.54300000000000004")
	KindPercent                 // a number with a percent format: already a fraction
	KindDate                    // a date cell, already YYYY-MM-DD
	KindBool                    // TRUE or FALSE
	KindError                   // a formula error such as #N/A
	KindNoValue                 // a formula saved without its cached value
	KindNested                  // a JSON object or array where a value belongs
)

// Cell is one value of a source row.
type Cell struct {
	Value string
	Kind  CellKind
}

func (c Cell) empty() bool { return c.Kind == KindText && isBlank(c.Value) }

// row is one row of a source: its cells and its number (workbook row, line
// of delimited text, or index of a JSON record).
type row struct {
	cells []Cell
	num   int
}

func (r *row) text() []string {
	out := make([]string, len(r.cells))
	for i, c := range r.cells {
		out[i] = c.Value
	}
	return out
}

// rowSource is what every format's reader gives: rows, one at a time, and
// the place of a cell.
type rowSource interface {
	next() (row, error)       // io.EOF at the end
	place(num, col int) Place // the cell of row number num, column col
	close() error
}

// peekSource replays rows read ahead during header detection.
type peekSource struct {
	rowSource
	buf []row
}

func (p *peekSource) next() (row, error) {
	if len(p.buf) > 0 {
		r := p.buf[0]
		p.buf = p.buf[1:]
		return r, nil
	}
	return p.rowSource.next()
}

// headerSearchRows is how many rows are searched for a header.
const headerSearchRows = 20

// findHeader reads up to headerSearchRows rows (or up to the row asked for)
// and returns the header's columns and the rows after it, still to be read.
func findHeader(src rowSource, m *HeaderMatcher, headerRow int) (columns, *peekSource, [][]string, error) {
	var seen []row
	var texts [][]string
	limit := headerSearchRows
	if headerRow > 0 {
		limit = headerRow
	}
	for len(seen) < limit {
		r, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return columns{}, nil, texts, err
		}
		// Keep a copy: sources may reuse their cell slices.
		r.cells = append([]Cell(nil), r.cells...)
		seen = append(seen, r)
		texts = append(texts, r.text())
		if headerRow > 0 && r.num < headerRow {
			continue
		}
		if headerRow > 0 && r.num > headerRow {
			break // the asked-for row was empty and skipped by the source
		}
		cols, err := m.mapHeader(texts[len(texts)-1])
		if err == nil {
			cols.row = r.num
			return cols, &peekSource{rowSource: src, buf: seen[len(seen)-1+1:]}, texts, nil
		}
		if err != ErrNoHeader {
			return cols, nil, texts, err
		}
		if headerRow > 0 {
			break
		}
	}
	return columns{}, &peekSource{rowSource: src, buf: seen}, texts, ErrNoHeader
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '\v', '\f':
		default:
			if s[i] < 0x80 {
				return false
			}
			return isBlankUnicode(s[i:])
		}
	}
	return true
}
