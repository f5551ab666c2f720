package delimited

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
	"golang.org/x/text/transform"
)

// utf16Bytes encodes s as UTF-16, without a byte-order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = binary.BigEndian.AppendUint16(b, u)
		} else {
			b = binary.LittleEndian.AppendUint16(b, u)
		}
	}
	return b
}

// TestWhatExcelWrites: the SPEC's "Delimited text" rows about text as
// spreadsheet programs write it, read whole and a byte at a time.
func TestWhatExcelWrites(t *testing.T) {
	const head = "External ID,Status\n"
	tests := []struct {
		name string
		in   []byte
		want []string // rows; the last may be "error: ..." naming the line
		enc  Encoding
	}{
		{"text formula keeps leading zeros", []byte(head + "=\"00123\",On Track\n"), []string{"01: External ID|Status", "02: 00123|On Track"}, UTF8},
		{"text formula in the last column", []byte(head + "A1,=\"On Track\"\r\n"), []string{"01: External ID|Status", "02: A1|On Track"}, UTF8},
		{"text formula with a doubled quote", []byte(head + "=\"a\"\"b\",x\n"), []string{"01: External ID|Status", "02: a\"b|x"}, UTF8},
		{"text formula, quoted as a field", []byte(head + "\"=\"\"00123\"\"\",x\n"), []string{"01: External ID|Status", "02: 00123|x"}, UTF8},
		{"text formula after a semicolon", []byte("External ID;Status\n=\"007\";=\"x\"\n"), []string{"01: External ID|Status", "02: 007|x"}, UTF8},
		{"text formula first in the file", []byte("=\"00123\",On Track\n"), []string{"01: 00123|On Track"}, UTF8},
		{"an = inside a field stays", []byte(head + "a=b,\"=x\"\n"), []string{"01: External ID|Status", "02: a=b|=x"}, UTF8},
		{"an = before a quote inside a field is still a bare quote", []byte(head + "x=\"1\",y\n"), []string{"01: External ID|Status", `error: t.csv:2: malformed input: parse error on line 2, column 3: bare " in non-quoted-field`}, UTF8},
		{"utf-8 then a byte that is not", []byte(head + "Café,On Track\nA2,x\nA3,caf\xe9\n"),
			[]string{"01: External ID|Status", "02: Café|On Track", "03: A2|x", `error: t.csv:4: malformed input: the byte 0xE9 is not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings, or is damaged; save the file again as "CSV UTF-8"`}, UTF8},
		{"utf-8 with a byte-order mark then a byte that is not", []byte("\xef\xbb\xbf" + head + "A1,ok\nA2,\xff\n"),
			[]string{"01: External ID|Status", "02: A1|ok", `error: t.csv:3: malformed input: the byte 0xFF is not valid UTF-8, the encoding the file's byte-order mark names; save the file again as "CSV UTF-8"`}, UTF8BOM},
		{"windows-1252", []byte(head + "Caf\xe9,\x93On Track\x94\n"), []string{"01: External ID|Status", "02: Café|“On Track”"}, Windows1252},
		{"a byte windows-1252 has no character for", []byte(head + "Caf\xe9,x\nA2,\x81\n"),
			[]string{"01: External ID|Status", "02: Café|x", `error: t.csv:3: malformed input: the byte 0x81 is not a character in Windows-1252, the encoding the file is read in (line 2 is not valid UTF-8); save the file again as "CSV UTF-8"`}, Windows1252},
		{"windows-1252 then utf-8", []byte(head + "Caf\xe9,x\nA2,r\xc3\xa9sum\xc3\xa9\n"),
			[]string{"01: External ID|Status", "02: Café|x", `error: t.csv:3: malformed input: the bytes 0xC3 0xA9 are UTF-8 ('é'), while line 2 is not valid UTF-8: the file mixes two encodings; save the file again as "CSV UTF-8"`}, Windows1252},
		{"windows-1252 German quotes around ß stay", []byte(head + "A1,\x84Gru\xdf\x93\n"), []string{"01: External ID|Status", "02: A1|„Gruß“"}, Windows1252},
		{"old Mac line ends count in the line", []byte("External ID,Status\rCafé,x\rA2,\xe9\r"),
			[]string{"01: External ID|Status", "02: Café|x", `error: t.csv:3: malformed input: the byte 0xE9 is not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings, or is damaged; save the file again as "CSV UTF-8"`}, UTF8},
		{"utf-16le without a byte-order mark", utf16Bytes(head+"Café,On Track\r\n", false), []string{"01: External ID|Status", "02: Café|On Track"}, UTF16NoBOM},
		{"utf-16be without a byte-order mark", utf16Bytes(head+"A1,😀\n", true), []string{"01: External ID|Status", "02: A1|😀"}, UTF16NoBOM},
		{"utf-16 with a byte-order mark", append([]byte{0xff, 0xfe}, utf16Bytes(head+"Café,x\n", false)...), []string{"01: External ID|Status", "02: Café|x"}, UTF16},
		{"utf-16 with a lone surrogate", append([]byte{0xff, 0xfe}, append(utf16Bytes(head+"A1,x\nA2,", false), 0x00, 0xd8, 'y', 0, '\n', 0)...),
			[]string{"01: External ID|Status", "02: A1|x", "error: t.csv:3: malformed input: the bytes 0x00 0xD8 are not valid UTF-16 (half of a character, a surrogate without its pair)"}, UTF16},
		{"utf-16 cut in the middle of a character", append(utf16Bytes(head+"A1,x\n", false), 'y'),
			[]string{"01: External ID|Status", "02: A1|x", "error: t.csv:3: malformed input: the byte 0x79 is the end of the text, in the middle of a UTF-16 character"}, UTF16NoBOM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for how, in := range map[string]io.Reader{
				"whole":            bytes.NewReader(tt.in),
				"a byte at a time": iotest.OneByteReader(bytes.NewReader(tt.in)),
			} {
				r, err := NewReader("t.csv", in, Options{})
				var got []string
				for err == nil {
					var row sheet.Row
					if row, err = r.Next(); err == nil {
						got = append(got, fmt.Sprintf("%02d: %s", row.Num, strings.Join(row.Texts(), "|")))
					}
				}
				if err != io.EOF {
					got = append(got, "error: "+err.Error())
					if _, ok := err.(*sheet.Error); !ok || !errors.Is(err, sheet.ErrMalformed) {
						t.Errorf("%s: error %T is no *sheet.Error of malformed input", how, err)
					}
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("%s:\n got %q\nwant %q", how, got, tt.want)
				}
				if r != nil && r.Encoding() != tt.enc {
					t.Errorf("%s: encoding %q, want %q", how, r.Encoding(), tt.enc)
				}
				if r != nil {
					r.Close()
				}
			}
		})
	}
}

