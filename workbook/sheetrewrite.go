package workbook

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// The rewrite of a marked worksheet, as a stream: every byte is copied as
// it is, except the start tags of the marked cells (which get the red
// version of their format), the cells and rows that a mark needs and the
// sheet does not have (an empty required cell: added, red), the tab's
// selection (the Validation sheet is the one selected) and, when comments
// are added to a sheet that has none, the legacyDrawing element that
// points to their drawing. It holds one tag and one cell's marks at a time.

// laterThanLegacyDrawing are the worksheet's children that come after
// legacyDrawing, where one is added.
var laterThanLegacyDrawing = map[string]bool{
	"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true,
	"controls": true, "webPublishItems": true, "tableParts": true, "extLst": true, "AlternateContent": true,
}

// colStyle is the format a range of columns gives its empty cells.
type colStyle struct{ min, max, style int }

type sheetRewrite struct {
	sc     *xmlScanner
	w      io.Writer
	marks  *markStream
	sheet  string // the marks' name for the sheet
	styles *stylesEditor
	// place is called with the marks of each cell marked, in the sheet's
	// order; unplaced with a mark whose Cell is not a cell.
	place    func(row, col int, ms []mark) error
	unplaced func(m mark) error
	relsNS   string // the relationships namespace, for an added legacyDrawing

	prefix      string // the worksheet's prefix
	legacyID    string // r:id of the sheet's legacyDrawing, if it has one
	newLegacyID string // the id of the one to add, if it has none
	addedLegacy bool   // a legacyDrawing was added
	addLegacy   bool   // cells were marked: comments are added
	cols        []colStyle
	depth       int
	inSheetData bool
	afterData   bool
	row, col    int // the row and the cell last seen
	rowDepth    int
	rowStyle    int  // the current row's format for its empty cells (-1: none)
	rowMarked   bool // the current row has marks
	forceRef    bool // cells were added before: give the next cell without r its reference
	group       []mark
	held        int // most marks held at once
}

// nextPos is where the next mark of this sheet goes; ok is false when no
// mark of this sheet is left. Marks that name no cell are passed on.
func (s *sheetRewrite) nextPos() (row, col int, ok bool, err error) {
	for {
		m := s.marks.peek()
		if m == nil {
			return 0, 0, false, s.marks.err
		}
		if m.Sheet != s.sheet {
			return 0, 0, false, nil
		}
		if m.row > 0 {
			return m.row, m.col, true, nil
		}
		if err := s.unplaced(s.marks.pop()); err != nil {
			return 0, 0, false, err
		}
	}
}

// before tells whether the next mark comes before (row, col).
func (s *sheetRewrite) before(row, col int) (bool, error) {
	r, c, ok, err := s.nextPos()
	if !ok || err != nil {
		return false, err
	}
	return r < row || r == row && c < col, nil
}

// at tells whether the next mark is on (row, col).
func (s *sheetRewrite) at(row, col int) (bool, error) {
	r, c, ok, err := s.nextPos()
	return ok && r == row && c == col, err
}

// take takes the marks of the cell (row, col) and passes them on.
func (s *sheetRewrite) take(row, col int) error {
	s.group = s.group[:0]
	for {
		r, c, ok, err := s.nextPos()
		if err != nil {
			return err
		}
		if !ok || r != row || c != col {
			break
		}
		s.group = append(s.group, s.marks.pop())
	}
	s.held = max(s.held, len(s.group))
	s.addLegacy = true
	return s.place(row, col, s.group)
}

// emptyStyle is the format an empty cell of the current row shows.
func (s *sheetRewrite) emptyStyle(col int) int {
	if s.rowStyle >= 0 {
		return s.rowStyle
	}
	for _, c := range s.cols {
		if c.min <= col+1 && col+1 <= c.max {
			return c.style
		}
	}
	return 0
}

// addCells adds the cells of row marked before column limit.
func (s *sheetRewrite) addCells(row, limit int) error {
	for {
		r, c, ok, err := s.nextPos()
		if err != nil {
			return err
		}
		if !ok || r != row || c >= limit {
			return nil
		}
		red, err := s.styles.red(s.emptyStyle(c))
		if err != nil {
			return err
		}
		fmt.Fprintf(s.w, `<%sc r="%s" s="%d"/>`, s.prefix, cellRef(row, c), red)
		s.forceRef = true
		if err := s.take(row, c); err != nil {
			return err
		}
	}
}

// addRows adds the rows marked before row limit.
func (s *sheetRewrite) addRows(limit int) error {
	for {
		r, _, ok, err := s.nextPos()
		if err != nil {
			return err
		}
		if !ok || r >= limit {
			return nil
		}
		s.rowStyle = -1
		fmt.Fprintf(s.w, `<%srow r="%d">`, s.prefix, r)
		if err := s.addCells(r, math.MaxInt); err != nil {
			return err
		}
		fmt.Fprintf(s.w, `</%srow>`, s.prefix)
		s.forceRef = true
	}
}

func (s *sheetRewrite) run() error {
	for {
		t, err := s.sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		opens := !t.end && !t.empty // before tag, which may rewrite t
		if t.end {
			s.depth--
		}
		if err := s.tag(t); err != nil {
			return err
		}
		if opens {
			s.depth++
		}
	}
}

