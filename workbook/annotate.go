package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aitkit/aitkit/internal/extsort"
	kflate "github.com/klauspost/compress/flate"
)

// ValidationSheet is the sheet Annotate puts first.
const ValidationSheet = "Validation"

// Mark is one error to show in a workbook: the cell, and what is wrong.
type Mark struct {
	Sheet, Cell string
	Field       string
	Value       string
	Message     string
}

// Counts are a report's numbers, for the Validation sheet.
type Counts struct {
	Total, Valid, Invalid int
}

// Annotate writes a copy of the workbook at path to w in which every cell
// with an error is filled red and carries a comment with its messages, and
// a first sheet "Validation" lists every error with a link to its cell and
// the counts. Cells without errors keep their look; the input is only read.
// It is NewAnnotator, Add and Write in one call.
func Annotate(path string, w io.Writer, marks []Mark, counts Counts) error {
	a := NewAnnotator()
	defer a.Close()
	for _, m := range marks {
		if err := a.Add(m); err != nil {
			return err
		}
	}
	return a.Write(path, w, counts)
}

// Annotator collects the marks of a run, as many as it has, and writes
// the marked copy of the workbook. The marks are kept in temporary files,
// sorted by cell; the workbook is copied part by part, and the marked
// sheets are rewritten as streams: neither the marks nor the sheets are
// held in memory. Close removes the temporary files.
type Annotator struct {
	sorter  *extsort.Sorter
	budget  int
	seq     uint64
	sheets  map[string]bool // the sheets named by marks
	buf     []byte
	written bool
	held    int // the most marks of one cell held at once, in Write
}

// NewAnnotator starts an empty set of marks.
func NewAnnotator() *Annotator { return newAnnotator(extsort.DefaultBudget) }

func newAnnotator(budget int) *Annotator {
	return &Annotator{sorter: extsort.New(budget), budget: budget, sheets: map[string]bool{}}
}

// Add adds a mark.
func (a *Annotator) Add(m Mark) error {
	if len(a.sheets) < 1000 || a.sheets[m.Sheet] {
		a.sheets[m.Sheet] = true
	}
	a.buf = encodeMark(a.buf, m, a.seq)
	a.seq++
	return a.sorter.Add(a.buf)
}

// Len is the number of marks added.
func (a *Annotator) Len() int { return int(a.seq) }

// Close removes the temporary files.
func (a *Annotator) Close() error { return a.sorter.Close() }

// sheetPlan is what Write does with a sheet it rewrites.
type sheetPlan struct {
	info        *sheetInfo
	name        string         // the marks' name for it; "" for the active sheet unmarked
	rels        []relationship // its relationships
	relsRaw     []byte
	comments    string // its comments part, or where a new one goes
	newComments bool
	commentsID  string // the relationship id of a new comments part
	vmlID       string // the relationship id of a new drawing
	newVML      string // where a new drawing goes
	vmlParts    []string
	done        bool
}

