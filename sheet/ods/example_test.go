package ods_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"strings"

	"github.com/aitkit/aitkit/sheet/ods"
)

// A flat OpenDocument spreadsheet is read as a stream of rows; repeated
// cells and rows are expanded only where they hold something, and a
// formula saved with its value gives the value.
func ExampleOpenFlat() {
	doc := `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>
<table:table table:name="Updates">
<table:table-row><table:table-cell office:value-type="string"><text:p>External ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Metric Value</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>AA-1</text:p></table:table-cell><table:table-cell table:formula="of:=27/50" office:value-type="percentage" office:value="0.54"><text:p>54%</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="2"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document>`
	wb, err := ods.OpenFlat(context.Background(), "updates.fods", strings.NewReader(doc), int64(len(doc)), ods.Options{})
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
		fmt.Println(row.Num, row.Cells[0].Value, row.Cells[1].Value, row.Cells[1].Kind)
	}
	// Output:
	// 1 External ID Metric Value text
	// 4 AA-1 0.54 percent
}
