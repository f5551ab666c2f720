package xls

import (
	"encoding/binary"
	"fmt"

	"github.com/aitkit/aitkit/sheet"
)

// sstReader reads the shared-strings table across its CONTINUE records: a
// string's characters may go on in the next record, which then begins with
// a byte saying whether they are 8- or 16-bit.
type sstReader struct {
	rr  *records
	d   []byte
	pos int
	err error
}

// more moves to the next CONTINUE record; false when there is none.
func (s *sstReader) more() bool {
	if s.rr.peekType() != recCONTINUE {
		return false
	}
	if err := s.rr.nextRecord(); err != nil {
		s.err = err
		return false
	}
	s.d, s.pos = s.rr.data, 0
	return true
}

// bytes reads n bytes that may run over records (no flag byte between).
func (s *sstReader) bytes(dst []byte, n int) ([]byte, bool) {
	for n > 0 {
		if s.pos >= len(s.d) && !s.more() {
			return dst, false
		}
		k := min(n, len(s.d)-s.pos)
		dst = append(dst, s.d[s.pos:s.pos+k]...)
		s.pos += k
		n -= k
	}
	return dst, true
}

func (s *sstReader) skip(n int) bool {
	for n > 0 {
		if s.pos >= len(s.d) && !s.more() {
			return false
		}
		k := min(n, len(s.d)-s.pos)
		s.pos += k
		n -= k
	}
	return true
}

// readSST reads the SST record at rr and its CONTINUE records into the
// shared-strings table.
func (w *Workbook) readSST(rr *records) error {
	if len(rr.data) < 8 {
		return sheet.Errorf(sheet.ErrMalformed, "an SST record of %d bytes at byte %d", len(rr.data), rr.off)
	}
	unique := int(binary.LittleEndian.Uint32(rr.data[4:]))
	if unique < 0 || unique > w.limits.MaxStrings {
		return sheet.TooLarge(fmt.Sprintf("the shared strings declare %s strings", sheet.Count(int64(uint32(unique)))), "MaxStrings", int64(w.limits.MaxStrings))
	}
	w.strings.Reserve(unique)
	s := &sstReader{rr: rr, d: rr.data, pos: 8}
	var head, chars, text []byte
	for i := 0; i < unique; i++ {
		var ok bool
		if head, ok = s.bytes(head[:0], 3); !ok {
			break // fewer strings than the count says: those there are read
		}
		n, flags := u16(head, 0), head[2]
		runs, ext := 0, 0
		if flags&0x08 != 0 {
			if head, ok = s.bytes(head[:0], 2); !ok {
				return s.cut(i)
			}
			runs = u16(head, 0)
		}
		if flags&0x04 != 0 {
			if head, ok = s.bytes(head[:0], 4); !ok {
				return s.cut(i)
			}
			ext = int(binary.LittleEndian.Uint32(head))
		}
		high := flags&0x01 != 0
		text = text[:0]
		for left := n; left > 0; {
			if s.pos >= len(s.d) {
				if !s.more() {
					return s.cut(i)
				}
				// A string that goes on in a CONTINUE record: its first
				// byte says how the rest of the characters are stored.
				high = s.d[0]&0x01 != 0
				s.pos = 1
			}
			width := 1
			if high {
				width = 2
			}
			k := min(left, (len(s.d)-s.pos)/width)
			if k == 0 {
				return s.fail("a character split between records")
			}
			chars = s.d[s.pos : s.pos+k*width]
			text = decodeChars(text, chars, high)
			s.pos += k * width
			left -= k
			if len(text) > w.limits.MaxCellBytes {
				return sheet.TooLarge(fmt.Sprintf("shared string %d is over %s bytes", i, sheet.Count(int64(w.limits.MaxCellBytes))), "MaxCellBytes", int64(w.limits.MaxCellBytes))
			}
		}
		if !s.skip(4*runs + ext) {
			if i == unique-1 {
				break // the last string's formatting cut off: its text is whole
			}
			return s.cut(i)
		}
		if err := w.strings.Add(text); err != nil {
			return err
		}
	}
	if s.err != nil {
		return s.err
	}
	return nil
}

func (s *sstReader) cut(i int) error {
	if s.err != nil {
		return s.err
	}
	return s.fail(fmt.Sprintf("shared string %d is cut short", i))
}

func (s *sstReader) fail(what string) error {
	return sheet.Errorf(sheet.ErrMalformed, "the shared strings (SST at byte %d): %s", s.rr.off, what)
}
