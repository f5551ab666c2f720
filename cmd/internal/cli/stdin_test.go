package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"testing/iotest"
	"time"
)

func TestInterruptibleReadsAll(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 3*interruptibleChunk/16+5)
	for name, r := range map[string]io.Reader{
		"whole":    bytes.NewReader(data),
		"one byte": iotest.OneByteReader(bytes.NewReader(data)),
		"halves":   iotest.HalfReader(bytes.NewReader(data)),
		"err at end": io.MultiReader(bytes.NewReader(data),
			iotest.ErrReader(io.EOF)),
	} {
		t.Run(name, func(t *testing.T) {
			if err := iotest.TestReader(Interruptible(context.Background(), r), data); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("error", func(t *testing.T) {
		boom := errors.New("boom")
		r := Interruptible(context.Background(), io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(boom)))
		got, err := io.ReadAll(r)
		if !bytes.Equal(got, data[:10]) || err != boom {
			t.Errorf("got %q, %v", got, err)
		}
	})
}

// TestInterruptibleCancel: a Read pending on input that never comes returns
// when the context ends.
func TestInterruptibleCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	r := Interruptible(ctx, pr)
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
