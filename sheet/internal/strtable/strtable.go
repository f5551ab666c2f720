// Package strtable is a workbook's table of shared strings, held in
// bounded memory: past a budget it spills to a temporary file.
package strtable

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"unsafe"

	"github.com/aitkit/aitkit/sheet"
)

// Table is the shared-strings table: the text of every string in
// chunks of about 1 MiB that are never written again once a string is in
// them, and a packed index of 8 bytes a string. Cells get their strings
// without copying (a string points into its chunk, which the garbage
// collector keeps while a string needs it); nothing in the table holds a
// pointer for the collector to follow.
//
// Memory is bounded: past a budget, chunks of text and pages of the index
// go to a temporary file and are read back when a cell needs them, into
// fresh memory (a sheet uses its strings roughly in the order they were
// added, so a handful of chunks cached serves most cells).
type Table struct {
	budget    int64 // bytes of text kept in memory
	maxIndex  int   // index entries kept in memory
	chunks    []chunk
	memBytes  int64    // text in memory
	index     []uint64 // the first maxIndex entries, packed by packSS
	pages     []int64  // file offsets of the index pages after them
	page      []uint64 // the page being filled
	ownLast   bool     // the last chunk holds one long string: start another
	spill     *os.File // the temporary file, created when first needed
	spillSize int64
	cache     [8]cached // spilled chunks and index pages read back
	tick      uint64
	n         int
}

type chunk struct {
	mem  []byte // the text, while in memory
	off  int64  // its offset in the spill file, when not
	size int
}

type cached struct {
	key  int64 // chunk number, or -1 - page number; 0 with data nil for none
	data []byte
	used uint64
}

const (
	ssChunk   = 1 << 20
	ssOwnMark = 1<<20 - 1 // the length field of a string with a chunk of its own
	pageLen   = 1 << 16   // index entries a spilled page holds
)

// New returns a table that keeps about budget bytes of text,
// and a quarter of that of index, in memory.
func New(budget int64) *Table {
	return &Table{budget: budget, maxIndex: int(max(budget/4/8, pageLen))}
}

// packSS packs a string's place: chunk (24 bits), offset in the chunk (20
// bits), length (20 bits). A string of half a chunk or more gets a chunk of
// its own, and ssOwnMark for its length, which no other string can have.
func packSS(c, off, n int) uint64 { return uint64(c)<<40 | uint64(off)<<20 | uint64(n) }

func (ss *Table) Len() int { return ss.n }

// Reserve makes room in the index for n strings, as far as it keeps in
// memory: the table's own count, which a hostile file may inflate, is
// trusted no further than that.
func (ss *Table) Reserve(n int) {
	if n = min(n, ss.maxIndex); cap(ss.index) < n {
		ss.index = make([]uint64, 0, n)
	}
}

// Add appends a string's text; it is copied once, into a chunk.
func (ss *Table) Add(text []byte) error {
	n := len(text)
	if len(ss.chunks) >= 1<<24-2 {
		return sheet.TooLarge("more than 16 TiB of shared strings", "MaxStrings", 1<<24)
	}
	var entry uint64
	if n >= ssChunk/2 {
		if err := ss.newChunk(n); err != nil {
			return err
		}
		last := len(ss.chunks) - 1
		ss.chunks[last].mem = append(ss.chunks[last].mem, text...)
		ss.chunks[last].size = n
		ss.ownLast = true
		entry = packSS(last, 0, ssOwnMark)
	} else {
		last := len(ss.chunks) - 1
		if last < 0 || ss.ownLast || ssChunk-ss.chunks[last].size < n {
			if err := ss.newChunk(ssChunk); err != nil {
				return err
			}
			ss.ownLast = false
			last++
		}
		c := &ss.chunks[last]
		off := c.size
		c.mem = append(c.mem, text...)
		c.size += n
		entry = packSS(last, off, n)
	}
	ss.memBytes += int64(n)
	return ss.addEntry(entry)
}

