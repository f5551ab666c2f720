package convert

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/aitkit/aitkit/sheet"
)

// Format is a kind of input.
type Format int

// Input formats.
const (
	FormatAuto      Format = iota // from the file name, else the first bytes
	FormatXLSX                    // .xlsx, .xlsm
	FormatDelimited               // .csv, .tsv, .txt
	FormatJSON                    // .json: an array of objects
)

func (f Format) String() string {
	switch f {
	case FormatXLSX:
		return "xlsx"
	case FormatDelimited:
		return "csv"
	case FormatJSON:
		return "json"
	}
	return "auto"
}

var (
	magicZip  = []byte("PK\x03\x04")
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// FormatOf tells a format from a file name; FormatAuto when the name says
// nothing. A name of a format aitkit does not read is an error.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	case ".csv", ".tsv", ".txt", ".tab":
		return FormatDelimited, nil
	case ".json":
		return FormatJSON, nil
	case ".xls", ".xlsb", ".ods", ".numbers":
		return FormatAuto, fmt.Errorf("%w: %s files are not read; open it in a spreadsheet program and save it as .xlsx", sheet.ErrUnsupported, filepath.Ext(name))
	}
	return FormatAuto, nil
}

// sniff tells a format from the first bytes of an input.
func sniff(head []byte) (Format, error) {
	switch {
	case len(head) == 0:
		return FormatAuto, sheet.ErrEmpty
	case bytes.HasPrefix(head, magicOLE2):
		return FormatAuto, fmt.Errorf("%w: this is an OLE2 file, an old .xls workbook or one encrypted with a password; save it as .xlsx without a password", sheet.ErrUnsupported)
	case bytes.HasPrefix(head, magicZip):
		return FormatXLSX, nil
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(head, []byte("\xff\xfe[\x00")) || bytes.HasPrefix(head, []byte("\xfe\xff\x00[")) {
		return FormatJSON, nil // UTF-16 with a byte-order mark
	}
	if len(t) > 0 && t[0] == '[' {
		return FormatJSON, nil
	}
	if len(t) > 0 && t[0] == '{' {
		return FormatAuto, fmt.Errorf("%w: JSON input must be an array of records, [ {...}, ... ]", sheet.ErrUnsupported)
	}
	return FormatDelimited, nil
}

// checkFormat tells whether the bytes agree with the format the name gives.
func checkFormat(named, sniffed Format, head []byte) error {
	if named == FormatAuto || named == sniffed {
		return nil
	}
	switch {
	case sniffed == FormatXLSX:
		return fmt.Errorf("%w: the file is a zip archive (a workbook?), not %s; rename it to .xlsx", sheet.ErrUnsupported, named)
	case named == FormatXLSX:
		return fmt.Errorf("%w: the file is not a workbook (no zip signature); it starts with %q", sheet.ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	case named == FormatJSON:
		return fmt.Errorf("%w: the file is not a JSON array; it starts with %q", sheet.ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	}
	return nil // delimited text that starts with '[' is still text
}

// detect tells the format of an input from its name (unless forced is
// set) and its first bytes, which it peeks from br without consuming them.
// The name "-" (standard input) says nothing.
func detect(name string, br *bufio.Reader, forced Format) (Format, error) {
	named := forced
	if named == FormatAuto && name != "-" && name != "<stdin>" {
		var err error
		if named, err = FormatOf(name); err != nil {
			return FormatAuto, err
		}
	}
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return FormatAuto, err
	}
	sniffed, err := sniff(head)
	if err != nil {
		return FormatAuto, err
	}
	if err := checkFormat(named, sniffed, head); err != nil {
		return FormatAuto, err
	}
	if named == FormatAuto {
		return sniffed, nil
	}
	return named, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
