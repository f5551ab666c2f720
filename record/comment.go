package record

import "strings"

// CanonicalComment is a comment with its line ends in the one form records
// use: "\n". A "\r\n" (Windows; a quoted CSV field written by Excel) and a
// lone "\r" (old Mac) become "\n", so that one comment, typed on any
// system and sent as JSON or CSV, is one update: the CSV reader used to
// drop the CR of "\r\n" while JSON kept it.
func CanonicalComment(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
