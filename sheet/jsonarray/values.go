package jsonarray

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
)

// value reads one value at the current byte (not white space).
func (r *Reader) value(depth int) (Value, error) {
	c := r.buf[r.pos]
	switch {
	case c == '"':
		if err := r.str(); err != nil {
			return Value{}, err
		}
		return Value{Kind: String, Text: string(r.scratch)}, nil
	case c == '-' || c >= '0' && c <= '9':
		return r.number()
	case c == 't':
		return Value{Kind: Bool, Text: "true"}, r.literal("true")
	case c == 'f':
		return Value{Kind: Bool, Text: "false"}, r.literal("false")
	case c == 'n':
		return Value{Kind: Null, Text: "null"}, r.literal("null")
	case c == '{' || c == '[':
		return r.nested(depth)
	}
	return Value{}, r.syntaxf(sheet.ErrMalformed, "expected a value, found %s", describe(c))
}

func (r *Reader) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if r.pos >= r.end && !r.fill() {
			return r.truncated()
		}
		if r.buf[r.pos] != word[i] {
			return r.syntaxf(sheet.ErrMalformed, "expected %q", word)
		}
		r.pos++
	}
	return r.delimited()
}

// delimited checks that a number or literal is followed by what may
// follow a value.
func (r *Reader) delimited() error {
	if r.pos >= r.end && !r.fill() {
		return nil
	}
	switch r.buf[r.pos] {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return nil
	}
	return r.syntaxf(sheet.ErrMalformed, "unexpected %s after a value", describe(r.buf[r.pos]))
}

// digitState is the state after a digit in the states that take one.
var digitState = [9]int{3: 3, 4: 5, 5: 5, 6: 8, 7: 8, 8: 8}

// number reads a number as JSON writes one, keeping its literal.
func (r *Reader) number() (Value, error) {
	r.scratch = r.scratch[:0]
	state := 0 // 0 start, 1 after '-', 2 leading zero, 3 int digits, 4 after '.', 5 frac, 6 after e, 7 after sign, 8 exp digits
	for {
		if r.pos >= r.end && !r.fill() {
			break
		}
		c := r.buf[r.pos]
		next := -1
		switch {
		case c == '-' && state == 0:
			next = 1
		case c == '0' && (state == 0 || state == 1):
			next = 2
		case c >= '1' && c <= '9' && (state == 0 || state == 1):
			next = 3
		case c >= '0' && c <= '9' && state >= 3:
			next = digitState[state]
		case c == '.' && (state == 2 || state == 3):
			next = 4
		case (c == 'e' || c == 'E') && (state == 2 || state == 3 || state == 5):
			next = 6
		case (c == '+' || c == '-') && state == 6:
			next = 7
		}
		if next < 0 {
			break
		}
		if len(r.scratch) >= 4096 {
			return Value{}, r.syntaxf(sheet.ErrTooLarge, "a number over 4,096 digits")
		}
		r.scratch = append(r.scratch, c)
		state = next
		r.pos++
	}
	if state != 2 && state != 3 && state != 5 && state != 8 {
		if r.pos >= r.end && r.eof {
			return Value{}, r.truncated()
		}
		return Value{}, r.syntaxf(sheet.ErrMalformed, "a malformed number %q", r.scratch)
	}
	return Value{Kind: Number, Text: string(r.scratch)}, r.delimited()
}

// str reads a string at its opening quote into r.scratch, unescaped.
func (r *Reader) str() error {
	r.pos++
	r.scratch = r.scratch[:0]
	for {
		// A run of plain ASCII.
		i := r.pos
		for i < r.end {
			c := r.buf[i]
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
				break
			}
			i++
		}
		r.scratch = append(r.scratch, r.buf[r.pos:i]...)
		r.pos = i
		if len(r.scratch) > r.limits.MaxCellBytes {
			return r.syntaxf(sheet.ErrTooLarge, "a JSON string over %s bytes (limit MaxCellBytes)", sheet.Count(int64(r.limits.MaxCellBytes)))
		}
		if r.pos >= r.end {
			if !r.fill() {
				return r.truncated()
			}
			continue
		}
		c := r.buf[r.pos]
		switch {
		case c == '"':
			r.pos++
			return nil
		case c < 0x20:
			return r.syntaxf(sheet.ErrMalformed, "a control character (byte 0x%02x) in a string; write it as \\u%04x", c, c)
		case c == '\\':
			if err := r.escape(); err != nil {
				return err
			}
		default: // UTF-8
			// A character split between reads: read until it is whole (a
			// read may give a single byte).
			for !utf8.FullRune(r.buf[r.pos:r.end]) {
				if !r.fill() {
					return r.truncated()
				}
			}
			ru, size := utf8.DecodeRune(r.buf[r.pos:r.end])
			if ru == utf8.RuneError && size <= 1 {
				return r.syntaxf(sheet.ErrMalformed, "invalid UTF-8 (byte 0x%02x; JSON must be UTF-8)", c)
			}
			r.scratch = append(r.scratch, r.buf[r.pos:r.pos+size]...)
			r.pos += size
		}
	}
}

