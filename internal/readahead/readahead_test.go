package readahead

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"
)

const chunkSize = 64 << 10

func TestReadsAll(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 3*chunkSize/16+5)
	for name, r := range map[string]io.Reader{
		"whole":    bytes.NewReader(data),
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"halves":   iotest.HalfReader(bytes.NewReader(data)),
		"err at end": io.MultiReader(bytes.NewReader(data),
			iotest.ErrReader(io.EOF)),
	} {
		t.Run(name, func(t *testing.T) {
			if err := iotest.TestReader(New(context.Background(), r, 2, chunkSize), data); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("error", func(t *testing.T) {
		boom := errors.New("boom")
		r := New(context.Background(), io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(boom)), 2, chunkSize)
		got, err := io.ReadAll(r)
		if !bytes.Equal(got, data[:10]) || err != boom {
			t.Errorf("got %q, %v", got, err)
		}
	})
}

// TestCancel: a Read pending on input that never comes returns when the
// context ends.
func TestCancel(t *testing.T) {
	src := newGatedReader()
	defer close(src.proceed) // lets the source's pending read end
	ctx, cancel := context.WithCancel(context.Background())
	r := New(ctx, src, 2, chunkSize)
	done := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 10))
		done <- err
	}()
	<-src.entered // the goroutine waits in the source: nothing can come
	select {
	case err := <-done:
		t.Fatalf("Read returned %v before the source gave anything", err)
	default:
	}
	cancel()
	if err := receive(t, done, "Read after the context ended"); !errors.Is(err, context.Canceled) {
		t.Errorf("Read after cancel: %v", err)
	}
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, context.Canceled) {
		t.Errorf("a later Read: %v", err)
	}
}

// TestStop: Stop returns only once the goroutine has let go of the source:
// never while a read of it is pending.
func TestStop(t *testing.T) {
	src := newGatedReader()
	r := New(context.Background(), src, 4, 16)
	got := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 1))
		got <- err
	}()
	<-src.entered
	src.proceed <- struct{}{}
	if err := receive(t, got, "the first Read"); err != nil {
		t.Fatal(err)
	}
	<-src.entered // the goroutine reads on, ahead: hold it in the source
	stopped := make(chan struct{})
	go func() {
		r.Stop()
		close(stopped)
	}()
	// Let the pending read, and any the goroutine starts before it sees
	// Stop, end one at a time, each after giving Stop every chance to
	// return early (yielding, not sleeping): Stop must not return while a
	// read is pending.
	for {
		for range 1000 {
			runtime.Gosched()
			select {
			case <-stopped:
				if n := src.inRead.Load(); n != 0 {
					t.Fatalf("Stop returned while %d reads of the source were pending", n)
				}
				return
			default:
			}
		}
		select {
		case <-stopped:
		case src.proceed <- struct{}{}:
		}
	}
}

// gatedReader gives zeros, each Read once it is let through proceed; it
// says on entered (without waiting) that a Read began, and counts the
// Reads in progress.
type gatedReader struct {
	entered chan struct{}
	proceed chan struct{}
	inRead  atomic.Int32
}

func newGatedReader() *gatedReader {
	return &gatedReader{entered: make(chan struct{}, 1), proceed: make(chan struct{})}
}

func (g *gatedReader) Read(p []byte) (int, error) {
	g.inRead.Add(1)
	defer g.inRead.Add(-1)
	select {
	case g.entered <- struct{}{}:
	default:
	}
	<-g.proceed
	clear(p)
	return len(p), nil
}

// receive waits for what ch gives, failing the test shortly before its
// deadline (go test -timeout) rather than letting it hang unexplained.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	var timeout <-chan time.Time
	if d, ok := t.Deadline(); ok {
		timer := time.NewTimer(time.Until(d) * 9 / 10)
		defer timer.Stop()
		timeout = timer.C
	}
	select {
	case v := <-ch:
		return v
	case <-timeout:
		t.Fatalf("%s: still waiting at the test's deadline", what)
	}
	panic("unreachable")
}
