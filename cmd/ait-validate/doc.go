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
