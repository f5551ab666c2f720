package workbook

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// This file reads XML as a stream of tags for the parts Annotate rewrites:
// the text between tags, comments, processing instructions and CDATA are
// copied through as they are, byte for byte; only the tags that change are
// written anew. Names are matched by their local name, whatever prefix a
// writer gave them (Strict Open XML, x: prefixes).

// maxTagBytes is the longest tag the scanner takes (a start tag with its
// attributes); past it the part is refused.
const maxTagBytes = 1 << 20

// xmlTag is one start or end tag as written, from '<' to '>'.
type xmlTag struct {
	raw   []byte // the whole tag; valid until the scanner's next call
	end   bool   // </name>
	empty bool   // <name .../>
	name  []byte // the qualified name, as written
}

// local is the tag's name without its prefix.
func (t *xmlTag) local() []byte {
	if i := bytes.IndexByte(t.name, ':'); i >= 0 {
		return t.name[i+1:]
	}
	return t.name
}

// prefix is the tag's prefix with its colon ("x:"), or "".
func (t *xmlTag) prefix() string {
	if i := bytes.IndexByte(t.name, ':'); i >= 0 {
		return string(t.name[:i+1])
	}
	return ""
}

func (t *xmlTag) is(local string) bool { return string(t.local()) == local }

// xmlAttr is an attribute as written: its qualified name and its value,
// still escaped.
type xmlAttr struct {
	name, value []byte
}

// attrs parses the tag's attributes.
func (t *xmlTag) attrs() ([]xmlAttr, error) {
	b := t.raw[1+len(t.name) : len(t.raw)-1]
	if t.empty {
		b = b[:len(b)-1]
	}
	var out []xmlAttr
	for {
		b = bytes.TrimLeft(b, " \t\r\n")
		if len(b) == 0 {
			return out, nil
		}
		eq := bytes.IndexByte(b, '=')
		if eq <= 0 {
			return nil, fmt.Errorf("a malformed attribute in %.60q", t.raw)
		}
		name := bytes.TrimRight(b[:eq], " \t\r\n")
		b = bytes.TrimLeft(b[eq+1:], " \t\r\n")
		if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
			return nil, fmt.Errorf("a malformed attribute in %.60q", t.raw)
		}
		q := b[0]
		endq := bytes.IndexByte(b[1:], q)
		if endq < 0 {
			return nil, fmt.Errorf("a malformed attribute in %.60q", t.raw)
		}
		out = append(out, xmlAttr{name: name, value: b[1 : 1+endq]})
		b = b[endq+2:]
	}
}

// attr is the value of the attribute whose local name is local: an
// unprefixed attribute, or a prefixed one other than a namespace
// declaration.
func (t *xmlTag) attr(local string) ([]byte, bool) {
	as, err := t.attrs()
	if err != nil {
		return nil, false
	}
	return findAttr(as, local)
}

func findAttr(as []xmlAttr, local string) ([]byte, bool) {
	for _, a := range as {
		if attrIs(a.name, local) {
			return a.value, true
		}
	}
	return nil, false
}

func attrIs(name []byte, local string) bool {
	if string(name) == local {
		return true
	}
	i := bytes.IndexByte(name, ':')
	return i > 0 && string(name[:i]) != "xmlns" && string(name[i+1:]) == local
}

// rewriteTag writes the tag with attributes set (replaced where the tag
// has them, else added) and others removed, keeping the rest as written.
func rewriteTag(w io.Writer, t *xmlTag, set []xmlAttr, remove ...string) error {
	as, err := t.attrs()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	b.WriteByte('<')
	b.Write(t.name)
	done := make([]bool, len(set))
next:
	for _, a := range as {
		for _, r := range remove {
			if attrIs(a.name, r) {
				continue next
			}
		}
		for i, s := range set {
			if attrIs(a.name, string(s.name)) {
				if !done[i] {
					writeAttr(&b, a.name, s.value)
					done[i] = true
				}
				continue next
			}
		}
		writeAttr(&b, a.name, a.value)
	}
	for i, s := range set {
		if !done[i] {
			writeAttr(&b, s.name, s.value)
		}
	}
	if t.empty {
		b.WriteByte('/')
	}
	b.WriteByte('>')
	_, err = w.Write(b.Bytes())
	return err
}

