package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"path"
	"strconv"
	"strings"
)

// The parts of an .xlsx package that Annotate reads and rewrites, found
// through their relationships (never by a fixed name), Strict Open XML
// included.

// maxSmallPart is the largest structural part (workbook, relationships,
// content types, styles, an existing comments or VML part) read whole.
const maxSmallPart = 64 << 20

// namespaces of a package: transitional, or Strict Open XML.
type namespaces struct {
	main, rels, relType string
}

var (
	transitional = namespaces{
		main:    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
		rels:    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		relType: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
	}
	strict = namespaces{
		main:    "http://purl.oclc.org/ooxml/spreadsheetml/main",
		rels:    "http://purl.oclc.org/ooxml/officeDocument/relationships",
		relType: "http://purl.oclc.org/ooxml/officeDocument/relationships/",
	}
)

const (
	packageRelsNS   = "http://schemas.openxmlformats.org/package/2006/relationships"
	ctWorksheet     = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctComments      = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctStyles        = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
	ctVML           = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	xmlDeclaration  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	contentTypesXML = "[Content_Types].xml"
)

// pkg is an .xlsx package opened for reading.
type pkg struct {
	zr    *zip.ReadCloser
	files map[string]*zip.File // by lower-case name
}

func openPkg(name string) (*pkg, error) {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return nil, err
	}
	p := &pkg{zr: zr, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		k := strings.ToLower(f.Name)
		if _, dup := p.files[k]; dup {
			zr.Close()
			return nil, fmt.Errorf("%s: two parts named %q: the workbook can be read two ways", name, f.Name)
		}
		p.files[k] = f
	}
	return p, nil
}

func (p *pkg) Close() error { return p.zr.Close() }

// file is the entry of a part (names are matched without regard to case,
// as Excel does), or nil.
func (p *pkg) file(name string) *zip.File { return p.files[strings.ToLower(name)] }

// has tells whether a part exists.
func (p *pkg) has(name string) bool { return p.file(name) != nil }

// open opens a part for reading.
func (p *pkg) open(name string) (io.ReadCloser, error) {
	f := p.file(name)
	if f == nil {
		return nil, fmt.Errorf("%s: no such part", name)
	}
	return f.Open()
}

// readSmall reads a structural part whole, to its end (so that its
// checksum is checked); a missing part is nil.
func (p *pkg) readSmall(name string) ([]byte, error) {
	f := p.file(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > maxSmallPart {
		return nil, fmt.Errorf("%s: a part of %d bytes, over the limit of %d for a structural part", name, f.UncompressedSize64, maxSmallPart)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxSmallPart+1))
	if err == nil && len(b) > maxSmallPart {
		err = fmt.Errorf("over the limit of %d bytes for a structural part", maxSmallPart)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return b, nil
}

// relationship is one Relationship of a .rels part.
type relationship struct {
	id, typ, target, mode string
}

// isType tells whether the relationship is of a kind (worksheet, styles,
// comments...), transitional or strict.
func (r relationship) isType(kind string) bool { return strings.HasSuffix(r.typ, "/"+kind) }

// relsPart is the relationships part of a part: xl/_rels/workbook.xml.rels.
func relsPart(part string) string {
	dir, base := path.Split(part)
	return dir + "_rels/" + base + ".rels"
}

// resolve is the part a relationship of part source points to.
func resolve(source, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(path.Dir(source), target))
}

