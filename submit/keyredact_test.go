package submit

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestKeyRedactor: whatever the writes' sizes, and wherever the key falls
// (across two writes, at the end, twice in a row), the output is the
// stream with the key's own bytes replaced and nothing else: runs of the
// key and look-alikes pass unchanged.
func TestKeyRedactor(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, key := range []string{"k-S3cr3t-0123456789", "aa", "abab", "x"} {
		for range 300 {
			var parts []string
			for range r.IntN(8) {
				switch r.IntN(4) {
				case 0:
					parts = append(parts, key)
				case 1:
					parts = append(parts, key[:r.IntN(len(key))]) // a run of it: kept
				default:
					parts = append(parts, strings.Repeat("ab-", r.IntN(5)))
				}
			}
			stream := strings.Join(parts, "")
			var out bytes.Buffer
			w := NewKeyRedactor(&out, key)
			for rest := stream; rest != ""; {
				n := 1 + r.IntN(len(rest))
				if k, err := w.Write([]byte(rest[:n])); k != n || err != nil {
					t.Fatalf("Write = %d, %v", k, err)
				}
				rest = rest[n:]
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if want := strings.ReplaceAll(stream, key, Redacted); out.String() != want {
				t.Fatalf("key %q, stream %q: got %q, want %q", key, stream, out.String(), want)
			}
		}
	}
}

// TestKeyRedactorLarge: one write far larger than the redactor's chunk is
// passed on whole but for the key, which straddles a chunk's end.
func TestKeyRedactorLarge(t *testing.T) {
	key := "k-S3cr3t-0123456789"
	stream := strings.Repeat("x", chunk-5) + key + strings.Repeat("y", 3*chunk)
	var out bytes.Buffer
	w := NewKeyRedactor(&out, key)
	w.Write([]byte(stream))
	w.Close()
	if out.String() != strings.ReplaceAll(stream, key, Redacted) {
		t.Error("a key across the chunk's end was not redacted")
	}
}

type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("no space left on device")
	}
	f.n--
	return len(p), nil
}

// TestKeyRedactorWriteError: a failed write is returned, by the write or
// by Close, never lost.
func TestKeyRedactorWriteError(t *testing.T) {
	w := NewKeyRedactor(&failingWriter{}, "key")
	w.Write([]byte("a"))
	if err := w.Close(); err == nil {
		t.Error("a failed write was not reported")
	}
	w = NewKeyRedactor(&failingWriter{n: 1}, "key")
	w.Write(bytes.Repeat([]byte("a"), 3*chunk))
	if _, err := w.Write([]byte("b")); err == nil {
		t.Error("a write after a failed one succeeded")
	}
}
