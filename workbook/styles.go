package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The styles part, edited in place: Annotate appends fonts, a fill and
// cell formats (xf) to the lists a workbook has, and leaves every existing
// one where it is, so that every cell keeps its look unless it is marked.

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

// scanOffsets scans a part in memory and calls fn with each tag and where
// it starts and ends in b.
func scanOffsets(b []byte, fn func(t *xmlTag, start, end int) error) error {
	cw := &countingWriter{w: io.Discard}
	sc := newXMLScanner(bytes.NewReader(b), cw)
	tags := 0
	for {
		t, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		start := cw.n + tags
		tags += len(t.raw)
		if err := fn(t, start, start+len(t.raw)); err != nil {
			return err
		}
	}
}

// styleList is one list of the styles part (fonts, fills, cellXfs): where
// its start tag is, where its items are, where its end is.
type styleList struct {
	found      bool
	start, end int      // the list's start tag
	close      int      // where its end tag starts (or the start tag's end when it is empty)
	empty      bool     // written <fonts/>
	prefix     string   // its elements' prefix
	items      [][2]int // each item's bytes
	added      [][]byte
	depth      int // nesting inside an item
	itemOpen   int // start of the open item
	itemLocal  string
	listLocal  string
	listClosed bool
}

// stylesEditor appends to a styles part.
type stylesEditor struct {
	raw               []byte
	fonts, fills, xfs styleList
	redFill           int // -1 until added
	redXf, redFont    map[int]int
	bold, link, wrap  int // the Validation sheet's formats
}

