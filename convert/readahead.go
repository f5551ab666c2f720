package convert

import (
	"io"
	"sync"
)

// readAhead reads from r on its own goroutine into a few large buffers, so
// that inflating a part and scanning it run on two cores at once. Close
// stops the goroutine; it must be called.
type readAhead struct {
	full  chan chunk
	free  chan []byte
	cur   chunk
	off   int
	quit  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup
	close func() error
}

type chunk struct {
	b   []byte
	err error
}

const (
	readAheadBufs = 4
	readAheadSize = 256 << 10
)

func newReadAhead(r io.ReadCloser) *readAhead {
	ra := &readAhead{full: make(chan chunk, readAheadBufs), free: make(chan []byte, readAheadBufs), quit: make(chan struct{}), close: r.Close}
	for range readAheadBufs {
		ra.free <- make([]byte, readAheadSize)
	}
	ra.wg.Add(1)
	go func() {
		defer ra.wg.Done()
		defer close(ra.full)
		for {
			var b []byte
			select {
			case b = <-ra.free:
			case <-ra.quit:
				return
			}
			n, err := io.ReadFull(r, b)
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case ra.full <- chunk{b: b[:n], err: err}:
			case <-ra.quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ra
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for ra.off >= len(ra.cur.b) {
		if ra.cur.err != nil {
			return 0, ra.cur.err
		}
		if ra.cur.b != nil {
			ra.free <- ra.cur.b[:cap(ra.cur.b)]
		}
		c, ok := <-ra.full
		if !ok {
			return 0, io.ErrUnexpectedEOF
		}
		ra.cur, ra.off = c, 0
	}
	n := copy(p, ra.cur.b[ra.off:])
	ra.off += n
	return n, nil
}

// Close stops reading ahead, waits for the goroutine, and closes r.
func (ra *readAhead) Close() error {
	ra.once.Do(func() { close(ra.quit) })
	ra.wg.Wait()
	return ra.close()
}