// readRels reads the relationships of a part; none when it has no
// relationships part.
func (p *pkg) readRels(part string) ([]relationship, error) {
	name := relsPart(part)
	b, err := p.readSmall(name)
	if b == nil || err != nil {
		return nil, err
	}
	var rels []relationship
	err = scanAll(b, io.Discard, func(t *xmlTag, _ io.Writer) error {
		if t.end || !t.is("Relationship") {
			return nil
		}
		as, err := t.attrs()
		if err != nil {
			return err
		}
		var r relationship
		for _, a := range as {
			switch string(a.name) {
			case "Id":
				r.id = unescape(a.value)
			case "Type":
				r.typ = unescape(a.value)
			case "Target":
				r.target = unescape(a.value)
			case "TargetMode":
				r.mode = unescape(a.value)
			}
		}
		rels = append(rels, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return rels, nil
}

// scanAll scans a part in memory, calling fn for each tag; fn writes the
// tag to w (or something else in its place), or nothing to leave it out.
func scanAll(b []byte, w io.Writer, fn func(t *xmlTag, w io.Writer) error) error {
	sc := newXMLScanner(bytes.NewReader(b), w)
	for {
		t, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(t, w); err != nil {
			return err
		}
	}
}

// unescape reads an attribute value or text as written.
func unescape(b []byte) string { return html.UnescapeString(string(b)) }

// escape writes s for an attribute value or element text.
func escape(s string) []byte {
	var b bytes.Buffer
	escapeTo(&b, s)
	return b.Bytes()
}

// escapeTo writes s escaped for XML, characters XML cannot hold replaced
// by U+FFFD.
func escapeTo(w io.Writer, s string) {
	var b bytes.Buffer
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\n':
			b.WriteString("&#10;")
		case r == '\r':
			b.WriteString("&#13;")
		case r == '\t':
			b.WriteString("&#9;")
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r < 0xE000:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	w.Write(b.Bytes())
}

// sheetInfo is a worksheet of the workbook.
type sheetInfo struct {
	name    string
	sheetID int
	part    string
}

// workbookInfo is what Annotate needs of the workbook part.
type workbookInfo struct {
	part    string // xl/workbook.xml
	raw     []byte
	rels    []relationship
	ns      namespaces
	sheets  []sheetInfo // worksheets, in order
	names   []string    // every sheet's name, worksheets or not
	maxID   int         // the highest sheetId
	styles  string      // the styles part, or ""
	nSheets int         // sheets of every kind
	// kinds is, for each sheet in order, its index in sheets, or -1 when
	// it is not a worksheet.
	kinds     []int
	activeTab int
}

// active is the worksheet shown when the workbook opens, if it is one.
func (wb *workbookInfo) active() *sheetInfo {
	if wb.activeTab < 0 || wb.activeTab >= len(wb.kinds) || wb.kinds[wb.activeTab] < 0 {
		return nil
	}
	return &wb.sheets[wb.kinds[wb.activeTab]]
}

// readWorkbook reads the workbook part, its relationships and its sheets.
func (p *pkg) readWorkbook() (*workbookInfo, error) {
	wb := &workbookInfo{part: "xl/workbook.xml", ns: transitional}
	rootRels, err := p.readRels("")
	if err != nil {
		return nil, err
	}
	for _, r := range rootRels {
		if r.isType("officeDocument") {
			wb.part = resolve("", r.target)
		}
	}
	if wb.raw, err = p.readSmall(wb.part); err != nil {
		return nil, err
	}
	if wb.raw == nil {
		return nil, errors.New("not an .xlsx workbook: it has no workbook part")
	}
	if bytes.Contains(wb.raw, []byte(strict.main)) {
		wb.ns = strict
	}
	if wb.rels, err = p.readRels(wb.part); err != nil {
		return nil, err
	}
	byID := map[string]relationship{}
	for _, r := range wb.rels {
		byID[r.id] = r
		if r.isType("styles") {
			wb.styles = resolve(wb.part, r.target)
		}
	}
	err = scanAll(wb.raw, io.Discard, func(t *xmlTag, _ io.Writer) error {
		if !t.end && t.is("workbookView") && wb.nSheets == 0 {
			if v, ok := t.attr("activeTab"); ok {
				wb.activeTab, _ = strconv.Atoi(string(v))
			}
		}
		if t.end || !t.is("sheet") {
			return nil
		}
		as, err := t.attrs()
		if err != nil {
			return err
		}
		wb.nSheets++
		name, _ := findAttr(as, "name")
		wb.names = append(wb.names, unescape(name))
		id, _ := findAttr(as, "sheetId")
		n, _ := strconv.Atoi(string(id))
		wb.maxID = max(wb.maxID, n)
		rid, _ := findAttr(as, "id") // r:id
		r, ok := byID[unescape(rid)]
		if ok && r.isType("worksheet") {
			wb.kinds = append(wb.kinds, len(wb.sheets))
			wb.sheets = append(wb.sheets, sheetInfo{name: unescape(name), sheetID: n, part: resolve(wb.part, r.target)})
		} else {
			wb.kinds = append(wb.kinds, -1)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", wb.part, err)
	}
	return wb, nil
}

// sheet finds a worksheet by name: exactly, else without regard to case
// (as Excel tells sheets apart).
func (wb *workbookInfo) sheet(name string) *sheetInfo {
	for i := range wb.sheets {
		if wb.sheets[i].name == name {
			return &wb.sheets[i]
		}
	}
	for i := range wb.sheets {
		if strings.EqualFold(wb.sheets[i].name, name) {
			return &wb.sheets[i]
		}
	}
	return nil
}

// freeName is the first of base, base (2), base (3)... that no sheet has.
func (wb *workbookInfo) freeName(base string) string {
	name := base
	for n := 2; ; n++ {
		taken := false
		for _, s := range wb.names {
			if strings.EqualFold(s, name) {
				taken = true
			}
		}
		if !taken {
			return name
		}
		name = fmt.Sprintf("%s (%d)", base, n)
	}
}

// freePart is the first name of the form prefix+N+ext (N from 1) that the
// package does not hold and taken does not list.
func (p *pkg) freePart(prefix, ext string, taken map[string]bool) string {
	for n := 1; ; n++ {
		name := prefix + strconv.Itoa(n) + ext
		if !p.has(name) && !taken[strings.ToLower(name)] {
			taken[strings.ToLower(name)] = true
			return name
		}
	}
}

// freeRelID is an id no relationship in rels has.
func freeRelID(rels []relationship, taken map[string]bool) string {
	for n := 1; ; n++ {
		id := "rIdAit" + strconv.Itoa(n)
		used := taken[id]
		for _, r := range rels {
			if r.id == id {
				used = true
			}
		}
		if !used {
			taken[id] = true
			return id
		}
	}
}

// addRels writes a relationships part: the one in raw (nil for none)
// with the relationships add added at its end.
func addRels(raw []byte, add []relationship) ([]byte, error) {
	var extra bytes.Buffer
	for _, r := range add {
		fmt.Fprintf(&extra, `<Relationship Id="%s" Type="%s" Target="%s"/>`, escape(r.id), escape(r.typ), escape(r.target))
	}
	if raw == nil {
		return []byte(xmlDeclaration + `<Relationships xmlns="` + packageRelsNS + `">` + extra.String() + `</Relationships>`), nil
	}
	return insertBeforeEnd(raw, "Relationships", extra.Bytes())
}

// insertBeforeEnd inserts text as the last children of the root element
// named local (expanding it when it is written empty).
func insertBeforeEnd(raw []byte, local string, text []byte) ([]byte, error) {
	var out bytes.Buffer
	found := false
	err := scanAll(raw, &out, func(t *xmlTag, w io.Writer) error {
		switch {
		case t.is(local) && t.end && !found:
			found = true
			w.Write(text)
			w.Write(t.raw)
		case t.is(local) && t.empty && !found:
			found = true
			w.Write(t.raw[:len(t.raw)-2])
			w.Write([]byte(">"))
			w.Write(text)
			fmt.Fprintf(w, "</%s>", t.name)
		default:
			w.Write(t.raw)
		}
		return nil
	})
	if err == nil && !found {
		err = fmt.Errorf("no %s element", local)
	}
	return out.Bytes(), err
}
