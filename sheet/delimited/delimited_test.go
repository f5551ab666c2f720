package delimited

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/sheet"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// readRows reads every row of in as "line: cell|cell", and the error that
// ended the reading, if not io.EOF.
func readRows(t *testing.T, in string, opts Options) ([]string, error) {
	t.Helper()
	return readRowsFrom(t, strings.NewReader(in), opts)
}

func readRowsFrom(t *testing.T, in io.Reader, opts Options) ([]string, error) {
	t.Helper()
	r, err := NewReader("t.csv", in, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for {
		row, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		s := strings.Join(row.Texts(), "|")
		if row.BlankBefore > 0 {
			s = "(blank) " + s
		}
		out = append(out, fmt.Sprintf("%02d: %s", row.Num, s))
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"comma", "a,b\n1,2\n", []string{"01: a|b", "02: 1|2"}},
		{"semicolon", "a;b;c\n1;2;3\n", []string{"01: a|b|c", "02: 1|2|3"}},
		{"tab", "a\tb\n1\t2\n", []string{"01: a|b", "02: 1|2"}},
		{"pipe", "a|b\n1|2\n", []string{"01: a|b", "02: 1|2"}},
		{"crlf", "a,b\r\n1,2\r\n", []string{"01: a|b", "02: 1|2"}},
		{"cr only (old Mac)", "a,b\r1,2\r3,4", []string{"01: a|b", "02: 1|2", "03: 3|4"}},
		{"quoted line break", "a,b\n\"x\ny\",2\n3,4\n", []string{"01: a|b", "02: x\ny|2", "04: 3|4"}},
		{"bom", "\xef\xbb\xbfa,b\n1,2\n", []string{"01: a|b", "02: 1|2"}},
		{"blank line in the middle", "a,b\n\n1,2\n", []string{"01: a|b", "03: (blank) 1|2"}},
		{"blank line after a quoted break", "a,b\n\"x\ny\",2\n\n3,4\n", []string{"01: a|b", "02: x\ny|2", "05: (blank) 3|4"}},
		{"trailing blank lines", "a,b\n1,2\n\n\n", []string{"01: a|b", "02: 1|2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readRows(t, tt.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
		want     error
		msg      string
	}{
		{"empty", "", Options{}, sheet.ErrEmpty, "t.csv: empty input"},
		{"white space", " \n\t\n", Options{}, sheet.ErrEmpty, "empty input"},
		{"bare quote", "a,b\n1,x\"y\n", Options{}, sheet.ErrMalformed, `t.csv:2: malformed input: parse error on line 2, column 4: bare " in non-quoted-field`},
		{"row too long", "a,b\n1,\"" + strings.Repeat("x", 5000) + "\"\n", Options{Limits: sheet.Limits{MaxRowBytes: 1000}}, sheet.ErrTooLarge, "t.csv:2: input too large: a row is over 1,000 bytes (limit MaxRowBytes: 1,000; see docs/limits.md)"},
		{"unterminated quote", "a,b\n1,\"" + strings.Repeat("x\n", 3000), Options{Limits: sheet.Limits{MaxRowBytes: 1000}}, sheet.ErrTooLarge, "t.csv:2:"},
		{"too many columns", "a" + strings.Repeat(",a", 20) + "\n", Options{Limits: sheet.Limits{MaxColumns: 10}}, sheet.ErrTooLarge, "t.csv:1: input too large: the row has 21 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readRows(t, tt.in, tt.opts)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v; want %v saying %q", err, tt.want, tt.msg)
			}
			if _, ok := err.(*sheet.Error); !ok {
				t.Errorf("error %T is not a *sheet.Error", err)
			}
		})
	}
	// The parse error stays reachable.
	_, err := readRows(t, "a,b\n1,x\"y\n", Options{})
	var pe interface{ Unwrap() error }
	if !errors.As(err, &pe) {
		t.Fatal("no wrapped error")
	}
}

