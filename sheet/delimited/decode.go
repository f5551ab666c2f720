package delimited

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Encoding is how a text's bytes were read.
type Encoding string

// Encodings of delimited text.
const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with a byte-order mark"
	UTF16       Encoding = "UTF-16"
	UTF16NoBOM  Encoding = "UTF-16 without a byte-order mark (told by its zero bytes)"
	Windows1252 Encoding = "Windows-1252"
)

// EncodingError is a run of bytes that are not valid in the text's
// encoding, and the line they are on. The text is never read on with
// U+FFFD in their place: a value the user did not see would be written.
type EncodingError struct {
	Line     int    // 1-based line of the text the bytes are on
	Bytes    []byte // the bytes, at most four
	Encoding Encoding
	Why      string // what is wrong, in words, after "the bytes ... are"
}

func (e *EncodingError) Error() string {
	verb := " are "
	if len(e.Bytes) == 1 {
		verb = " is "
	}
	return sheet.ErrMalformed.Error() + ": " + byteWords(e.Bytes) + verb + e.Why
}

func (e *EncodingError) Unwrap() error { return sheet.ErrMalformed }

// byteWords names bytes as "the byte 0xE9" or "the bytes 0xC3 0xA9".
func byteWords(b []byte) string {
	hex := make([]string, len(b))
	for i, c := range b {
		hex[i] = fmt.Sprintf("0x%02X", c)
	}
	if len(b) == 1 {
		return "the byte " + hex[0]
	}
	return "the bytes " + strings.Join(hex, " ")
}

// resave is what every encoding error tells the user to do.
const resave = `; save the file again as "CSV UTF-8"`

// Decode returns a reader of UTF-8 text: a UTF-8 byte-order mark is
// dropped, UTF-16 is decoded (with a byte-order mark, or told by its zero
// bytes without one), and text that is not valid UTF-8 is read as
// Windows-1252 (what Excel saves as "CSV" on many Windows machines). Bytes
// that are not valid in the encoding are an *EncodingError naming their
// line. The function it returns tells, once the text has been read, which
// encoding it was. Input quirks live here, not in the parser.
func Decode(br *bufio.Reader) (io.Reader, func() Encoding) {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		t := &utf8OrWindows1252{mode: modeUTF8, bom: true}
		return transform.NewReader(br, t), func() Encoding { return UTF8BOM }
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		br.Discard(2)
		return transform.NewReader(br, &utf16Decoder{be: head[0] == 0xfe}), func() Encoding { return UTF16 }
	}
	head, _ = br.Peek(4096)
	if be, ok := looksUTF16(head); ok {
		return transform.NewReader(br, &utf16Decoder{be: be}), func() Encoding { return UTF16NoBOM }
	}
	t := &utf8OrWindows1252{}
	return transform.NewReader(br, t), func() Encoding {
		if t.mode == modeCP1252 {
			return Windows1252
		}
		return UTF8
	}
}

// DecodeUTF16 returns a reader of the UTF-8 text of the UTF-16 in br, when
// br starts with a UTF-16 byte-order mark (dropped) or looks like UTF-16
// by its zero bytes; ok is false, and nothing read, otherwise. A lone
// surrogate or an odd byte at the end is an *EncodingError, never U+FFFD.
func DecodeUTF16(br *bufio.Reader) (r io.Reader, ok bool) {
	head, _ := br.Peek(4096)
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		br.Discard(2)
		return transform.NewReader(br, &utf16Decoder{be: head[0] == 0xfe}), true
	}
	if be, ok := looksUTF16(head); ok {
		return transform.NewReader(br, &utf16Decoder{be: be}), true
	}
	return nil, false
}

// looksUTF16 tells UTF-16 without a byte-order mark by its zero bytes:
// text of letters, digits and delimiters has a zero in most of its 16-bit
// units, all on one side (the high byte: second in little-endian, first in
// big-endian). UTF-8 and Windows-1252 text has none.
func looksUTF16(head []byte) (bigEndian, ok bool) {
	pairs := len(head) / 2
	if pairs < 2 {
		return false, false
	}
	var even, odd int
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	zeros := even + odd
	if zeros*8 < pairs || max(even, odd)*10 < zeros*9 {
		return false, false
	}
	return even > odd, true
}

