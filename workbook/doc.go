// Package workbook writes the workbooks aitkit gives back to the people
// who fill trackers: a tracker made for an External IDs export
// ([WriteTemplate], through excelize's StreamWriter) and a copy of a
// user's workbook with its errors marked ([Annotator], [Annotate]: the
// package copied part by part, the marked sheets rewritten as streams).
// Neither holds the rows: a million of them take the memory of a few.
// Reading stays in package convert.
package workbook
