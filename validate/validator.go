package validate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Options are the choices of a Validator.
type Options struct {
	Schema   []byte          // a JSON Schema to use instead of the embedded one
	Statuses schema.Statuses // the organization's statuses; zero means the seven
	KnownIDs map[string]bool // with an External IDs export: the IDs that exist; nil checks none
	// MaxComment is the longest comment, in characters; 0 means
	// schema.DefaultMaxCommentLen.
	MaxComment int
}

// Validator checks records. It is safe for concurrent use.
type Validator struct {
	schema   *jsonschema.Schema
	owners   map[string]*jsonschema.Schema // every schema of the tree, by location
	statuses schema.Statuses
	ids      map[string]bool
	maxCmt   int
	// embedded: the schema is the product's own, judged by embeddedErrors.
	embedded bool
}

type compiled struct {
	s      *jsonschema.Schema
	owners map[string]*jsonschema.Schema
	err    error
}

var (
	embeddedOnce sync.Once
	embedded     compiled
)

// New returns a Validator. The embedded schema is compiled once per process.
func New(opts Options) (*Validator, error) {
	v := &Validator{statuses: opts.Statuses, ids: opts.KnownIDs, maxCmt: opts.MaxComment}
	if len(v.statuses.Names()) == 0 {
		v.statuses = schema.DefaultStatuses()
	}
	c := compiled{}
	if opts.Schema == nil {
		embeddedOnce.Do(func() { embedded = compileRecordSchema(schema.JSON) })
		c, v.embedded = embedded, true
	} else {
		c = compileRecordSchema(opts.Schema)
	}
	if c.err != nil {
		return nil, c.err
	}
	v.schema, v.owners = c.s, c.owners
	return v, nil
}

// Statuses returns the statuses the Validator accepts.
func (v *Validator) Statuses() schema.Statuses { return v.statuses }

// schemaURL names the schema document being compiled: an absolute URL of
// its own, so that it is never resolved against the working directory
// (a folder named "q3 #2" would cut a relative name at its '#').
const schemaURL = "urn:aitkit:record.schema.json"

// compileRecordSchema compiles the schema of one record from a schema
// document: its "$defs/update" when it has one, else its "items" when it
// describes an array, else the whole document. Format assertions are on.
func compileRecordSchema(doc []byte) compiled {
	var top map[string]any
	if err := json.Unmarshal(doc, &top); err != nil {
		return compiled{err: fmt.Errorf("schema: not a JSON object: %v", err)}
	}
	ref := schemaURL
	if defs, ok := top["$defs"].(map[string]any); ok && defs["update"] != nil {
		ref += "#/$defs/update"
	} else if top["type"] == "array" && top["items"] != nil {
		ref += "#/items"
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(schemaURL, bytes.NewReader(doc)); err != nil {
		return compiled{err: fmt.Errorf("schema: %v", err)}
	}
	s, err := c.Compile(ref)
	if err != nil {
		return compiled{err: fmt.Errorf("schema: %v", err)}
	}
	owners := map[string]*jsonschema.Schema{}
	collectSchemas(s, owners)
	return compiled{s: s, owners: owners}
}

// collectSchemas indexes every schema reachable from s by its location, so
// that an error's keyword location leads to the schema that holds it.
func collectSchemas(s *jsonschema.Schema, seen map[string]*jsonschema.Schema) {
	if s == nil || seen[s.Location] != nil {
		return
	}
	seen[s.Location] = s
	for _, c := range []*jsonschema.Schema{s.Ref, s.RecursiveRef, s.DynamicRef, s.Not, s.If, s.Then, s.Else, s.PropertyNames, s.UnevaluatedProperties, s.Items2020, s.Contains, s.UnevaluatedItems, s.ContentSchema} {
		collectSchemas(c, seen)
	}
	for _, list := range [][]*jsonschema.Schema{s.AllOf, s.AnyOf, s.OneOf, s.PrefixItems} {
		for _, c := range list {
			collectSchemas(c, seen)
		}
	}
	for _, c := range s.Properties {
		collectSchemas(c, seen)
	}
	for _, c := range s.PatternProperties {
		collectSchemas(c, seen)
	}
	for _, c := range s.DependentSchemas {
		collectSchemas(c, seen)
	}
	for _, x := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
		switch x := x.(type) {
		case *jsonschema.Schema:
			collectSchemas(x, seen)
		case []*jsonschema.Schema:
			for _, c := range x {
				collectSchemas(c, seen)
			}
		}
	}
}

// apiError is a problem in the API's words.
func apiError(msg string, kind error) error { return &record.APIError{Message: msg, Kind: kind} }

// Check returns every error of one record as written, and the record as it
// would be sent (its status in its canonical spelling). Keys are read in
// any case and spacing (externalID, External Id); a status spelled
// otherwise than the list is an error that says how ait-convert reads it.
// CheckBody judges as the import API itself does.
func (v *Validator) Check(w *record.Written) ([]*record.FieldError, schema.Update) {
	return v.check(w, false)
}