// TestLiteral: read as written (the import API's view), ="00123" is no
// text formula: bare, a bare quote; quoted, the text ="00123".
func TestLiteral(t *testing.T) {
	got, err := readRows(t, "a,b\n\"=\"\"00123\"\"\",x\n", Options{Literal: true})
	if err != nil || strings.Join(got, "\n") != "01: a|b\n02: =\"00123\"|x" {
		t.Errorf("quoted: %q, %v", got, err)
	}
	if _, err := readRows(t, "a,b\n=\"00123\",x\n", Options{Literal: true}); !errors.Is(err, sheet.ErrMalformed) {
		t.Errorf("bare: %v, want a bare quote", err)
	}
}

// TestBadBytesFirst: text whose first bytes are bad names line 1, not an
// empty input.
func TestBadBytesFirst(t *testing.T) {
	_, err := NewReader("t.csv", strings.NewReader("\xef\xbb\xbf\xff\xfe\n"), Options{})
	if err == nil || !errors.Is(err, sheet.ErrMalformed) || !strings.HasPrefix(err.Error(), "t.csv:1: malformed input: the bytes 0xFF 0xFE") && !strings.HasPrefix(err.Error(), "t.csv:1: malformed input: the byte 0xFF") {
		t.Errorf("error = %v", err)
	}
}

