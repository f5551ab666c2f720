// Package sheet is what every source of rows yields, whatever its format:
// rows of typed cells ([Row], [Cell]) and the place of each cell in the
// user's file ([Place]), with the errors and limits the readers share.
//
// The readers live in sub-packages, one per format: [xlsx] for Office Open
// XML workbooks, [xls] for Excel 97-2003, [ods] for OpenDocument,
// [delimited] for CSV and other delimited text, [jsonarray] for arrays of
// JSON records. They read the way encoding/csv does: a constructor over an
// io.Reader (or io.ReaderAt) and a Next method that returns one row at a
// time, so a million rows never sit in memory (the package example runs
// this):
//
//	r, err := delimited.NewReader("updates.csv", f, delimited.Options{})
//	...
//	for {
//		row, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		...
//	}
//
// A cell's Value is text as the reader found it: a number as stored
// ("0.54300000000000004"), a date cell already as YYYY-MM-DD, text as
// typed. Its Kind says which, from the cell's number format ([ParseFormat]):
// a date, a percent, a number shown with a literal percent sign; Shown is
// the text a number shows when its format changes it (00123). A workbook
// reader computes the formulas saved without their values as the sheet
// streams, or gives a [Formula] cell saying why it could not. Workbook
// readers also say which rows are hidden ([Row].Hidden), which columns
// (their Rows' HiddenColumns), and what each sheet is ([Info]).
//
// [xlsx]: github.com/aitkit/aitkit/sheet/xlsx
// [xls]: github.com/aitkit/aitkit/sheet/xls
// [ods]: github.com/aitkit/aitkit/sheet/ods
// [delimited]: github.com/aitkit/aitkit/sheet/delimited
// [jsonarray]: github.com/aitkit/aitkit/sheet/jsonarray
package sheet
