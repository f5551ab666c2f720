// Package extsort sorts more records than memory should hold: records are
// kept in memory up to a budget, sorted, and written to temporary files
// in runs, which are merged when read back. Records are byte strings,
// sorted in bytes.Compare order; give them a key prefix that sorts the way
// you need (big-endian numbers sort as numbers).
//
//	s := extsort.New(extsort.DefaultBudget)
//	defer s.Close()
//	s.Add([]byte("b")); s.Add([]byte("a"))
//	it, err := s.Sort()
//	for rec, err := it.Next(); err == nil; rec, err = it.Next() { ... }
//
// The runs are temporary files without names (internal/tempfile): Close
// frees them, and so does the end of the process, however it ends.
package extsort

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/aitkit/aitkit/internal/tempfile"
)

// DefaultBudget is the memory a Sorter holds records in before it writes
// a run: 8 MiB.
const DefaultBudget = 8 << 20

// recordOverhead is what one record held in memory costs beyond its bytes
// (its slice header and the allocator's rounding), counted in the budget so
// that a million tiny records do not hide behind their small size.
const recordOverhead = 32

// fanIn is how many runs are merged at once; more runs are merged in
// passes, so that the readers' buffers stay bounded too.
const fanIn = 32

// MaxRecord is the longest record a Sorter takes.
const MaxRecord = 64 << 20

// Sorter collects records and gives them back in order.
type Sorter struct {
	budget int
	mem    [][]byte
	size   int // bytes held in mem, with overhead
	runs   []*os.File
	n      int64 // records added
	sorted bool
	closed bool
	// Dir is the folder of the temporary files ("" for the system's).
	Dir string
	// Runs counts the runs written, for tests.
	Runs int
}

// New returns a sorter that holds up to budget bytes of records in memory.
func New(budget int) *Sorter {
	if budget <= 0 {
		budget = DefaultBudget
	}
	return &Sorter{budget: budget}
}

// Len is the number of records added.
func (s *Sorter) Len() int64 { return s.n }

// Held is the number of bytes of records held in memory now (with their
// overhead), never much over the budget.
func (s *Sorter) Held() int { return s.size }

// Add adds a copy of rec.
func (s *Sorter) Add(rec []byte) error {
	if s.sorted || s.closed {
		return errors.New("extsort: Add after Sort")
	}
	if len(rec) > MaxRecord {
		return fmt.Errorf("extsort: a record of %d bytes is over the limit of %d", len(rec), MaxRecord)
	}
	s.mem = append(s.mem, bytes.Clone(rec))
	s.size += len(rec) + recordOverhead
	s.n++
	if s.size >= s.budget {
		return s.spill()
	}
	return nil
}

// spill writes the records held in memory to a new run.
func (s *Sorter) spill() error {
	slices.SortFunc(s.mem, bytes.Compare)
	f, err := tempfile.New(s.Dir, "aitkit-sort-*")
	if err != nil {
		return err
	}
	s.runs = append(s.runs, f)
	s.Runs++
	w := bufio.NewWriterSize(f, 64<<10)
	for _, rec := range s.mem {
		if err := writeRecord(w, rec); err != nil {
			return err
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	clear(s.mem)
	s.mem = s.mem[:0]
	s.size = 0
	return nil
}

func writeRecord(w *bufio.Writer, rec []byte) error {
	var n [binary.MaxVarintLen64]byte
	if _, err := w.Write(n[:binary.PutUvarint(n[:], uint64(len(rec)))]); err != nil {
		return err
	}
	_, err := w.Write(rec)
	return err
}

// Iter gives the records in order.
type Iter struct {
	mem  [][]byte // when nothing was spilled
	h    mergeHeap
	last []byte
}

// Sort ends the adding and returns the records in order. The slices the
// Iter gives are valid until its next call.
func (s *Sorter) Sort() (*Iter, error) {
	if s.sorted || s.closed {
		return nil, errors.New("extsort: Sort called twice")
	}
	s.sorted = true
	if len(s.runs) == 0 {
		slices.SortFunc(s.mem, bytes.Compare)
		return &Iter{mem: s.mem}, nil
	}
	if len(s.mem) > 0 {
		if err := s.spill(); err != nil {
			return nil, err
		}
	}
	s.mem = nil
	// Merge in passes until fanIn runs are left.
	for len(s.runs) > fanIn {
		merged, err := s.merge(s.runs[:fanIn])
		if err != nil {
			return nil, err
		}
		for _, f := range s.runs[:fanIn] {
			f.Close()
		}
		s.runs = append(s.runs[fanIn:], merged)
	}
	it := &Iter{}
	for _, f := range s.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		if err := it.h.push(bufio.NewReaderSize(f, 16<<10)); err != nil {
			return nil, err
		}
	}
	heap.Init(&it.h)
	return it, nil
}

// merge writes the runs merged into a new run.
func (s *Sorter) merge(runs []*os.File) (*os.File, error) {
	var h mergeHeap
	for _, f := range runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		if err := h.push(bufio.NewReaderSize(f, 16<<10)); err != nil {
			return nil, err
		}
	}
	heap.Init(&h)
	out, err := tempfile.New(s.Dir, "aitkit-sort-*")
	if err != nil {
		return nil, err
	}
	s.runs = append(s.runs, out) // removed by Close if the merge fails
	w := bufio.NewWriterSize(out, 64<<10)
	it := &Iter{h: h}
	for {
		rec, err := it.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := writeRecord(w, rec); err != nil {
			return nil, err
		}
	}
	s.runs = s.runs[:len(s.runs)-1]
	return out, w.Flush()
}

// Next returns the next record, or io.EOF after the last.
func (it *Iter) Next() ([]byte, error) {
	if it.h == nil {
		if len(it.mem) == 0 {
			return nil, io.EOF
		}
		rec := it.mem[0]
		it.mem[0] = nil
		it.mem = it.mem[1:]
		return rec, nil
	}
	if it.h.Len() == 0 {
		return nil, io.EOF
	}
	top := it.h[0]
	it.last = append(it.last[:0], top.rec...)
	more, err := top.read()
	if err != nil {
		return nil, err
	}
	if more {
		heap.Fix(&it.h, 0)
	} else {
		heap.Pop(&it.h)
	}
	return it.last, nil
}

// Close removes the temporary files.
func (s *Sorter) Close() error {
	s.closed = true
	s.mem = nil
	for _, f := range s.runs {
		f.Close()
	}
	s.runs = nil
	return nil
}

// cursor is a run being read: its current record.
type cursor struct {
	r   *bufio.Reader
	rec []byte
}

// read reads the next record; false at the end of the run.
func (c *cursor) read() (bool, error) {
	n, err := binary.ReadUvarint(c.r)
	if err == io.EOF {
		return false, nil
	}
	if err != nil || n > MaxRecord {
		return false, fmt.Errorf("extsort: a run is damaged: %v", err)
	}
	if cap(c.rec) < int(n) {
		c.rec = make([]byte, n)
	}
	c.rec = c.rec[:n]
	if _, err := io.ReadFull(c.r, c.rec); err != nil {
		return false, fmt.Errorf("extsort: a run is damaged: %w", err)
	}
	return true, nil
}

type mergeHeap []*cursor

func (h *mergeHeap) push(r *bufio.Reader) error {
	c := &cursor{r: r}
	more, err := c.read()
	if err != nil || !more {
		return err
	}
	*h = append(*h, c)
	return nil
}

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return bytes.Compare(h[i].rec, h[j].rec) < 0 }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *mergeHeap) Pop() any {
	old := *h
	c := old[len(old)-1]
	*h = old[:len(old)-1]
	return c
}