// lineEnds counts the line ends of decoded text, for the line of an
// encoding error: LFs, or for text that has none (old Mac) CRs.
type lineEnds struct{ lf, cr int }

func (l *lineEnds) add(b []byte) {
	l.lf += bytes.Count(b, []byte{'\n'})
	l.cr += bytes.Count(b, []byte{'\r'})
}

// line is the 1-based line after the text counted.
func (l *lineEnds) line() int {
	if l.lf == 0 {
		return l.cr + 1
	}
	return l.lf + 1
}

// utf8OrWindows1252 passes UTF-8 through and, when the first byte
// sequence that is not ASCII is not valid UTF-8, decodes the text as
// Windows-1252. The choice is made there and kept for the whole input:
// in text read as UTF-8, bytes that are not valid UTF-8 are an error; in
// text read as Windows-1252, a byte that is no character there is an
// error, and so is UTF-8 of the characters such text would show as
// mojibake ("Ã©" for é, "â€™" for ’): the text mixes two encodings.
type utf8OrWindows1252 struct {
	mode    int // modeUndecided, modeUTF8 or modeCP1252
	bom     bool
	lines   lineEnds
	decided int // the line whose text decided the mode
}

const (
	modeUndecided = iota
	modeUTF8
	modeCP1252
)

// Reset starts over: UTF-8 for text with a byte-order mark, else undecided.
func (t *utf8OrWindows1252) Reset() {
	mode := modeUndecided
	if t.bom {
		mode = modeUTF8
	}
	*t = utf8OrWindows1252{mode: mode, bom: t.bom}
}

func (t *utf8OrWindows1252) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	nDst, nSrc, err = t.transform(dst, src, atEOF)
	t.lines.add(dst[:nDst]) // for the line of a later error
	return nDst, nSrc, err
}

func (t *utf8OrWindows1252) transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			n := asciiRun(src[nSrc:])
			m := copy(dst[nDst:], src[nSrc:nSrc+n])
			nDst += m
			nSrc += m
			if m < n {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		switch t.mode {
		case modeUndecided:
			if !utf8.FullRune(src[nSrc:]) && !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			lines := t.lines
			lines.add(dst[:nDst])
			t.decided = lines.line()
			if r, _ := utf8.DecodeRune(src[nSrc:]); r != utf8.RuneError {
				t.mode = modeUTF8
			} else {
				t.mode = modeCP1252
			}
		case modeUTF8:
			if !utf8.FullRune(src[nSrc:]) && !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r, size := utf8.DecodeRune(src[nSrc:])
			if r == utf8.RuneError && size <= 1 {
				return nDst, nSrc, t.errorAt(dst[:nDst], src[nSrc:nSrc+1])
			}
			if len(dst)-nDst < size {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += copy(dst[nDst:], src[nSrc:nSrc+size])
			nSrc += size
		case modeCP1252:
			if n, short := mojibake(src[nSrc:], atEOF); short {
				return nDst, nSrc, transform.ErrShortSrc
			} else if n > 0 {
				return nDst, nSrc, t.errorAt(dst[:nDst], src[nSrc:nSrc+n])
			}
			if undefined1252(c) {
				return nDst, nSrc, t.errorAt(dst[:nDst], src[nSrc:nSrc+1])
			}
			r := charmap.Windows1252.DecodeByte(c)
			if nDst+utf8.RuneLen(r) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], r)
			nSrc++
		}
	}
	return nDst, nSrc, nil
}

// errorAt is the error for bad, found after the text written.
func (t *utf8OrWindows1252) errorAt(written, bad []byte) error {
	lines := t.lines
	lines.add(written)
	e := &EncodingError{Line: lines.line(), Bytes: append([]byte(nil), bad...)}
	switch {
	case t.mode == modeUTF8 && t.bom:
		e.Encoding, e.Why = UTF8BOM, "not valid UTF-8, the encoding the file's byte-order mark names"+resave
	case t.mode == modeUTF8:
		e.Encoding, e.Why = UTF8, fmt.Sprintf("not valid UTF-8, while line %d is UTF-8: the file mixes two encodings, or is damaged%s", t.decided, resave)
	case len(bad) == 1:
		e.Encoding, e.Why = Windows1252, fmt.Sprintf("not a character in Windows-1252, the encoding the file is read in (line %d is not valid UTF-8)%s", t.decided, resave)
	default:
		r, _ := utf8.DecodeRune(bad)
		e.Encoding, e.Why = Windows1252, fmt.Sprintf("UTF-8 (%q), while line %d is not valid UTF-8: the file mixes two encodings%s", r, t.decided, resave)
	}
	return e
}

