// Package xmlscan is a minimal pull scanner for the XML of spreadsheet
// parts (Office Open XML sheets and shared strings, OpenDocument content):
// start and end tags with their attributes, and text, handed out as
// slices of its buffer so that a cell costs no allocation to find.
package xmlscan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
)

// Scanner is a minimal pull scanner for the XML of worksheets and shared
// strings: start and end tags with their attributes, and text. It reads the
// inflated part in large chunks and hands out slices of its buffer (valid
// until the next call), so a cell costs no allocation to find. Comments,
// processing instructions and CDATA are handled; DOCTYPE is refused (no
// entity expansion beyond XML's five and character references).
type Scanner struct {
	r        io.Reader
	buf      []byte
	maxToken int // the longest token it holds; past it, an error
	pos      int // next byte to read
	end      int // end of valid data
	eof      bool
	Err      error // what ended the scanning, if not the end of input

	Kind   Kind   // of the current token
	name   []byte // local name, without a namespace prefix
	prefix []byte // the namespace prefix of the tag, "" for none
	attrs  []byte // the raw attributes of a start tag
	text   []byte // raw text (entities not decoded), or CDATA content
	cdata  bool

	// The namespaces in force: the bindings of the open elements, the
	// depth of the current one, and whether the last tag was
	// self-closing (its bindings end at the next token).
	bindings              []binding
	depth                 int
	popSelf               bool
	gen                   int // changes when the bindings do
	cacheGen              int
	cachePrefix, cacheURI string
	cacheSpace            Space
	space                 Space // the current tag's, once worked out
	spaceKnown            bool
	defSpace              Space // the default namespace, found at defGen
	defGen                int
}

// Kind is a token's kind.
type Kind uint8

const (
	None Kind = iota
	Start
	End
	SelfClose // <c .../>: a start and its end
	Text
)

// Chunk is the size of the buffer a Scanner reads into.
const Chunk = 256 << 10

// New returns a scanner of r that reads into buf, or into a
// buffer of its own when buf is smaller than Chunk. A token (a tag, a
// run of text) longer than maxToken bytes is an error.
func New(r io.Reader, buf []byte, maxToken int) *Scanner {
	if cap(buf) < Chunk {
		buf = make([]byte, Chunk)
	}
	return &Scanner{r: r, buf: buf[:cap(buf)], maxToken: maxToken}
}