// tag writes one tag, rewritten or not, with what must come before it.
func (s *sheetRewrite) tag(t *xmlTag) error {
	local := string(t.local())
	switch {
	case s.inSheetData:
		return s.dataTag(t, local)
	case s.depth == 0 && !t.end:
		s.prefix = t.prefix()
	case local == "sheetView" && !t.end && !s.afterData:
		return rewriteTag(s.w, t, nil, "tabSelected")
	case local == "col" && !t.end && !s.afterData:
		as, err := t.attrs()
		if err != nil {
			return err
		}
		var c colStyle
		for _, a := range as {
			n, _ := strconv.Atoi(string(a.value))
			switch {
			case attrIs(a.name, "min"):
				c.min = n
			case attrIs(a.name, "max"):
				c.max = n
			case attrIs(a.name, "style"):
				c.style = n
			}
		}
		s.cols = append(s.cols, c)
	case local == "sheetData" && !t.end && s.depth == 1:
		if t.empty {
			fmt.Fprintf(s.w, "%s>", t.raw[:len(t.raw)-2])
			if err := s.addRows(math.MaxInt); err != nil {
				return err
			}
			fmt.Fprintf(s.w, "</%s>", t.name)
			s.afterData = true
			return nil
		}
		s.inSheetData = true
	case s.afterData && s.depth == 1 && !t.end && local == "legacyDrawing":
		id, _ := t.attr("id")
		s.legacyID = unescape(id)
	case s.afterData && s.depth == 1 && !t.end && laterThanLegacyDrawing[local]:
		s.writeLegacy()
	case s.depth == 0 && t.end:
		s.writeLegacy()
	}
	_, err := s.w.Write(t.raw)
	return err
}

// writeLegacy adds a legacyDrawing element, if the sheet needs one and has
// none yet.
func (s *sheetRewrite) writeLegacy() {
	if s.addLegacy && s.legacyID == "" {
		fmt.Fprintf(s.w, `<%slegacyDrawing xmlns:r="%s" r:id="%s"/>`, s.prefix, s.relsNS, s.newLegacyID)
		s.legacyID = s.newLegacyID
		s.addedLegacy = true
	}
}

// dataTag handles a tag inside sheetData.
func (s *sheetRewrite) dataTag(t *xmlTag, local string) error {
	switch {
	case s.depth == 1 && t.end && local == "sheetData":
		s.inSheetData, s.afterData = false, true
		if err := s.addRows(math.MaxInt); err != nil {
			return err
		}
	case s.depth == 2 && local == "row" && !t.end:
		return s.startRow(t)
	case s.depth == 2 && local == "row" && t.end:
		if s.rowMarked {
			if err := s.addCells(s.row, math.MaxInt); err != nil {
				return err
			}
		}
	case s.depth == 3 && local == "c" && !t.end && s.rowMarked:
		return s.cell(t)
	}
	_, err := s.w.Write(t.raw)
	return err
}

func (s *sheetRewrite) startRow(t *xmlTag) error {
	as, err := t.attrs()
	if err != nil {
		return err
	}
	num := s.row + 1
	ref, hasRef := findAttr(as, "r")
	if hasRef {
		if num, err = strconv.Atoi(string(ref)); err != nil || num < 1 {
			return fmt.Errorf("a row numbered %q", ref)
		}
	}
	if err := s.addRows(num); err != nil {
		return err
	}
	needRef := !hasRef && s.forceRef
	s.forceRef = false
	s.row, s.col = num, -1
	s.rowStyle = -1
	if v, ok := findAttr(as, "customFormat"); ok && (string(v) == "1" || string(v) == "true") {
		if st, ok := findAttr(as, "s"); ok {
			s.rowStyle, _ = strconv.Atoi(string(st))
		}
	}
	next, _, ok, err := s.nextPos()
	if err != nil {
		return err
	}
	s.rowMarked = ok && next == num
	var set []xmlAttr
	if needRef {
		set = append(set, attrInt("r", num))
	}
	if !s.rowMarked {
		if len(set) > 0 {
			return rewriteTag(s.w, t, set)
		}
		_, err := s.w.Write(t.raw)
		return err
	}
	// A marked row: its spans may no longer hold.
	if t.empty {
		openTag(t)
		if err := rewriteTag(s.w, t, set, "spans"); err != nil {
			return err
		}
		if err := s.addCells(num, math.MaxInt); err != nil {
			return err
		}
		_, err := fmt.Fprintf(s.w, "</%s>", t.name)
		return err
	}
	return rewriteTag(s.w, t, set, "spans")
}

// cell handles a cell of a marked row.
func (s *sheetRewrite) cell(t *xmlTag) error {
	as, err := t.attrs()
	if err != nil {
		return err
	}
	col := s.col + 1
	ref, hasRef := findAttr(as, "r")
	if hasRef {
		r, c := parseCell(string(ref))
		if r != s.row {
			return fmt.Errorf("cell %q in row %d", ref, s.row)
		}
		col = c
	}
	if err := s.addCells(s.row, col); err != nil {
		return err
	}
	s.col = col
	var set []xmlAttr
	if !hasRef && s.forceRef {
		set = append(set, xmlAttr{name: []byte("r"), value: []byte(cellRef(s.row, col))})
	}
	marked, err := s.at(s.row, col)
	if err != nil {
		return err
	}
	if marked {
		orig := 0
		if v, ok := findAttr(as, "s"); ok {
			orig, _ = strconv.Atoi(string(v))
		}
		red, err := s.styles.red(orig)
		if err != nil {
			return err
		}
		set = append(set, attrInt("s", red))
		if err := rewriteTag(s.w, t, set); err != nil {
			return err
		}
		return s.take(s.row, col)
	}
	if len(set) > 0 {
		return rewriteTag(s.w, t, set)
	}
	_, err = s.w.Write(t.raw)
	return err
}