// Write writes the marked copy of the workbook at path to w. It is called
// once, after the last Add.
func (a *Annotator) Write(name string, w io.Writer, counts Counts) error {
	if a.written {
		return errors.New("Annotator.Write called twice")
	}
	a.written = true
	p, err := openPkg(name)
	if err != nil {
		return err
	}
	defer p.Close()
	wb, err := p.readWorkbook()
	if err != nil {
		return err
	}
	ct, err := p.readSmall(contentTypesXML)
	if err != nil {
		return err
	}
	if ct == nil {
		return errors.New("not an .xlsx workbook: it has no [Content_Types].xml")
	}
	stylesRaw, err := p.readSmall(wb.styles)
	if wb.styles == "" {
		stylesRaw, err = nil, nil
	}
	if err != nil {
		return err
	}
	styles, err := newStylesEditor(stylesRaw, wb.ns)
	if err != nil {
		return fmt.Errorf("%s: %w", wb.styles, err)
	}
	if err := styles.validationStyles(); err != nil {
		return err
	}

	// What is added where.
	dir := path.Dir(wb.part)
	if dir == "." {
		dir = ""
	} else {
		dir += "/"
	}
	takenParts, takenIDs := map[string]bool{}, map[string]bool{}
	var ctAdd bytes.Buffer
	var wbRelsAdd []relationship
	newStyles := wb.styles == "" || stylesRaw == nil
	if newStyles {
		wb.styles = dir + "styles.xml"
		if p.has(wb.styles) { // there, but not related to the workbook
			wb.styles = p.freePart(dir+"styles", ".xml", takenParts)
		}
		wbRelsAdd = append(wbRelsAdd, relationship{id: freeRelID(wb.rels, takenIDs), typ: wb.ns.relType + "styles", target: relPath(wb.part, wb.styles)})
		fmt.Fprintf(&ctAdd, `<Override PartName="/%s" ContentType="%s"/>`, escape(wb.styles), ctStyles)
	}
	vsPart := p.freePart(dir+"worksheets/sheet", ".xml", takenParts)
	vsID := freeRelID(wb.rels, takenIDs)
	wbRelsAdd = append(wbRelsAdd, relationship{id: vsID, typ: wb.ns.relType + "worksheet", target: relPath(wb.part, vsPart)})
	fmt.Fprintf(&ctAdd, `<Override PartName="/%s" ContentType="%s"/>`, escape(vsPart), ctWorksheet)

	plans := map[string]*sheetPlan{} // by sheet part
	var planned []*sheetPlan         // in the workbook's order
	plan := func(si *sheetInfo, markName string) error {
		if plans[si.part] != nil {
			return nil
		}
		pl := &sheetPlan{info: si, name: markName}
		var err error
		if pl.relsRaw, err = p.readSmall(relsPart(si.part)); err != nil {
			return err
		}
		if pl.rels, err = p.readRels(si.part); err != nil {
			return err
		}
		for _, r := range pl.rels {
			switch {
			case r.isType("comments") && r.mode != "External":
				pl.comments = resolve(si.part, r.target)
			case r.isType("vmlDrawing") && r.mode != "External":
				pl.vmlParts = append(pl.vmlParts, resolve(si.part, r.target))
			}
		}
		taken := map[string]bool{}
		if markName != "" {
			if pl.comments == "" || !p.has(pl.comments) {
				pl.newComments = true
				pl.comments = p.freePart(dir+"comments", ".xml", takenParts)
				pl.commentsID = freeRelID(pl.rels, taken)
				fmt.Fprintf(&ctAdd, `<Override PartName="/%s" ContentType="%s"/>`, escape(pl.comments), ctComments)
			}
			pl.vmlID = freeRelID(pl.rels, taken)
			pl.newVML = p.freePart(dir+"drawings/vmlDrawing", ".vml", takenParts)
		}
		plans[si.part] = pl
		planned = append(planned, pl)
		return nil
	}
	names := make([]string, 0, len(a.sheets))
	for s := range a.sheets {
		names = append(names, s)
	}
	slices.Sort(names)
	for _, s := range names {
		if si := wb.sheet(s); si != nil {
			if err := plan(si, s); err != nil {
				return err
			}
		}
	}
	if si := wb.active(); si != nil && plans[si.part] == nil {
		if err := plan(si, ""); err != nil { // only its selection changes
			return err
		}
	}
	if !hasDefault(ct, "vml") {
		fmt.Fprintf(&ctAdd, `<Default Extension="vml" ContentType="%s"/>`, ctVML)
	}

	// The copy.
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return kflate.NewWriter(w, 5) })
	put := func(part string, fn func(w io.Writer) error) error {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: part, Method: zip.Deflate, Modified: modified(p, wb.part)})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(fw, 64<<10)
		if err := fn(bw); err != nil {
			return fmt.Errorf("%s: %w", part, err)
		}
		return bw.Flush()
	}
	copyPart := func(part string) error {
		if f := p.file(part); f != nil {
			return zw.Copy(f)
		}
		return nil
	}
	ctOut, err := insertBeforeEnd(ct, "Types", ctAdd.Bytes())
	if err != nil {
		return fmt.Errorf("%s: %w", contentTypesXML, err)
	}
	if err := put(contentTypesXML, func(w io.Writer) error { _, err := w.Write(ctOut); return err }); err != nil {
		return err
	}
	skip := map[string]bool{strings.ToLower(contentTypesXML): true, strings.ToLower(wb.part): true,
		strings.ToLower(relsPart(wb.part)): true, strings.ToLower(wb.styles): true}
	for _, pl := range planned {
		for _, s := range append([]string{pl.info.part, relsPart(pl.info.part), pl.comments}, pl.vmlParts...) {
			skip[strings.ToLower(s)] = true
		}
	}
	for _, f := range p.zr.File {
		if !skip[strings.ToLower(f.Name)] {
			if err := zw.Copy(f); err != nil {
				return err
			}
		}
	}

	vs, err := newValidationSheet(styles)
	if err != nil {
		return err
	}
	defer vs.close()
	it, err := a.sorter.Sort()
	if err != nil {
		return err
	}
	ms := &markStream{it: it}
	rw := &rewriter{a: a, p: p, wb: wb, styles: styles, ms: ms, vs: vs, put: put, copyPart: copyPart}
	for _, pl := range planned {
		if pl.name == "" {
			if err := rw.sheet(pl); err != nil {
				return err
			}
		}
	}
	for m := ms.peek(); m != nil; m = ms.peek() {
		si := wb.sheet(m.Sheet)
		if si == nil || plans[si.part] == nil || plans[si.part].done || plans[si.part].name != m.Sheet {
			vs.add(ms.pop(), false) // not a worksheet of the workbook: listed only
			continue
		}
		if err := rw.sheet(plans[si.part]); err != nil {
			return err
		}
	}
	if ms.err != nil {
		return ms.err
	}
	for _, pl := range planned {
		if !pl.done { // named by marks only in another spelling
			if err := rw.sheet(pl); err != nil {
				return err
			}
		}
	}
	if err := put(wb.styles, styles.write); err != nil {
		return err
	}
	wbOut, err := editWorkbook(wb, wb.freeName(ValidationSheet), vsID)
	if err != nil {
		return fmt.Errorf("%s: %w", wb.part, err)
	}
	if err := put(wb.part, func(w io.Writer) error { _, err := w.Write(wbOut); return err }); err != nil {
		return err
	}
	wbRelsRaw, err := p.readSmall(relsPart(wb.part))
	if err != nil {
		return err
	}
	wbRels, err := addRels(wbRelsRaw, wbRelsAdd)
	if err != nil {
		return fmt.Errorf("%s: %w", relsPart(wb.part), err)
	}
	if err := put(relsPart(wb.part), func(w io.Writer) error { _, err := w.Write(wbRels); return err }); err != nil {
		return err
	}
	if err := put(vsPart, func(w io.Writer) error { return vs.write(w, wb.ns, counts) }); err != nil {
		return err
	}
	return zw.Close()
}