// newChunk starts a chunk of capacity size, first sending the last one to
// the spill file when the text in memory is over budget.
func (ss *Table) newChunk(size int) error {
	if last := len(ss.chunks) - 1; last >= 0 && ss.memBytes > ss.budget {
		c := &ss.chunks[last]
		off, err := ss.write(c.mem)
		if err != nil {
			return err
		}
		ss.memBytes -= int64(c.size)
		c.mem, c.off = nil, off
	}
	ss.chunks = append(ss.chunks, chunk{mem: make([]byte, 0, size)})
	return nil
}

func (ss *Table) addEntry(e uint64) error {
	ss.n++
	if len(ss.index) < ss.maxIndex && len(ss.pages) == 0 {
		ss.index = append(ss.index, e)
		return nil
	}
	if ss.page == nil {
		ss.page = make([]uint64, 0, pageLen)
	}
	ss.page = append(ss.page, e)
	if len(ss.page) == pageLen {
		return ss.flushPage()
	}
	return nil
}

func (ss *Table) flushPage() error {
	b := make([]byte, 8*len(ss.page))
	for i, e := range ss.page {
		binary.LittleEndian.PutUint64(b[8*i:], e)
	}
	off, err := ss.write(b)
	if err != nil {
		return err
	}
	ss.pages = append(ss.pages, off)
	ss.page = ss.page[:0]
	return nil
}

// write appends b to the spill file and returns its offset.
func (ss *Table) write(b []byte) (int64, error) {
	if ss.spill == nil {
		f, err := createSpill()
		if err != nil {
			return 0, fmt.Errorf("shared strings past %s bytes go to a temporary file: %w", sheet.Count(ss.budget), err)
		}
		ss.spill = f
	}
	off := ss.spillSize
	if _, err := ss.spill.WriteAt(b, off); err != nil {
		return 0, fmt.Errorf("the shared strings' temporary file: %w", err)
	}
	ss.spillSize += int64(len(b))
	return off, nil
}

// entry returns the packed place of string i.
func (ss *Table) entry(i int) (uint64, error) {
	if i < len(ss.index) {
		return ss.index[i], nil
	}
	j := i - len(ss.index)
	p := j / pageLen
	if p == len(ss.pages) {
		return ss.page[j%pageLen], nil
	}
	b, err := ss.load(-1-int64(p), ss.pages[p], 8*pageLen)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b[8*(j%pageLen):]), nil
}

// Get returns string i. The string never changes: it points into a chunk
// that is not written again, or was read back into memory of its own.
func (ss *Table) Get(i int) (string, error) {
	e, err := ss.entry(i)
	if err != nil {
		return "", err
	}
	c := &ss.chunks[e>>40]
	off := int(e >> 20 & (1<<20 - 1))
	n := int(e & (1<<20 - 1))
	if n == ssOwnMark {
		n = c.size
	}
	if n == 0 {
		return "", nil
	}
	b := c.mem
	if b == nil {
		if b, err = ss.load(int64(e>>40), c.off, c.size); err != nil {
			return "", err
		}
	}
	return unsafe.String(&b[off], n), nil
}

// load returns a spilled chunk or index page, from the cache or read into
// fresh memory (never into memory a string may point into).
func (ss *Table) load(key, off int64, size int) ([]byte, error) {
	ss.tick++
	oldest := 0
	for k := range ss.cache {
		c := &ss.cache[k]
		if c.data != nil && c.key == key {
			c.used = ss.tick
			return c.data, nil
		}
		if c.used < ss.cache[oldest].used {
			oldest = k
		}
	}
	b := make([]byte, size)
	if _, err := ss.spill.ReadAt(b, off); err != nil && err != io.EOF {
		return nil, fmt.Errorf("the shared strings' temporary file: %w", err)
	}
	ss.cache[oldest] = cached{key: key, data: b, used: ss.tick}
	return b, nil
}

// Close removes the spill file.
func (ss *Table) Close() error {
	if ss.spill == nil {
		return nil
	}
	err := ss.spill.Close()
	removeSpill(ss.spill)
	ss.spill = nil
	return err
}

// Spilled tells whether part of the table went to a temporary file.
func (ss *Table) Spilled() bool { return ss.spill != nil }
