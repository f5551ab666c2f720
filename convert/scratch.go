package convert

import "sync/atomic"

// Scratch is memory that one Reader after another can use again: a
// workbook's shared-strings table and the buffers its parts are scanned in.
// Give each goroutine that converts input after input its own (ait-convert
// keeps one per worker): a hundred workbooks then fill one table instead of
// allocating a hundred, which the garbage collector would have to follow.
//
// The strings of the records and errors a Reader returns may live in its
// Scratch, so they are valid until the Scratch serves the next Reader: use
// or copy them before then. A Scratch serves one Reader at a time, from
// Open to Close; a Reader opened while it is taken allocates its own. The
// zero value is ready to use.
type Scratch struct {
	busy    atomic.Bool
	strings sharedStrings
	scan    [2][]byte // scanning buffers: the shared strings', the sheet's
}

// Scanning buffers a Scratch keeps.
const (
	scanStrings = iota
	scanSheet
)

// take reserves s for one workbook; false when it is nil or taken.
func (s *Scratch) take() bool {
	return s != nil && s.busy.CompareAndSwap(false, true)
}

// scratchLease gives a workbook's Scratch back when the Reader closes:
// with the table and buffers as the workbook grew them, and free for the
// next Reader.
type scratchLease struct{ wb *workbook }

func (l scratchLease) Close() error {
	s := l.wb.scratch
	if s == nil {
		return nil
	}
	s.strings = l.wb.strings
	for i, sc := range l.wb.scanners {
		// A buffer grown for one huge cell is not kept.
		if sc != nil && cap(sc.buf) <= 4*scanChunk {
			s.scan[i] = sc.buf
		}
	}
	l.wb.scratch = nil
	s.busy.Store(false)
	return nil
}
