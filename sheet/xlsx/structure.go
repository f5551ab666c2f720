package xlsx

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// Info describes one sheet of a workbook.
type Info struct {
	sheet.Info
	Part string // zip path of the worksheet
}

// scanSmall scans a structural part from start to end with fn called on
// every tag (start, end or self-closing). ok is false when there is no
// such part.
func (w *Workbook) scanSmall(name string, fn func(sc *xmlscan.Scanner) error) (ok bool, err error) {
	rc, err := w.parts.OpenSmall(name)
	if err != nil || rc == nil {
		return false, err
	}
	defer rc.Close()
	sc := xmlscan.New(rc, nil, w.limits.MaxCellBytes)
	for sc.Next() {
		if sc.Kind != xmlscan.Text {
			if err := fn(sc); err != nil {
				return true, &sheet.Error{Part: name, Err: err}
			}
		}
	}
	if sc.Err != nil {
		return true, partError(name, sc.Err)
	}
	return true, nil
}

// partError names the part in a scanning error, keeping an error that
// already names one (the limits, a damaged entry) or that is the context's.
func partError(name string, err error) error {
	switch {
	case isContextErr(err):
		return err
	case errors.As(err, new(*sheet.Error)):
		return err
	case errors.Is(err, sheet.ErrTooLarge), errors.Is(err, sheet.ErrMalformed):
		return &sheet.Error{Part: name, Err: err}
	}
	return &sheet.Error{Part: name, Err: sheet.Errorf(sheet.ErrMalformed, "%v", err)}
}

type relationship struct{ id, typ, target string }

func (w *Workbook) readRels(name string) ([]relationship, error) {
	var rels []relationship
	_, err := w.scanSmall(name, func(sc *xmlscan.Scanner) error {
		if sc.Kind == xmlscan.End || !sc.IsIn(xmlscan.PackageRels, "Relationship") && !(sc.Is("Relationship") && sc.Space() == xmlscan.NoSpace) {
			return nil
		}
		if len(rels) >= w.limits.MaxSheets+100 {
			return sheet.TooLarge("more relationships than a workbook has sheets and parts", "MaxSheets", int64(w.limits.MaxSheets))
		}
		var r relationship
		sc.EachAttrNS(func(sp xmlscan.Space, k, v []byte) {
			if sp != xmlscan.NoSpace {
				return
			}
			switch string(k) {
			case "Id":
				r.id = xmlscan.AttrText(v)
			case "Type":
				r.typ = xmlscan.AttrText(v)
			case "Target":
				r.target = xmlscan.AttrText(v)
			}
		})
		for _, o := range rels {
			if o.id == r.id {
				return sheet.Errorf(sheet.ErrAmbiguous, "two relationships have the id %q", r.id)
			}
		}
		rels = append(rels, r)
		return nil
	})
	return rels, err
}

// readStructure reads the workbook part (sheets, date system), its
// relationships, the styles and the shared strings.
func (w *Workbook) readStructure() error {
	wbPart := "xl/workbook.xml"
	rootRels, err := w.readRels("_rels/.rels")
	if err != nil {
		return err
	}
	for _, r := range rootRels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			wbPart = resolvePart("", r.target)
		}
	}
	type sheetRef struct{ name, state, rid string }
	var refs []sheetRef
	ok, err := w.scanSmall(wbPart, func(sc *xmlscan.Scanner) error {
		if sc.Kind == xmlscan.End {
			return nil
		}
		switch {
		case ml(sc, "workbookPr"):
			if v, ok := sc.Attr("date1904"); ok {
				w.date1904 = xmlBool(string(v))
			}
		case ml(sc, "calcPr"):
			if v, ok := sc.Attr("fullCalcOnLoad"); ok {
				w.fullCalc = xmlBool(string(v))
			}
		case ml(sc, "sheet"):
			if len(refs) >= w.limits.MaxSheets {
				return sheet.TooLarge(fmt.Sprintf("more than %s sheets", sheet.Count(int64(w.limits.MaxSheets))), "MaxSheets", int64(w.limits.MaxSheets))
			}
			var r sheetRef
			var decoy string
			sc.EachAttrNS(func(sp xmlscan.Space, k, v []byte) {
				switch {
				case sp == xmlscan.NoSpace && string(k) == "name":
					r.name = xmlscan.AttrText(v)
				case sp == xmlscan.NoSpace && string(k) == "state":
					r.state = string(v)
				case sp == xmlscan.OfficeRels && string(k) == "id":
					r.rid = xmlscan.AttrText(v)
				case string(k) == "id":
					decoy = xmlscan.AttrText(v)
				}
			})
			if decoy != "" {
				// Excel follows r:id; a program that matches the prefix or
				// the local name may follow this one.
				return sheet.Errorf(sheet.ErrAmbiguous, "sheet %q has an id attribute (%q) outside the relationships namespace", r.name, decoy)
			}
			refs = append(refs, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !ok {
		if w.parts.Find("[Content_Types].xml") == nil {
			return sheet.Errorf(sheet.ErrUnsupported, "a zip archive but not a workbook (no %s)", wbPart)
		}
		return sheet.Errorf(sheet.ErrMalformed, "the workbook has no %s", wbPart)
	}
	rels, err := w.readRels(path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels"))
	if err != nil {
		return err
	}
	targets := map[string]relationship{}
	stylesPart, ssPart := "", ""
	for _, r := range rels {
		t := resolvePart(path.Dir(wbPart), r.target)
		targets[r.id] = relationship{id: r.id, typ: r.typ, target: t}
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			ssPart = t
		case strings.HasSuffix(r.typ, "/styles"):
			stylesPart = t
		}
	}
	byPart := map[string]string{}
	for _, r := range refs {
		rel, ok := targets[r.rid]
		if !ok {
			continue // a broken reference: nothing to read
		}
		// Two sheets of one part: Excel repairs the file, and a reader
		// that follows both reads the part twice (a small file that
		// inflates to one large part would be read as many times as it
		// names it).
		key := strings.ToLower(rel.target)
		if other, ok := byPart[key]; ok {
			return sheet.Errorf(sheet.ErrMalformed, "sheets %q and %q are one part, %s", other, r.name, rel.target)
		}
		byPart[key] = r.name
		w.sheets = append(w.sheets, Info{Info: sheet.Info{Name: r.name, Kind: sheetKind(rel.typ),
			Hidden: r.state == "hidden" || r.state == "veryHidden", VeryHidden: r.state == "veryHidden"}, Part: rel.target})
	}
	if stylesPart != "" {
		if err := w.readStyles(stylesPart); err != nil {
			return err
		}
	}
	if ssPart != "" {
		if err := w.readSharedStrings(ssPart); err != nil {
			return err
		}
	}
	return nil
}

// sheetKind tells a sheet's kind from the type of its relationship, in
// the transitional or the Strict namespace.
func sheetKind(relType string) sheet.SheetKind {
	switch relType[strings.LastIndexByte(relType, '/')+1:] {
	case "chartsheet":
		return sheet.ChartSheet
	case "dialogsheet":
		return sheet.DialogSheet
	case "xlMacrosheet", "xlIntlMacrosheet":
		return sheet.MacroSheet
	}
	return sheet.Worksheet
}

func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(dir, target))
}

func xmlBool(s string) bool { return s == "1" || strings.EqualFold(s, "true") }
