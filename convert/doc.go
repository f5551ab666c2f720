// Package convert turns rows of spreadsheets, delimited text and JSON into
// AchieveIt progress-update records ([schema.Update]): it finds the header
// and the column of each field, runs every row through one normalization
// (External IDs, statuses, numbers, dates), and writes the records as JSON
// or CSV.
//
//	r, err := convert.Open(ctx, "tracker.xlsx", convert.Options{})
//	defer r.Close()
//	for {
//		rec, err := r.Next() // io.EOF at the end; a *RowError for a bad row
//		...
//	}
//
// Data flows one way: a format's reader (package sheet and its
// sub-packages) yields rows of typed cells, the Reader here maps them to
// fields and normalizes them, and a record.Writer writes them. Every
// error names its place: a cell (tracker.xlsx!Updates!D17), a line
// (updates.csv:18) or a record (updates.json[16]).
//
// Where the input leaves a question open (which sheet, which column, the
// order of 03/07/2025, the decimal separator of 1,234, whether 54 means
// 54%, what a status word means), the package refuses rather than guess:
// the error is, or wraps, a [*Refusal] that carries the question and its
// choices as data ([AsRefusal], [Refusals]); a refusal of the whole input
// comes from [Open] or [NewReader] (or ends the reading, for a metric
// column that reads two ways), one about a value is the Err of its
// field's error. Its messages name no command-line flags: the commands
// print each choice as the flag that gives it, a web page as a button.
// [Reader.Explain] says every decision taken, and which option took it.
//
// An input already in the import API's own format (a JSON array, a CSV
// with the import header or none) can also be read as written
// ([ViewAsWritten], [Reader.Written]): keys and values as the API will
// see them, for a checker that judges records the way the API does.
package convert
