/*
ait-template writes a tracker workbook for the plan items of an External IDs
export, ready to fill in Excel and to convert back with no flags.

Usage:

	ait-template [flags] EXPORT -o tracker.xlsx

EXPORT is AchieveIt's External IDs export, or any workbook or CSV with an
External ID column; its other columns (name, type, path...) are carried into
the tracker to help find each item. The tracker has one row per item: the
External ID and the carried columns locked (sheet protection without a
password), then Status (a drop-down list of the statuses), Metric Value (a
percentage, checked to be a number), As Of Date (a date, checked to be one)
and Comment (wrapped text) to fill in; a frozen header row, an autofilter,
and a second sheet "How to fill".

Example:

	ait-template export.xlsx -o tracker.xlsx
	ait-template --as-of 2025-09-30 --statuses 'Planned,Underway,Completed' export.csv -o q3.xlsx
	ait-convert tracker.xlsx | ait-validate | ait-submit

Exit status: 0 written; 2 usage or input error.
*/
package main
