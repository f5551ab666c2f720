// Package workbook writes the workbooks aitkit gives back to the people
// who fill trackers: a tracker made for an External IDs export
// ([WriteTemplate]) and a copy of a user's workbook with its errors marked
// ([Annotate]). It writes with excelize; reading stays in package convert.
package workbook
