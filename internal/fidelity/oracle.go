// Package fidelity is the LibreOffice differential harness: it holds
// LibreOffice's own reading of each workbook of testdata/fidelity (the
// oracle, written by testdata/gen/fidelity/lo.py), derives from it the
// records a user who sees those cells means (the SPEC's reading of what is
// shown), and compares them with what ait-convert wrote. ait-convert must
// agree, or refuse naming the cell (or the sheet) concerned.
//
// The package reads no workbook and imports nothing of the converter: the
// expectations come from LibreOffice's shown values and from the SPEC's
// rules, written here again on purpose, small and apart, so that a bug of
// the converter cannot hide in its own expectation.
package fidelity

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

// Oracle is LibreOffice's reading of one workbook.
type Oracle struct {
	File     string  `json:"file"`
	NullDate string  `json:"nullDate"` // 1899-12-30, or 1904-01-01 in the 1904 date system
	Sheets   []Sheet `json:"sheets"`
}

// Sheet is one sheet as LibreOffice shows it.
type Sheet struct {
	Name         string    `json:"name"`
	Visible      bool      `json:"visible"`
	UsedRows     int       `json:"usedRows"`
	HiddenRows   []int     `json:"hiddenRows"`   // 1-based
	FilteredRows []int     `json:"filteredRows"` // 1-based, filtered out by an autofilter
	HiddenCols   []string  `json:"hiddenCols"`   // letters
	Rows         [][]*Cell `json:"rows"`         // the used area; nil for an empty cell
}

// Cell is one cell as LibreOffice shows it.
type Cell struct {
	Shown   string   `json:"shown"`   // the text shown in the cell
	Kind    string   `json:"kind"`    // "text", "number" or "formula"
	Formula string   `json:"formula"` // a formula's text
	Result  string   `json:"result"`  // a formula's result: "text", "number" or "error"
	Value   *float64 `json:"value"`   // the number, for a number or a number result
	Format  string   `json:"format"`  // the number format of a number
	Date    string   `json:"date"`    // YYYY-MM-DD, when the number format is a date
}

// Numeric says whether the cell holds a number (a number result included).
func (c *Cell) Numeric() bool { return c != nil && c.Value != nil }

// Error says whether the cell is a formula whose result is an error.
func (c *Cell) Error() bool { return c != nil && c.Result == "error" }

// LoadOracle reads an oracle file (NAME.oracle.json).
func LoadOracle(path string) (*Oracle, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var o Oracle
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &o, nil
}

// Sheet returns the sheet of that name, or nil.
func (o *Oracle) Sheet(name string) *Sheet {
	for i := range o.Sheets {
		if o.Sheets[i].Name == name {
			return &o.Sheets[i]
		}
	}
	return nil
}

// Cell returns the cell at 0-based row and column, or nil.
func (s *Sheet) Cell(row, col int) *Cell {
	if row < 0 || row >= len(s.Rows) || col < 0 || col >= len(s.Rows[row]) {
		return nil
	}
	return s.Rows[row][col]
}

// RowHidden says whether the 1-based row is hidden or filtered out.
func (s *Sheet) RowHidden(row int) bool {
	return slices.Contains(s.HiddenRows, row) || slices.Contains(s.FilteredRows, row)
}

// ColHidden says whether the 0-based column is hidden.
func (s *Sheet) ColHidden(col int) bool { return slices.Contains(s.HiddenCols, ColumnName(col)) }

// ColumnName is the letters of a 0-based column: 0 is A, 26 is AA.
func ColumnName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// Cases is the matrix of testdata/fidelity/cases.json: for each case (a
// workbook every writer wrote), the command lines the harness runs.
type Cases map[string][][]string

// LoadCases reads cases.json.
func LoadCases(path string) (Cases, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec struct {
		Cases []struct {
			Name string     `json:"name"`
			Runs [][]string `json:"runs"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cs := Cases{}
	for _, c := range spec.Cases {
		cs[c.Name] = c.Runs
	}
	return cs, nil
}
