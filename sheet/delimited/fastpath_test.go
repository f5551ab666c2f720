package delimited

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/transform"
)

// TestASCIIRun shows the eight-bytes-at-a-time run taken and declined.
func TestASCIIRun(t *testing.T) {
	for in, want := range map[string]int{"": 0, "abc": 3, "abcdefgh": 8, "abcdefghijklmnop\xc3\xa9": 16, "abcdefg\xc3\xa9hijklmnop": 7, "\xe9abcdefgh": 0} {
		if got := asciiRun([]byte(in)); got != want {
			t.Errorf("asciiRun(%q) = %d, want %d", in, got, want)
		}
	}
	in := strings.Repeat("plain,ascii\n", 1000) + "caf\xe9\n"
	got, err := io.ReadAll(transform.NewReader(strings.NewReader(in), &utf8OrWindows1252{}))
	if err != nil || !bytes.HasSuffix(got, []byte("café\n")) || len(got) != len(in)+1 {
		t.Errorf("decoded %d bytes ending %q, %v", len(got), got[max(0, len(got)-8):], err)
	}
}

// TestReadAhead reads the same text with the parsing a batch ahead on its
// own goroutine (Options.ReadAhead) and on the caller's: the same rows.
func TestReadAhead(t *testing.T) {
	var b strings.Builder
	b.WriteString("External ID,Status,Date\n")
	for i := range 3000 {
		b.WriteString("A" + strings.Repeat("x", i%13) + ",On Track,\"2025-07-03\n\"\n")
	}
	read := func(ahead bool) []string {
		r, err := NewReader("t.csv", strings.NewReader(b.String()), Options{ReadAhead: ahead})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for {
			row, err := r.Next()
			if err == io.EOF {
				if r.started != ahead {
					t.Fatalf("ReadAhead %v, but the reading goroutine started: %v", ahead, r.started)
				}
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join(row.Texts(), "|"))
		}
	}
	ahead, inline := read(true), read(false)
	if strings.Join(ahead, "\n") != strings.Join(inline, "\n") || len(ahead) != 3001 {
		t.Errorf("%d rows ahead, %d inline, differing", len(ahead), len(inline))
	}
}
