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
// pieces of many sizes, gives what its rule says. The first non-ASCII
// sequence decides: valid UTF-8 reads the text as UTF-8, up to the first
// bytes that are not, which are an error; else Windows-1252, up to a byte
// it has no character for or UTF-8 that would show as mojibake, which
// are an error. An error names the line the bytes are on.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("plain ascii, long enough for a few words of eight"), uint8(3))
	f.Add([]byte("caf\xc3\xa9 then \xe9"), uint8(1))
	f.Add([]byte("caf\xe9 \x80 \xc3\xa9"), uint8(7))
	f.Add([]byte("abcdefgh\xef\xbf\xbd"), uint8(2))
	f.Add([]byte("abcdefg\xc3"), uint8(15))
	f.Add([]byte("abcdefghijklmno\xe9pqrstuvwxyz"), uint8(0xff))
	f.Add([]byte("a\nb\r\nStra\xdfe \x93x\x94\n\xe2\x80"), uint8(0x21))
	f.Add([]byte("\xe9\n\x81"), uint8(0x11))
	f.Add([]byte("r\xe9sum\xe9\r\xc2\xa0"), uint8(0x42))
	f.Fuzz(func(t *testing.T, in []byte, size uint8) {
		want, bad := decodeReference(in)
		// Input in pieces of 1 to 16 bytes, output taken 1 to 16 at a time.
		r := transform.NewReader(&chunkReader{r: bytes.NewReader(in), n: int(size%16) + 1}, &utf8OrWindows1252{})
		got, err := io.ReadAll(&chunkReader{r: r, n: int(size/16) + 1})
		if !bytes.Equal(got, want) || (err != nil) != bad {
			t.Fatalf("decode(%q) = %q, %v; want %q (an error: %v)", in, got, err, want, bad)
		}
		if bad {
			ee, ok := err.(*EncodingError)
			if !ok || !errors.Is(err, sheet.ErrMalformed) {
				t.Fatalf("error %T %v is no *EncodingError", err, err)
			}
			line := bytes.Count(want, []byte{'\n'}) + 1
			if !bytes.Contains(want, []byte{'\n'}) {
				line = bytes.Count(want, []byte{'\r'}) + 1
			}
			if ee.Line != line {
				t.Fatalf("decode(%q): error on line %d, want %d", in, ee.Line, line)
			}
		}
	})
}

// decodeReference is the decoder's rule, written plainly: the text it
// gives and whether it stops at an error.
func decodeReference(in []byte) ([]byte, bool) {
	i := bytes.IndexFunc(in, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError })
	if i < 0 {
		return in, false
	}
	if r, _ := utf8.DecodeRune(in[i:]); r != utf8.RuneError {
		for j := i; j < len(in); {
			r, size := utf8.DecodeRune(in[j:])
			if r == utf8.RuneError && size <= 1 {
				return in[:j], true
			}
			j += size
		}
		return in, false
	}
	out := append([]byte(nil), in[:i]...)
	for j := i; j < len(in); j++ {
		c := in[j]
		rest := in[j:]
		switch {
		case len(rest) >= 2 && (c == 0xc2 && rest[1] >= 0xa0 && rest[1] <= 0xbf || c == 0xc3 && rest[1] >= 0x80 && rest[1] <= 0xbf),
			len(rest) >= 3 && c == 0xe2 && (rest[1] == 0x80 && rest[2] >= 0x80 && rest[2] <= 0xbf || rest[1] == 0x82 && rest[2] == 0xac),
			c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d:
			return out, true
		}
		out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(c))
	}
	return out, false
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
