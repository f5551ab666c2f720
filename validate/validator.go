package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// The API's own messages.
const (
	MsgStatusInvalid = "Status is invalid."
	MsgUnknownID     = "External ID is invalid or its associated plan item has been deleted."
)

// Options are the choices of a Validator.
type Options struct {
	Schema   []byte          // a JSON Schema to use instead of the embedded one
	Statuses schema.Statuses // the organization's statuses; zero means the seven
	KnownIDs map[string]bool // with an External IDs export: the IDs that exist; nil checks none
}

// Validator checks records. It is safe for concurrent use.
type Validator struct {
	schema   *jsonschema.Schema
	statuses schema.Statuses
	ids      map[string]bool
}

var (
	embeddedOnce   sync.Once
	embeddedSchema *jsonschema.Schema
	embeddedErr    error
)

// New returns a Validator. The embedded schema is compiled once per process.
func New(opts Options) (*Validator, error) {
	v := &Validator{statuses: opts.Statuses, ids: opts.KnownIDs}
	if len(v.statuses.Names()) == 0 {
		v.statuses = schema.DefaultStatuses()
	}
	if opts.Schema == nil {
		embeddedOnce.Do(func() { embeddedSchema, embeddedErr = compileRecordSchema(schema.JSON) })
		v.schema = embeddedSchema
		return v, embeddedErr
	}
	s, err := compileRecordSchema(opts.Schema)
	if err != nil {
		return nil, err
	}
	v.schema = s
	return v, nil
}

// Statuses returns the statuses the Validator accepts.
func (v *Validator) Statuses() schema.Statuses { return v.statuses }

// compileRecordSchema compiles the schema of one record from a schema
// document: its "$defs/update" when it has one, else its "items" when it
// describes an array, else the whole document. Format assertions are on,
// so "format": "date" rejects 2025-02-30.
func compileRecordSchema(doc []byte) (*jsonschema.Schema, error) {
	var top map[string]any
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("schema: not a JSON object: %v", err)
	}
	ref := "schema.json"
	if defs, ok := top["$defs"].(map[string]any); ok && defs["update"] != nil {
		ref += "#/$defs/update"
	} else if top["type"] == "array" && top["items"] != nil {
		ref += "#/items"
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource("schema.json", bytes.NewReader(doc)); err != nil {
		return nil, fmt.Errorf("schema: %v", err)
	}
	s, err := c.Compile(ref)
	if err != nil {
		return nil, fmt.Errorf("schema: %v", err)
	}
	return s, nil
}

// Check returns every error of one record, given as decoded JSON (objects
// as map[string]any, numbers as json.Number). It also returns the record as
// it would be sent, with the status in its canonical spelling.
func (v *Validator) Check(rec any) ([]FieldError, schema.Update) {
	var errs []FieldError
	obj, isObj := rec.(map[string]any)
	if err := v.schema.Validate(rec); err != nil {
		if ve, ok := err.(*jsonschema.ValidationError); ok {
			errs = schemaErrors(ve, obj)
		} else {
			errs = append(errs, FieldError{Message: err.Error()})
		}
	}
	if !isObj {
		if len(errs) == 0 {
			errs = append(errs, FieldError{Message: "A record must be a JSON object."})
		}
		return errs, schema.Update{}
	}
	u := schema.Update{
		ExternalID:  text(obj[schema.FieldExternalID]),
		Status:      text(obj[schema.FieldStatus]),
		MetricValue: text(obj[schema.FieldMetricValue]),
		AsOfDate:    text(obj[schema.FieldAsOfDate]),
		Comment:     text(obj[schema.FieldComment]),
	}
	// A metric passes through as written (0.90 stays 0.90), except that a
	// record never carries an exponent: 5e-1 is sent as 0.5.
	if n, ok := obj[schema.FieldMetricValue].(json.Number); ok && strings.ContainsAny(string(n), "eE") {
		if plain, err := convert.NormalizeNumber(string(n)); err == nil {
			u.MetricValue = plain
		}
	}
	if st, ok := obj[schema.FieldStatus].(string); ok && strings.TrimSpace(st) != "" {
		if c, ok := v.statuses.Canonical(st); ok {
			u.Status = c
		} else {
			errs = append(errs, FieldError{Field: schema.FieldStatus, Value: st, Message: MsgStatusInvalid})
		}
	}
	if id, ok := obj[schema.FieldExternalID].(string); ok && v.ids != nil && strings.TrimSpace(id) != "" && !v.ids[id] {
		errs = append(errs, FieldError{Field: schema.FieldExternalID, Value: id, Message: MsgUnknownID})
	}
	sortErrors(errs)
	return errs, u
}