// undefined1252 tells the five bytes Windows-1252 has no character for.
func undefined1252(c byte) bool {
	return c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d
}

// mojibake returns the length of the UTF-8 at the start of b that shows
// as mojibake when read as Windows-1252: é (C3 A9) reads "Ã©", a no-break
// space or ° (C2 A0-BF) "Â ", ’ “ ” – — … (E2 80 xx) "â€™", € (E2 82 AC)
// "â‚¬". Real Windows-1252 text does not hold these pairs. short is true
// when b ends before it can tell.
func mojibake(b []byte, atEOF bool) (n int, short bool) {
	need := 0
	switch b[0] {
	case 0xc2, 0xc3:
		need = 2
	case 0xe2:
		need = 3
	default:
		return 0, false
	}
	if len(b) < need {
		if atEOF {
			return 0, false
		}
		// Only what is there so far can rule it out.
		if len(b) >= 2 && !mojibakePrefix(b) {
			return 0, false
		}
		return 0, len(b) < need
	}
	if mojibakePrefix(b) && (need == 2 || b[1] == 0x80 && b[2] >= 0x80 && b[2] <= 0xbf || b[1] == 0x82 && b[2] == 0xac) {
		return need, false
	}
	return 0, false
}

func mojibakePrefix(b []byte) bool {
	switch b[0] {
	case 0xc2:
		return b[1] >= 0xa0 && b[1] <= 0xbf
	case 0xc3:
		return b[1] >= 0x80 && b[1] <= 0xbf
	}
	return b[1] == 0x80 || b[1] == 0x82
}

// utf16Decoder decodes UTF-16 to UTF-8; a lone surrogate, or a text that
// ends in the middle of a character, is an error naming its line.
type utf16Decoder struct {
	be    bool
	lines lineEnds
}

func (d *utf16Decoder) Reset() { *d = utf16Decoder{be: d.be} }

func (d *utf16Decoder) unit(b []byte) uint16 {
	if d.be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (d *utf16Decoder) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	nDst, nSrc, err = d.transform(dst, src, atEOF)
	d.lines.add(dst[:nDst])
	return nDst, nSrc, err
}

func (d *utf16Decoder) transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	const lone = "not valid UTF-16 (half of a character, a surrogate without its pair)"
	for nSrc+2 <= len(src) {
		u := d.unit(src[nSrc:])
		r, size := rune(u), 2
		switch {
		case utf16.IsSurrogate(r) && u < 0xdc00:
			if nSrc+4 > len(src) {
				if !atEOF {
					return nDst, nSrc, transform.ErrShortSrc
				}
				return nDst, nSrc, d.errorAt(dst[:nDst], src[nSrc:], lone)
			}
			if r = utf16.DecodeRune(r, rune(d.unit(src[nSrc+2:]))); r == utf8.RuneError {
				return nDst, nSrc, d.errorAt(dst[:nDst], src[nSrc:nSrc+2], lone)
			}
			size = 4
		case utf16.IsSurrogate(r):
			return nDst, nSrc, d.errorAt(dst[:nDst], src[nSrc:nSrc+2], lone)
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	if nSrc < len(src) {
		if !atEOF {
			return nDst, nSrc, transform.ErrShortSrc
		}
		return nDst, nSrc, d.errorAt(dst[:nDst], src[nSrc:], "the end of the text, in the middle of a UTF-16 character")
	}
	return nDst, nSrc, nil
}

func (d *utf16Decoder) errorAt(written, bad []byte, why string) error {
	lines := d.lines
	lines.add(written)
	return &EncodingError{Line: lines.line(), Bytes: append([]byte(nil), bad...), Encoding: UTF16, Why: why}
}

// asciiRun is the length of b's leading run of ASCII bytes, read eight at a
// time: most delimited files are ASCII to their end.
func asciiRun(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&0x8080808080808080 != 0 {
			break
		}
	}
	for i < len(b) && b[i] < utf8.RuneSelf {
		i++
	}
	return i
}
