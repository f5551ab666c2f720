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
// them, and a packed index of 8 bytes a string. Cells get the strings of
// chunks in memory without copying (a string points into its chunk, which
// the garbage collector keeps while a string needs it); nothing in the
// table holds a pointer for the collector to follow.
//
// Memory is bounded: past a budget, chunks of text and pages of the index
// go to a temporary file. A string of a spilled chunk is read back through
// a small cache of blocks (a sheet uses its strings roughly in the order
// they were added, so a few blocks serve most cells; a sorted sheet that
// uses them in any order costs a read of one block a cell, never of a
// chunk) and handed out as a copy of its own, so that no string a caller
// keeps holds a block in memory.
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
	text      blockCache // blocks of spilled text read back
	entries   blockCache // blocks of spilled index pages read back
	n         int
	readBytes int64 // read back from the spill file, for tests
}

type chunk struct {
	mem  []byte // the text, while in memory
	off  int64  // its offset in the spill file, when not
	size int
}

const (
	ssChunk   = 1 << 20
	ssOwnMark = 1<<20 - 1 // the length field of a string with a chunk of its own
	pageLen   = 1 << 16   // index entries a spilled page holds

	textBlock   = 4 << 10 // bytes of spilled text read back at once
	textBlocks  = 256     // and kept
	indexBlock  = 4 << 10 // bytes of a spilled index page read back at once
	indexBlocks = 64      // and kept
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
	at := ss.pages[p] + int64(8*(j%pageLen))
	from := ss.pages[p] + int64(8*(j%pageLen))&^(indexBlock-1)
	b, err := ss.entries.load(ss, from, indexBlock, indexBlock, indexBlocks)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(b[at-from:]), nil
}

// Get returns string i. The string never changes: it points into a chunk
// that is not written again, or is a copy of its own.
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
	if c.mem != nil {
		return unsafe.String(&c.mem[off], n), nil
	}
	at := c.off + int64(off)
	from := at &^ (textBlock - 1)
	if at+int64(n) > from+textBlock {
		// Across blocks, or longer than one: read on its own.
		b := make([]byte, n)
		if err := ss.readAt(b, at); err != nil {
			return "", err
		}
		return unsafe.String(&b[0], n), nil
	}
	b, err := ss.text.load(ss, from, textBlock, int(min(textBlock, ss.spillSize-from)), textBlocks)
	if err != nil {
		return "", err
	}
	if at+int64(n) > from+int64(len(b)) {
		return "", fmt.Errorf("the shared strings' temporary file: string %d is past its end", i)
	}
	return string(b[at-from : at-from+int64(n)]), nil
}

// blockCache holds blocks of the spill file read back, each in the slot
// its block number gives (a sheet reading its strings in order finds the
// few blocks it needs; one reading them in any order misses as it would
// with any small cache).
type blockCache struct {
	slots []cached
}

type cached struct {
	off  int64
	data []byte
}

// load returns the block of the spill file at offset off (blocks of size
// bytes), n bytes of it (less at the end of the file), from the cache or
// read into its slot. A block cached short (read while it was the end
// of the file) is read again when more of it is wanted.
func (bc *blockCache) load(ss *Table, off int64, size, n, slots int) ([]byte, error) {
	if bc.slots == nil {
		bc.slots = make([]cached, slots)
	}
	c := &bc.slots[int(off/int64(size))%slots]
	if c.data != nil && c.off == off && len(c.data) >= n {
		return c.data, nil
	}
	// The slot's memory is read into again: no string points into a block.
	if cap(c.data) < n {
		c.data = make([]byte, size)
	}
	c.data = c.data[:n]
	if err := ss.readAt(c.data, off); err != nil {
		c.data = nil
		return nil, err
	}
	c.off = off
	return c.data, nil
}

// readAt reads len(b) bytes of the spill file at off.
func (ss *Table) readAt(b []byte, off int64) error {
	ss.readBytes += int64(len(b))
	if _, err := ss.spill.ReadAt(b, off); err != nil && !(err == io.EOF && off+int64(len(b)) <= ss.spillSize) {
		return fmt.Errorf("the shared strings' temporary file: %w", err)
	}
	return nil
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
