package workbook

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/internal/extsort"
)

// A sheet's comments: the user's own, kept, and ours, added to the cells
// with errors, in the cells' order, in a comments part and in the VML
// drawing that shows them. A cell that had a comment keeps it, with our
// text after it.

// author is the author of the comments Annotate adds.
const author = "ait-validate"

// commentsWriter merges a sheet's existing comments (sorted by cell) with
// the cells marked, in order.
type commentsWriter struct {
	head     []byte // the existing part's root start tag; nil for a new part
	authors  []byte // the existing author elements, as written
	nAuthors int
	prefix   string // the comment elements' prefix
	existing *extsort.Sorter
	it       *extsort.Iter
	cur      []byte // the existing comment looked at, key first; nil when none
	list     *spool // the merged comment elements
	shapes   *spool // the cells that need a new shape, 8 bytes each
	nShapes  int
	n        int // comments written
}

func newCommentsWriter(budget int) (*commentsWriter, error) {
	c := &commentsWriter{existing: extsort.New(budget)}
	var err error
	if c.list, err = newSpool(); err != nil {
		return nil, err
	}
	if c.shapes, err = newSpool(); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *commentsWriter) close() {
	c.list.close()
	c.shapes.close()
	c.existing.Close()
}

func cellKey(row, col int) []byte {
	var k [8]byte
	binary.BigEndian.PutUint32(k[:], uint32(row))
	binary.BigEndian.PutUint32(k[4:], uint32(col))
	return k[:]
}

// load reads an existing comments part: its root, its authors, and each
// comment, sorted by cell.
func (c *commentsWriter) load(r io.Reader) error {
	var capture bytes.Buffer
	sc := newXMLScanner(r, io.Discard)
	inAuthors, inComment, depth := false, false, 0
	var key []byte
	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch {
		case c.head == nil && !t.end:
			c.prefix = t.prefix()
			openTag(t)
			c.head = bytes.Clone(t.raw)
		case inComment:
			capture.Write(t.raw)
			switch {
			case t.end:
				depth--
			case !t.empty:
				depth++
			}
			if depth == 0 {
				inComment = false
				sc.w = io.Discard
				if err := c.existing.Add(append(key, capture.Bytes()...)); err != nil {
					return err
				}
			}
		case t.is("authors") && !t.end && !t.empty:
			inAuthors = true
			sc.w = &capture
			capture.Reset()
		case t.is("authors") && t.end:
			inAuthors = false
			sc.w = io.Discard
			c.authors = bytes.Clone(capture.Bytes())
		case inAuthors:
			if t.is("author") && !t.end {
				c.nAuthors++
			}
			capture.Write(t.raw)
		case t.is("comment") && !t.end:
			ref, _ := t.attr("ref")
			row, col := parseCell(unescape(ref))
			key = cellKey(row, col)
			capture.Reset()
			capture.Write(t.raw)
			if t.empty {
				if err := c.existing.Add(append(key, capture.Bytes()...)); err != nil {
					return err
				}
				continue
			}
			inComment, depth = true, 1
			sc.w = &capture
		}
	}
	if c.head == nil {
		return fmt.Errorf("%w: no root element", errNotXML)
	}
	return nil
}

// start ends the loading: comments are added from here on.
func (c *commentsWriter) start() error {
	it, err := c.existing.Sort()
	if err != nil {
		return err
	}
	c.it = it
	return c.advance()
}

func (c *commentsWriter) advance() error {
	b, err := c.it.Next()
	if err == io.EOF {
		c.cur = nil
		return nil
	}
	c.cur = b
	return err
}

// drain writes the existing comments before the cell key (all when nil).
func (c *commentsWriter) drain(key []byte) error {
	for c.cur != nil && (key == nil || bytes.Compare(c.cur[:8], key) < 0) {
		c.list.Write(c.cur[8:])
		c.n++
		if err := c.advance(); err != nil {
			return err
		}
	}
	return nil
}

// add writes the comment of a marked cell: the user's with ours after it,
// or ours alone.
func (c *commentsWriter) add(row, col int, ms []mark) error {
	key := cellKey(row, col)
	if err := c.drain(key); err != nil {
		return err
	}
	p := c.prefix
	var text strings.Builder
	for _, m := range ms {
		text.WriteString("\n")
		text.WriteString(m.Message)
	}
	if c.cur != nil && bytes.Equal(c.cur[:8], key) {
		run := fmt.Sprintf(`<%sr><%st xml:space="preserve">%s</%st></%sr>`, p, p, escape("\n\n"+author+":"+text.String()), p, p)
		if err := injectIntoText(c.list, c.cur[8:], run); err != nil {
			return err
		}
		c.n++
		return c.advance()
	}
	fmt.Fprintf(c.list, `<%scomment ref="%s" authorId="%d"><%stext><%st xml:space="preserve">%s</%st></%stext></%scomment>`,
		p, cellRef(row, col), c.nAuthors, p, p, escape(author+":"+text.String()), p, p, p)
	c.n++
	c.nShapes++
	_, err := c.shapes.Write(key)
	return err
}