// check is Check; api judges as the import API does: keys spelled exactly
// externalId, status, metricValue, asOfDate, comment.
func (v *Validator) check(w *record.Written, api bool) ([]*record.FieldError, schema.Update) {
	var errs []*record.FieldError
	add := func(field, value string, err error) {
		errs = append(errs, &record.FieldError{Place: w.Place, Field: field, Value: value, Err: err})
	}
	if w.NotObject.Kind != jsonarray.Missing {
		add("", w.NotObject.Text, apiError("A record must be a JSON object.", nil))
		return errs, schema.Update{}
	}
	if w.Duplicate != "" {
		add(w.Duplicate, "", apiError(fmt.Sprintf("The key %q is given twice in the record.", w.Duplicate), nil))
	}
	for _, fe := range v.schemaCheck(w) {
		add(fe.field, fe.value, apiError(fe.message, nil))
	}
	f := &w.Fields
	text := func(i int) string { return f[i].Value.Text }
	u := schema.Update{ExternalID: text(schema.IndexExternalID), Status: text(schema.IndexStatus), MetricValue: text(schema.IndexMetricValue), AsOfDate: text(schema.IndexAsOfDate), Comment: text(schema.IndexComment)}
	if api && !w.Text {
		for i, m := range f {
			if m.Key != "" && m.Key != schema.Fields[i] {
				add(schema.Fields[i], m.Value.Text, apiError(fmt.Sprintf("The key %q is not a field of a progress update; it is spelled %q.", m.Key, schema.Fields[i]), nil))
			}
		}
	}
	for i, m := range f {
		if m.Value.Kind != jsonarray.String {
			continue
		}
		if max := schema.MaxLen(schema.Fields[i], v.maxCmt); len(m.Value.Text) > max && utf8.RuneCountInString(m.Value.Text) > max {
			add(schema.Fields[i], truncated(m.Value.Text), apiError(fmt.Sprintf("%s is longer than %s characters.", schema.APIName(schema.Fields[i]), sheet.Count(int64(max))), record.ErrTooLong))
		}
	}
	// A metric passes through as written (0.90 stays 0.90), except that a
	// record never carries an exponent (5e-1 is sent as 0.5), and one that
	// a number cannot hold (more than 17 digits, 1e-400) is refused.
	if n, ok := metricNumber(w); ok {
		u.MetricValue = n
		plain, err := record.PlainNumber(n)
		switch {
		case err != nil:
			add(schema.FieldMetricValue, n, err)
		case strings.ContainsAny(n, "eE"):
			u.MetricValue = plain
		}
	}
	if st := f[schema.IndexStatus].Value; st.Kind == jsonarray.String && strings.TrimSpace(st.Text) != "" {
		c, ok := v.statuses.Exact(st.Text)
		switch {
		case ok:
			u.Status = c
		case api:
			add(schema.FieldStatus, st.Text, apiError(schema.MsgStatusInvalid, record.ErrBadStatus))
		default:
			msg := schema.MsgStatusInvalid
			if loose, ok := v.statuses.Canonical(st.Text); ok {
				msg += fmt.Sprintf(" The API takes it spelled exactly (case aside); ait-convert reads it as %q.", loose)
			}
			add(schema.FieldStatus, st.Text, apiError(msg, record.ErrBadStatus))
		}
	}
	// Any ISO 8601 date the schema lets through must be a day that exists;
	// it is sent as YYYY-MM-DD, the date as written.
	if d := f[schema.IndexAsOfDate].Value; d.Kind == jsonarray.String && record.IsISODateShape(d.Text) {
		if date, err := record.ISODate(d.Text); err == nil {
			u.AsOfDate = date
		} else {
			add(schema.FieldAsOfDate, d.Text, apiError(MsgDateNotReal, record.ErrNotDate))
		}
	}
	if id := f[schema.IndexExternalID].Value; id.Kind == jsonarray.String && v.ids != nil && strings.TrimSpace(id.Text) != "" && !v.ids[id.Text] {
		add(schema.FieldExternalID, id.Text, apiError(schema.MsgUnknownID, nil))
	}
	sortErrors(errs)
	return errs, u
}

// schemaCheck returns the record's errors under the schema: from
// embeddedErrors for the embedded schema, else from jsonschema/v5.
func (v *Validator) schemaCheck(w *record.Written) []schemaError {
	if v.embedded {
		return embeddedErrors(w)
	}
	return v.jsonschemaErrors(w)
}

// jsonschemaErrors validates the record with jsonschema/v5.
func (v *Validator) jsonschemaErrors(w *record.Written) []schemaError {
	obj := decoded(w)
	err := v.schema.Validate(obj)
	if err == nil {
		return nil
	}
	if ve, ok := err.(*jsonschema.ValidationError); ok {
		return v.schemaErrors(ve, obj, w.Unknown)
	}
	return []schemaError{{"", "", err.Error()}}
}