// TestRowGuardMemory: a row of hundreds of megabytes is refused after the
// limit, having read little more than it.
func TestRowGuardMemory(t *testing.T) {
	huge := io.MultiReader(strings.NewReader("a,b\n1,\""), &endless{})
	r, err := NewReader("t.csv", huge, Options{Limits: sheet.Limits{MaxRowBytes: 1 << 20}})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		_, err := r.Next()
		if err == io.EOF {
			t.Fatal("an endless row ended")
		}
		if err != nil {
			if !errors.Is(err, sheet.ErrTooLarge) {
				t.Fatal(err)
			}
			return
		}
	}
}

// endless is an endless run of x.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += len(p)
	if e.n > 1<<30 {
		panic("read a gigabyte of one row")
	}
	return len(p), nil
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		head string
		tsv  bool
		want rune
	}{
		{"a,b,c\n1,2,3\n", false, ','},
		{"a;b;c\n1;2,5;3\n", false, ';'},
		{"a\tb\n1\t2\n", false, '\t'},
		{"a|b\n1|2\n", false, '|'},
		{"\"a,b\";c\n1;2\n", false, ';'},
		{"single", false, ','},
		{"single", true, '\t'},
	}
	for _, tt := range tests {
		if got := DetectDelimiter([]byte(tt.head), tt.tsv); got != tt.want {
			t.Errorf("DetectDelimiter(%q) = %q, want %q", tt.head, got, tt.want)
		}
	}
}

// FuzzDecodeText: the UTF-8-or-Windows-1252 decoder, fed and read in
// pieces of many sizes, gives what its rule says: the input as it is when its
// first non-ASCII sequence is valid UTF-8 (or there is none), else the
// ASCII before it and the rest decoded as Windows-1252.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("plain ascii, long enough for a few words of eight"), uint8(3))
	f.Add([]byte("caf\xc3\xa9 then \xe9"), uint8(1))
	f.Add([]byte("caf\xe9 \x80 \xc3\xa9"), uint8(7))
	f.Add([]byte("abcdefgh\xef\xbf\xbd"), uint8(2))
	f.Add([]byte("abcdefg\xc3"), uint8(15))
	f.Add([]byte("abcdefghijklmno\xe9pqrstuvwxyz"), uint8(0xff))
	f.Fuzz(func(t *testing.T, in []byte, size uint8) {
		want := in
		if i := bytes.IndexFunc(in, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError }); i >= 0 {
			if r, _ := utf8.DecodeRune(in[i:]); r == utf8.RuneError {
				want = append([]byte(nil), in[:i]...)
				for _, c := range in[i:] {
					want = utf8.AppendRune(want, charmap.Windows1252.DecodeByte(c))
				}
			}
		}
		// Input in pieces of 1 to 16 bytes, output taken 1 to 16 at a time.
		r := transform.NewReader(&chunkReader{r: bytes.NewReader(in), n: int(size%16) + 1}, &utf8OrWindows1252{})
		got, err := io.ReadAll(&chunkReader{r: r, n: int(size/16) + 1})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("decode(%q) = %q, %v; want %q", in, got, err, want)
		}
	})
}

// chunkReader reads at most n bytes a call.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// TestSplitReads: a tracker with quoted line breaks, commas, quotes and
// characters of two to four bytes reads the same whole, a byte at a time
// and half of each read at a time.
func TestSplitReads(t *testing.T) {
	var in bytes.Buffer
	if err := trackergen.Write(&in, "csv", trackergen.Options{Rows: 2000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	in.WriteString("A,\"😀 at the end\"")
	want, err := readRows(t, in.String(), Options{})
	if err != nil || len(want) != 2002 {
		t.Fatalf("read whole: %d rows, %v", len(want), err)
	}
	for name, r := range map[string]io.Reader{
		"a byte at a time":  iotest.OneByteReader(bytes.NewReader(in.Bytes())),
		"half of each read": iotest.HalfReader(bytes.NewReader(in.Bytes())),
	} {
		got, err := readRowsFrom(t, r, Options{})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %d rows, %v", name, len(got), err)
		}
	}
}
