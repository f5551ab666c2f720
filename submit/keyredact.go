package submit

import (
	"bytes"
	"io"
)

// KeyRedactor writes a stream to w with every occurrence of the key's own
// bytes replaced by Redacted, and nothing else changed: what a dry run
// prints is byte for byte what would be sent, but for the key. It keeps
// back at most len(key)-1 bytes between writes, so that a key split over
// two writes is still found; Close writes them. Its memory does not grow
// with the stream.
type KeyRedactor struct {
	w    io.Writer
	key  []byte
	buf  []byte // bytes not yet written: a carried tail, then a chunk
	err  error  // the first write error, returned by every later call
	done bool
}

// chunk is the most of one Write that is searched at a time.
const chunk = 64 << 10

// NewKeyRedactor returns a KeyRedactor writing to w; with an empty key it
// only passes the stream on.
func NewKeyRedactor(w io.Writer, key string) *KeyRedactor {
	return &KeyRedactor{w: w, key: []byte(key)}
}

// Write redacts and writes p, keeping back a possible start of the key.
// It returns len(p), or the first error that writing to w gave.
func (r *KeyRedactor) Write(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	n := len(p)
	for len(p) > 0 && r.err == nil {
		take := min(len(p), chunk)
		r.buf = append(r.buf, p[:take]...)
		p = p[take:]
		r.flush(false)
	}
	if r.err != nil {
		return 0, r.err
	}
	return n, nil
}

// flush writes what of buf cannot be the start of the key: all of it when
// final.
func (r *KeyRedactor) flush(final bool) {
	out := r.buf
	if len(r.key) > 0 {
		for {
			i := bytes.Index(out, r.key)
			if i < 0 {
				break
			}
			r.write(out[:i])
			r.write([]byte(Redacted))
			out = out[i+len(r.key):]
		}
	}
	keep := 0
	if !final && len(r.key) > 1 {
		keep = min(len(out), len(r.key)-1)
	}
	r.write(out[:len(out)-keep])
	r.buf = append(r.buf[:0], out[len(out)-keep:]...)
}

func (r *KeyRedactor) write(b []byte) {
	if r.err == nil && len(b) > 0 {
		_, r.err = r.w.Write(b)
	}
}

// Close writes what was kept back and returns the first write error.
func (r *KeyRedactor) Close() error {
	if !r.done {
		r.done = true
		r.flush(true)
	}
	return r.err
}
