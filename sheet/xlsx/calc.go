package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/xuri/excelize/v2"
)

// A formula saved without its cached value (openpyxl and other libraries
// write them) is computed by excelize's calculation engine, which needs the
// whole workbook open: it is opened once, the first time a cell needs it,
// and only for workbooks up to maxCalcSize.
const maxCalcSize = 64 << 20

// maxFormulaStyles is how many formula cells' styles a sheet keeps for
// Calc: past it, a computed number is read as a plain number.
const maxFormulaStyles = 100_000

// ErrCannotCompute: a formula saved without its value that cannot be
// computed here.
var ErrCannotCompute = fmt.Errorf("aitkit cannot compute it")

type cellRef struct{ row, col int }

// Calc computes the formula of the cell in row num, column col (0-based),
// which the sheet gave as a sheet.Formula cell, and returns its value as a
// cell of the kind its number format says.
func (r *Rows) Calc(num, col int) (sheet.Cell, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, err := r.wb.calcFile()
	if err != nil {
		return sheet.Cell{}, err
	}
	ref := sheet.ColumnName(col) + strconv.Itoa(num)
	v, err := f.CalcCellValue(r.info.Name, ref, excelize.Options{RawCellValue: true})
	switch {
	case err != nil && strings.HasPrefix(err.Error(), "#"):
		return sheet.Cell{Value: err.Error(), Kind: sheet.ErrorValue}, nil
	case err != nil:
		return sheet.Cell{}, fmt.Errorf("%w (%v)", ErrCannotCompute, err)
	case strings.HasPrefix(v, "#"):
		return sheet.Cell{Value: v, Kind: sheet.ErrorValue}, nil
	}
	kind := sheet.Number
	if s, ok := r.formulaStyle[cellRef{num, col}]; ok {
		if f := r.wb.format(s); f != nil {
			kind = f.Kind()
		}
	}
	if _, err := strconv.ParseFloat(v, 64); err != nil || v == "" {
		if v == "TRUE" || v == "FALSE" {
			return sheet.Cell{Value: v, Kind: sheet.Bool}, nil
		}
		return sheet.Cell{Value: v}, nil
	}
	if kind == sheet.Date {
		return r.dateCell([]byte(v)), nil
	}
	return sheet.Cell{Value: v, Kind: kind}, nil
}

// calcFile opens the workbook in excelize, once.
func (w *Workbook) calcFile() (*excelize.File, error) {
	if w.calc != nil || w.calcErr != nil {
		return w.calc, w.calcErr
	}
	if w.size > maxCalcSize {
		w.calcErr = fmt.Errorf("%w: the workbook is over %s bytes, too large to compute its formulas here", ErrCannotCompute, sheet.Count(maxCalcSize))
		return nil, w.calcErr
	}
	w.calc, w.calcErr = excelize.OpenReader(io.NewSectionReader(w.ra, 0, w.size), excelize.Options{
		UnzipSizeLimit: maxCalcSize * 16, UnzipXMLSizeLimit: maxCalcSize * 4})
	if w.calcErr != nil {
		w.calcErr = fmt.Errorf("%w: %v", ErrCannotCompute, w.calcErr)
	}
	return w.calc, w.calcErr
}
