package xlsx

import (
	"sync"

	"github.com/aitkit/aitkit/sheet"
)

// rowsAhead scans a sheet's rows on a goroutine of its own, a few batches
// ahead of the caller, when the caller asks (Options.ReadAhead): the
// part is then inflated on one goroutine, scanned into cells on another,
// and converted and written by the caller, so that a single workbook uses
// both cores of a small machine. With as many inputs as cores it is not
// asked for (each input has a core already).
//
// The scanner's state belongs to the goroutine until stop.
type rowsAhead struct {
	full chan *rowBatch
	free chan *rowBatch
	quit chan struct{}
	wg   sync.WaitGroup
	cur  *rowBatch
	i    int
}

// rowBatch is a run of rows with their cells copied out of the scanner's
// reused ones; err ends the rows (io.EOF at the end).
type rowBatch struct {
	rows  []sheet.Row
	cells []sheet.Cell
	offs  []int
	err   error
}

const (
	aheadBatches   = 4
	aheadBatchRows = 512
)

func (r *Rows) startAhead() {
	a := &rowsAhead{full: make(chan *rowBatch, aheadBatches), free: make(chan *rowBatch, aheadBatches), quit: make(chan struct{})}
	for range aheadBatches {
		a.free <- &rowBatch{}
	}
	r.ahead = a
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		for {
			var b *rowBatch
			select {
			case b = <-a.free:
			case <-a.quit:
				return
			}
			r.fillBatch(b)
			select {
			case a.full <- b:
			case <-a.quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
}

// fillBatch scans the next rows into b.
func (r *Rows) fillBatch(b *rowBatch) {
	b.rows, b.cells, b.offs, b.err = b.rows[:0], b.cells[:0], b.offs[:0], nil
	for len(b.rows) < aheadBatchRows {
		row, err := r.next()
		if err != nil {
			b.err = err
			break
		}
		b.offs = append(b.offs, len(b.cells))
		b.cells = append(b.cells, row.Cells...)
		b.rows = append(b.rows, sheet.Row{Num: row.Num, BlankBefore: row.BlankBefore, Hidden: row.Hidden})
	}
	for k := range b.rows {
		end := len(b.cells)
		if k+1 < len(b.offs) {
			end = b.offs[k+1]
		}
		b.rows[k].Cells = b.cells[b.offs[k]:end:end]
	}
}

// next returns the next row scanned ahead. The batch a row came from goes
// back to be filled again once the caller asks for a row past it (a row's
// cells are valid until the next call, as without reading ahead).
func (a *rowsAhead) next() (sheet.Row, error) {
	for {
		if b := a.cur; b != nil {
			if a.i < len(b.rows) {
				a.i++
				return b.rows[a.i-1], nil
			}
			if b.err != nil {
				return sheet.Row{}, b.err
			}
			a.free <- b
			a.cur = nil
		}
		a.cur, a.i = <-a.full, 0
	}
}

// stop ends the goroutine and waits for it; the scanner is then the
// caller's again.
func (a *rowsAhead) stop() {
	close(a.quit)
	a.wg.Wait()
}
