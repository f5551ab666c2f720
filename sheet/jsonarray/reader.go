package jsonarray

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// Kind is the JSON type of a value.
type Kind uint8

// JSON types.
const (
	Missing Kind = iota // no such member
	String
	Number
	Bool
	Null
	Object
	Array
)

var kindNames = [...]string{"missing", "string", "number", "boolean", "null", "object", "array"}

func (k Kind) String() string { return kindNames[k] }

// Value is one JSON value: for a string its text, for a number its literal
// as written, for true, false and null the word, and for an object or
// array its first bytes as written (for messages).
type Value struct {
	Kind Kind
	Text string
}

// Member is one key of an object and its value.
type Member struct {
	Key   string
	Value Value
}

// Element is one element of the array. Members are those of an object,
// in the order written; for any other element Value is the element.
type Element struct {
	Index   int   // 0-based
	Offset  int64 // byte offset of its first byte in the text
	Value   Value // Kind Object for an object
	Members []Member
	// Duplicate is the first key written twice in the object, "" for none;
	// Members holds both.
	Duplicate string
}

// Options say how to read.
type Options struct {
	Limits sheet.Limits // MaxCellBytes and MaxColumns; zero fields take their defaults
}

// Reader reads the elements of a JSON array.
type Reader struct {
	name    string
	r       io.Reader
	buf     []byte
	pos     int
	end     int
	base    int64 // offset of buf[0]
	eof     bool
	err     error
	limits  sheet.Limits
	scratch []byte
	keys    map[string]string // keys seen, so that each is one string
	el      Element
	index   int
	done    bool
	utf16   bool
}

const maxDepth = 64

// NewReader reads the opening bracket of the array in r, named name in
// errors. Text with a UTF-8 byte-order mark is read after it; UTF-16, with
// a byte-order mark or told by its zero bytes, is decoded (offsets then
// count the UTF-8 text; a lone surrogate is an error, never U+FFFD).
func NewReader(name string, r io.Reader, opts Options) (*Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	head, _ := br.Peek(3)
	jr := &Reader{name: name, limits: opts.Limits.OrDefault(), buf: make([]byte, 64<<10), keys: map[string]string{}}
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		jr.r = br
	default:
		jr.r, jr.utf16 = delimited.DecodeUTF16(br)
		if !jr.utf16 {
			jr.r = br
		}
	}
	c, ok := jr.skipSpace()
	if !ok {
		if jr.err != nil {
			return nil, jr.err
		}
		return nil, &sheet.Error{Place: sheet.Place{File: name, Index: -1}, Err: sheet.ErrEmpty}
	}
	if c != '[' {
		return nil, jr.syntaxf(sheet.ErrUnsupported, "JSON input must be an array of records, [ {...}, ... ]")
	}
	jr.pos++
	return jr, nil
}

// UTF16 tells whether the text was UTF-16.
func (r *Reader) UTF16() bool { return r.utf16 }

// Place is where record i is.
func (r *Reader) Place(i int) sheet.Place { return sheet.RecordPlace(r.name, i) }

