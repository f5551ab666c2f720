package xlsx_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/aitkit/aitkit/sheet/xlsx"
)

// A workbook's sheet streams its rows: cells typed by their format (a
// number shows as its format shows it, a date is YYYY-MM-DD), hidden rows
// marked. This tracker was saved by XlsxWriter
// (sheet/testdata/gen/shown_xlsxwriter.py).
func ExampleOpen() {
	f, err := os.Open("../testdata/shown-xlsxwriter.xlsx")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		log.Fatal(err)
	}
	wb, err := xlsx.Open(context.Background(), "shown.xlsx", f, st.Size(), xlsx.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows(0)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for {
		row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		var out []string
		for _, c := range row.Cells[:4] {
			text := c.Value
			if c.Shown != "" {
				text = c.Shown
			}
			out = append(out, fmt.Sprintf("%s(%s)", text, c.Kind))
		}
		fmt.Println(strings.Join(out, " "))
	}
	// Output:
	// External ID(text) Status(text) Metric Value(text) As Of Date(text)
	// 00123(number) 1(number) 54%(literal percent) 2025-07-04(date)
	// PLAN-007(number) 3(number) 54%(literal percent) 2025-07-03(date)
	// 42.00(number) 1(number) 0.54(percent) 2025-07-04(date)
	// 1001(number) 3(number) 20%(literal percent) 2025-07-03(date)
}