// injectIntoText writes an existing comment with run added at the end of
// its text.
func injectIntoText(w io.Writer, comment []byte, run string) error {
	done := false
	return scanAll(comment, w, func(t *xmlTag, w io.Writer) error {
		switch {
		case !done && t.is("text") && t.end:
			done = true
			io.WriteString(w, run)
			w.Write(t.raw)
		case !done && t.is("text") && t.empty:
			done = true
			w.Write(t.raw[:len(t.raw)-2])
			io.WriteString(w, ">"+run)
			fmt.Fprintf(w, "</%s>", t.name)
		default:
			w.Write(t.raw)
		}
		return nil
	})
}

// writePart writes the comments part.
func (c *commentsWriter) writePart(w io.Writer, ns namespaces) error {
	if err := c.drain(nil); err != nil {
		return err
	}
	p := c.prefix
	if c.head == nil {
		io.WriteString(w, xmlDeclaration+`<comments xmlns="`+ns.main+`">`)
	} else {
		io.WriteString(w, xmlDeclaration)
		w.Write(c.head)
	}
	fmt.Fprintf(w, `<%sauthors>`, p)
	w.Write(c.authors)
	fmt.Fprintf(w, `<%sauthor>%s</%sauthor></%sauthors><%scommentList>`, p, author, p, p, p)
	if err := c.list.copyTo(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, `</%scommentList></%scomments>`, p, p)
	return err
}

// cellRef is the A1 reference of row (1-based) and col (0-based).
func cellRef(row, col int) string {
	var b []byte
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}

// The VML drawing of a sheet's comments: Excel shows a comment through a
// note shape in it; LibreOffice reads the comments part.
const (
	vmlNS       = `xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"`
	vmlNoteType = `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`
)

// vmlInfo is what a drawing holds already.
type vmlInfo struct {
	maxShape int  // the highest _x0000_sN
	noteType bool // the note shape type is defined
	ownNS    bool // v:, o: and x: are the usual namespaces
}

// scanVML reads an existing drawing for its shape ids and namespaces.
func scanVML(r io.Reader) (vmlInfo, error) {
	var info vmlInfo
	sc := newXMLScanner(r, io.Discard)
	root := true
	for {
		t, err := sc.next()
		if err == io.EOF {
			return info, nil
		}
		if err != nil {
			return info, err
		}
		if t.end {
			continue
		}
		if root {
			root = false
			v, _ := t.attr("v")
			o, _ := t.attr("o")
			x, _ := t.attr("x")
			info.ownNS = string(v) == "urn:schemas-microsoft-com:vml" && string(o) == "urn:schemas-microsoft-com:office:office" && string(x) == "urn:schemas-microsoft-com:office:excel"
			continue
		}
		switch string(t.name) {
		case "v:shape":
			id, _ := t.attr("id")
			if n, err := strconv.Atoi(strings.TrimPrefix(string(id), "_x0000_s")); err == nil {
				info.maxShape = max(info.maxShape, n)
			}
		case "v:shapetype":
			if id, _ := t.attr("id"); string(id) == "_x0000_t202" {
				info.noteType = true
			}
		}
	}
}

// writeShapes writes a note shape for each cell the comments writer
// listed, numbered from first.
func (c *commentsWriter) writeShapes(w io.Writer, first int, declare bool) error {
	r, err := c.shapes.reader()
	if err != nil {
		return err
	}
	decl := ""
	if declare {
		decl = " " + vmlNS
	}
	var key [8]byte
	for i := 0; i < c.nShapes; i++ {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return err
		}
		row, col := int(binary.BigEndian.Uint32(key[:])), int(binary.BigEndian.Uint32(key[4:]))
		_, err := fmt.Fprintf(w, `<v:shape%s id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:225pt;height:60pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			decl, first+i, i+1, col+1, max(row-2, 0), col+4, row+2, row-1, col)
		if err != nil {
			return err
		}
	}
	return nil
}

// writeNewVML writes a drawing of the new shapes alone.
func (c *commentsWriter) writeNewVML(w io.Writer, sheetID int) error {
	fmt.Fprintf(w, `<xml %s><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>%s`, vmlNS, sheetID, vmlNoteType)
	if err := c.writeShapes(w, sheetID*1024+1, false); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</xml>")
	return err
}

// writeMergedVML copies an existing drawing with the new shapes added at
// its end.
func (c *commentsWriter) writeMergedVML(w io.Writer, r io.Reader, info vmlInfo, sheetID int) error {
	sc := newXMLScanner(r, w)
	done := false
	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !done && t.end && t.is("xml") {
			done = true
			if !info.noteType {
				if info.ownNS {
					io.WriteString(w, vmlNoteType)
				} else {
					io.WriteString(w, strings.Replace(vmlNoteType, "<v:shapetype", "<v:shapetype "+vmlNS, 1))
				}
			}
			if err := c.writeShapes(w, max(info.maxShape, sheetID*1024)+1, !info.ownNS); err != nil {
				return err
			}
		}
		if _, err := w.Write(t.raw); err != nil {
			return err
		}
	}
	if !done {
		return fmt.Errorf("%w: the drawing has no end", errNotXML)
	}
	return nil
}
