package sheet_test

import (
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// Every reader gives rows of typed cells, one at a time, the way
// encoding/csv does.
func Example() {
	in := "External ID,Status,Metric Value\nAA-1,On Track,54%\nAA-2,At Risk,\n"
	r, err := delimited.NewReader("updates.csv", strings.NewReader(in), delimited.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row.Num, row.Texts(), sheet.LinePlace("updates.csv", row.Num))
	}
	// Output:
	// 1 [External ID Status Metric Value] updates.csv:1
	// 2 [AA-1 On Track 54%] updates.csv:2
	// 3 [AA-2 At Risk ] updates.csv:3
}

// A number format is parsed, not matched by pattern: it tells what kind of
// cell a number makes and the text the number shows.
func ExampleParseFormat() {
	for _, code := range []string{`00000`, `"PLAN-"000`, `0"%"`, `#,##0.00`, `0%`, `[$-409]d mmm yyyy`} {
		f := sheet.ParseFormat(164, code)
		shown, ok := f.Show(123)
		fmt.Printf("%-18s %-15s %q %v\n", code, f.Kind(), shown, ok)
	}
	// Output:
	// 00000              number          "00123" true
	// "PLAN-"000         number          "PLAN-123" true
	// 0"%"               literal percent "123%" true
	// #,##0.00           number          "123.00" true
	// 0%                 percent         "12300%" true
	// [$-409]d mmm yyyy  date            "" false
}

// A date serial is a day in the workbook's date system, rounded to the
// millisecond as spreadsheet programs show it.
func ExampleSerialDate() {
	for _, serial := range []float64{45841, 45841.75, 45841.999999999993} {
		d, _ := sheet.SerialDate(serial, false)
		fmt.Println(d)
	}
	d, _ := sheet.SerialDate(44379, true) // the 1904 date system
	fmt.Println(d)
	// Output:
	// 2025-07-03
	// 2025-07-03
	// 2025-07-04
	// 2025-07-03
}

// Every message names its place the same way.
func ExamplePlace() {
	fmt.Println(sheet.CellPlace("tracker.xlsx", "Updates", 17, 3))
	fmt.Println(sheet.CellPlace("tracker.xlsx", "Q3 2025", 2, 0))
	fmt.Println(sheet.LinePlace("updates.csv", 18))
	fmt.Println(sheet.RecordPlace("updates.json", 16))
	// Output:
	// tracker.xlsx!Updates!D17
	// tracker.xlsx!'Q3 2025'!A2
	// updates.csv:18
	// updates.json[16]
}

// Hidden columns come as runs.
func ExampleColumnSet() {
	var hidden sheet.ColumnSet
	hidden.Add(1, 1)
	hidden.Add(3, 5)
	hidden.Add(6, 6)
	fmt.Println(hidden, hidden.Has(4), hidden.Has(2))
	// Output:
	// B, D-G true false
}