// CheckUpdate checks a record that is already an Update (converted from a
// workbook or tracker): the same checks as Check.
func (v *Validator) CheckUpdate(u schema.Update) ([]FieldError, schema.Update) {
	return v.Check(UpdateToJSON(u))
}

// UpdateToJSON returns u as decoded JSON, the form Check takes.
func UpdateToJSON(u schema.Update) map[string]any {
	m := map[string]any{
		schema.FieldExternalID: u.ExternalID,
		schema.FieldStatus:     u.Status,
		schema.FieldAsOfDate:   u.AsOfDate,
	}
	if u.MetricValue != "" {
		m[schema.FieldMetricValue] = json.Number(u.MetricValue)
	}
	if u.Comment != "" {
		m[schema.FieldComment] = u.Comment
	}
	return m
}

// text renders a decoded JSON value as the report's value.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

var fieldOrder = map[string]int{}

func init() {
	for i, f := range schema.Fields {
		fieldOrder[f] = i
	}
}

// sortErrors puts errors in the record's field order, unknown fields last,
// keeping the order of errors of one field.
func sortErrors(errs []FieldError) {
	rank := func(f string) int {
		if r, ok := fieldOrder[f]; ok {
			return r
		}
		return len(fieldOrder)
	}
	sort.SliceStable(errs, func(i, j int) bool { return rank(errs[i].Field) < rank(errs[j].Field) })
}

// apiName is how the API's messages name a field.
func apiName(field string) string {
	switch field {
	case schema.FieldExternalID:
		return "External ID"
	case "":
		return "The record"
	}
	return strings.ToUpper(field[:1]) + field[1:]
}

var quoted = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)

// quotedNames reads the property names a jsonschema message quotes
// ("missing properties: 'a', 'b'").
func quotedNames(msg string) []string {
	var names []string
	for _, m := range quoted.FindAllStringSubmatch(msg, -1) {
		names = append(names, strings.ReplaceAll(m[1], `\'`, `'`))
	}
	return names
}

// schemaErrors turns the leaves of a jsonschema error tree into field
// errors in the API's wording: one per field, never only the first.
func schemaErrors(ve *jsonschema.ValidationError, obj map[string]any) []FieldError {
	var leaves []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	var errs []FieldError
	seen := map[string]bool{}
	addErr := func(fe FieldError) {
		k := fe.Field + "\x00" + fe.Message
		if !seen[k] {
			seen[k] = true
			errs = append(errs, fe)
		}
	}
	for _, l := range leaves {
		keyword := l.KeywordLocation[strings.LastIndexByte(l.KeywordLocation, '/')+1:]
		field := strings.TrimPrefix(l.InstanceLocation, "/")
		if i := strings.IndexByte(field, '/'); i >= 0 {
			field = field[:i]
		}
		field = strings.ReplaceAll(strings.ReplaceAll(field, "~1", "/"), "~0", "~")
		value := text(obj[field])
		switch keyword {
		case "required":
			for _, name := range quotedNames(l.Message) {
				addErr(FieldError{Field: name, Value: "", Message: apiName(name) + " is required."})
			}
		case "additionalProperties":
			for _, name := range quotedNames(l.Message) {
				addErr(FieldError{Field: name, Value: text(obj[name]),
					Message: fmt.Sprintf("%q is not a field of a progress update; the fields are %s.", name, strings.Join(schema.Fields, ", "))})
			}
		case "type":
			want := "text"
			if strings.Contains(l.Message, "expected number") || strings.Contains(l.Message, "expected integer") {
				want = "a number"
			} else if strings.Contains(l.Message, "expected object") {
				want = "a JSON object"
			}
			if field == "" {
				addErr(FieldError{Message: "A record must be " + want + "."})
			} else {
				addErr(FieldError{Field: field, Value: value, Message: apiName(field) + " must be " + want + "."})
			}
		case "format":
			addErr(FieldError{Field: field, Value: value, Message: apiName(field) + " must be a real date written YYYY-MM-DD."})
		case "minLength", "pattern":
			if strings.TrimSpace(value) == "" {
				addErr(FieldError{Field: field, Value: value, Message: apiName(field) + " is required."})
			} else {
				addErr(FieldError{Field: field, Value: value, Message: apiName(field) + " is invalid: " + l.Message + "."})
			}
		default:
			addErr(FieldError{Field: field, Value: value, Message: apiName(field) + " is invalid: " + l.Message + "."})
		}
	}
	return errs
}
