package convert

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeText returns a reader of UTF-8 text: a UTF-8 byte-order mark is
// dropped, UTF-16 with a byte-order mark is decoded, and text that is not
// valid UTF-8 is read as Windows-1252 (what Excel saves as "CSV" on many
// Windows machines). Input quirks live here, not in the parsers.
func decodeText(br interface {
	io.Reader
	Peek(int) ([]byte, error)
	Discard(int) (int, error)
}) io.Reader {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		return transform.NewReader(br, dec)
	}
	return transform.NewReader(br, &utf8OrWindows1252{})
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
			if t.mode == modeUTF8 {
				// Copy the rest as it is.
				n := copy(dst[nDst:], src[nSrc:])
				nDst += n
				nSrc += n
				if nSrc < len(src) {
					return nDst, nSrc, transform.ErrShortDst
				}
				return nDst, nSrc, nil
			}
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
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
