package convert

import (
	"github.com/aitkit/aitkit/sheet"
)

// source is what every format's reader gives: rows, one at a time, and
// the place of a cell. The sheet readers (xlsx.Rows, delimited.Reader)
// are sources as they are.
type source interface {
	Next() (sheet.Row, error) // io.EOF at the end
	Place(num, col int) sheet.Place
	Close() error
}

// peekSource replays rows read ahead during header detection.
type peekSource struct {
	source
	buf []sheet.Row
}

func (p *peekSource) Next() (sheet.Row, error) {
	if len(p.buf) > 0 {
		r := p.buf[0]
		p.buf = p.buf[1:]
		return r, nil
	}
	return p.source.Next()
}

// Computed is how many formulas saved without their values the source
// has computed (a workbook's sheet), for --explain.
func (p *peekSource) Computed() int {
	if c, ok := p.source.(interface{ Computed() int }); ok {
		return c.Computed()
	}
	return 0
}
