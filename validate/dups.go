package validate

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
)

// Warning is a warning about one record that is known only once the whole
// input has been read: a second update of one External ID for one date.
type Warning struct {
	Position   int    // 0-based index of the record
	Source     string // where the record is in the input
	ExternalID string
	Message    string
}

// dupFinder finds the valid records whose (externalId, asOfDate) pair an
// earlier record already has, in memory that does not grow with the
// number of records:
//
//   - each pair is hashed to 64 bits; the hashes are kept by position, the
//     first hashesInMemory in memory and the rest in a temporary file (8
//     bytes a record on disk);
//   - a set of the hashes seen tells, for each record, whether its pair may
//     have come before: an exact set for the first exactMax records, then a
//     blocked Bloom filter of a fixed 16 MiB (no false negatives; measured
//     on random hashes: no false "maybe" in the first million records,
//     about 4,000 over ten million);
//   - a "maybe" keeps the record as a candidate (its pair, position and
//     source), so memory grows only with the duplicates and the rare false
//     positives;
//   - at the end, one pass over the hashes finds each candidate pair's
//     first position: a candidate that is its pair's first record was a
//     false positive and is dropped.
//
// A collision of two pairs' 64-bit hashes (odds about n²/2⁶⁵) could add a
// warning; it never rejects a record.
type dupFinder struct {
	seed   maphash.Seed
	n      int                 // records seen, valid or not
	exact  map[uint64]struct{} // the hashes seen, until there are exactMax
	bloom  []uint64            // then this filter
	hashes []uint64            // the first hashesInMemory hashes by position (0: a record with errors)
	spill  *os.File            // the rest
	w      *bufio.Writer
	cands  map[uint64]*candidate
}

type candidate struct {
	externalID, asOfDate string
	hits                 []hit // the records that may repeat the pair, in order
}

type hit struct {
	pos    int
	source string
}

const (
	exactMax       = 1 << 16
	hashesInMemory = 1 << 16
	bloomWords     = 16 << 20 / 8 // 16 MiB: 2^18 blocks of 512 bits
	bloomBlocks    = bloomWords / 8
)

func newDupFinder() *dupFinder {
	return &dupFinder{seed: maphash.MakeSeed(), exact: map[uint64]struct{}{}, cands: map[uint64]*candidate{}}
}

// add notes the record at the next position: a valid one with its pair, or
// (valid false) one with errors, which repeats nothing.
func (d *dupFinder) add(valid bool, externalID, asOfDate, source string) error {
	pos := d.n
	d.n++
	var h uint64
	if valid {
		var mh maphash.Hash
		mh.SetSeed(d.seed)
		mh.WriteString(externalID)
		mh.WriteByte(0)
		mh.WriteString(asOfDate)
		h = mh.Sum64() | 1 // never 0, which marks a record with errors
		if d.seen(h) {
			c := d.cands[h]
			if c == nil {
				c = &candidate{externalID: externalID, asOfDate: asOfDate}
				d.cands[h] = c
			}
			c.hits = append(c.hits, hit{pos: pos, source: source})
		}
	}
	if len(d.hashes) < hashesInMemory {
		d.hashes = append(d.hashes, h)
		return nil
	}
	if d.spill == nil {
		f, err := os.CreateTemp("", "ait-validate-pairs-*")
		if err != nil {
			return fmt.Errorf("a temporary file for the duplicate check: %w", err)
		}
		os.Remove(f.Name()) // gone when closed, where the system allows it
		d.spill, d.w = f, bufio.NewWriterSize(f, 64<<10)
	}
	if d.w.Available() < 8 {
		if err := d.w.Flush(); err != nil {
			return fmt.Errorf("the duplicate check's temporary file: %w", err)
		}
	}
	if _, err := d.w.Write(binary.LittleEndian.AppendUint64(d.w.AvailableBuffer(), h)); err != nil {
		return fmt.Errorf("the duplicate check's temporary file: %w", err)
	}
	return nil
}

// seen adds h to the set and tells whether it may have been there.
func (d *dupFinder) seen(h uint64) bool {
	if d.bloom == nil {
		if _, ok := d.exact[h]; ok {
			return true
		}
		d.exact[h] = struct{}{}
		if len(d.exact) <= exactMax {
			return false
		}
		d.bloom = make([]uint64, bloomWords)
		for k := range d.exact {
			d.bloomAdd(k)
		}
		d.exact = nil
		return false
	}
	return d.bloomAdd(h)
}

// bloomAdd sets h's seven bits in one 512-bit block (one cache line) and
// tells whether they were all set already.
func (d *dupFinder) bloomAdd(h uint64) bool {
	block := d.bloom[(h>>46)%bloomBlocks*8:][:8]
	g := h * 0x9e3779b97f4a7c15
	g ^= g >> 31
	all := true
	for i := range 7 {
		bit := g >> (9 * i) & 511
		w, m := &block[bit>>6], uint64(1)<<(bit&63)
		all = all && *w&m != 0
		*w |= m
	}
	return all
}

// finish returns the warnings, in input order.
func (d *dupFinder) finish() ([]Warning, error) {
	if len(d.cands) == 0 {
		return nil, nil
	}
	first := make(map[uint64]int, len(d.cands))
	note := func(pos int, h uint64) {
		if _, ok := d.cands[h]; ok {
			if _, seen := first[h]; !seen {
				first[h] = pos
			}
		}
	}
	for pos, h := range d.hashes {
		note(pos, h)
	}
	if d.spill != nil {
		if err := d.w.Flush(); err != nil {
			return nil, fmt.Errorf("the duplicate check's temporary file: %w", err)
		}
		if _, err := d.spill.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("the duplicate check's temporary file: %w", err)
		}
		r := bufio.NewReaderSize(d.spill, 64<<10)
		var b [8]byte
		for pos := len(d.hashes); ; pos++ {
			if _, err := io.ReadFull(r, b[:]); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return nil, fmt.Errorf("the duplicate check's temporary file: %w", err)
			}
			note(pos, binary.LittleEndian.Uint64(b[:]))
		}
	}
	var ws []Warning
	for h, c := range d.cands {
		for _, x := range c.hits {
			if f := first[h]; x.pos != f {
				ws = append(ws, Warning{Position: x.pos, Source: x.source, ExternalID: c.externalID,
					Message: fmt.Sprintf("External ID %q has another update for %s (the first is record %d); both would be imported", c.externalID, c.asOfDate, f)})
			}
		}
	}
	slices.SortFunc(ws, func(a, b Warning) int { return a.Position - b.Position })
	return ws, nil
}

// close removes the temporary file.
func (d *dupFinder) close() {
	if d.spill != nil {
		d.spill.Close()
		os.Remove(d.spill.Name())
		d.spill = nil
	}
}
