// Command excelizecsv writes the first sheet of a workbook as CSV with
// excelize's streaming Rows iterator: the reference peer of bench/compare.sh.
//
//	go run ./bench/excelizecsv tracker.xlsx > tracker.csv
package main

import (
	"bufio"
	"encoding/csv"
	"log"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(f.GetSheetList()[0])
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	w := csv.NewWriter(bufio.NewWriterSize(os.Stdout, 1<<16))
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			log.Fatal(err)
		}
		w.Write(cols)
	}
	w.Flush()
}
