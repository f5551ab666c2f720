package readahead

import (
	"bytes"
	"context"
	"errors"
	"io"
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
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r := New(ctx, pr, 2, chunkSize)
	done := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 10))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Read returned %v before anything was written", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Read after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read still pending after the context ended")
	}
	if _, err := r.Read(make([]byte, 10)); !errors.Is(err, context.Canceled) {
		t.Errorf("a later Read: %v", err)
	}
}

// TestStop: Stop returns once the goroutine has let go of the source, which
// is not read after it.
func TestStop(t *testing.T) {
	src := &countingReader{}
	r := New(context.Background(), src, 4, 16)
	if _, err := r.Read(make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	r.Stop()
	n := src.reads.Load()
	time.Sleep(10 * time.Millisecond)
	if m := src.reads.Load(); m != n {
		t.Errorf("the source was read %d more times after Stop", m-n)
	}
}

// countingReader gives zeros forever and counts its reads.
type countingReader struct{ reads atomic.Int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads.Add(1)
	clear(p)
	return len(p), nil
}
