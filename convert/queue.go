package convert

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/aitkit/aitkit/sheet"
)

// waitQueue holds, in order, the rows that wait for what their column
// will show (a date order, a decimal separator) and every row after them.
// A bounded number of them is kept in memory; the rest go to a temporary
// file, in order, and come back from it in batches, so that a column
// settled only by its last row costs a file as large as the rows, not
// memory (SPEC "Memory"). The file is removed on close, and on systems
// that allow it as soon as it is made, so that no run, however it ends,
// leaves it behind. What comes out is what went in: the records and their
// errors, which read, unwrap (errors.Is, errors.As for the package's
// errors and refusals) and word themselves (FieldError.Message) as before.
type waitQueue struct {
	mem      []item // the first rows, in memory
	memBytes int    // about how many bytes they hold
	maxItems int    // the most rows kept in memory
	maxBytes int    // the most bytes kept in memory, about

	file    *os.File // the rows after them, or nil until needed
	w       *bufio.Writer
	r       *bufio.Reader
	wOff    int64 // where the next row is written
	rOff    int64 // where the reader's next read is
	onDisk  int   // rows in the file not read back yet
	scratch []byte

	// For tests: the most rows held in memory at once, and how many went
	// through the file.
	peakMem int
	spilled int
}

// Default bounds of the rows a waitQueue keeps in memory.
const (
	defaultQueueItems = 4096
	defaultQueueBytes = 8 << 20
)

func newWaitQueue(maxItems int) *waitQueue {
	if maxItems <= 0 {
		maxItems = defaultQueueItems
	}
	return &waitQueue{maxItems: maxItems, maxBytes: defaultQueueBytes}
}

// len is how many rows wait.
func (q *waitQueue) len() int { return len(q.mem) + q.onDisk }

// push adds a row at the end.
func (q *waitQueue) push(it item) error {
	size := it.size()
	if q.onDisk == 0 && len(q.mem) < q.maxItems && (q.memBytes+size <= q.maxBytes || len(q.mem) == 0) {
		q.mem = append(q.mem, it)
		q.memBytes += size
		q.peakMem = max(q.peakMem, len(q.mem))
		return nil
	}
	if q.file == nil {
		if err := q.open(); err != nil {
			return err
		}
	}
	q.scratch = encodeItem(q.scratch[:0], &it)
	var n [binary.MaxVarintLen64]byte
	if _, err := q.w.Write(n[:binary.PutUvarint(n[:], uint64(len(q.scratch)))]); err != nil {
		return q.fileError(err)
	}
	if _, err := q.w.Write(q.scratch); err != nil {
		return q.fileError(err)
	}
	q.onDisk++
	q.spilled++
	return nil
}

// head is the first row; the queue must not be empty.
func (q *waitQueue) head() (*item, error) {
	if len(q.mem) == 0 {
		if err := q.load(); err != nil {
			return nil, err
		}
	}
	return &q.mem[0], nil
}

// pop removes the first row and returns it; head must have been called.
func (q *waitQueue) pop() item {
	it := q.mem[0]
	q.mem[0] = item{}
	q.mem = q.mem[1:]
	q.memBytes -= it.size()
	if len(q.mem) == 0 {
		q.mem = q.mem[:0:0] // let the array go: a new one is made as needed
		q.memBytes = 0
	}
	return it
}

// load brings the next batch of rows back from the file.
func (q *waitQueue) load() error {
	if err := q.w.Flush(); err != nil {
		return q.fileError(err)
	}
	for q.onDisk > 0 && len(q.mem) < q.maxItems && (q.memBytes <= q.maxBytes || len(q.mem) == 0) {
		n, err := binary.ReadUvarint(q.r)
		if err != nil {
			return q.fileError(err)
		}
		if uint64(cap(q.scratch)) < n {
			q.scratch = make([]byte, n)
		}
		b := q.scratch[:n]
		if _, err := io.ReadFull(q.r, b); err != nil {
			return q.fileError(err)
		}
		it, err := decodeItem(b)
		if err != nil {
			return q.fileError(err)
		}
		q.mem = append(q.mem, it)
		q.memBytes += it.size()
		q.onDisk--
	}
	q.peakMem = max(q.peakMem, len(q.mem))
	if q.onDisk == 0 {
		// Read to its end: the file starts over.
		q.wOff, q.rOff = 0, 0
		q.r.Reset(&fileAt{q.file, &q.rOff})
		if err := q.file.Truncate(0); err != nil {
			return q.fileError(err)
		}
	}
	return nil
}

func (q *waitQueue) open() error {
	f, err := os.CreateTemp("", "aitkit-waiting-rows-*")
	if err != nil {
		return fmt.Errorf("rows waiting for their column: %w", err)
	}
	if runtime.GOOS != "windows" {
		// Unlinked at once: the file lives while it is open, and goes
		// when the process does, however it ends.
		os.Remove(f.Name())
	}
	q.file = f
	q.w = bufio.NewWriterSize(&fileAt{f, &q.wOff}, 64<<10)
	q.r = bufio.NewReaderSize(&fileAt{f, &q.rOff}, 64<<10)
	return nil
}

