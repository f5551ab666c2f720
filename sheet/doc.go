// Package sheet is what every source of rows yields, whatever its format:
// rows of typed cells ([Row], [Cell]) and the place of each cell in the
// user's file ([Place]), with the errors and limits the readers share.
//
// The readers live in sub-packages, one per format: [xlsx] for Office Open
// XML workbooks, [delimited] for CSV and other delimited text, [jsonarray]
// for arrays of JSON records. They read the way encoding/csv does: a
// constructor over an io.Reader (or io.ReaderAt) and a Next method that
// returns one row at a time, so a million rows never sit in memory.
//
//	r := delimited.NewReader("updates.csv", f, delimited.Options{})
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
// typed. Its Kind says which.
//
// [xlsx]: github.com/aitkit/aitkit/sheet/xlsx
// [delimited]: github.com/aitkit/aitkit/sheet/delimited
// [jsonarray]: github.com/aitkit/aitkit/sheet/jsonarray
package sheet
