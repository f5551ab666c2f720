/*
ait-validate checks AchieveIt progress-update records the way the import API
does, offline, and reports every error of every record with its place.

Usage:

	ait-validate [flags] [FILE]

It reads what ait-convert writes (a JSON array or an import CSV, read as
they are: keys in any case, dates in any ISO 8601 form, statuses spelled as
the API takes them) and anything ait-convert reads (a workbook or tracker
is converted first, so its errors name cells). Its verdicts are the
conformance table's (testdata/conformance), the same as ait-server's. On success the records, normalized, go to
standard output in the input's format (JSON for a workbook), so it can
stand in a pipe. On failure nothing goes to standard output, every error is
printed on standard error, one a line with its place, and the exit status
is 1.

Example:

	ait-convert tracker.xlsx | ait-validate | ait-submit
	ait-validate --ids export.xlsx updates.json
	ait-validate --report json updates.csv > report.json
	ait-validate --annotate checked.xlsx tracker.xlsx

Flags:

	--ids EXPORT       an External IDs export (a workbook or CSV): every externalId
	                   must be listed in it
	--ids-column NAME  the export's ID column, when it is not called External ID
	--statuses LIST    the organization's custom statuses, comma-separated
	--explain[=json]   check, write no records, and show how the input was
	                   read (sheet, header, columns, statuses) and the counts
	--max-comment N    the longest comment, in characters (default 32767)
	--report json      print the report (the API's 400 shape, with sources)
	                   on standard output instead of the records
	--annotate OUT     for a workbook (a file, or on standard input): write a
	                   copy of it to OUT.xlsx in which every cell with an
	                   error is red and carries a comment, with a first sheet
	                   "Validation" listing the errors with links to their
	                   cells (the input is never modified)
	--schema PATH      check with another JSON Schema instead of the embedded one
	--print-schema     print the embedded JSON Schema and exit
	--config PATH      read defaults from this file (default: ./aitkit.toml, else
	                   aitkit/config.toml in the user's configuration folder)
	-v                 say which configuration file was read
	-q                 print nothing but errors (no warnings, no summary)
	--version          print the version
	--completion SHELL print a completion script for bash, zsh, fish
	                   or powershell, made from these flags
	--man              print the manual page
	-h                 print this help

	For a workbook or tracker, ait-convert's flags say how to read it:
	--sheet, --header-row, --map, --status-map, --date-order, --as-of,
	--percent-points, --decimal-comma, --decimal-point, --visible-only,
	--max-part-size
	(see ait-convert -h).

Errors of one kind (same field, problem and value) are shown for the
first 20 places, then counted; unknown status words are summed up.
Warnings (they do not fail the check): two updates of one External ID for
the same date (listed after the records have all been read), and External
IDs with the word "external", a comma or a quotation mark, which older
AchieveIt imports refused.

Exit status: 0 every record is valid; 1 a record is invalid; 2 usage or
input error (a bad flag, an unreadable or damaged file); 130 interrupted.
*/
package main
