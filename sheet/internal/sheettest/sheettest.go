// Package sheettest writes a workbook's rows as text lines, for the
// readers' tests to compare.
package sheettest

import (
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/sheet"
)

// Rows are a sheet's rows as a reader gives them.
type Rows interface {
	Next() (sheet.Row, error)
	Close() error
}

// Dump reads every sheet, in order, as lines "name(hidden)|num: kind:"value",...",
// and returns the error that ended the reading, if not the end.
func Dump(sheets []sheet.Info, open func(i int) (Rows, error)) ([]string, error) {
	var out []string
	for i, info := range sheets {
		r, err := open(i)
		if err != nil {
			return out, err
		}
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return out, err
			}
			var cells []string
			for _, c := range row.Cells {
				cells = append(cells, fmt.Sprintf("%s:%q", c.Kind, c.Value))
			}
			out = append(out, fmt.Sprintf("%s(%v)|%d: %s", info.Name, info.Hidden, row.Num, strings.Join(cells, ",")))
		}
		r.Close()
	}
	return out, nil
}
