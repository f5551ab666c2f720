package xls

import (
	"bufio"
	"context"
	"encoding/binary"
	"io"
	"sync/atomic"

	"github.com/aitkit/aitkit/sheet"
	"github.com/richardlehane/mscfb"
)

// records reads BIFF records from the Workbook stream.
type records struct {
	ctx   context.Context
	r     *bufio.Reader
	off   int64 // of the current record's header
	next  int64 // of the next record
	typ   uint16
	data  []byte
	buf   [maxRecord]byte
	read  *atomic.Int64
	calls int
}

// newRecords reads the stream of w from offset off.
func (w *Workbook) newRecords(off int64, read *atomic.Int64) (*records, error) {
	if _, err := w.file.Seek(off, io.SeekStart); err != nil {
		return nil, sheet.Errorf(sheet.ErrMalformed, "the Workbook stream cannot be read at byte %d (%v)", off, err)
	}
	return &records{ctx: w.ctx, r: bufio.NewReaderSize(streamReader{w.file}, 64<<10), off: off, next: off, read: read}, nil
}

// streamReader turns mscfb's errors into malformed-file errors, and a
// panic on a damaged chain into one.
type streamReader struct{ f *mscfb.File }

func (s streamReader) Read(b []byte) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			n, err = 0, sheet.Errorf(sheet.ErrMalformed, "a damaged OLE2 sector chain (%v)", p)
		}
	}()
	n, err = s.f.Read(b)
	if err != nil && err != io.EOF {
		err = sheet.Errorf(sheet.ErrMalformed, "the Workbook stream: %v", err)
	}
	return n, err
}

// nextRecord reads the next record; io.EOF at the end of the stream.
func (rr *records) nextRecord() error {
	if rr.calls++; rr.calls&1023 == 0 {
		if err := rr.ctx.Err(); err != nil {
			return err
		}
	}
	var h [4]byte
	if _, err := io.ReadFull(rr.r, h[:]); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		if err == io.ErrUnexpectedEOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream ends inside a record header at byte %d; is the file truncated?", rr.next)
		}
		return err
	}
	rr.off = rr.next
	rr.typ = binary.LittleEndian.Uint16(h[0:])
	n := int(binary.LittleEndian.Uint16(h[2:]))
	if n > maxRecord {
		return sheet.Errorf(sheet.ErrMalformed, "a record of %d bytes at byte %d, longer than BIFF8 allows (%d)", n, rr.off, maxRecord)
	}
	rr.data = rr.buf[:n]
	if _, err := io.ReadFull(rr.r, rr.data); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream ends inside a record at byte %d; is the file truncated?", rr.off)
		}
		return err
	}
	rr.next = rr.off + 4 + int64(n)
	if rr.read != nil {
		rr.read.Store(rr.next)
	}
	return nil
}

// peekType is the type of the record after the current one, without
// reading it; 0 at the end.
func (rr *records) peekType() uint16 {
	h, err := rr.r.Peek(2)
	if err != nil {
		return 0
	}
	return binary.LittleEndian.Uint16(h)
}

func u16(b []byte, i int) int { return int(binary.LittleEndian.Uint16(b[i:])) }

// checkBOF reads a BOF record's version: BIFF8 is read, older versions are
// refused by name.
func checkBOF(rr *records) (dt int, err error) {
	if rr.typ != recBOF {
		switch rr.typ {
		case 0x0009, 0x0209, 0x0409:
			return 0, sheet.Errorf(sheet.ErrUnsupported, "an Excel 2.x-4.0 workbook (BIFF2-4), which is not read; open it in a spreadsheet program and save it as .xlsx")
		}
		return 0, sheet.Errorf(sheet.ErrMalformed, "the Workbook stream does not begin with a BOF record (found record 0x%04X)", rr.typ)
	}
	if len(rr.data) < 4 {
		return 0, sheet.Errorf(sheet.ErrMalformed, "a BOF record of %d bytes", len(rr.data))
	}
	switch v := u16(rr.data, 0); v {
	case 0x0600:
	case 0x0500:
		return 0, sheet.Errorf(sheet.ErrUnsupported, "an Excel 5.0/95 workbook (BIFF5), which is not read; open it in a spreadsheet program and save it as .xlsx")
	default:
		return 0, sheet.Errorf(sheet.ErrUnsupported, "a workbook in BIFF version 0x%04X, which is not read; open it in a spreadsheet program and save it as .xlsx", v)
	}
	return u16(rr.data, 2), nil
}

// blockCache keeps the last few 64 KiB blocks of the file read, for
// mscfb, which reads a stream a 512-byte sector at a time and its chain 4
// bytes at a time: a system call each, without it.
type blockCache struct {
	ra     io.ReaderAt
	size   int64
	blocks [8]struct {
		off  int64
		data []byte
		used uint64
	}
	tick uint64
}

const cacheBlock = 64 << 10

func (c *blockCache) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		if off >= c.size {
			return n, io.EOF
		}
		start := off - off%cacheBlock
		b, err := c.block(start)
		if err != nil {
			return n, err
		}
		k := copy(p[n:], b[off-start:])
		if k == 0 {
			return n, io.EOF
		}
		n += k
		off += int64(k)
	}
	return n, nil
}

// block returns the block at off, from the cache or read.
func (c *blockCache) block(off int64) ([]byte, error) {
	c.tick++
	oldest := 0
	for i := range c.blocks {
		b := &c.blocks[i]
		if b.data != nil && b.off == off {
			b.used = c.tick
			return b.data, nil
		}
		if b.used < c.blocks[oldest].used {
			oldest = i
		}
	}
	b := &c.blocks[oldest]
	if b.data == nil {
		b.data = make([]byte, cacheBlock)
	}
	n, err := c.ra.ReadAt(b.data[:cap(b.data)], off)
	if err != nil && err != io.EOF {
		b.data, b.used = nil, 0
		return nil, err
	}
	b.data, b.off, b.used = b.data[:n], off, c.tick
	return b.data, nil
}
