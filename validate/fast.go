package validate

import (
	"fmt"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// embeddedErrors judges a record against the embedded schema (the
// product's own, schema.JSON) without decoding it into maps for
// jsonschema: the same errors, in the same words, as schemaErrors gives
// from jsonschema/v5's verdict on that schema. It is what the schema
// says, written out:
//
//   - externalId, status and asOfDate are required;
//   - no key but the five fields (additionalProperties false);
//   - externalId and status: text with a character other than the
//     pattern's \s (tab, line feed, form feed, carriage return, space);
//   - metricValue: a number;
//   - asOfDate: text in the ISO 8601 shape of the schema's pattern;
//   - comment: text.
//
// TestEmbeddedAgrees and FuzzEmbeddedAgrees hold it to jsonschema/v5 on
// the embedded schema; any other schema (--schema) goes through
// jsonschema/v5 alone. The schema test in package schema fails when the
// schema changes, so that this cannot silently drift from it.
func embeddedErrors(w *record.Written) []schemaError {
	var errs []schemaError
	for i, m := range w.Fields {
		field := schema.Fields[i]
		v := m.Value
		if i == schema.IndexMetricValue {
			if _, ok := metricNumber(w); ok {
				continue
			}
		}
		switch {
		case v.Kind == jsonarray.Missing:
			if i != schema.IndexMetricValue && i != schema.IndexComment {
				errs = append(errs, schemaError{field, "", schema.MsgRequired(field)})
			}
		case v.Kind != jsonarray.String:
			want := "text"
			if i == schema.IndexMetricValue {
				want = "a number"
			}
			errs = append(errs, schemaError{field, valueText(v), schema.APIName(field) + " must be " + want + "."})
		case i == schema.IndexMetricValue:
			errs = append(errs, schemaError{field, v.Text, schema.APIName(field) + " must be a number."})
		case i == schema.IndexExternalID || i == schema.IndexStatus:
			if !hasPatternNonSpace(v.Text) {
				errs = append(errs, schemaError{field, v.Text, schema.MsgRequired(field)})
			}
		case i == schema.IndexAsOfDate:
			if !record.IsISODateShape(v.Text) {
				msg := MsgDateForm
				if strings.TrimSpace(v.Text) == "" {
					msg = schema.MsgRequired(field)
				}
				errs = append(errs, schemaError{field, v.Text, msg})
			}
		}
	}
	// Unknown keys, each once, with the value it was last given (a decoded
	// object keeps the last of a key given twice).
	for i, m := range w.Unknown {
		first := true
		for _, p := range w.Unknown[:i] {
			if p.Key == m.Key {
				first = false
				break
			}
		}
		if !first {
			continue
		}
		last := m.Value
		for _, later := range w.Unknown[i+1:] {
			if later.Key == m.Key {
				last = later.Value
			}
		}
		errs = append(errs, schemaError{m.Key, valueText(last), unknownKeyMessage(m.Key)})
	}
	return errs
}

// unknownKeyMessage is the error of a key that names no field.
func unknownKeyMessage(key string) string {
	return fmt.Sprintf("%q is not a field of a progress update; the fields are %s.", key, strings.Join(schema.Fields, ", "))
}

// hasPatternNonSpace tells whether s matches the pattern \S: a character
// other than the five that Go's \s stands for (tab, line feed, form feed,
// carriage return, space). A vertical tab or a no-break space matches.
func hasPatternNonSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\f', '\r', ' ':
		default:
			return true
		}
	}
	return false
}

// metricNumber is the record's metric as a JSON number: a number as
// written, or in a CSV record text that reads as one.
func metricNumber(w *record.Written) (string, bool) {
	m := w.Fields[schema.IndexMetricValue].Value
	switch {
	case m.Kind == jsonarray.Number:
		return m.Text, true
	case w.Text && m.Kind == jsonarray.String:
		if t := strings.TrimSpace(m.Text); isJSONNumber(t) {
			return t, true
		}
	}
	return "", false
}

// valueText renders a value as the report shows it: text and numbers as
// written, true or false, {…} and […] for an object and an array, and
// nothing for null.
func valueText(v jsonarray.Value) string {
	switch v.Kind {
	case jsonarray.String, jsonarray.Number, jsonarray.Bool:
		return v.Text
	case jsonarray.Object:
		return "{…}"
	case jsonarray.Array:
		return "[…]"
	}
	return ""
}