func (q *waitQueue) fileError(err error) error {
	return fmt.Errorf("rows waiting for their column, in the temporary file %s: %w", q.file.Name(), err)
}

// close removes the file.
func (q *waitQueue) close() error {
	q.mem = nil
	if q.file == nil {
		return nil
	}
	err := q.file.Close()
	os.Remove(q.file.Name())
	q.file = nil
	return err
}

// fileAt reads or writes a file at an offset of its own.
type fileAt struct {
	f   *os.File
	off *int64
}

func (f *fileAt) Read(p []byte) (int, error) {
	n, err := f.f.ReadAt(p, *f.off)
	*f.off += int64(n)
	if n > 0 && err == io.EOF {
		err = nil
	}
	return n, err
}

func (f *fileAt) Write(p []byte) (int, error) {
	n, err := f.f.WriteAt(p, *f.off)
	*f.off += int64(n)
	return n, err
}

// size is about how many bytes an item holds in memory.
func (it *item) size() int {
	u := &it.rec.Update
	n := 400 + len(u.ExternalID) + len(u.Status) + len(u.MetricValue) + len(u.AsOfDate) + len(u.Comment) + len(it.dateRaw) + 2*len(it.metric.orig)
	for _, fe := range it.errs {
		n += 300 + len(fe.Value)
	}
	return n
}

// The encoding of an item: its fields in order, strings and slices with
// their lengths before them, integers as varints. TestQueueCodecFields
// fails when item gains a field this does not write.

func encodeItem(b []byte, it *item) []byte {
	u := &it.rec.Update
	b = appendStrings(b, u.ExternalID, u.Status, u.MetricValue, u.AsOfDate, u.Comment)
	b = appendPlace(b, it.rec.Place)
	b = binary.AppendUvarint(b, uint64(len(it.errs)))
	for _, fe := range it.errs {
		b = appendPlace(b, fe.Place)
		b = appendStrings(b, fe.Field, fe.Value)
		b = appendError(b, fe.Err)
	}
	b = appendBools(b, it.skip, it.blank, it.waitDate, it.date.numeric, it.date.dotted, it.waitMetric, it.metric.neg, it.metric.percent)
	b = appendInts(b, it.date.y, it.date.m, it.date.d, it.date.a, it.date.b)
	b = appendStrings(b, it.dateRaw)
	b = appendPlace(b, it.datePlc)
	b = appendStrings(b, it.metric.orig, it.metric.core)
	b = appendInts(b, int(it.metric.shows), int(it.metric.either))
	return appendPlace(b, it.metricPlc)
}

func decodeItem(b []byte) (item, error) {
	d := decoder{b: b}
	var it item
	u := &it.rec.Update
	d.strings(&u.ExternalID, &u.Status, &u.MetricValue, &u.AsOfDate, &u.Comment)
	it.rec.Place = d.place()
	if n := d.uint(); n > 0 && d.err == nil {
		it.errs = make([]*FieldError, 0, min(n, 64))
		for range n {
			fe := &FieldError{Place: d.place()}
			d.strings(&fe.Field, &fe.Value)
			fe.Err = d.error()
			if d.err != nil {
				break
			}
			it.errs = append(it.errs, fe)
		}
	}
	d.bools(&it.skip, &it.blank, &it.waitDate, &it.date.numeric, &it.date.dotted, &it.waitMetric, &it.metric.neg, &it.metric.percent)
	d.ints(&it.date.y, &it.date.m, &it.date.d, &it.date.a, &it.date.b)
	d.strings(&it.dateRaw)
	it.datePlc = d.place()
	d.strings(&it.metric.orig, &it.metric.core)
	var shows, either int
	d.ints(&shows, &either)
	it.metric.shows, it.metric.either = Separator(shows), byte(either)
	it.metricPlc = d.place()
	if d.err == nil && len(d.b) > 0 {
		d.err = errors.New("bytes after an item")
	}
	return it, d.err
}

