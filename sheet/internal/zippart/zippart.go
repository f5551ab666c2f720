// Package zippart opens the parts of a zip-packaged workbook (Office Open
// XML, OpenDocument) through limits: each part stops at its limit (a zip
// bomb is reported, not inflated), names itself in its errors, notices a
// cancelled context, and is read to its end so that its checksum is
// checked.
package zippart

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/aitkit/aitkit/internal/readahead"
	"github.com/aitkit/aitkit/sheet"
	kflate "github.com/klauspost/compress/flate"
)

// Parts is a workbook's zip archive: its entries, opened through the size
// limits, inflated by klauspost/compress (a third faster than
// compress/flate here), and read to their end so that archive/zip checks
// each one's CRC-32.
type Parts struct {
	ctx    context.Context
	zr     *zip.Reader
	limits sheet.Limits
	ahead  bool // inflate streamed parts on a goroutine of their own
}

// New reads the zip directory of the file in ra (size bytes). With ahead,
// streamed parts are inflated on a goroutine of their own.
func New(ctx context.Context, ra io.ReaderAt, size int64, limits sheet.Limits, ahead bool) (*Parts, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, sheet.Errorf(sheet.ErrMalformed, "not a complete zip archive (%v); is the file truncated?", err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflater)
	if err := uniqueNames(zr.File); err != nil {
		return nil, err
	}
	return &Parts{ctx: ctx, zr: zr, limits: limits, ahead: ahead}, nil
}

// uniqueNames refuses two entries that name one part: the same name, or
// names that differ only in case or in the slash, which Excel reads as one
// part (and Windows and macOS file systems as one file) while others read
// the first or the last.
func uniqueNames(files []*zip.File) error {
	seen := make(map[string]string, len(files))
	for _, f := range files {
		key := strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))
		if first, ok := seen[key]; ok {
			return &sheet.Error{Part: f.Name, Err: sheet.Errorf(sheet.ErrAmbiguous, "the zip archive has two entries for one part, %q and %q", first, f.Name)}
		}
		seen[key] = f.Name
	}
	return nil
}

// inflater inflates a zip entry, reading the file 64 KiB at a time rather
// than the 4 KiB that flate's own buffer would.
func inflater(r io.Reader) io.ReadCloser {
	return kflate.NewReader(bufio.NewReaderSize(r, 64<<10))
}

// Find returns the entry of a part name, compared without regard to case
// and with either slash, as Excel does; nil when there is none.
func (p *Parts) Find(name string) *zip.File {
	for _, f := range p.zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// Open opens a part through its limit (max bytes inflated, and at most
// MaxRatio times its compressed size); nil, nil when there is no such part.
func (p *Parts) Open(name string, max int64, limitName string) (io.ReadCloser, error) {
	f := p.Find(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(max) {
		return nil, &sheet.Error{Part: name, Err: sheet.TooLarge(fmt.Sprintf("the part declares %s bytes inflated", sheet.Count(int64(min(f.UncompressedSize64, 1<<62)))), limitName, max)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &sheet.Error{Part: name, Err: sheet.Errorf(sheet.ErrMalformed, "%v", err)}
	}
	l := &limitedPart{rc: rc, name: name, max: max, limitName: limitName, ctx: p.ctx, size: int64(min(f.UncompressedSize64, 1<<62))}
	if byRatio := int64(f.CompressedSize64)*p.limits.MaxRatio + 1<<20; byRatio < max {
		l.max, l.limitName, l.byRatio = byRatio, "MaxRatio", true
	}
	l.left = l.max
	return l, nil
}

// OpenSmall opens a structural part (the workbook, styles, relationships).
func (p *Parts) OpenSmall(name string) (io.ReadCloser, error) {
	return p.Open(name, p.limits.MaxSmallPart, "MaxSmallPart")
}

// OpenStream opens a part that is scanned from start to end (the shared
// strings, a sheet): it may be inflated on a goroutine of its own while the
// caller scans.
func (p *Parts) OpenStream(name string) (io.ReadCloser, error) {
	rc, err := p.Open(name, p.limits.MaxPartSize, "MaxPartSize")
	if err != nil || rc == nil || !p.ahead {
		return rc, err
	}
	return aheadPart{readahead.New(p.ctx, rc, 4, 256<<10), rc}, nil
}

// aheadPart is a part read ahead; Close stops the reading, then closes
// the part.
type aheadPart struct {
	*readahead.Reader
	part io.Closer
}

func (a aheadPart) Close() error {
	a.Stop()
	return a.part.Close()
}

// limitedPart stops a zip entry that inflates past its limit (a zip bomb is
// reported, not inflated), notices a cancelled context, and names the part
// in its errors.
type limitedPart struct {
	rc        io.ReadCloser
	name      string
	left, max int64
	limitName string
	byRatio   bool
	ctx       context.Context
	reads     int
	size      int64        // what the part declares it inflates to
	read      atomic.Int64 // inflated so far, for progress
}

func (l *limitedPart) Read(b []byte) (int, error) {
	if l.reads++; l.reads&63 == 0 && l.ctx != nil {
		if err := l.ctx.Err(); err != nil {
			return 0, err
		}
	}
	n, err := l.rc.Read(b)
	l.left -= int64(n)
	l.read.Add(int64(n))
	if l.left < 0 {
		what := fmt.Sprintf("the part inflates past %s bytes", sheet.Count(l.max))
		if l.byRatio {
			what += ", over the limit for its compressed size; refusing a possible zip bomb"
		}
		return 0, &sheet.Error{Part: l.name, Err: sheet.TooLarge(what, l.limitName, l.max)}
	}
	if err != nil && err != io.EOF {
		if errors.Is(err, zip.ErrChecksum) {
			err = sheet.Errorf(sheet.ErrMalformed, "checksum mismatch: the file is damaged")
		} else {
			err = sheet.Errorf(sheet.ErrMalformed, "%v (is the file truncated?)", err)
		}
		return n, &sheet.Error{Part: l.name, Err: err}
	}
	return n, err
}

func (l *limitedPart) Close() error { return l.rc.Close() }

// Drain reads what is left of a part, so that its checksum is checked: a
// scan that stops at </sheetData> has not reached the end of the entry.
func Drain(rc io.Reader) error {
	_, err := io.Copy(io.Discard, rc)
	return err
}

// Progress says how much of a part opened by OpenStream has been inflated,
// of what it declares; safe to call from another goroutine. 0, 0 for
// anything else.
func Progress(rc io.Reader) (done, total int64) {
	var l *limitedPart
	switch p := rc.(type) {
	case *limitedPart:
		l = p
	case aheadPart:
		l, _ = p.part.(*limitedPart)
	}
	if l == nil {
		return 0, 0
	}
	return l.read.Load(), l.size
}
