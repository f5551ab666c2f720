package convert

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/ods"
)

// Format is a kind of input.
type Format int

// Input formats.
const (
	FormatAuto      Format = iota // from the file name, else the first bytes
	FormatXLSX                    // .xlsx, .xlsm
	FormatDelimited               // .csv, .tsv, .txt
	FormatJSON                    // .json: an array of objects
	FormatODS                     // .ods: an OpenDocument spreadsheet
	FormatFODS                    // .fods: the same, flat XML
	FormatXLS                     // .xls: an Excel 97-2003 workbook (BIFF8)
)

// Workbook tells whether the format is a workbook (sheets of cells).
func (f Format) Workbook() bool {
	return f == FormatXLSX || f == FormatODS || f == FormatFODS || f == FormatXLS
}

func (f Format) String() string {
	switch f {
	case FormatXLSX:
		return "xlsx"
	case FormatDelimited:
		return "csv"
	case FormatJSON:
		return "json"
	case FormatODS:
		return "ods"
	case FormatFODS:
		return "fods"
	case FormatXLS:
		return "xls"
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
	case ".ods":
		return FormatODS, nil
	case ".fods":
		return FormatFODS, nil
	case ".xls":
		return FormatXLS, nil
	case ".xlsb", ".numbers":
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
		// An .xls, or an .xlsx encrypted with a password (which the xls
		// reader names).
		return FormatXLS, nil
	case bytes.HasPrefix(head, magicZip):
		// An OpenDocument file begins with its mimetype entry, stored.
		if len(head) > 30 && bytes.HasPrefix(head[30:], []byte("mimetype")) && bytes.Contains(head, []byte(ods.MimeType)) {
			return FormatODS, nil
		}
		return FormatXLSX, nil
	case isFlatODS(head):
		return FormatFODS, nil
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

// isFlatODS tells a flat OpenDocument spreadsheet from its first bytes:
// XML whose root is office:document with the spreadsheet's mimetype.
func isFlatODS(head []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.HasPrefix(t, []byte("<")) && bytes.Contains(head, []byte("office:document")) && bytes.Contains(head, []byte(ods.MimeType))
}

// checkFormat tells whether the bytes agree with the format the name gives.
func checkFormat(named, sniffed Format, head []byte) error {
	if named == FormatAuto || named == sniffed {
		return nil
	}
	switch {
	case named == FormatXLSX && sniffed == FormatXLS:
		// An .xlsx encrypted with a password is an OLE2 file: the xls
		// reader says so.
		return nil
	case named == FormatXLSX && sniffed == FormatODS, named == FormatODS && sniffed == FormatXLSX:
		return fmt.Errorf("%w: the file is an %s workbook, not %s; rename it to .%s", sheet.ErrUnsupported, sniffed, named, sniffed)
	case sniffed == FormatXLS:
		return fmt.Errorf("%w: the file is an OLE2 file (an .xls workbook?), not %s; rename it to .xls", sheet.ErrUnsupported, named)
	case named == FormatXLS:
		return fmt.Errorf("%w: the file is not an .xls workbook (no OLE2 signature); it starts with %q", sheet.ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	case sniffed == FormatXLSX || sniffed == FormatODS:
		return fmt.Errorf("%w: the file is a zip archive (a workbook?), not %s; rename it to .%s", sheet.ErrUnsupported, named, sniffed)
	case named == FormatODS:
		return fmt.Errorf("%w: the file is not an OpenDocument spreadsheet (no zip signature); it starts with %q", sheet.ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	case named == FormatFODS:
		return fmt.Errorf("%w: the file is not a flat OpenDocument spreadsheet (no office:document with its mimetype); it starts with %q", sheet.ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
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
	head, err := br.Peek(4096)
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
	if named == FormatAuto || named == FormatXLSX && sniffed == FormatXLS {
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