// openTag makes an empty-element tag (<a/>) a start tag (<a>).
func openTag(t *xmlTag) {
	if t.empty {
		t.raw = append(t.raw[:len(t.raw)-2:len(t.raw)-2], '>')
		t.empty = false
	}
}

func writeAttr(b *bytes.Buffer, name, value []byte) {
	b.WriteByte(' ')
	b.Write(name)
	b.WriteString(`="`)
	b.Write(value)
	b.WriteByte('"')
}

// xmlScanner reads tags from r and copies everything between them to w
// (which may be changed between calls).
type xmlScanner struct {
	r   *bufio.Reader
	w   io.Writer
	buf []byte
	tag xmlTag
}

func newXMLScanner(r io.Reader, w io.Writer) *xmlScanner {
	return &xmlScanner{r: bufio.NewReaderSize(r, 64<<10), w: w}
}

// errNotXML is a part that does not read as XML.
var errNotXML = errors.New("not well-formed XML")

// next copies text up to the next tag to w and returns the tag, not yet
// written; io.EOF after the last. Comments, processing instructions,
// CDATA sections and a document type are copied to w, never returned.
func (s *xmlScanner) next() (*xmlTag, error) {
	for {
		chunk, err := s.r.ReadSlice('<')
		switch {
		case err == bufio.ErrBufferFull:
			if _, err := s.w.Write(chunk); err != nil {
				return nil, err
			}
			continue
		case err == io.EOF:
			if _, err := s.w.Write(chunk); err != nil {
				return nil, err
			}
			return nil, io.EOF
		case err != nil:
			return nil, err
		}
		if _, err := s.w.Write(chunk[:len(chunk)-1]); err != nil {
			return nil, err
		}
		head, _ := s.r.Peek(1)
		if len(head) == 1 && (head[0] == '!' || head[0] == '?') {
			if err := s.copySpecial(); err != nil {
				return nil, err
			}
			continue
		}
		return s.readTag()
	}
}

// readTag reads a tag after its '<', up to the '>' outside quotes.
func (s *xmlScanner) readTag() (*xmlTag, error) {
	s.buf = append(s.buf[:0], '<')
	var quote byte
	for {
		chunk, err := s.r.ReadSlice('>')
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				err = fmt.Errorf("%w: a tag is not closed", errNotXML)
			}
			return nil, err
		}
		for _, c := range chunk {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			}
		}
		s.buf = append(s.buf, chunk...)
		if len(s.buf) > maxTagBytes {
			return nil, fmt.Errorf("a tag of more than %d bytes", maxTagBytes)
		}
		if err == nil && quote == 0 {
			break
		}
	}
	t := &s.tag
	*t = xmlTag{raw: s.buf}
	b := s.buf[1 : len(s.buf)-1]
	if len(b) > 0 && b[0] == '/' {
		t.end = true
		b = b[1:]
	}
	if len(b) > 0 && b[len(b)-1] == '/' {
		t.empty = true
	}
	n := 0
	for n < len(b) && !isSpace(b[n]) && b[n] != '/' {
		n++
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: a tag without a name", errNotXML)
	}
	start := 1
	if t.end {
		start = 2
	}
	t.name = s.buf[start : start+n]
	return t, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// copySpecial copies a comment, processing instruction, CDATA section or
// document type (after its '<') to w.
func (s *xmlScanner) copySpecial() error {
	head, _ := s.r.Peek(9)
	var end string
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		end = "-->"
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		end = "]]>"
	case bytes.HasPrefix(head, []byte("?")):
		end = "?>"
	case bytes.HasPrefix(head, []byte("!DOCTYPE")):
		end = ">"
	default:
		return fmt.Errorf("%w: %q", errNotXML, head)
	}
	if _, err := s.w.Write([]byte{'<'}); err != nil {
		return err
	}
	var tail []byte
	for {
		chunk, err := s.r.ReadSlice('>')
		if err != nil && err != bufio.ErrBufferFull {
			if err == io.EOF {
				err = fmt.Errorf("%w: %q is not closed", errNotXML, head)
			}
			return err
		}
		if _, err := s.w.Write(chunk); err != nil {
			return err
		}
		if end == ">" && bytes.ContainsRune(chunk, '[') {
			return errors.New("a document type with an internal subset")
		}
		tail = append(tail, chunk[max(0, len(chunk)-len(end)):]...)
		tail = tail[max(0, len(tail)-len(end)):]
		if err == nil && string(tail) == end {
			return nil
		}
	}
}
