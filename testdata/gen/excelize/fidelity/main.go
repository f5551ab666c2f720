// Command fidelity writes testdata/fidelity/excelize/CASE.xlsx with
// excelize, one workbook per case of testdata/fidelity/cases.json (made by
// testdata/gen/fidelity/cases.py), for the LibreOffice differential
// harness. excelize stores formulas without a cached value. Covered:
// number formats (built-in IDs where Excel has one, custom codes
// otherwise), hidden and very hidden sheets, hidden rows and columns, the
// 1904 date system. Run from the module root, as
// testdata/fidelity/make.sh does:
//
//	go run ./testdata/gen/excelize/fidelity
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

const dir = "testdata/fidelity"

type sheetSpec struct {
	Name       string              `json:"name"`
	Hidden     string              `json:"hidden"`
	HiddenRows []int               `json:"hiddenRows"`
	HiddenCols []string            `json:"hiddenCols"`
	Rows       [][]json.RawMessage `json:"rows"`
}

type caseSpec struct {
	Name     string      `json:"name"`
	Date1904 bool        `json:"date1904"`
	Sheets   []sheetSpec `json:"sheets"`
}

// builtin are the number formats Excel knows by ID.
var builtin = map[string]int{"0.00": 2, "#,##0.00": 4, "0%": 9, "mm-dd-yy": 14, "@": 49}

func main() {
	b, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		log.Fatal(err)
	}
	var spec struct{ Cases []caseSpec }
	if err := json.Unmarshal(b, &spec); err != nil {
		log.Fatal(err)
	}
	out := filepath.Join(dir, "excelize")
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, c := range spec.Cases {
		if err := write(c, filepath.Join(out, c.Name+".xlsx")); err != nil {
			log.Fatalf("%s: %v", c.Name, err)
		}
	}
	fmt.Printf("wrote %d workbooks in %s\n", len(spec.Cases), out)
}

func write(c caseSpec, path string) (err error) {
	f := excelize.NewFile()
	defer f.Close()
	check := func(e error) {
		if e != nil && err == nil {
			err = e
		}
	}
	if c.Date1904 {
		t := true
		check(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &t}))
	}
	styles := map[string]int{}
	style := func(code string) int {
		if id, ok := styles[code]; ok {
			return id
		}
		s := &excelize.Style{}
		if n, ok := builtin[code]; ok {
			s.NumFmt = n
		} else {
			s.CustomNumFmt = &code
		}
		id, e := f.NewStyle(s)
		check(e)
		styles[code] = id
		return id
	}
	for i, s := range c.Sheets {
		if i == 0 {
			check(f.SetSheetName("Sheet1", s.Name))
		} else {
			_, e := f.NewSheet(s.Name)
			check(e)
		}
		for r, row := range s.Rows {
			for col, raw := range row {
				ref, e := excelize.CoordinatesToCellName(col+1, r+1)
				check(e)
				check(setCell(f, s.Name, ref, raw, style))
			}
		}
		for _, r := range s.HiddenRows {
			check(f.SetRowVisible(s.Name, r, false))
		}
		for _, col := range s.HiddenCols {
			check(f.SetColVisible(s.Name, col, false))
		}
	}
	// Hide sheets last: excelize refuses to hide the active sheet, so the
	// first visible one is made active first.
	for i, s := range c.Sheets {
		if s.Hidden == "" {
			f.SetActiveSheet(i)
			break
		}
	}
	for _, s := range c.Sheets {
		if s.Hidden != "" {
			check(f.SetSheetVisible(s.Name, false, s.Hidden == "veryHidden"))
		}
	}
	if err != nil {
		return err
	}
	return f.SaveAs(path)
}

// setCell writes one cell of cases.json: null, a string, a number, or an
// object with "v", "fmt" and "f".
func setCell(f *excelize.File, sheet, ref string, raw json.RawMessage, style func(string) int) error {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	switch v := v.(type) {
	case nil:
		return nil
	case string, float64:
		return f.SetCellValue(sheet, ref, v)
	case map[string]any:
		if formula, ok := v["f"].(string); ok {
			if err := f.SetCellFormula(sheet, ref, formula); err != nil {
				return err
			}
		} else if err := f.SetCellValue(sheet, ref, v["v"]); err != nil {
			return err
		}
		if code, ok := v["fmt"].(string); ok {
			return f.SetCellStyle(sheet, ref, ref, style(code))
		}
		return nil
	}
	return fmt.Errorf("%s: unexpected cell %s", ref, raw)
}
