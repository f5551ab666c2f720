// Package xlsx reads Office Open XML workbooks (.xlsx, .xlsm) as rows of
// typed cells, streaming: a sheet of a million rows is read in memory that
// does not grow with its rows.
//
//	wb, err := xlsx.Open(ctx, "tracker.xlsx", f, size, xlsx.Options{})
//	rows, err := wb.Rows(0)
//	for {
//		row, err := rows.Next() // io.EOF after the last
//		...
//	}
//
// It reads the workbook's structure (sheets and their visibility, the date
// system, number formats, shared strings) and then one sheet's XML with a
// purpose-built pull scanner rather than encoding/xml or excelize's Rows,
// which give no cell styles (a date or percent cell would be a bare number)
// and are over twenty times slower. A cell's kind comes from its number
// format: date formats give [sheet.Date] cells already as YYYY-MM-DD in the
// workbook's date system, percent formats [sheet.Percent]. excelize stays
// the reference: a differential test reads every fixture with both.
//
// Every part is bounded by [sheet.Limits]: inflated size and ratio (zip
// bombs), counts of sheets, styles, formats and shared strings, Excel's
// own row and column limits, the size of one cell's text. Every part that
// gives data is read to its end, so that its CRC-32 is checked. The shared
// strings keep a bounded amount of memory and spill the rest to a
// temporary file.
package xlsx
