package record

import (
	"strings"
	"unicode"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// Written is a record as an input in the import API's own format writes
// it, before any conversion: the keys or headers as spelled and each
// value with its JSON type (every value of a CSV is a string). It is what
// a checker that judges records the way the API does needs to see.
type Written struct {
	Place sheet.Place
	// NotObject is a JSON element that is not an object: its type and
	// first bytes. Its Kind is jsonarray.Missing for a record.
	NotObject jsonarray.Value
	// Fields are the record's fields in schema.Fields order, their keys as
	// written; a field that is not there has the key "" and Kind Missing.
	Fields [schema.NumFields]jsonarray.Member
	// Unknown are the keys that name no field, or the values of a CSV row
	// past its last column.
	Unknown []jsonarray.Member
	// Duplicate names a key given twice (or two spellings of one field).
	Duplicate string
	// Ambiguous says which keys could each be one field, none by its own
	// name (JSON whose keys are matched with aliases, Options.Keys).
	Ambiguous string
	// Text is set for a record of a CSV: every value is text, and the
	// metric is a number when its text reads as one.
	Text bool
}

// WrittenOf returns u as the import API's JSON would write it.
func WrittenOf(u schema.Update) Written {
	var w Written
	set := func(i int, kind jsonarray.Kind, text string) {
		w.Fields[i] = jsonarray.Member{Key: schema.Fields[i], Value: jsonarray.Value{Kind: kind, Text: text}}
	}
	set(schema.IndexExternalID, jsonarray.String, u.ExternalID)
	set(schema.IndexStatus, jsonarray.String, u.Status)
	if u.MetricValue != "" {
		set(schema.IndexMetricValue, jsonarray.Number, u.MetricValue)
	}
	set(schema.IndexAsOfDate, jsonarray.String, u.AsOfDate)
	if u.Comment != "" {
		set(schema.IndexComment, jsonarray.String, u.Comment)
	}
	return w
}

// Source yields records as written, one at a time, for a checker. Next
// returns the next record; a *RowError for a record that could not be
// read (a row of a tracker that did not convert), after which Next goes
// on; io.EOF at the end; any other error ends the input. The Written may
// be reused by the next call.
type Source interface {
	Next() (*Written, error)
}

// Field is the index in schema.Fields of the field a key or CSV header
// names, compared without regard to case, spaces and punctuation
// ("externalID", "External Id", "external_id"), with no aliases: the
// import API's own names only.
func Field(key string) (int, bool) {
	for i, f := range schema.Fields {
		if key == f { // the common case, without folding
			return i, true
		}
	}
	k := Fold(key)
	for i := range schema.Fields {
		if k == foldedFields[i] || k == foldedHeaders[i] {
			return i, true
		}
	}
	return -1, false
}

// Fold is the form keys and headers are compared in: lower case, letters,
// digits and % only ("External ID", "external_id" and "externalId" all
// give "externalid").
func Fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '%':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldedFields and foldedHeaders are the fields' keys and CSV headers
// after Fold.
var foldedFields, foldedHeaders = func() (f, h [schema.NumFields]string) {
	for i := range schema.Fields {
		f[i], h[i] = Fold(schema.Fields[i]), Fold(schema.CSVHeader[i])
	}
	return f, h
}()