// TestTextFormulaSplit: ="00123" reads the same whatever the reads cut
// it at, an = held back at the end of a read included.
func TestTextFormulaSplit(t *testing.T) {
	in := "External ID,Status\n" + strings.Repeat("=\"00123\",=\"x\"\n", 300)
	for n := 1; n <= 17; n++ {
		r, err := NewReader("t.csv", &chunkReader{r: strings.NewReader(in), n: n}, Options{Delimiter: ','})
		if err != nil {
			t.Fatal(err)
		}
		rows := 0
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("reads of %d: %v", n, err)
			}
			if rows++; rows > 1 && strings.Join(row.Texts(), "|") != "00123|x" {
				t.Fatalf("reads of %d: row %d is %q", n, row.Num, row.Texts())
			}
		}
		r.Close()
		if rows != 301 {
			t.Fatalf("reads of %d: %d rows", n, rows)
		}
	}
}

// FuzzUTF16: the UTF-16 decoder gives the text of valid UTF-16 in either
// byte order, fed in pieces of any size; invalid UTF-16 (a lone surrogate,
// an odd byte at the end) is an *EncodingError after the text before it.
func FuzzUTF16(f *testing.F) {
	f.Add([]byte("A\x00,\x00\n\x00"), false, uint8(1))
	f.Add([]byte("\x3d\xd8\x00\xde"), false, uint8(3))
	f.Add([]byte("\x00\xd8a\x00"), false, uint8(2))
	f.Add([]byte("\x00A\x00\n\xd8"), true, uint8(5))
	f.Fuzz(func(t *testing.T, in []byte, be bool, size uint8) {
		var want []byte
		var units []uint16
		for i := 0; i+1 < len(in); i += 2 {
			if be {
				units = append(units, binary.BigEndian.Uint16(in[i:]))
			} else {
				units = append(units, binary.LittleEndian.Uint16(in[i:]))
			}
		}
		bad := len(in)%2 == 1
		for i := 0; i < len(units); i++ {
			r := rune(units[i])
			if utf16.IsSurrogate(r) {
				if r >= 0xdc00 || i+1 == len(units) || utf16.DecodeRune(r, rune(units[i+1])) == utf8.RuneError {
					bad = true
					break
				}
				r = utf16.DecodeRune(r, rune(units[i+1]))
				i++
			}
			want = utf8.AppendRune(want, r)
		}
		r := transform.NewReader(&chunkReader{r: bytes.NewReader(in), n: int(size%16) + 1}, &utf16Decoder{be: be})
		got, err := io.ReadAll(&chunkReader{r: r, n: int(size/16) + 1})
		if !bytes.Equal(got, want) || (err != nil) != bad {
			t.Fatalf("decode(%q) = %q, %v; want %q (an error: %v)", in, got, err, want, bad)
		}
		if _, ok := err.(*EncodingError); bad && !ok {
			t.Fatalf("error %T is no *EncodingError", err)
		}
	})
}

// TestLooksUTF16: zero bytes on one side tell UTF-16; text without them,
// or with a few here and there, is not.
func TestLooksUTF16(t *testing.T) {
	for _, tt := range []struct {
		in     []byte
		be, ok bool
	}{
		{utf16Bytes("External ID,Status\n", false), false, true},
		{utf16Bytes("External ID,Status\n", true), true, true},
		{utf16Bytes("日本語,テキスト,2025-07-03\n", false), false, true}, // the digits, commas and line end
		{[]byte("External ID,Status\n"), false, false},
		{[]byte("a\x00b,cd\x00e,fgh,ijkl\n"), false, false}, // stray zeros on both sides
		{[]byte("a"), false, false},
	} {
		if be, ok := looksUTF16(tt.in); be != tt.be || ok != tt.ok {
			t.Errorf("looksUTF16(%q) = %v, %v; want %v, %v", tt.in, be, ok, tt.be, tt.ok)
		}
	}
}
