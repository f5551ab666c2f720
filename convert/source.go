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

// Calc computes a formula of the source's, when it can.
func (p *peekSource) Calc(num, col int) (sheet.Cell, error) {
	if c, ok := p.source.(calculator); ok {
		return c.Calc(num, col)
	}
	return sheet.Cell{}, errNoCalc
}
