package delimited

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding is how a text's bytes were read.
type Encoding string

// Encodings of delimited text.
const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with a byte-order mark"
	UTF16       Encoding = "UTF-16"
	Windows1252 Encoding = "Windows-1252"
)

// Decode returns a reader of UTF-8 text: a UTF-8 byte-order mark is
// dropped, UTF-16 with a byte-order mark is decoded, and text that is not
// valid UTF-8 is read as Windows-1252 (what Excel saves as "CSV" on many
// Windows machines). The function it returns tells, once the text has been
// read, which encoding it was. Input quirks live here, not in the parser.
func Decode(br *bufio.Reader) (io.Reader, func() Encoding) {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br, func() Encoding { return UTF8BOM }
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec), func() Encoding { return UTF16 }
	}
	t := &utf8OrWindows1252{}
	return transform.NewReader(br, t), func() Encoding {
		if t.mode == modeCP1252 {
			return Windows1252
		}
		return UTF8
	}
}

// utf8OrWindows1252 passes UTF-8 through and, from the first byte sequence
// that is not valid UTF-8, decodes the rest as Windows-1252. The choice is
// made at the first non-ASCII sequence and kept for the whole input.
type utf8OrWindows1252 struct {
	mode int // 0 undecided, 1 UTF-8, 2 Windows-1252
}

const (
	modeUndecided = iota
	modeUTF8
	modeCP1252
)

func (t *utf8OrWindows1252) Reset() { t.mode = modeUndecided }

func (t *utf8OrWindows1252) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf || t.mode == modeUTF8 {
			// Copy as it is: the rest once UTF-8 is decided, else the run
			// of ASCII up to the next other byte.
			n := len(src) - nSrc
			if t.mode != modeUTF8 {
				n = asciiRun(src[nSrc:])
			}
			m := copy(dst[nDst:], src[nSrc:nSrc+n])
			nDst += m
			nSrc += m
			if m < n {
				return nDst, nSrc, transform.ErrShortDst
			}
			continue
		}
		if t.mode == modeUndecided {
			if !utf8.FullRune(src[nSrc:]) && !atEOF {
				return nDst, nSrc, transform.ErrShortSrc
			}
			if r, _ := utf8.DecodeRune(src[nSrc:]); r != utf8.RuneError {
				t.mode = modeUTF8
				continue
			}
			t.mode = modeCP1252
		}
		r := charmap.Windows1252.DecodeByte(c)
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc++
	}
	return nDst, nSrc, nil
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
