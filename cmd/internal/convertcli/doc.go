// Package convertcli is the command line's side of package convert,
// shared by the commands that convert their input (ait-convert,
// ait-validate, ait-submit, ait-template): the conversion flags, opening
// an input, and printing --explain. It is apart from package cli so that
// a command that reads only records (ait-server) links no spreadsheet
// reader.
package convertcli
