package record

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/aitkit/aitkit/schema"
)

// Format is a form of records: a JSON array, or an import CSV.
type Format string

// The record's forms.
const (
	JSON Format = "json"
	CSV  Format = "csv"
)

// ParseFormat reads "json" or "csv".
func ParseFormat(s string) (Format, error) {
	switch Format(strings.ToLower(s)) {
	case JSON:
		return JSON, nil
	case CSV:
		return CSV, nil
	}
	return "", fmt.Errorf("format %q: expected csv or json", s)
}

// Writer writes records as they come. Close writes what ends the
// output (the closing bracket of a JSON array) and flushes; it does not close
// the underlying writer.
type Writer interface {
	Write(u *schema.Update) error
	Close() error
}

// NewWriter returns a streaming writer of records in format f: CSV with
// exactly the header External ID,Status,Metric Value,As Of Date,Comment, or a
// JSON array whose objects have the keys in that order, a missing metric or
// comment left out.
func NewWriter(w io.Writer, f Format) Writer {
	if f == CSV {
		return &csvWriter{w: bufio.NewWriterSize(w, writeBuffer)}
	}
	return &jsonWriter{w: bufio.NewWriterSize(w, writeBuffer)}
}

// writeBuffer is what a writer gathers before writing to its file: a
// million records are a few hundred writes, not tens of thousands.
const writeBuffer = 64 << 10

// NewFragmentWriter writes records without what begins and ends the output
// (no CSV header, no JSON brackets), so that fragments written in parallel
// can be joined by [JoinFragments].
func NewFragmentWriter(w io.Writer, f Format) Writer {
	if f == CSV {
		return &csvWriter{w: bufio.NewWriterSize(w, writeBuffer), headerDone: true}
	}
	return &jsonWriter{w: bufio.NewWriterSize(w, writeBuffer), fragment: true}
}

// JoinFragments writes the fragments (each as NewFragmentWriter wrote it, in
// order) as one output in format f. Empty fragments are left out.
func JoinFragments(w io.Writer, f Format, frags []io.Reader, sizes []int64) error {
	if f == CSV {
		if _, err := w.Write(AppendCSV(nil, schema.CSVHeader[:]...)); err != nil {
			return err
		}
		for _, r := range frags {
			if _, err := io.Copy(w, r); err != nil {
				return err
			}
		}
		return nil
	}
	n := 0
	for i, r := range frags {
		if sizes[i] == 0 {
			continue
		}
		sep := ",\n"
		if n == 0 {
			sep = "[\n"
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		n++
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(w, end)
	return err
}

type csvWriter struct {
	w          *bufio.Writer
	headerDone bool
	buf        []byte
}

func (c *csvWriter) Write(u *schema.Update) error {
	b := c.buf[:0]
	if !c.headerDone {
		c.headerDone = true
		b = AppendCSV(b, schema.CSVHeader[:]...)
	}
	b = AppendCSV(b, u.ExternalID, u.Status, u.MetricValue, u.AsOfDate, u.Comment)
	c.buf = b
	_, err := c.w.Write(b)
	return err
}

func (c *csvWriter) Close() error {
	if !c.headerDone {
		c.headerDone = true
		c.w.Write(AppendCSV(nil, schema.CSVHeader[:]...)) // always a header, even with no records
	}
	return c.w.Flush()
}

// AppendCSV appends fields as one CSV line, byte for byte as
// encoding/csv's Writer writes it (comma, "\n" line ends): a field is
// quoted when it has a comma, a quotation mark or a line break, begins
// with white space, or is \. — quotation marks doubled inside.
// TestAppendCSVRecord and FuzzAppendCSVRecord hold it to encoding/csv.
func AppendCSV(b []byte, fields ...string) []byte {
	for n, f := range fields {
		if n > 0 {
			b = append(b, ',')
		}
		if !csvNeedsQuotes(f) {
			b = append(b, f...)
			continue
		}
		b = append(b, '"')
		for {
			i := strings.IndexByte(f, '"')
			if i < 0 {
				b = append(b, f...)
				break
			}
			b = append(b, f[:i+1]...)
			b = append(b, '"')
			f = f[i+1:]
		}
		b = append(b, '"')
	}
	return append(b, '\n')
}

// csvNeedsQuotes is encoding/csv's rule for quoting a field.
func csvNeedsQuotes(f string) bool {
	if f == "" {
		return false
	}
	if f == `\.` {
		return true
	}
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(f)
	return unicode.IsSpace(r)
}

type jsonWriter struct {
	w        *bufio.Writer
	n        int
	fragment bool
	buf      []byte
}

func (j *jsonWriter) Write(u *schema.Update) error {
	b := j.buf[:0]
	switch {
	case j.n > 0:
		b = append(b, ",\n"...)
	case !j.fragment:
		b = append(b, "[\n"...)
	}
	j.n++
	b = AppendJSON(b, u)
	j.buf = b
	_, err := j.w.Write(b)
	return err
}

func (j *jsonWriter) Close() error {
	if !j.fragment {
		end := "\n]\n"
		if j.n == 0 {
			end = "[]\n"
		}
		j.w.WriteString(end)
	}
	return j.w.Flush()
}

// AppendJSON appends u as a JSON object with the keys in the API's order;
// a missing metric or comment is left out.
func AppendJSON(b []byte, u *schema.Update) []byte {
	b = append(b, `{"externalId":`...)
	b = AppendJSONString(b, u.ExternalID)
	b = append(b, `,"status":`...)
	b = AppendJSONString(b, u.Status)
	if u.MetricValue != "" {
		b = append(b, `,"metricValue":`...)
		b = append(b, u.MetricValue...)
	}
	b = append(b, `,"asOfDate":`...)
	b = AppendJSONString(b, u.AsOfDate)
	if u.Comment != "" {
		b = append(b, `,"comment":`...)
		b = AppendJSONString(b, u.Comment)
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// AppendJSONString appends s quoted as a JSON string. Unlike encoding/json it leaves
// <, > and & alone; invalid UTF-8 becomes U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	// Valid UTF-8 (nearly all text) needs no decoding: of its non-ASCII
	// characters only U+2028 and U+2029 (E2 80 A8, E2 80 A9) are escaped.
	valid := utf8.ValidString(s)
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf && valid {
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				b = append(b, s[start:i]...)
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[s[i+2]-0xA0])
				i += 3
				start = i
				continue
			}
			i++
			continue
		}
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
