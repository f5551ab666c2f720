// Package readahead reads an io.Reader on a goroutine of its own, a few
// buffers ahead of its caller. aitkit uses it twice: to inflate a
// workbook's part on one core while another scans it, and to read a
// command's standard input so that Ctrl-C is answered while a read is still
// pending.
package readahead

import (
	"context"
	"io"
	"sync"
)

// Reader reads from its source on its own goroutine, started by the first
// Read, into bufs buffers of size bytes, each filled whole (io.ReadFull)
// unless the source ends.
//
// Read returns the context's error as soon as the context ends, even while
// the goroutine's read of the source is pending. Stop ends the goroutine
// and waits until it has let go of the source; a caller that cannot wait (a
// read of a terminal may never return) need not call it.
type Reader struct {
	ctx     context.Context
	src     io.Reader
	bufs    int
	size    int
	full    chan chunk  // what the goroutine read
	free    chan []byte // buffers for it to read into
	buf     []byte      // the buffer being handed out, whole
	cur     []byte      // what is left of it
	err     error
	started bool
	quit    chan struct{}
	once    sync.Once
	wg      sync.WaitGroup
}

type chunk struct {
	b   []byte
	err error
}

// New returns a Reader of src. A nil ctx never ends.
func New(ctx context.Context, src io.Reader, bufs, size int) *Reader {
	if ctx == nil {
		ctx = context.Background()
	}
	return &Reader{ctx: ctx, src: src, bufs: max(bufs, 1), size: max(size, 1), quit: make(chan struct{})}
}

func (r *Reader) start() {
	r.started = true
	r.full = make(chan chunk, r.bufs)
	r.free = make(chan []byte, r.bufs)
	for range r.bufs {
		r.free <- make([]byte, r.size)
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			var b []byte
			select {
			case b = <-r.free:
			case <-r.quit:
				return
			case <-r.ctx.Done():
				return
			}
			n, err := io.ReadFull(r.src, b)
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case r.full <- chunk{b: b[:n], err: err}:
			case <-r.quit:
				return
			case <-r.ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
}

func (r *Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !r.started {
		r.start()
	}
	for len(r.cur) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		if r.buf != nil {
			r.free <- r.buf // never blocks: free holds every buffer
			r.buf = nil
		}
		var c chunk
		select {
		case c = <-r.full:
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
		r.buf, r.cur, r.err = c.b[:cap(c.b)], c.b, c.err
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// Stop ends the reading goroutine and waits until it has let go of the
// source. Read must not be called after it.
func (r *Reader) Stop() {
	r.once.Do(func() { close(r.quit) })
	r.wg.Wait()
}
