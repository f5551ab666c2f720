/*
ait-convert turns spreadsheets into AchieveIt progress-update import records.

Usage:

	ait-convert [flags] [FILE ...]

It reads workbooks (.xlsx, .xlsm, and .xls, .ods, .fods), delimited text
(.csv, .tsv, .txt: comma, semicolon, tab or pipe; UTF-8, UTF-16 or
Windows-1252) and JSON arrays, from
the files named or from standard input, and writes the records as JSON (or
CSV) to standard output or -o. Where it cannot be sure (two columns that
could be one field, 03/07/2025, 1,234) it refuses, naming the choices and
the flag that picks one; the summary names the columns it read. Rows without an update (no status, metric or
comment) are skipped. Every error of every row is reported on standard error
with its place (tracker.xlsx!Updates!D17, updates.csv:18, updates.json[16]);
when any row fails nothing is written and the exit status is 1.

Example:

	ait-convert tracker.xlsx > updates.json
	ait-convert --status-map 'Green=On Track' --date-order dmy -o out/ *.xlsx
	ait-convert tracker.xlsx | ait-validate | ait-submit

Exit status: 0 success; 1 a row was rejected; 2 usage or input error (an
unreadable, damaged or unsupported file); 130 interrupted.
*/
package main
