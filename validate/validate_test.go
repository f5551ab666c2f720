package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// decode reads one JSON record as written.
func decode(t *testing.T, s string) *record.Written {
	t.Helper()
	r, err := record.NewJSONReader("r.json", strings.NewReader("["+s+"]"), record.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	c := *w
	c.Unknown = append(c.Unknown[:0:0], w.Unknown...)
	return &c
}

// FieldError is an error as the report shows it.
type FieldError struct{ Field, Value, Message string }

// shown is how the report shows errors.
func shown(errs []*record.FieldError) []FieldError {
	var out []FieldError
	for _, e := range errs {
		out = append(out, FieldError{e.Field, e.Value, e.Message()})
	}
	return out
}

const (
	MsgStatusInvalid = schema.MsgStatusInvalid
	MsgUnknownID     = schema.MsgUnknownID
)

func mustNew(t *testing.T, opts Options) *Validator {
	t.Helper()
	v, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestCheck is the table of invalid records and every message they get.
func TestCheck(t *testing.T) {
	v := mustNew(t, Options{KnownIDs: map[string]bool{"A": true, "B": true}})
	fe := func(field, value, msg string) FieldError { return FieldError{Field: field, Value: value, Message: msg} }
	tests := []struct {
		name, rec string
		want      []FieldError
	}{
		{"valid", `{"externalId":"A","status":"on track","metricValue":0.5,"asOfDate":"2025-07-03","comment":"x"}`, nil},
		{"unknown id and status", `{"externalId":"AA234","status":"TestStatus","asOfDate":"2025-07-03"}`, []FieldError{
			fe("externalId", "AA234", MsgUnknownID), fe("status", "TestStatus", MsgStatusInvalid)}},
		{"missing date", `{"externalId":"A","status":"On Track"}`, []FieldError{fe("asOfDate", "", "AsOfDate is required.")}},
		{"missing everything", `{}`, []FieldError{
			fe("externalId", "", "External ID is required."), fe("status", "", "Status is required."), fe("asOfDate", "", "AsOfDate is required.")}},
		{"metric as text", `{"externalId":"A","status":"On Track","metricValue":"abc","asOfDate":"2025-07-03"}`, []FieldError{
			fe("metricValue", "abc", "MetricValue must be a number.")}},
		{"metric as percent text", `{"externalId":"A","status":"On Track","metricValue":"54%","asOfDate":"2025-07-03"}`, []FieldError{
			fe("metricValue", "54%", "MetricValue must be a number.")}},
		{"feb 30", `{"externalId":"A","status":"On Track","asOfDate":"2025-02-30"}`, []FieldError{
			fe("asOfDate", "2025-02-30", "AsOfDate is not a real date.")}},
		{"us date", `{"externalId":"A","status":"On Track","asOfDate":"07/03/2025"}`, []FieldError{
			fe("asOfDate", "07/03/2025", "AsOfDate must be an ISO 8601 date, such as 2025-07-03.")}},
		{"date as number", `{"externalId":"A","status":"On Track","asOfDate":45841}`, []FieldError{
			fe("asOfDate", "45841", "AsOfDate must be text.")}},
		{"misspelled key", `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","coment":"x"}`, []FieldError{
			fe("coment", "x", `"coment" is not a field of a progress update; the fields are externalId, status, metricValue, asOfDate, comment.`)}},
		{"key in another case", `{"ExternalId":"A","status":"On Track","asOfDate":"2025-07-03"}`, nil},
		{"key with spaces", `{"External ID":"A","status":"On Track","as_of_date":"2025-07-03"}`, nil},
		{"blank id", `{"externalId":"   ","status":"On Track","asOfDate":"2025-07-03"}`, []FieldError{fe("externalId", "   ", "External ID is required.")}},
		{"id as number", `{"externalId":12345,"status":"On Track","asOfDate":"2025-07-03"}`, []FieldError{fe("externalId", "12345", "External ID must be text.")}},
		{"comment as number", `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":5}`, []FieldError{fe("comment", "5", "Comment must be text.")}},
		{"null metric", `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","metricValue":null}`, []FieldError{fe("metricValue", "", "MetricValue must be a number.")}},
		{"not an object", `["A","On Track"]`, []FieldError{fe("", "[…]", "A record must be a JSON object.")}},
		{"duplicate key", `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","status":"Achieved"}`, []FieldError{fe("status", "", `The key "status" is given twice in the record.`)}},
		{"seven in one", `{"externalId":"Z","status":"Green","metricValue":"1,5","asOfDate":"2025-13-01","comment":true,"x":1}`, []FieldError{
			fe("externalId", "Z", MsgUnknownID),
			fe("status", "Green", MsgStatusInvalid),
			fe("metricValue", "1,5", "MetricValue must be a number."),
			fe("asOfDate", "2025-13-01", "AsOfDate is not a real date."),
			fe("comment", "true", "Comment must be text."),
			fe("x", "1", `"x" is not a field of a progress update; the fields are externalId, status, metricValue, asOfDate, comment.`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs, _ := v.Check(decode(t, tt.rec))
			got := shown(errs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Check(%s):\n got %+v\nwant %+v", tt.rec, got, tt.want)
			}
		})
	}
}

func TestCheckNormalizes(t *testing.T) {
	v := mustNew(t, Options{})
	errs, u := v.Check(decode(t, `{"externalId":"00123","status":"canceled","metricValue":0.90,"asOfDate":"2025-07-03","comment":" kept "}`))
	want := schema.Update{ExternalID: "00123", Status: "Canceled", MetricValue: "0.90", AsOfDate: "2025-07-03", Comment: " kept "}
	if errs != nil || u != want {
		t.Errorf("Check = %v, %+v; want %+v", errs, u, want)
	}
}

func TestMetricPassThrough(t *testing.T) {
	v := mustNew(t, Options{})
	for in, want := range map[string]string{"0.90": "0.90", "5e-1": "0.5", "1.5E+3": "1500", "-2": "-2"} {
		errs, u := v.Check(decode(t, `{"externalId":"A","status":"On Track","metricValue":`+in+`,"asOfDate":"2025-07-03"}`))
		if errs != nil || u.MetricValue != want {
			t.Errorf("metricValue %s passed as %q, %v; want %q", in, u.MetricValue, errs, want)
		}
	}
	path := filepath.Join(t.TempDir(), "u.csv")
	os.WriteFile(path, []byte("External ID,Status,Metric Value,As Of Date\nA,On Track, 0.5 ,2025-07-03\n"), 0o644)
	_, all, err := runFile(t, path, Options{})
	if err != nil || len(all) != 1 || all[0].Update.MetricValue != "0.5" || all[0].Errors != nil {
		t.Errorf("CSV metric with spaces: %v %+v", err, all)
	}
}

func TestCustomStatusesAndSchema(t *testing.T) {
	st, _ := schema.ParseStatuses("Planned,Completed")
	v := mustNew(t, Options{Statuses: st})
	if errs, u := v.Check(decode(t, `{"externalId":"A","status":"completed","asOfDate":"2025-07-03"}`)); errs != nil || u.Status != "Completed" {
		t.Errorf("custom status: %v %+v", errs, u)
	}
	if errs, _ := v.Check(decode(t, `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}`)); len(errs) != 1 || errs[0].Message() != MsgStatusInvalid {
		t.Errorf("a default status passed a custom list: %v", errs)
	}
	// A schema of one's own: here comments are required.
	custom := bytes.Replace(schema.JSON, []byte(`"required": ["externalId", "status", "asOfDate"]`), []byte(`"required": ["externalId", "status", "asOfDate", "comment"]`), 1)
	if bytes.Equal(custom, schema.JSON) {
		t.Fatal("the test's replacement did not apply")
	}
	v = mustNew(t, Options{Schema: custom})
	errs, _ := v.Check(decode(t, `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}`))
	if len(errs) != 1 || errs[0].Message() != "Comment is required." {
		t.Errorf("custom schema: %v", errs)
	}
	if _, err := New(Options{Schema: []byte(`{"type": 5}`)}); err == nil {
		t.Error("a broken schema compiled")
	}
}

// runFile validates a file of records (a JSON array, or an import CSV
// when its name does not end in .json) and returns the report, with every
// error, and the checked records.
func runFile(t *testing.T, path string, vopts Options) (*Report, []*Checked, error) {
	t.Helper()
	v := mustNew(t, vopts)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	format := record.CSV
	if strings.HasSuffix(path, ".json") {
		format = record.JSON
	}
	src, err := record.NewReader(path, f, format, record.Options{})
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	var all []*Checked
	errs := []RecordErrors{}
	rep, err := v.Run(context.Background(), src, func(c *Checked) error {
		all = append(all, c)
		if len(c.Errors) > 0 {
			errs = append(errs, c.RecordErrors())
		}
		return nil
	})
	if rep != nil {
		rep.Errors = errs
	}
	return rep, all, err
}

// TestSpecExample reproduces the report of the SPEC's example, field for
// field (the SPEC's field names are the record's JSON keys).
func TestSpecExample(t *testing.T) {
	ids := map[string]bool{"28e4c9a0-3840-4457-ade8-91e322eb84ea": true, "ce0eced5-b1b9-4504-8ba9-87a476bb0f87": true, "12345": true, "67890": true}
	rep, _, err := runFile(t, "../testdata/validate/spec-example.json", Options{KnownIDs: ids})
	if err != nil {
		t.Fatal(err)
	}
	want := &Report{TotalRecords: 5, ErrorRecords: 2, ValidRecords: 3, Errors: []RecordErrors{
		{Position: 0, ExternalID: "AA234", Source: "../testdata/validate/spec-example.json[0]", Errors: []*record.FieldError{
			{Field: "externalId", Value: "AA234", Err: &record.APIError{Message: "External ID is invalid or its associated plan item has been deleted."}},
			{Field: "status", Value: "TestStatus", Err: &record.APIError{Message: "Status is invalid."}}}},
		{Position: 1, ExternalID: "28e4c9a0-3840-4457-ade8-91e322eb84ea", Source: "../testdata/validate/spec-example.json[1]", Errors: []*record.FieldError{
			{Field: "asOfDate", Value: "", Err: &record.APIError{Message: "AsOfDate is required."}}}},
	}}
	gotJSON, _ := json.Marshal(rep)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got %+v\nwant %+v", rep, want)
	}
}

func TestSourcesAndRouting(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	t.Run("import csv is read as it is", func(t *testing.T) {
		p := write("u.csv", "status,external id,as of date\non track,A,2025-07-03\nOn Track,B,07/03/2025\n")
		rep, all, err := runFile(t, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.ErrorRecords != 1 || all[1].Source != p+":3" || all[1].Errors[0].Field != "asOfDate" {
			t.Errorf("report %+v", rep)
		}
		if all[0].Update.Status != "On Track" {
			t.Errorf("status not made canonical: %+v", all[0].Update)
		}
	})
	t.Run("headerless import csv", func(t *testing.T) {
		p := write("h.csv", "A,On Track,0.5,2025-07-03\nB,Achieved,1,2025-07-03,done\n")
		rep, all, err := runFile(t, p, Options{})
		if err != nil || !rep.OK() || all[1].Update.Comment != "done" {
			t.Errorf("%v %+v", err, rep)
		}
	})
	t.Run("warnings", func(t *testing.T) {
		p := write("w.json", `[{"externalId":"A,1","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"A,1","status":"Achieved","asOfDate":"2025-07-03"},{"externalId":"external-2","status":"Achieved","asOfDate":"2025-07-03"}]`)
		rep, all, err := runFile(t, p, Options{})
		if err != nil || !rep.OK() {
			t.Fatal(err, rep)
		}
		var ws []string
		for _, c := range all {
			ws = append(ws, c.Warnings...)
		}
		for _, w := range rep.Warnings {
			ws = append(ws, fmt.Sprintf("%s: %s", w.Source, w.Message))
		}
		want := []string{
			`External ID "A,1" contains a comma, which older AchieveIt imports refused`,
			`External ID "external-2" contains the word "external", which older AchieveIt imports refused`,
			p + `[1]: External ID "A,1" has another update for 2025-07-03 (the first is record 0); both would be imported`,
		}
		if !reflect.DeepEqual(ws, want) {
			t.Errorf("warnings:\n got %q\nwant %q", ws, want)
		}
	})
	t.Run("broken json is an error of the reader, with its place", func(t *testing.T) {
		p := write("b.json", `[{"externalId":"A"},`)
		_, _, err := runFile(t, p, Options{})
		if se, ok := errors.AsType[*sheet.Error](err); !ok || se.Place.File != p || !strings.Contains(err.Error(), "ends early") {
			t.Errorf("err = %v", err)
		}
	})
}

// FuzzJSONRecords: any bytes read as JSON records never panic, and every
// checked record and error has its position.
func FuzzJSONRecords(f *testing.F) {
	for _, s := range []string{
		`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`,
		`[{"externalId":1,"status":null,"metricValue":"abc","asOfDate":"2025-02-30","x":[1]}, 5, "s", []]`,
		`[`, `[]`, `{}`, `[{"externalId":"A"}] trailing`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkSource(t, "f.json", in) })
}

// FuzzCSVRecords: the same for import CSV.
func FuzzCSVRecords(f *testing.F) {
	for _, s := range []string{
		"External ID,Status,Metric Value,As Of Date,Comment\nA,On Track,0.5,2025-07-03,x\n",
		"A,On Track,abc,2025-02-30\n,,,,,,\n",
		"external id,status\n\"A\nB\",x,y,z\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkSource(t, "f.csv", in) })
}

func checkSource(t *testing.T, name string, in []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, in, 0o644); err != nil {
		t.Fatal(err)
	}
	_, all, err := runFile(t, path, Options{})
	for _, c := range all {
		if c.Source == "" {
			t.Fatalf("record %d has no source", c.Position)
		}
		for _, e := range c.Errors {
			if e.Message() == "" {
				t.Fatalf("an error without a message at %s", c.Source)
			}
		}
	}
	if err != nil && err != io.EOF {
		if _, ok := errors.AsType[*sheet.Error](err); !ok {
			t.Fatalf("error %T: %v", err, err)
		}
	}
}

// TestRunStopsEarly: an error from fn ends the run, in order, and Run
// returns only when it no longer reads the source.
func TestRunStopsEarly(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < 5000; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"externalId":"A` + strings.Repeat("x", i%7) + `","status":"On Track","asOfDate":"2025-07-03"}`)
	}
	b.WriteString("]")
	path := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(path, []byte(b.String()), 0o644)
	v := mustNew(t, Options{})
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := record.NewJSONReader(path, f, record.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stopAt := errors.New("enough")
	next := 0
	rep, err := v.Run(context.Background(), src, func(c *Checked) error {
		if c.Position != next {
			t.Fatalf("record %d came after %d", c.Position, next-1)
		}
		next++
		if c.Position == 700 {
			return stopAt
		}
		return nil
	})
	src.Close()
	if err != stopAt || rep.TotalRecords != 701 {
		t.Errorf("err %v, %d records", err, rep.TotalRecords)
	}
}

func TestIsJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0.54": true, "-1": true, "1e5": true, "0": true, "12.50": true,
		"": false, "01": false, `"1"`: false, "1 2": false, "abc": false,
		"54%": false, "-": false, "1.": false, ".5": false, " 1": false, "+1": false, "1,5": false,
	} {
		if got := isJSONNumber(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestSchemaInAnyFolder: the schema compiles whatever the working
// directory's name holds ('#' starts a URL's fragment, '%' an escape).
func TestSchemaInAnyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "q3 #2 %41")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, doc := range [][]byte{nil, schema.JSON} {
		if _, err := New(Options{Schema: doc}); err != nil {
			t.Errorf("schema %d bytes: %v", len(doc), err)
		}
	}
}
