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

Flags:

	-o PATH            output file; with several inputs, a directory that gets
	                   one output per input (default: standard output)
	-f csv|json        output format (default: from the -o extension, else json)
	--sheet NAME|N     worksheet (default: the one visible worksheet whose
	                   header row has an External ID column; several are
	                   refused, naming each with its row count)
	--header-row N     1-based header row (default: found in the first 20 rows)
	--map COL=FIELD    read column COL as FIELD (externalId, status, metricValue,
	                   asOfDate, comment); repeatable
	--status-map A=B   read the status A as B, e.g. 'Green=On Track'; repeatable,
	                   or several pairs in one: '1=On Track,3=Off Track'
	--statuses LIST    the organization's custom statuses, comma-separated
	--date-order O     mdy or dmy: how to read dates like 03/07/2025 when the
	                   column does not show it
	--decimal-comma    typed numbers use a decimal comma (1.234,5; 1,234 is
	                   1.234); --decimal-point the other way (1,234 is 1234).
	                   Without either, a number is read as it or its column
	                   shows, and one that reads both ways is refused
	--as-of DATE       the As Of Date for rows that have none
	--percent-points   bare numbers in the metric column are percentage points
	                   (54 means 0.54)
	--visible-only     leave out rows hidden or filtered out in the workbook
	                   (default: they are converted, and the summary counts
	                   them)
	--skip-invalid     write the rows that convert and report the rest
	                   (the exit status is still 1 when a row was skipped)
	--explain[=json]   write no records: show every decision (sheet, header
	                   row, each field's column and the ones passed over,
	                   date order, decimal separator, status words, counts,
	                   the first three records)
	--max-comment N    the longest comment, in characters (default 32767)
	--max-part-size S  the most a workbook part may inflate to (default 4GiB)
	--config PATH      read defaults from this file (default: ./aitkit.toml, else
	                   aitkit/config.toml in the user's configuration folder)
	-v                 say which configuration file was read
	-q                 print nothing but errors
	--version          print the version
	--completion SHELL print a completion script for bash, zsh, fish
	                   or powershell, made from these flags
	--man              print the manual page
	-h                 print this help

Exit status: 0 success; 1 a row was rejected; 2 usage or input error (an
unreadable, damaged or unsupported file); 130 interrupted.
*/
package main
