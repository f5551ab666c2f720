// Package delimited reads delimited text (CSV, TSV, semicolon- or
// pipe-separated) as rows of text cells, one at a time, with the line
// each starts on.
//
//	r, err := delimited.NewReader("updates.csv", f, delimited.Options{})
//	for {
//		row, err := r.Next() // io.EOF after the last
//		...
//	}
//
// Input quirks are io.Reader wrappers in front of encoding/csv, not ifs in
// a parser: the encoding (UTF-8 with or without a byte-order mark, UTF-16
// with one or told by its zero bytes, Windows-1252 when the text is not
// valid UTF-8), old Mac line ends (a lone CR), Excel's text formula
// ="00123" (read as the text 00123), and a guard that stops a row longer
// than [sheet.Limits].MaxRowBytes before it is gathered in memory. Bytes
// that are not valid in the text's encoding are an error naming their
// line, never U+FFFD. The delimiter is detected from the first lines.
package delimited
