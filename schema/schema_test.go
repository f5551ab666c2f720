package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

func TestCanonical(t *testing.T) {
	st := DefaultStatuses()
	tests := map[string]string{
		"On Track":     "On Track",
		"on track":     "On Track",
		"  ON   TRACK": "On Track",
		"on\ttrack":    "On Track",
		"Cancelled":    "Canceled",
		"cancelled":    "Canceled",
		"not achieved": "Not Achieved",
		"NOT STARTED":  "Not Started",
	}
	for in, want := range tests {
		if got, ok := st.Canonical(in); !ok || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{"OnTrack": "On Track", "on-track": "On Track", "ON_TRACK": "On Track", "notstarted": "Not Started", "Not-Achieved": "Not Achieved"} {
		if got, ok := st.Canonical(in); !ok || got != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "Green", "On Trac", "Completed"} {
		if got, ok := st.Canonical(bad); ok {
			t.Errorf("Canonical(%q) = %q, want no match", bad, got)
		}
	}
}

// TestExact: the API's reading, case aside and otherwise spelled exactly.
func TestExact(t *testing.T) {
	st := DefaultStatuses()
	for in, want := range map[string]string{"On Track": "On Track", "on track": "On Track", "ACHIEVED": "Achieved", "canceled": "Canceled"} {
		if got, ok := st.Exact(in); !ok || got != want {
			t.Errorf("Exact(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"on  track", " Achieved ", "Cancelled", "OnTrack", "on-track", ""} {
		if got, ok := st.Exact(bad); ok {
			t.Errorf("Exact(%q) = %q; the API would refuse it", bad, got)
		}
	}
}

func TestCustomStatuses(t *testing.T) {
	st, err := ParseStatuses("Planned, In  Progress ,Completed,Canceled")
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Names(); strings.Join(got, "|") != "Planned|In Progress|Completed|Canceled" {
		t.Errorf("Names() = %q", got)
	}
	if got, ok := st.Canonical("in progress"); !ok || got != "In Progress" {
		t.Errorf("Canonical(in progress) = %q, %v", got, ok)
	}
	if got, ok := st.Canonical("cancelled"); !ok || got != "Canceled" {
		t.Errorf("Canonical(cancelled) = %q, %v", got, ok)
	}
	if _, ok := st.Canonical("On Track"); ok {
		t.Error("a custom list still accepts the default statuses")
	}
	for _, bad := range []string{"", "A,,B", "A,a", "In Progress,InProgress", "This status is far too long to be one"} {
		if _, err := ParseStatuses(bad); err == nil {
			t.Errorf("ParseStatuses(%q) accepted", bad)
		}
	}
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource("update.schema.json", bytes.NewReader(JSON)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("update.schema.json")
	if err != nil {
		t.Fatalf("the embedded schema does not compile: %v", err)
	}
	return s
}

// TestSchema checks the embedded schema against the article's examples and
// the mistakes the API rejects.
func TestSchema(t *testing.T) {
	s := compile(t)
	valid := `[
	  {"externalId": "ce0eced5-b1b9-4504-8ba9-87a476bb0f87", "status": "On Track", "metricValue": 0.54, "asOfDate": "2025-07-03", "comment": "comment text goes here"},
	  {"externalId": "28e4c9a0-3840-4457-ade8-91e322eb84ea", "status": "Achieved", "metricValue": 0.90, "asOfDate": "2025-08-15"}
	]`
	if err := s.Validate(decode(t, valid)); err != nil {
		t.Errorf("the article's example is invalid: %v", err)
	}
	// Every ISO 8601 form the article allows; that the day exists (not
	// 2025-02-30) is validate's to check, outside the schema.
	for _, d := range []string{"2025-07-12", "20250712", "2025-07-12T10:00:00Z", "2025-07-12T23:30:00-05:00", "2025-W28-6", "2025-193", "2025-02-30"} {
		if err := s.Validate(decode(t, `[{"externalId":"A","status":"On Track","asOfDate":"`+d+`"}]`)); err != nil {
			t.Errorf("asOfDate %s: %v", d, err)
		}
	}
	invalid := map[string]string{
		"missing date":      `[{"externalId":"A","status":"On Track"}]`,
		"date with spaces":  `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03 10:00"}]`,
		"month only":        `[{"externalId":"A","status":"On Track","asOfDate":"2025-07"}]`,
		"text metric":       `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","metricValue":"abc"}]`,
		"misspelled key":    `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","coment":"x"}]`,
		"blank id":          `[{"externalId":"  ","status":"On Track","asOfDate":"2025-07-03"}]`,
		"number id":         `[{"externalId":12345,"status":"On Track","asOfDate":"2025-07-03"}]`,
		"not an array":      `{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}`,
		"null comment":      `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":null}]`,
		"us date":           `[{"externalId":"A","status":"On Track","asOfDate":"07/03/2025"}]`,
		"empty status text": `[{"externalId":"A","status":"","asOfDate":"2025-07-03"}]`,
	}
	for name, doc := range invalid {
		if err := s.Validate(decode(t, doc)); err == nil {
			t.Errorf("%s: accepted %s", name, doc)
		}
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func ExampleStatuses_Canonical() {
	st := DefaultStatuses()
	s, ok := st.Canonical("  on   TRACK ")
	fmt.Println(s, ok)
	s, ok = st.Canonical("Cancelled")
	fmt.Println(s, ok)
	_, ok = st.Canonical("Green")
	fmt.Println(ok)
	// Output:
	// On Track true
	// Canceled true
	// false
}

// TestDatePatternIsConvert's: the schema's asOfDate pattern is the one
// record.ISODate reads with (a test in schema may not import convert, so
// the pattern is written out here once more and compared both ways).
func TestDatePattern(t *testing.T) {
	var doc struct {
		Defs struct {
			Update struct {
				Properties struct {
					AsOfDate struct {
						Pattern string `json:"pattern"`
					} `json:"asOfDate"`
				} `json:"properties"`
			} `json:"update"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(JSON, &doc); err != nil {
		t.Fatal(err)
	}
	const want = `^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-W\d{2}-\d|\d{4}W\d{3}|\d{4}-\d{3}|\d{7})(T\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$`
	if got := doc.Defs.Update.Properties.AsOfDate.Pattern; got != want {
		t.Errorf("the schema's date pattern is %q, want %q (record.ISODatePattern)", got, want)
	}
}

// TestFieldIndexes: the named indexes are the fields' places.
func TestFieldIndexes(t *testing.T) {
	for i, f := range map[int]string{IndexExternalID: FieldExternalID, IndexStatus: FieldStatus, IndexMetricValue: FieldMetricValue, IndexAsOfDate: FieldAsOfDate, IndexComment: FieldComment} {
		if Fields[i] != f {
			t.Errorf("Fields[%d] = %q, want %q", i, Fields[i], f)
		}
	}
	if len(Fields) != NumFields || len(CSVHeader) != NumFields {
		t.Errorf("%d fields, %d headers, NumFields %d", len(Fields), len(CSVHeader), NumFields)
	}
}