// fill reads more input, keeping buf[keep:end] (moved to the front). It
// grows the buffer when a single token does not fit.
func (s *Scanner) fill(keep int) bool {
	if s.eof {
		return false
	}
	n := copy(s.buf, s.buf[keep:s.end])
	s.pos -= keep
	s.end = n
	if s.end == len(s.buf) {
		if s.end >= s.maxToken {
			s.Err = sheet.TooLarge(fmt.Sprintf("one XML token (a tag or a cell's text) is over %s bytes", sheet.Count(int64(s.maxToken))), "MaxCellBytes", int64(s.maxToken))
			s.eof = true
			return false
		}
		nb := make([]byte, min(2*len(s.buf), s.maxToken+Chunk))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		m, err := s.r.Read(s.buf[s.end:])
		s.end += m
		if err == io.EOF {
			s.eof = true
			return m > 0
		}
		if err != nil {
			s.Err = err
			s.eof = true
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
}

// ErrSyntax is malformed XML.
var ErrSyntax = errors.New("malformed XML")

func (s *Scanner) fail(format string, a ...any) bool {
	if s.Err == nil {
		s.Err = fmt.Errorf("%w: %s", ErrSyntax, fmt.Sprintf(format, a...))
	}
	return false
}

// Next reads the next token; false at the end of input or on an error
// (s.Err).
func (s *Scanner) Next() bool {
	if s.popSelf {
		s.popSelf = false
		s.undeclare(s.depth)
	}
	for {
		if s.Err != nil {
			return false
		}
		if s.pos >= s.end && !s.fill(s.pos) {
			return false
		}
		if s.buf[s.pos] != '<' {
			// Text up to the next '<'.
			i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
			if i < 0 {
				if s.fill(s.pos) {
					continue
				}
				if s.Err != nil {
					return false
				}
				s.Kind, s.text, s.cdata = Text, s.buf[s.pos:s.end], false
				s.pos = s.end
				return true
			}
			s.Kind, s.text, s.cdata = Text, s.buf[s.pos:s.pos+i], false
			s.pos += i
			return true
		}
		ok, again := s.tag()
		if again {
			continue
		}
		return ok
	}
}

// tag reads a tag at s.pos. again says it read something to pass over
// (a comment, a processing instruction).
func (s *Scanner) tag() (ok, again bool) {
	rest := s.buf[s.pos:s.end]
	if len(rest) < 9 && !s.eof {
		s.fill(s.pos) // enough to tell a comment or CDATA from a tag
		return false, true
	}
	switch {
	case len(rest) < 2:
		return s.fail("unexpected end in a tag"), false
	case rest[1] == '?':
		return s.skipTo("?>")
	case rest[1] == '!':
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			return s.skipTo("-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i := bytes.Index(rest[9:], []byte("]]>"))
			if i < 0 {
				if s.fill(s.pos) {
					return false, true
				}
				return s.fail("unterminated CDATA"), false
			}
			s.Kind, s.text, s.cdata = Text, rest[9:9+i], true
			s.pos += 9 + i + 3
			return true, false
		}
		return s.fail("DOCTYPE and declarations are not read"), false
	}
	end, _ := tagEnd(rest)
	if end < 0 {
		if s.fill(s.pos) {
			return false, true
		}
		return s.fail("unterminated tag"), false
	}
	t := rest[1:end]
	s.pos += end + 1
	s.Kind = Start
	if len(t) > 0 && t[0] == '/' {
		s.Kind = End
		t = trimSpaceRight(t[1:])
	} else if len(t) > 0 && t[len(t)-1] == '/' {
		s.Kind = SelfClose
		t = t[:len(t)-1]
	}
	n := 0
	for n < len(t) && !isXMLSpace(t[n]) {
		n++
	}
	name, prefix := t[:n], t[:0]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name, prefix = name[i+1:], name[:i]
	}
	if len(name) == 0 {
		return s.fail("a tag without a name"), false
	}
	s.name, s.prefix, s.attrs = name, prefix, t[n:]
	s.spaceKnown = false
	switch s.Kind {
	case Start:
		s.depth++
		s.declare(s.depth)
	case SelfClose:
		s.declare(s.depth + 1)
		s.popSelf = len(s.bindings) > 0 && s.bindings[len(s.bindings)-1].depth > s.depth
	case End:
		// The tag's own bindings still name its namespace: they end at
		// the next token.
		s.depth--
		s.popSelf = len(s.bindings) > 0 && s.bindings[len(s.bindings)-1].depth > s.depth
	}
	return true, false
}

// tagEnd finds the '>' that closes the tag at the start of rest, outside
// quoted attribute values; -1 when rest does not hold it. fast says it was
// found the quick way: the first '>' when no quote before it is a single
// quote and the double quotes pair up (nearly every tag), else byte by
// byte.
func tagEnd(rest []byte) (end int, fast bool) {
	if i := bytes.IndexByte(rest, '>'); i > 0 && bytes.IndexByte(rest[:i], '\'') < 0 && bytes.Count(rest[:i], []byte{'"'})%2 == 0 {
		return i, true
	}
	var quote byte
	for i := 1; i < len(rest); i++ {
		c := rest[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i, false
		}
	}
	return -1, false
}

