package cli

import (
	"context"
	"io"
	"os"
)

// Stdin is the process's standard input as the commands read it. A regular
// file is given as it is (a workbook on it is read in place); anything else
// (a terminal, a pipe) is read through Interruptible, so that Ctrl-C is
// answered even while nothing has been typed or piped yet.
func Stdin(ctx context.Context) io.Reader {
	if st, err := os.Stdin.Stat(); err == nil && st.Mode().IsRegular() {
		return os.Stdin
	}
	return Interruptible(ctx, os.Stdin)
}

// Interruptible returns a reader of r whose Read returns ctx's error as soon
// as ctx ends, even while a read of r is pending. r is read on a goroutine
// of its own, started by the first Read, one chunk ahead of the caller; a
// read pending when ctx ends is left to finish (or to the process's exit).
func Interruptible(ctx context.Context, r io.Reader) io.Reader {
	return &interruptible{ctx: ctx, r: r}
}

type interruptible struct {
	ctx     context.Context
	r       io.Reader
	full    chan chunk  // what the goroutine read
	free    chan []byte // buffers for it to read into (two in all)
	buf     []byte      // the buffer being handed out, whole
	cur     []byte      // what is left of it
	err     error
	started bool
}

type chunk struct {
	b   []byte
	err error
}

const interruptibleChunk = 64 << 10

func (ir *interruptible) start() {
	ir.started = true
	ir.full = make(chan chunk)
	ir.free = make(chan []byte, 2)
	ir.free <- make([]byte, interruptibleChunk)
	ir.free <- make([]byte, interruptibleChunk)
	go func() {
		for {
			var b []byte
			select {
			case b = <-ir.free:
			case <-ir.ctx.Done():
				return
			}
			n, err := ir.r.Read(b)
			select {
			case ir.full <- chunk{b: b[:n], err: err}:
			case <-ir.ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
}

func (ir *interruptible) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !ir.started {
		ir.start()
	}
	for len(ir.cur) == 0 {
		if ir.err != nil {
			return 0, ir.err
		}
		if ir.buf != nil {
			ir.free <- ir.buf // never blocks: free holds every buffer
			ir.buf = nil
		}
		var c chunk
		select {
		case c = <-ir.full:
		case <-ir.ctx.Done():
			return 0, ir.ctx.Err()
		}
		ir.buf, ir.cur, ir.err = c.b[:cap(c.b)], c.b, c.err
	}
	n := copy(p, ir.cur)
	ir.cur = ir.cur[n:]
	return n, nil
}