// newStylesEditor reads a styles part (nil: a workbook without one gets a
// plain one).
func newStylesEditor(raw []byte, ns namespaces) (*stylesEditor, error) {
	if raw == nil {
		raw = []byte(xmlDeclaration + `<styleSheet xmlns="` + ns.main + `"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
			`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	}
	s := &stylesEditor{raw: raw, redFill: -1, redXf: map[int]int{}, redFont: map[int]int{}}
	s.fonts.listLocal, s.fonts.itemLocal = "fonts", "font"
	s.fills.listLocal, s.fills.itemLocal = "fills", "fill"
	s.xfs.listLocal, s.xfs.itemLocal = "cellXfs", "xf"
	lists := []*styleList{&s.fonts, &s.fills, &s.xfs}
	err := scanOffsets(raw, func(t *xmlTag, start, end int) error {
		for _, l := range lists {
			l.see(t, start, end)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, l := range lists {
		if !l.found {
			return nil, fmt.Errorf("the styles part has no %s list", l.listLocal)
		}
		if !l.listClosed {
			return nil, fmt.Errorf("the styles part's %s list is not closed", l.listLocal)
		}
	}
	if len(s.fonts.items) == 0 || len(s.xfs.items) == 0 {
		return nil, errors.New("the styles part has no font or no cell format")
	}
	return s, nil
}

// see follows the list through the part's tags.
func (l *styleList) see(t *xmlTag, start, end int) {
	if l.listClosed {
		return
	}
	local := string(t.local())
	if !l.found {
		if local == l.listLocal && !t.end {
			l.found, l.start, l.end, l.prefix = true, start, end, t.prefix()
			if t.empty {
				l.empty, l.close, l.listClosed = true, end, true
			}
		}
		return
	}
	switch {
	case l.depth == 0 && t.end && local == l.listLocal:
		l.close, l.listClosed = start, true
	case l.depth == 0 && local == l.itemLocal && !t.end:
		if t.empty {
			l.items = append(l.items, [2]int{start, end})
		} else {
			l.itemOpen, l.depth = start, 1
		}
	case l.depth > 0 && !t.end && !t.empty:
		l.depth++
	case l.depth > 0 && t.end:
		l.depth--
		if l.depth == 0 {
			l.items = append(l.items, [2]int{l.itemOpen, end})
		}
	}
}

// itemBytes is item i of the list (item 0 when i is out of range).
func (s *stylesEditor) itemBytes(l *styleList, i int) []byte {
	if i < 0 || i >= len(l.items) {
		i = 0
	}
	return s.raw[l.items[i][0]:l.items[i][1]]
}

// add appends an item to a list and gives its index.
func (l *styleList) add(b []byte) int {
	l.added = append(l.added, b)
	return len(l.items) + len(l.added) - 1
}

// fontWith is a copy of font i whose children are edited: those named in
// drop are left out, and add(prefix) is appended.
func (s *stylesEditor) fontWith(i int, drop []string, add func(p string) string) ([]byte, error) {
	src := s.itemBytes(&s.fonts, i)
	var out bytes.Buffer
	p := s.fonts.prefix
	skip := 0
	err := scanAll(src, &out, func(t *xmlTag, w io.Writer) error {
		local := string(t.local())
		switch {
		case skip > 0:
			if t.end {
				skip--
			} else if !t.empty {
				skip++
			}
		case local == "font" && t.empty:
			w.Write(t.raw[:len(t.raw)-2])
			io.WriteString(w, ">"+add(p))
			fmt.Fprintf(w, "</%s>", t.name)
		case local == "font" && t.end:
			io.WriteString(w, add(p))
			w.Write(t.raw)
		case !t.end && contains(drop, local):
			if !t.empty {
				skip = 1
			}
		default:
			w.Write(t.raw)
		}
		return nil
	})
	return out.Bytes(), err
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// xfWith is a copy of cell format i with attributes set.
func (s *stylesEditor) xfWith(i int, set ...xmlAttr) ([]byte, error) {
	src := s.itemBytes(&s.xfs, i)
	var out bytes.Buffer
	first := true
	err := scanAll(src, &out, func(t *xmlTag, w io.Writer) error {
		if first {
			first = false
			return rewriteTag(w, t, set)
		}
		_, err := w.Write(t.raw)
		return err
	})
	return out.Bytes(), err
}

func attrInt(name string, v int) xmlAttr {
	return xmlAttr{name: []byte(name), value: []byte(strconv.Itoa(v))}
}

// red is the cell format of xf with the error look (a light red fill and
// a dark red font), added the first time it is asked for.
func (s *stylesEditor) red(xf int) (int, error) {
	if xf < 0 || xf >= len(s.xfs.items) {
		xf = 0
	}
	if id, ok := s.redXf[xf]; ok {
		return id, nil
	}
	p := s.fills.prefix
	if s.redFill < 0 {
		s.redFill = s.fills.add(fmt.Appendf(nil, `<%sfill><%spatternFill patternType="solid"><%sfgColor rgb="FFFFC7CE"/><%sbgColor indexed="64"/></%spatternFill></%sfill>`, p, p, p, p, p, p))
	}
	font := 0
	if v, ok := findAttrOf(s.itemBytes(&s.xfs, xf), "fontId"); ok {
		font, _ = strconv.Atoi(v)
	}
	redFont, ok := s.redFont[font]
	if !ok {
		b, err := s.fontWith(font, []string{"color"}, func(p string) string { return `<` + p + `color rgb="FF9C0006"/>` })
		if err != nil {
			return 0, err
		}
		redFont = s.fonts.add(b)
		s.redFont[font] = redFont
	}
	b, err := s.xfWith(xf, attrInt("fontId", redFont), attrInt("fillId", s.redFill), attrInt("applyFont", 1), attrInt("applyFill", 1))
	if err != nil {
		return 0, err
	}
	id := s.xfs.add(b)
	s.redXf[xf] = id
	return id, nil
}

// findAttrOf is an attribute of the first tag of b.
func findAttrOf(b []byte, local string) (string, bool) {
	var v string
	var ok bool
	first := true
	scanAll(b, io.Discard, func(t *xmlTag, _ io.Writer) error {
		if first {
			first = false
			var raw []byte
			raw, ok = t.attr(local)
			v = unescape(raw)
		}
		return nil
	})
	return v, ok
}

// validationStyles adds the formats of the Validation sheet: bold, a
// link's look, wrapped text.
func (s *stylesEditor) validationStyles() error {
	p := s.xfs.prefix
	b, err := s.fontWith(0, []string{"b"}, func(p string) string { return `<` + p + `b/>` })
	if err != nil {
		return err
	}
	boldFont := s.fonts.add(b)
	if b, err = s.fontWith(0, []string{"color", "u"}, func(p string) string { return `<` + p + `u/><` + p + `color rgb="FF0563C1"/>` }); err != nil {
		return err
	}
	linkFont := s.fonts.add(b)
	plain := `<%sxf numFmtId="0" fontId="%d" fillId="0" borderId="0" xfId="0" applyFont="1"/>`
	s.bold = s.xfs.add(fmt.Appendf(nil, plain, p, boldFont))
	s.link = s.xfs.add(fmt.Appendf(nil, plain, p, linkFont))
	s.wrap = s.xfs.add(fmt.Appendf(nil, `<%sxf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><%salignment wrapText="1" vertical="top"/></%sxf>`, p, p, p))
	return nil
}

// write writes the edited part.
func (s *stylesEditor) write(w io.Writer) error {
	type edit struct {
		at, end int
		text    []byte
	}
	var edits []edit
	for _, l := range []*styleList{&s.fonts, &s.fills, &s.xfs} {
		if len(l.added) == 0 {
			continue
		}
		// The list's start tag, with its count; the items added at its end.
		var tag bytes.Buffer
		err := scanAll(s.raw[l.start:l.end], &tag, func(t *xmlTag, w io.Writer) error {
			openTag(t)
			return rewriteTag(w, t, []xmlAttr{attrInt("count", len(l.items)+len(l.added))})
		})
		if err != nil {
			return err
		}
		added := bytes.Join(l.added, nil)
		if l.empty {
			added = append(added, fmt.Sprintf("</%s%s>", l.prefix, l.listLocal)...)
		}
		edits = append(edits, edit{l.start, l.end, tag.Bytes()}, edit{l.close, l.close, added})
	}
	// In order of place; the lists never overlap.
	for i := 1; i < len(edits); i++ {
		for j := i; j > 0 && edits[j].at < edits[j-1].at; j-- {
			edits[j], edits[j-1] = edits[j-1], edits[j]
		}
	}
	pos := 0
	for _, e := range edits {
		if _, err := w.Write(s.raw[pos:e.at]); err != nil {
			return err
		}
		if _, err := w.Write(e.text); err != nil {
			return err
		}
		pos = e.end
	}
	_, err := w.Write(s.raw[pos:])
	return err
}