// skipTo passes over everything up to and including end, keeping no more
// than the last few bytes of what it passes: a comment may be as long as
// the part.
func (s *Scanner) skipTo(end string) (ok, again bool) {
	from := s.pos + 2 // after "<!" or "<?"
	for {
		if i := bytes.Index(s.buf[from:s.end], []byte(end)); i >= 0 {
			s.pos = from + i + len(end)
			return false, true
		}
		// Keep only what could be the start of end.
		keep := max(from, s.end-len(end)+1)
		s.pos = keep
		if !s.fill(keep) {
			return s.fail("unterminated %q", end), false
		}
		from = s.pos
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// trimSpaceLeft and trimSpaceRight drop XML white space; bytes.Trim with a
// cutset would build a set on every call, on the hottest path there is.
func trimSpaceLeft(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && isXMLSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// EachAttr calls fn with every attribute of the current start tag, raw,
// in one pass.
func (s *Scanner) EachAttr(fn func(key, val []byte)) {
	a := s.attrs
	for len(a) > 0 {
		a = trimSpaceLeft(a)
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return
		}
		key := trimSpaceRight(a[:eq])
		a = trimSpaceLeft(a[eq+1:])
		if len(a) == 0 || a[0] != '"' && a[0] != '\'' {
			return
		}
		e := bytes.IndexByte(a[1:], a[0])
		if e < 0 {
			return
		}
		fn(key, a[1:1+e])
		a = a[2+e:]
	}
}

// Attr returns the raw value of the current start tag's attribute named
// name (as written, prefix and all), and whether it was there.
func (s *Scanner) Attr(name string) (val []byte, found bool) {
	s.EachAttr(func(k, v []byte) {
		if !found && string(k) == name {
			val, found = v, true
		}
	})
	return val, found
}

// Is tells whether the current tag's local name is name.
func (s *Scanner) Is(name string) bool { return string(s.name) == name }

// AppendText appends the current text token to b with entities decoded.
func (s *Scanner) AppendText(b []byte) ([]byte, error) {
	if s.cdata {
		n := len(b)
		b = append(b, s.text...)
		if bytes.IndexByte(b[n:], '\r') >= 0 {
			fixed := bytes.ReplaceAll(bytes.ReplaceAll(b[n:], []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
			b = append(b[:n], fixed...)
		}
		return b, nil
	}
	return AppendUnescaped(b, s.text)
}

// AppendUnescaped decodes XML's five entities and character references,
// and reads a literal line end (\r\n or \r) as \n, as XML says (a
// character reference &#13; stays a carriage return).
func AppendUnescaped(b, t []byte) ([]byte, error) {
	for {
		i := bytes.IndexAny(t, "&\r")
		if i < 0 {
			return append(b, t...), nil
		}
		b = append(b, t[:i]...)
		if t[i] == '\r' {
			b = append(b, '\n')
			t = t[i+1:]
			if len(t) > 0 && t[0] == '\n' {
				t = t[1:]
			}
			continue
		}
		t = t[i:]
		semi := bytes.IndexByte(t, ';')
		if semi < 0 || semi > 12 {
			return b, fmt.Errorf("%w: an & that starts no entity", ErrSyntax)
		}
		ent := t[1:semi]
		t = t[semi+1:]
		switch string(ent) {
		case "lt":
			b = append(b, '<')
		case "gt":
			b = append(b, '>')
		case "amp":
			b = append(b, '&')
		case "quot":
			b = append(b, '"')
		case "apos":
			b = append(b, '\'')
		default:
			if len(ent) < 2 || ent[0] != '#' {
				return b, fmt.Errorf("%w: unknown entity &%s;", ErrSyntax, ent)
			}
			var n uint64
			var err error
			if ent[1] == 'x' || ent[1] == 'X' {
				n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			if err != nil || !utf8.ValidRune(rune(n)) || n == 0 {
				return b, fmt.Errorf("%w: bad character reference &%s;", ErrSyntax, ent)
			}
			b = utf8.AppendRune(b, rune(n))
		}
	}
}

// Buffer returns the scanner's buffer, to be reused by another scanner
// once this one is done (see GetBuffer).
func (s *Scanner) Buffer() []byte { return s.buf }

// Name is the current tag's local name (valid until the next call).
func (s *Scanner) Name() []byte { return s.name }

// Scanning buffers are kept for the next part scanned: they never hold
// what a cell gives out (values are copied out of them).
var buffers sync.Pool

// GetBuffer returns a buffer for New, from those put back, or nil.
func GetBuffer() []byte {
	if b, ok := buffers.Get().(*[]byte); ok {
		return *b
	}
	return nil
}

// PutBuffer keeps a scanner's buffer for another.
func PutBuffer(b []byte) {
	if cap(b) >= Chunk && cap(b) <= 4*Chunk {
		buffers.Put(&b)
	}
}

// AttrText is an attribute's value with its entities decoded (as written
// when it holds a malformed one).
func AttrText(v []byte) string {
	b, err := AppendUnescaped(nil, v)
	if err != nil {
		return string(v)
	}
	return string(b)
}