// need makes n bytes available at pos; false at the end of input.
func (r *Reader) need(n int) bool {
	for r.end-r.pos < n {
		if !r.fill() {
			return false
		}
	}
	return true
}

var simpleEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape reads an escape sequence at its backslash.
func (r *Reader) escape() error {
	if !r.need(2) {
		return r.truncated()
	}
	c := r.buf[r.pos+1]
	if v := simpleEscapes[c]; v != 0 {
		r.scratch = append(r.scratch, v)
		r.pos += 2
		return nil
	}
	if c != 'u' {
		return r.syntaxf(sheet.ErrMalformed, "an unknown escape \\%c", c)
	}
	hex := func() (rune, bool) {
		if !r.need(6) {
			return 0, false
		}
		v, err := strconv.ParseUint(string(r.buf[r.pos+2:r.pos+6]), 16, 32)
		if err != nil {
			return -1, true
		}
		r.pos += 6
		return rune(v), true
	}
	ru, ok := hex()
	switch {
	case !ok:
		return r.truncated()
	case ru < 0:
		return r.syntaxf(sheet.ErrMalformed, "a malformed \\u escape")
	case utf16.IsSurrogate(ru):
		if ru < 0xdc00 && r.need(2) && r.buf[r.pos] == '\\' && r.buf[r.pos+1] == 'u' {
			lo, ok := hex()
			if ok && lo >= 0xdc00 && lo <= 0xdfff {
				r.scratch = utf8.AppendRune(r.scratch, utf16.DecodeRune(ru, lo))
				return nil
			}
		}
		return r.syntaxf(sheet.ErrMalformed, "a lone UTF-16 surrogate \\u%04x", ru)
	}
	r.scratch = utf8.AppendRune(r.scratch, ru)
	return nil
}

// nested reads an object or array inside a record, checking its syntax
// and keeping nothing of it but its kind.
func (r *Reader) nested(depth int) (Value, error) {
	if depth >= maxDepth {
		return Value{}, r.syntaxf(sheet.ErrTooLarge, "nesting deeper than %d", maxDepth)
	}
	open := r.buf[r.pos]
	v := Value{Kind: Object, Text: "{…}"}
	closing := byte('}')
	if open == '[' {
		v, closing = Value{Kind: Array, Text: "[…]"}, ']'
	}
	r.pos++
	c, ok := r.skipSpace()
	if !ok {
		return Value{}, r.truncated()
	}
	if c == closing {
		r.pos++
		return v, nil
	}
	for {
		if open == '{' {
			if c != '"' {
				return Value{}, r.syntaxf(sheet.ErrMalformed, "expected a key in quotes, found %s", describe(c))
			}
			if err := r.str(); err != nil {
				return Value{}, err
			}
			if c, ok = r.skipSpace(); !ok {
				return Value{}, r.truncated()
			}
			if c != ':' {
				return Value{}, r.syntaxf(sheet.ErrMalformed, "expected a colon, found %s", describe(c))
			}
			r.pos++
			if _, ok = r.skipSpace(); !ok {
				return Value{}, r.truncated()
			}
		}
		if _, err := r.value(depth + 1); err != nil {
			return Value{}, err
		}
		if c, ok = r.skipSpace(); !ok {
			return Value{}, r.truncated()
		}
		switch c {
		case ',':
			r.pos++
			if c, ok = r.skipSpace(); !ok {
				return Value{}, r.truncated()
			}
		case closing:
			r.pos++
			return v, nil
		default:
			return Value{}, r.syntaxf(sheet.ErrMalformed, "expected a comma or %q, found %s", closing, describe(c))
		}
	}
}
