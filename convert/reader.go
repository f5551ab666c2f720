package convert

import (
	"context"
	"io"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// Record is one converted update and the place of its row.
type Record struct {
	Update schema.Update
	Place  sheet.Place // the row's External ID cell, line or record
}

// Stats counts what a Reader has read so far.
type Stats struct {
	Rows      int // data rows read after the header, skipped ones included
	Records   int // records returned
	Skipped   int // rows without an update (an item the user did not fill)
	Invalid   int // rows with errors
	Hidden    int // rows hidden or filtered out in the workbook, converted
	LeftOut   int // rows hidden or filtered out, left out (Options.VisibleOnly)
	Sheet     string
	HeaderRow int
	Computed  int // formulas saved without their values that were computed
}

// Reader converts one input into records, one row at a time. Open and
// NewReader make one.
type Reader struct {
	name     string
	format   Format
	opts     Options
	src      source
	cols     columns
	norm     *normalizer
	stats    Stats
	closers  []io.Closer    // closed in reverse order
	written  *record.Reader // for an input read as written
	explain  Explanation    // the decisions taken opening the input
	dr       *delimited.Reader
	progress func() (done, total int64)

	// Rows whose date or metric waits for what its column shows wait here,
	// with every row after them: a few in memory, the rest in a file.
	queue *waitQueue
	done  bool
	ctx   context.Context // stops a long wait (rows read, none returned)
}

// Next returns the next record. A row with errors gives a *RowError; call
// Next again to go on. io.EOF ends the input; any other error is fatal.
func (r *Reader) Next() (Record, error) {
	for {
		if r.queue != nil && r.queue.len() > 0 {
			head, err := r.queue.head()
			if err != nil {
				return Record{}, r.inputError(err)
			}
			if r.norm.ready(head, r.done) {
				it := r.queue.pop()
				r.norm.settle(&it)
				return r.emit(it)
			}
		}
		if r.done {
			return Record{}, io.EOF
		}
		if r.stats.Rows&1023 == 1023 && r.ctx != nil && r.ctx.Err() != nil {
			// Rows can wait for the input's last: a cancel is heard.
			return Record{}, r.ctx.Err()
		}
		row, err := r.src.Next()
		if err == io.EOF {
			r.done = true
			continue
		}
		if err != nil {
			return Record{}, r.inputError(err)
		}
		r.stats.Rows++
		if row.Hidden && r.opts.VisibleOnly && !row.Blank() {
			r.stats.LeftOut++ // hidden or filtered out, left out as asked
			continue
		}
		var it item
		if fe := r.recordError(); fe != nil {
			it = item{rec: Record{Place: fe.Place}, errs: []*FieldError{fe}}
		} else {
			it = r.norm.convert(r.src, &row, r.cols)
		}
		if row.Hidden && !it.skip {
			r.stats.Hidden++
		}
		if it.skip {
			if !it.blank {
				r.stats.Skipped++
			}
			continue
		}
		if it.waits() || r.queue != nil && r.queue.len() > 0 {
			if r.queue == nil {
				r.queue = newWaitQueue(r.opts.queueLimit)
			}
			if err := r.queue.push(it); err != nil {
				return Record{}, r.inputError(err)
			}
			continue
		}
		return r.emit(it)
	}
}

// recordError is the error of a record as a whole (a JSON element that is
// no object, a key given twice), for inputs read as written.
func (r *Reader) recordError() *FieldError {
	if wr, ok := r.src.(*writtenRows); ok {
		return wr.recordError()
	}
	return nil
}

// emit turns an item into what Next returns; a refusal of a column as a
// whole (the metric column reads two ways) ends the input instead.
func (r *Reader) emit(it item) (Record, error) {
	if err := r.norm.percent.refusal; err != nil {
		return Record{}, r.inputError(err)
	}
	if len(it.errs) > 0 {
		r.stats.Invalid++
		return Record{}, it.rowError()
	}
	r.stats.Records++
	return it.rec, nil
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats {
	s := r.stats
	s.Computed = r.norm.computed
	return s
}

// Progress says how far the reading is, in bytes of the input (a text
// file, or a workbook's sheet inflated) and how many there are; 0, 0 when
// that is not known (standard input). Safe to call from another goroutine.
func (r *Reader) Progress() (done, total int64) {
	if r.progress == nil {
		return 0, 0
	}
	return r.progress()
}

// Format is the input's format.
func (r *Reader) Format() Format { return r.format }

// Close releases the input, and what was made to read it (a temporary
// copy of a workbook from standard input).
func (r *Reader) Close() error {
	var first error
	if r.queue != nil {
		first = r.queue.close()
		r.queue = nil
	}
	for i := len(r.closers) - 1; i >= 0; i-- {
		if err := r.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	r.closers = nil
	return first
}

func (r *Reader) inputError(err error) error {
	if _, ok := err.(*InputError); ok {
		return err
	}
	return &InputError{File: r.name, Err: err}
}
