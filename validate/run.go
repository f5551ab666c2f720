package validate

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
)

// Checked is one record and its verdict.
type Checked struct {
	Position   int    // 0-based index in what would be submitted
	Source     string // where the record is in the input
	ExternalID string
	Update     schema.Update // the record as it would be sent (valid records only)
	Errors     []FieldError
	Warnings   []string // what the API accepts but the user should see
}

// Run checks every record of src in order, calls fn for each (fn may be
// nil) and returns the report. An error from src or fn ends the run.
func (v *Validator) Run(src Source, fn func(*Checked) error) (*Report, error) {
	rep := &Report{Errors: []RecordErrors{}}
	seen := map[string]string{} // externalId + asOfDate -> the first record's source
	warned := map[string]bool{} // External IDs already warned about
	for pos := 0; ; pos++ {
		it, err := src.Next()
		if err == io.EOF {
			return rep, nil
		}
		if err != nil {
			return rep, err
		}
		c := v.check(pos, it)
		if len(c.Errors) == 0 {
			key := c.Update.ExternalID + "\x00" + c.Update.AsOfDate
			if first, dup := seen[key]; dup {
				c.Warnings = append(c.Warnings, fmt.Sprintf("External ID %q has a second update for %s (the first is at %s); both would be imported", c.ExternalID, c.Update.AsOfDate, first))
			} else {
				seen[key] = c.Source
			}
			if w := idWarning(c.ExternalID); w != "" && !warned[c.ExternalID] {
				warned[c.ExternalID] = true
				c.Warnings = append(c.Warnings, w)
			}
		}
		rep.add(&c)
		if fn != nil {
			if err := fn(&c); err != nil {
				return rep, err
			}
		}
	}
}

// check checks one item.
func (v *Validator) check(pos int, it Item) Checked {
	c := Checked{Position: pos, Source: it.Source}
	switch {
	case it.ConvErrors != nil:
		c.ExternalID = it.ExternalID
		for _, fe := range it.ConvErrors {
			c.Errors = append(c.Errors, FieldError{Field: fe.Field, Value: fe.Value, Message: conversionMessage(fe), Source: fe.Place.String()})
		}
	case it.Update != nil:
		c.Errors, c.Update = v.CheckUpdate(*it.Update)
		c.ExternalID = it.Update.ExternalID
	default:
		c.Errors, c.Update = v.Check(it.Record)
		if obj, ok := it.Record.(map[string]any); ok {
			c.ExternalID = text(obj[schema.FieldExternalID])
		}
	}
	return c
}

// conversionMessage words a conversion error the way the API words its
// own, followed by what ait-convert found and expected.
func conversionMessage(fe *convert.FieldError) string {
	var api string
	switch {
	case errors.Is(fe.Err, convert.ErrRequired):
		return apiName(fe.Field) + " is required."
	case errors.Is(fe.Err, convert.ErrBadStatus):
		api = MsgStatusInvalid
	case errors.Is(fe.Err, convert.ErrNotNumber):
		api = apiName(fe.Field) + " must be a number."
	case errors.Is(fe.Err, convert.ErrNotDate):
		api = apiName(fe.Field) + " must be a date."
	case errors.Is(fe.Err, convert.ErrAmbiguousDate):
		api = apiName(fe.Field) + " is ambiguous."
	default:
		api = apiName(fe.Field) + " is invalid."
	}
	expected, hint, ok := convert.Expected(fe.Err)
	if !ok {
		detail := fe.Err.Error()
		return api + " " + strings.ToUpper(detail[:1]) + detail[1:] + "."
	}
	msg := api + " Expected " + expected
	if hint != "" {
		msg += " (" + hint + ")"
	}
	return msg + "."
}

// idWarning is the warning for an External ID that older AchieveIt imports
// refused: one with the word "external", a comma or a quotation mark.
func idWarning(id string) string {
	var what []string
	if strings.Contains(strings.ToLower(id), "external") {
		what = append(what, `the word "external"`)
	}
	if strings.Contains(id, ",") {
		what = append(what, "a comma")
	}
	if strings.ContainsAny(id, "\"“”") {
		what = append(what, "a quotation mark")
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("External ID %q contains %s, which older AchieveIt imports refused", id, strings.Join(what, " and "))
}
