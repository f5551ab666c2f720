package record

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aitkit/aitkit/schema"
	"github.com/gocarina/gocsv"
)

var writerCases = []schema.Update{
	u("A1", "On Track", "0.54", "2025-07-03", "comment, with \"quotes\"\nand a line"),
	u("00123", "Achieved", "", "2025-08-15", ""),
	u("x<y>&z", "Canceled", "-0.25", "2025-01-01", "tab\there \u2028 ctrl\x01 é"),
}

func TestJSONWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, JSON)
	for i := range writerCases {
		if err := w.Write(&writerCases[i]); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	want := `[
{"externalId":"A1","status":"On Track","metricValue":0.54,"asOfDate":"2025-07-03","comment":"comment, with \"quotes\"\nand a line"},
{"externalId":"00123","status":"Achieved","asOfDate":"2025-08-15"},
{"externalId":"x<y>&z","status":"Canceled","metricValue":-0.25,"asOfDate":"2025-01-01","comment":"tab\there \u2028 ctrl\u0001 é"}
]
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	// encoding/json reads back exactly what was written.
	var back []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back[0]["comment"] != writerCases[0].Comment || back[2]["comment"] != writerCases[2].Comment {
		t.Errorf("round trip changed comments: %q", back)
	}
	if _, ok := back[1]["metricValue"]; ok {
		t.Error("a missing metric was written")
	}
}

func TestEmptyOutputs(t *testing.T) {
	for f, want := range map[Format]string{JSON: "[]\n", CSV: "External ID,Status,Metric Value,As Of Date,Comment\n"} {
		var buf bytes.Buffer
		w := NewWriter(&buf, f)
		w.Close()
		if buf.String() != want {
			t.Errorf("%s with no records: %q, want %q", f, buf.String(), want)
		}
	}
}

// csvRow is the import CSV as gocsv reads it: an independent decoder to
// check that our writer's CSV is what other tools read.
type csvRow struct {
	ExternalID  string `csv:"External ID"`
	Status      string `csv:"Status"`
	MetricValue string `csv:"Metric Value"`
	AsOfDate    string `csv:"As Of Date"`
	Comment     string `csv:"Comment"`
}

func TestCSVWriterRoundTripWithGocsv(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, CSV)
	for i := range writerCases {
		w.Write(&writerCases[i])
	}
	w.Close()
	if !strings.HasPrefix(buf.String(), "External ID,Status,Metric Value,As Of Date,Comment\n") {
		t.Fatalf("header: %q", buf.String())
	}
	var rows []csvRow
	if err := gocsv.UnmarshalBytes(buf.Bytes(), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(writerCases) {
		t.Fatalf("gocsv read %d rows, want %d", len(rows), len(writerCases))
	}
	for i, r := range rows {
		got := schema.Update(r)
		if got != writerCases[i] {
			t.Errorf("row %d: gocsv read %+v, want %+v", i, got, writerCases[i])
		}
	}
}

func TestJoinFragments(t *testing.T) {
	for _, f := range []Format{JSON, CSV} {
		var whole bytes.Buffer
		w := NewWriter(&whole, f)
		var frags []*bytes.Buffer
		for i := range writerCases {
			w.Write(&writerCases[i])
			var b bytes.Buffer
			fw := NewFragmentWriter(&b, f)
			fw.Write(&writerCases[i])
			fw.Close()
			frags = append(frags, &b, &bytes.Buffer{}) // an empty fragment between
		}
		w.Close()
		var joined bytes.Buffer
		ios, sizes := toReaders(frags)
		if err := JoinFragments(&joined, f, ios, sizes); err != nil {
			t.Fatal(err)
		}
		if joined.String() != whole.String() {
			t.Errorf("%s: joined fragments\n%s\ndiffer from one output\n%s", f, joined.String(), whole.String())
		}
	}
}

func toReaders(bs []*bytes.Buffer) ([]io.Reader, []int64) {
	rs := make([]io.Reader, len(bs))
	sizes := make([]int64, len(bs))
	for i, b := range bs {
		sizes[i] = int64(b.Len())
		rs[i] = b
	}
	return rs, sizes
}

// csvLine is a record as encoding/csv writes it.
func csvLine(fields ...string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(fields)
	w.Flush()
	return b.String()
}

// TestAppendCSVRecord: fields of every kind that needs quoting, or only
// looks as if it did, come out as encoding/csv writes them.
func TestAppendCSVRecord(t *testing.T) {
	fields := []string{"", "plain", "a,b", `say "hi"`, "line\nbreak", "cr\ronly", " lead", "\tlead", "\u00a0nbsp", "\u3000ideo",
		"trail ", `\.`, `\.x`, `"`, `""`, "é,ü", "\xff", "x\r\n"}
	for _, a := range fields {
		for _, b := range fields {
			got := string(AppendCSV(nil, a, b, "0.5"))
			if want := csvLine(a, b, "0.5"); got != want {
				t.Errorf("AppendCSV(%q, %q) = %q, encoding/csv writes %q", a, b, got, want)
			}
		}
	}
}

func FuzzAppendCSVRecord(f *testing.F) {
	f.Add("a", "b,c", " d")
	f.Add(`\.`, "\"", "\u2028")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		if got, want := string(AppendCSV(nil, a, b, c)), csvLine(a, b, c); got != want {
			t.Errorf("AppendCSV(%q, %q, %q) = %q, encoding/csv writes %q", a, b, c, got, want)
		}
	})
}

// FuzzAppendJSONString: what AppendJSONString writes is a JSON string that
// decodes to the text (each invalid byte as U+FFFD), with U+2028 and
// U+2029 escaped and nothing but ASCII escaped otherwise.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"plain", "é—😀", "a\u2028b\u2029c", "\xe2\x80", "\xe2\x80\xa8", "\xff\xfe", "tab\tnl\n\"q\"\\", "\x00\x1f\x7f", "caf\xe9 \u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("AppendJSONString(%q) = %s: not JSON: %v", s, out, err)
		}
		var want []rune
		for i := 0; i < len(s); {
			r, n := utf8.DecodeRuneInString(s[i:])
			want = append(want, r)
			i += n
		}
		if got != string(want) {
			t.Fatalf("AppendJSONString(%q) decodes to %q, want %q", s, got, string(want))
		}
		if strings.ContainsAny(string(out), "\u2028\u2029") {
			t.Fatalf("AppendJSONString(%q) = %s: a raw line separator", s, out)
		}
	})
}

func u(id, status, metric, date, comment string) schema.Update {
	return schema.Update{ExternalID: id, Status: status, MetricValue: metric, AsOfDate: date, Comment: comment}
}