// fill reads more, keeping buf[pos:end]; false at the end of input.
func (r *Reader) fill() bool {
	if r.eof {
		return false
	}
	n := copy(r.buf, r.buf[r.pos:r.end])
	r.base += int64(r.pos)
	r.pos, r.end = 0, n
	for {
		m, err := r.r.Read(r.buf[r.end:])
		r.end += m
		if err != nil {
			r.eof = true
			if err != io.EOF {
				r.err = &sheet.Error{Place: sheet.Place{File: r.name, Index: -1}, Err: err}
			}
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
}

func (r *Reader) offset() int64 { return r.base + int64(r.pos) }

// syntaxf is an error at the current offset.
func (r *Reader) syntaxf(kind error, format string, a ...any) error {
	if r.err != nil {
		return r.err
	}
	msg := fmt.Sprintf(format, a...) + fmt.Sprintf(" at byte %d", r.offset())
	if r.index > 0 || r.el.Offset > 0 {
		msg += fmt.Sprintf(" (record %d)", r.index)
	}
	r.err = &sheet.Error{Place: sheet.Place{File: r.name, Index: -1}, Err: fmt.Errorf("%w: %s", kind, msg)}
	return r.err
}

// truncated is the error of a text that ends too soon.
func (r *Reader) truncated() error {
	if r.err != nil {
		return r.err
	}
	r.err = &sheet.Error{Place: sheet.Place{File: r.name, Index: -1}, Err: fmt.Errorf("%w: the JSON array ends early, after %d records (a truncated file?)", sheet.ErrMalformed, r.index)}
	return r.err
}

// skipSpace passes over white space and returns the next byte.
func (r *Reader) skipSpace() (byte, bool) {
	for {
		for r.pos < r.end {
			c := r.buf[r.pos]
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				return c, true
			}
			r.pos++
		}
		if !r.fill() {
			return 0, false
		}
	}
}

// Next returns the next element; io.EOF after the last, once the closing
// bracket and nothing but white space after it have been read. The
// Element and its Members are reused by the next call; their strings
// never change.
func (r *Reader) Next() (*Element, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.done {
		return nil, io.EOF
	}
	c, ok := r.skipSpace()
	if !ok {
		return nil, r.truncated()
	}
	if r.index > 0 {
		switch c {
		case ',':
			r.pos++
			if c, ok = r.skipSpace(); !ok {
				return nil, r.truncated()
			}
			if c == ']' {
				return nil, r.syntaxf(sheet.ErrMalformed, "a comma before the closing bracket")
			}
		case ']':
			return nil, r.finish()
		default:
			return nil, r.syntaxf(sheet.ErrMalformed, "expected a comma or the closing bracket, found %s", describe(c))
		}
	} else if c == ']' {
		return nil, r.finish()
	}
	el := &r.el
	el.Index, el.Offset, el.Members, el.Duplicate = r.index, r.offset(), el.Members[:0], ""
	if c == '{' {
		if err := r.object(el); err != nil {
			return nil, err
		}
		el.Value = Value{Kind: Object}
	} else {
		v, err := r.value(0)
		if err != nil {
			return nil, err
		}
		el.Value = v
	}
	r.index++
	return el, nil
}

// finish reads the closing bracket and checks that nothing follows.
func (r *Reader) finish() error {
	r.pos++
	if c, ok := r.skipSpace(); ok {
		return r.syntaxf(sheet.ErrMalformed, "data after the end of the JSON array: %s", describe(c))
	}
	if r.err != nil {
		return r.err
	}
	r.done = true
	return io.EOF
}

func describe(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return strconv.QuoteRune(rune(c))
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// object reads the members of an object, at its '{'.
func (r *Reader) object(el *Element) error {
	r.pos++
	c, ok := r.skipSpace()
	if !ok {
		return r.truncated()
	}
	if c == '}' {
		r.pos++
		return nil
	}
	for {
		if c != '"' {
			return r.syntaxf(sheet.ErrMalformed, "expected a key in quotes, found %s", describe(c))
		}
		if err := r.str(); err != nil {
			return err
		}
		key, ok := r.keys[string(r.scratch)]
		if !ok {
			key = string(r.scratch)
			if len(r.keys) < 1024 {
				r.keys[key] = key
			}
		}
		if c, ok = r.skipSpace(); !ok {
			return r.truncated()
		}
		if c != ':' {
			return r.syntaxf(sheet.ErrMalformed, "expected a colon after the key %q, found %s", key, describe(c))
		}
		r.pos++
		if _, ok = r.skipSpace(); !ok {
			return r.truncated()
		}
		v, err := r.value(1)
		if err != nil {
			return err
		}
		if el.Duplicate == "" {
			for _, m := range el.Members {
				if m.Key == key {
					el.Duplicate = key
					break
				}
			}
		}
		if len(el.Members) >= r.limits.MaxColumns {
			return r.syntaxf(sheet.ErrTooLarge, "record %d has more than %s keys (limit MaxColumns)", r.index, sheet.Count(int64(r.limits.MaxColumns)))
		}
		el.Members = append(el.Members, Member{Key: key, Value: v})
		if c, ok = r.skipSpace(); !ok {
			return r.truncated()
		}
		switch c {
		case ',':
			r.pos++
			if c, ok = r.skipSpace(); !ok {
				return r.truncated()
			}
		case '}':
			r.pos++
			return nil
		default:
			return r.syntaxf(sheet.ErrMalformed, "expected a comma or a closing brace after the value of %q, found %s", key, describe(c))
		}
	}
}