func appendStrings(b []byte, ss ...string) []byte {
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func appendInts(b []byte, is ...int) []byte {
	for _, i := range is {
		b = binary.AppendVarint(b, int64(i))
	}
	return b
}

func appendBools(b []byte, bs ...bool) []byte {
	var bits uint64
	for i, v := range bs {
		if v {
			bits |= 1 << i
		}
	}
	return binary.AppendUvarint(b, bits)
}

func appendPlace(b []byte, p sheet.Place) []byte {
	b = appendStrings(b, p.File, p.Sheet, p.Cell)
	return appendInts(b, p.Line, p.Index)
}

// errorKinds are the package's sentinels and kinds of errors: an error
// that came back from the file is each of them that it was.
var errorKinds = []error{
	ErrNoHeader, ErrNoSheet, ErrNotRecords, ErrNotDate, ErrAmbiguousDate, ErrNotNumber, ErrAmbiguousNumber,
	ErrBadStatus, ErrRequired, ErrTooLong, ErrFormula, ErrAmbiguousColumns,
	errPrecision, errRange, errExponentID,
	sheet.ErrMalformed, sheet.ErrTooLarge, sheet.ErrUnsupported, sheet.ErrEmpty,
}

// appendError writes an error as what can be asked of it: its text, the
// kinds it is (errors.Is), and the package's errors in it (errors.As): the
// value error with what was expected, the refusal with its choices, the
// API's wording.
func appendError(b []byte, err error) []byte {
	if err == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = appendStrings(b, err.Error())
	var kinds uint64
	for i, k := range errorKinds {
		if errors.Is(err, k) {
			kinds |= 1 << i
		}
	}
	b = binary.AppendUvarint(b, kinds)
	if ve, ok := errors.AsType[*valueError](err); ok {
		b = append(b, 1)
		b = appendStrings(b, ve.kind.Error(), ve.found, ve.expected, ve.hint)
	} else {
		b = append(b, 0)
	}
	if r, ok := errors.AsType[*Refusal](err); ok {
		b = append(b, 1)
		b = appendStrings(b, string(r.Question), r.Message)
		b = appendPlace(b, r.Place)
		b = binary.AppendUvarint(b, uint64(len(r.Choices)))
		for _, c := range r.Choices {
			b = appendStrings(b, string(c.Option), c.Value, c.Label, c.Evidence)
		}
	} else {
		b = append(b, 0)
	}
	if ae, ok := errors.AsType[*APIError](err); ok {
		b = append(b, 1)
		b = appendStrings(b, ae.Message)
	} else {
		b = append(b, 0)
	}
	return b
}

// thawedError is an error read back from the file: it reads as the
// error did, is the kinds it was, and unwraps to the package's errors
// that were in it.
type thawedError struct {
	msg   string
	kinds uint64
	parts []error
}

func (e *thawedError) Error() string   { return e.msg }
func (e *thawedError) Unwrap() []error { return e.parts }

func (e *thawedError) Is(target error) bool {
	for i, k := range errorKinds {
		if e.kinds&(1<<i) != 0 && k == target {
			return true
		}
	}
	return false
}

// thawedKind is the kind of a value error read back: its text, and the
// kinds it was.
type thawedKind struct {
	msg   string
	kinds uint64
}

func (k *thawedKind) Error() string { return k.msg }
func (k *thawedKind) Is(target error) bool {
	return (&thawedError{kinds: k.kinds}).Is(target)
}

// decoder reads what encodeItem wrote; the first problem stops it.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("a damaged item")
	}
	d.b = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) == 0 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) strings(ss ...*string) {
	for _, s := range ss {
		n := d.uint()
		if n > uint64(len(d.b)) {
			d.fail()
			return
		}
		*s = string(d.b[:n])
		d.b = d.b[n:]
	}
}

func (d *decoder) ints(is ...*int) {
	for _, i := range is {
		v, n := binary.Varint(d.b)
		if n <= 0 {
			d.fail()
			return
		}
		*i = int(v)
		d.b = d.b[n:]
	}
}

func (d *decoder) bools(bs ...*bool) {
	bits := d.uint()
	for i, b := range bs {
		*b = bits&(1<<i) != 0
	}
}

func (d *decoder) place() sheet.Place {
	var p sheet.Place
	d.strings(&p.File, &p.Sheet, &p.Cell)
	d.ints(&p.Line, &p.Index)
	return p
}

func (d *decoder) error() error {
	if d.byte() == 0 {
		return nil
	}
	e := &thawedError{}
	d.strings(&e.msg)
	e.kinds = d.uint()
	if d.byte() == 1 {
		ve := &valueError{}
		k := &thawedKind{kinds: e.kinds}
		d.strings(&k.msg, &ve.found, &ve.expected, &ve.hint)
		ve.kind = k
		e.parts = append(e.parts, ve)
	}
	if d.byte() == 1 {
		r := &Refusal{}
		var q string
		d.strings(&q, &r.Message)
		r.Question = Question(q)
		r.Place = d.place()
		n := d.uint()
		for i := uint64(0); i < n && d.err == nil; i++ {
			var c Choice
			var o string
			d.strings(&o, &c.Value, &c.Label, &c.Evidence)
			c.Option = Option(o)
			r.Choices = append(r.Choices, c)
		}
		e.parts = append(e.parts, r)
	}
	if d.byte() == 1 {
		ae := &APIError{}
		d.strings(&ae.Message)
		e.parts = append(e.parts, ae)
	}
	return e
}