// decoded is the record as decoded JSON, the form jsonschema takes: the
// fields under their canonical keys, the other keys as written.
func decoded(w *record.Written) map[string]any {
	obj := make(map[string]any, len(w.Fields)+len(w.Unknown))
	for i, m := range w.Fields {
		if m.Value.Kind != jsonarray.Missing {
			obj[schema.Fields[i]] = jsonValue(m.Value)
		}
	}
	if n, ok := metricNumber(w); ok {
		obj[schema.FieldMetricValue] = json.Number(n)
	}
	for _, m := range w.Unknown {
		obj[m.Key] = jsonValue(m.Value)
	}
	return obj
}

// truncated is a long value cut for a message.
func truncated(s string) string {
	if len(s) <= 60 {
		return s
	}
	cut := 60
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Messages of dates, worded as the API words its own.
const (
	MsgDateForm    = "AsOfDate must be an ISO 8601 date, such as 2025-07-03."
	MsgDateNotReal = "AsOfDate is not a real date."
)

// isJSONNumber tells whether s is a number as JSON writes one.
func isJSONNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

func jsonValue(v jsonarray.Value) any {
	switch v.Kind {
	case jsonarray.String:
		return v.Text
	case jsonarray.Number:
		return json.Number(v.Text)
	case jsonarray.Bool:
		return v.Text == "true"
	case jsonarray.Object:
		return map[string]any{}
	case jsonarray.Array:
		return []any{}
	}
	return nil
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
	case map[string]any:
		return "{…}"
	case []any:
		return "[…]"
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
func sortErrors(errs []*record.FieldError) {
	rank := func(f string) int {
		if r, ok := fieldOrder[f]; ok {
			return r
		}
		return len(fieldOrder)
	}
	sort.SliceStable(errs, func(i, j int) bool { return rank(errs[i].Field) < rank(errs[j].Field) })
}

type schemaError struct{ field, value, message string }

// schemaErrors turns the leaves of a jsonschema error tree into field
// errors in the API's wording: one per field, never only the first. What
// a leaf is about comes from its keyword and instance locations and the
// schema that holds the keyword, not from its message.
func (v *Validator) schemaErrors(ve *jsonschema.ValidationError, obj map[string]any, unknown []jsonarray.Member) []schemaError {
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
	var errs []schemaError
	seen := map[string]bool{}
	add := func(field, value, msg string) {
		k := field + "\x00" + msg
		if !seen[k] {
			seen[k] = true
			errs = append(errs, schemaError{field, value, msg})
		}
	}
	for _, l := range leaves {
		cut := strings.LastIndexByte(l.AbsoluteKeywordLocation, '/')
		keyword := l.AbsoluteKeywordLocation[cut+1:]
		owner := v.owners[l.AbsoluteKeywordLocation[:max(cut, 0)]]
		field := strings.TrimPrefix(l.InstanceLocation, "/")
		if i := strings.IndexByte(field, '/'); i >= 0 {
			field = field[:i]
		}
		field = strings.ReplaceAll(strings.ReplaceAll(field, "~1", "/"), "~0", "~")
		value := text(obj[field])
		api := schema.APIName(field)
		switch {
		case owner == nil:
			add(field, value, api+" is invalid: "+l.Message+".")
		case keyword == "required":
			for _, name := range owner.Required {
				if _, ok := obj[name]; !ok && field == "" {
					add(name, "", schema.MsgRequired(name))
				}
			}
		case keyword == "additionalProperties":
			// The keys in the record's order: the fields, then the rest.
			names := append([]string(nil), schema.Fields[:]...)
			for _, m := range unknown {
				names = append(names, m.Key)
			}
			for _, name := range names {
				if _, in := obj[name]; !in {
					continue
				}
				if _, ok := owner.Properties[name]; !ok && !matchesPattern(owner, name) {
					add(name, text(obj[name]), unknownKeyMessage(name))
				}
			}
		case keyword == "type":
			want := "text"
			switch {
			case hasType(owner, "number", "integer"):
				want = "a number"
			case hasType(owner, "object"):
				want = "a JSON object"
			}
			if field == "" {
				add("", "", "A record must be "+want+".")
			} else {
				add(field, value, api+" must be "+want+".")
			}
		case keyword == "format" && owner.Format == "date":
			add(field, value, api+" must be a real date written YYYY-MM-DD.")
		case keyword == "pattern" && field == schema.FieldAsOfDate && strings.TrimSpace(value) != "":
			add(field, value, MsgDateForm)
		case keyword == "minLength" || keyword == "pattern":
			if strings.TrimSpace(value) == "" {
				add(field, value, schema.MsgRequired(field))
			} else {
				add(field, value, api+" is invalid: "+l.Message+".")
			}
		default:
			add(field, value, api+" is invalid: "+l.Message+".")
		}
	}
	return errs
}

func hasType(s *jsonschema.Schema, types ...string) bool {
	for _, t := range s.Types {
		for _, want := range types {
			if t == want {
				return true
			}
		}
	}
	return false
}

func matchesPattern(s *jsonschema.Schema, name string) bool {
	for re := range s.PatternProperties {
		if re.MatchString(name) {
			return true
		}
	}
	return false
}