// rewriter rewrites the planned sheets.
type rewriter struct {
	a        *Annotator
	p        *pkg
	wb       *workbookInfo
	styles   *stylesEditor
	ms       *markStream
	vs       *validationSheet
	put      func(part string, fn func(w io.Writer) error) error
	copyPart func(part string) error
}

// sheet rewrites one sheet with its marks (those that come next), and
// writes its comments, drawing and relationships.
func (r *rewriter) sheet(pl *sheetPlan) error {
	pl.done = true
	cw, err := newCommentsWriter(r.a.budget)
	if err != nil {
		return err
	}
	defer cw.close()
	if pl.name != "" && !pl.newComments {
		rc, err := r.p.open(pl.comments)
		if err != nil {
			return err
		}
		err = cw.load(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", pl.comments, err)
		}
	}
	if err := cw.start(); err != nil {
		return err
	}
	sheetName := pl.name
	if sheetName == "" {
		sheetName = "\x00" // matches no mark
	}
	sr := &sheetRewrite{marks: r.ms, sheet: sheetName, styles: r.styles, relsNS: r.wb.ns.rels, newLegacyID: pl.vmlID,
		place: func(row, col int, ms []mark) error {
			for _, m := range ms {
				r.vs.add(m, true)
			}
			return cw.add(row, col, ms)
		},
		unplaced: func(m mark) error { r.vs.add(m, false); return nil },
	}
	err = r.put(pl.info.part, func(w io.Writer) error {
		rc, err := r.p.open(pl.info.part)
		if err != nil {
			return err
		}
		defer rc.Close()
		sr.w = w
		sr.sc = newXMLScanner(rc, w)
		return sr.run()
	})
	if err != nil {
		return err
	}
	r.a.held = max(r.a.held, sr.held)
	if !sr.addLegacy {
		// Nothing marked here: its comments, drawings and relationships as they were.
		for _, part := range append([]string{relsPart(pl.info.part)}, pl.vmlParts...) {
			if err := r.copyPart(part); err != nil {
				return err
			}
		}
		if !pl.newComments {
			return r.copyPart(pl.comments)
		}
		return nil
	}
	if err := r.put(pl.comments, func(w io.Writer) error { return cw.writePart(w, r.wb.ns) }); err != nil {
		return err
	}
	var add []relationship
	if pl.newComments {
		add = append(add, relationship{id: pl.commentsID, typ: r.wb.ns.relType + "comments", target: relPath(pl.info.part, pl.comments)})
	}
	vmlDone := ""
	if sr.addedLegacy {
		add = append(add, relationship{id: pl.vmlID, typ: r.wb.ns.relType + "vmlDrawing", target: relPath(pl.info.part, pl.newVML)})
		if err := r.put(pl.newVML, func(w io.Writer) error { return cw.writeNewVML(w, pl.info.sheetID) }); err != nil {
			return err
		}
	} else if vml := pl.vmlOf(sr.legacyID); vml != "" && r.p.has(vml) {
		vmlDone = vml
		if err := r.mergeVML(cw, vml, pl.info.sheetID); err != nil {
			return err
		}
	}
	for _, part := range pl.vmlParts {
		if part != vmlDone {
			if err := r.copyPart(part); err != nil {
				return err
			}
		}
	}
	rels, err := addRels(pl.relsRaw, add)
	if err != nil {
		return fmt.Errorf("%s: %w", relsPart(pl.info.part), err)
	}
	return r.put(relsPart(pl.info.part), func(w io.Writer) error { _, err := w.Write(rels); return err })
}

// vmlOf is the drawing a relationship id of the sheet points to.
func (pl *sheetPlan) vmlOf(id string) string {
	for _, r := range pl.rels {
		if r.id == id && r.isType("vmlDrawing") {
			return resolve(pl.info.part, r.target)
		}
	}
	return ""
}

// mergeVML writes an existing drawing with the new notes' shapes added.
func (r *rewriter) mergeVML(cw *commentsWriter, part string, sheetID int) error {
	rc, err := r.p.open(part)
	if err != nil {
		return err
	}
	info, err := scanVML(rc)
	rc.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", part, err)
	}
	return r.put(part, func(w io.Writer) error {
		rc, err := r.p.open(part)
		if err != nil {
			return err
		}
		defer rc.Close()
		return cw.writeMergedVML(w, rc, info, sheetID)
	})
}

// modified is the time of a part, for the parts written anew.
func modified(p *pkg, part string) time.Time {
	if f := p.file(part); f != nil {
		return f.Modified
	}
	return time.Time{}
}

// hasDefault tells whether the content types give an extension a default.
func hasDefault(ct []byte, ext string) bool {
	found := false
	scanAll(ct, io.Discard, func(t *xmlTag, _ io.Writer) error {
		if !t.end && t.is("Default") {
			if v, ok := t.attr("Extension"); ok && strings.EqualFold(unescape(v), ext) {
				found = true
			}
		}
		return nil
	})
	return found
}

// relPath is the relative target from part source to part.
func relPath(source, part string) string {
	from := strings.Split(path.Dir(source), "/")
	if path.Dir(source) == "." {
		from = nil
	}
	to := strings.Split(part, "/")
	i := 0
	for i < len(from) && i < len(to)-1 && from[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(from)-i) + strings.Join(to[i:], "/")
}

// editWorkbook adds the Validation sheet first, makes it the active tab,
// and moves the sheet indexes of defined names one up.
func editWorkbook(wb *workbookInfo, name, relID string) ([]byte, error) {
	var out bytes.Buffer
	err := scanAll(wb.raw, &out, func(t *xmlTag, w io.Writer) error {
		switch {
		case t.is("sheets") && !t.end && !t.empty:
			w.Write(t.raw)
			_, err := fmt.Fprintf(w, `<%ssheet xmlns:r="%s" name="%s" sheetId="%d" r:id="%s"/>`, t.prefix(), wb.ns.rels, escape(name), wb.maxID+1, escape(relID))
			return err
		case t.is("definedName") && !t.end:
			if v, ok := t.attr("localSheetId"); ok {
				n, err := strconv.Atoi(string(v))
				if err == nil {
					return rewriteTag(w, t, []xmlAttr{attrInt("localSheetId", n+1)})
				}
			}
		case t.is("workbookView") && !t.end:
			return rewriteTag(w, t, []xmlAttr{attrInt("activeTab", 0)}, "firstSheet")
		}
		_, err := w.Write(t.raw)
		return err
	})
	return out.Bytes(), err
}
