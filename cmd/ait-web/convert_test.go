package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
)

// form is a multipart body of files (their paths) and fields.
func form(t testing.TB, files []string, fields ...string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("file", filepath.Base(f))
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// testAnswer is /api/convert's answer as a test reads it.
type testAnswer struct {
	ID        string            `json:"id"`
	Upload    string            `json:"upload"`
	Command   string            `json:"command"`
	Commands  map[string]string `json:"commands"`
	Code      int               `json:"code"`
	Total     int               `json:"total"`
	Records   []json.RawMessage `json:"records"`
	RowTotal  int               `json:"rowTotal"`
	Rows      []testRow         `json:"rows"`
	Refusal   *testRefusal      `json:"refusal"`
	Questions []testRefusal     `json:"questions"`
	Errors    []struct {
		File    int    `json:"file"`
		Place   string `json:"place"`
		Field   string `json:"field"`
		Value   string `json:"value"`
		Message string `json:"message"`
	} `json:"errors"`
	ErrorCount int `json:"errorCount"`
	Download   struct {
		OK  bool   `json:"ok"`
		Why string `json:"why"`
	} `json:"download"`
	Files []struct {
		Name      string        `json:"name"`
		Code      int           `json:"code"`
		Error     string        `json:"error"`
		ErrorText string        `json:"errorText"`
		Refusals  []testRefusal `json:"refusals"`
		Rows      int           `json:"rows"`
	} `json:"files"`
	Error string `json:"error"`
}

type testRow struct {
	N      int               `json:"n"`
	File   int               `json:"file"`
	Place  string            `json:"place"`
	Record json.RawMessage   `json:"record"`
	Values map[string]string `json:"values"`
	Errors []struct {
		Place   string       `json:"place"`
		Cell    string       `json:"cell"`
		Field   string       `json:"field"`
		Value   string       `json:"value"`
		Message string       `json:"message"`
		Refusal *testRefusal `json:"refusal"`
	} `json:"errors"`
}

type testRefusal struct {
	Question string `json:"question"`
	Message  string `json:"message"`
	Choices  []struct {
		Flag     string `json:"flag"`
		Value    string `json:"value"`
		Label    string `json:"label"`
		Evidence string `json:"evidence"`
	} `json:"choices"`
	Statuses  []string          `json:"statuses"`
	Suggested map[string]string `json:"suggested"`
	Rows      int               `json:"rows"`
}

// convertFiles posts files and fields to /api/convert.
func (s *session) convertFiles(files []string, fields ...string) (testAnswer, int) {
	s.t.Helper()
	body, ct := form(s.t, files, fields...)
	resp := s.do("POST", "/api/convert", body, "Content-Type", ct)
	text := read(s.t, resp)
	var a testAnswer
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		s.t.Fatalf("answer %q: %v", text, err)
	}
	return a, resp.StatusCode
}

// allRows pages through every row of a conversion's grid.
func (s *session) allRows(id string, limit int) []testRow {
	s.t.Helper()
	var rows []testRow
	for offset := 0; ; offset += limit {
		var page struct {
			Command string    `json:"command"`
			Total   int       `json:"total"`
			Offset  int       `json:"offset"`
			Rows    []testRow `json:"rows"`
		}
		s.getJSON("/api/rows?id="+id+"&offset="+itoa(offset)+"&limit="+itoa(limit), &page)
		if page.Offset != offset || page.Command == "" {
			s.t.Fatalf("page at %d: offset %d, command %q", offset, page.Offset, page.Command)
		}
		rows = append(rows, page.Rows...)
		if len(page.Rows) < limit {
			if len(rows) != page.Total {
				s.t.Fatalf("paged %d rows, total %d", len(rows), page.Total)
			}
			return rows
		}
	}
}

// allRecords pages through every record of a conversion from offset on,
// limit at a time.
func (s *session) allRecords(id string, offset, limit int) []json.RawMessage {
	s.t.Helper()
	var records []json.RawMessage
	for ; ; offset += limit {
		var page struct {
			Total   int               `json:"total"`
			Records []json.RawMessage `json:"records"`
		}
		s.getJSON("/api/records?id="+id+"&offset="+itoa(offset)+"&limit="+itoa(limit), &page)
		records = append(records, page.Records...)
		if len(page.Records) < limit {
			return records
		}
	}
}

// getJSON GETs path and decodes its JSON answer into v.
func (s *session) getJSON(path string, v any) {
	s.t.Helper()
	resp := s.do("GET", path, nil)
	body := read(s.t, resp)
	if resp.StatusCode != 200 {
		s.t.Fatalf("GET %s: %s %s", path, resp.Status, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		s.t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// copyInto copies files into dir under their own names, for ait-convert
// to read as the page names them.
func copyInto(t *testing.T, dir string, files []string) []string {
	t.Helper()
	var names []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(f))
	}
	return names
}

// TestSameAsAitConvert: the records of /api/convert, paged, are those
// ait-convert -f json writes for the same files and flags (with
// --skip-invalid when rows fail), object for object; the downloads are
// ait-convert's output byte for byte, or nothing when it writes nothing;
// and the command line shown is the one that was run.
func TestSameAsAitConvert(t *testing.T) {
	tracker := "../../testdata/xlsx/tracker.xlsx"
	amb := "../../testdata/web/ambiguous.csv"
	cases := []struct {
		name   string
		files  []string
		fields []string
	}{
		{"a workbook", []string{tracker}, nil},
		{"a question answered", []string{amb}, []string{"date-order", "dmy", "status-map", "Green=On Track"}},
		{"rows with errors", []string{amb}, []string{"date-order", "mdy"}},
		{"rows with errors, skipped", []string{amb}, []string{"date-order", "mdy", "skip-invalid", "true"}},
		{"several files, in part order", []string{amb, tracker}, []string{"date-order", "dmy", "status-map", "Green=On Track"}},
		{"several files, one failing", []string{tracker, amb}, nil},
		{"several files, one failing, skipped", []string{tracker, amb}, []string{"skip-invalid", "on"}},
		{"a byte-order mark", []string{amb}, []string{"date-order", "dmy", "status-map", "Green=At Risk", "bom", "true"}},
		{"a limit passed (the same as ait-convert's)", []string{tracker}, []string{"max-part-size", "1000"}},
		{"flags that say how to read", []string{tracker}, []string{"percent-points", "false", "sheet", "Updates", "header-row", "", "as-of", "2025-01-02", "map", "Comments=comment", "statuses", ""}},
	}
	s := start(t, nil)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.t = t
			dir := t.TempDir()
			names := copyInto(t, dir, tc.files)
			a, status := s.convertFiles(tc.files, tc.fields...)
			if status != 200 {
				t.Fatalf("status %d: %s", status, a.Error)
			}
			args := unquote(a.Command)
			if args[0] != "ait-convert" || !reflect.DeepEqual(args[len(args)-len(names):], names) {
				t.Fatalf("command %q does not run ait-convert on %v", a.Command, names)
			}
			_, stderr, code := runBinaryEnv(t, dir, nil, "ait-convert", append([]string{"-q", "-f", "json"}, args[1:]...)...)
			if code != a.Code {
				t.Errorf("code %d, ait-convert's exit status %d", a.Code, code)
			}
			for _, f := range a.Files {
				if f.Error != "" && !strings.Contains(stderr, "ait-convert: "+f.ErrorText+"\n") {
					t.Errorf("%s: %q; ait-convert says:\n%s", f.Name, f.ErrorText, stderr)
				}
			}
			// The records are ait-convert's, byte for byte (with rows that
			// fail, those it writes with --skip-invalid): the first page in
			// the answer, the rest from /api/records.
			skipArgs := append([]string{"-q", "-f", "json", "--skip-invalid"}, args[1:]...)
			written, _ := runBinary(t, dir, "ait-convert", skipArgs...)
			var want []json.RawMessage
			if written != "" {
				if err := json.Unmarshal([]byte(written), &want); err != nil {
					t.Fatalf("ait-convert wrote %q: %v", written, err)
				}
			}
			if a.Total != len(want) || len(a.Records) != len(want) {
				t.Fatalf("total %d, %d records in the answer; ait-convert --skip-invalid writes %d:\n%s", a.Total, len(a.Records), len(want), written)
			}
			for i := range want {
				if !bytes.Equal(a.Records[i], want[i]) {
					t.Errorf("record %d: %s, ait-convert writes %s", i, a.Records[i], want[i])
				}
			}
			for _, limit := range []int{1, 2, 5} {
				for offset := range min(3, len(want)+1) {
					got := s.allRecords(a.ID, offset, limit)
					if !reflect.DeepEqual(got, want[offset:]) && !(len(got) == 0 && offset == len(want)) {
						t.Errorf("records from %d, %d a page: %s; want %s", offset, limit, got, want[offset:])
					}
				}
			}
			// The grid's rows: the records, and the rows that failed with
			// their errors, in input order.
			rows := s.allRows(a.ID, 2)
			if len(rows) != a.RowTotal {
				t.Fatalf("%d rows, rowTotal %d", len(rows), a.RowTotal)
			}
			var fromRows []json.RawMessage
			failedRows, rowErrors := 0, 0
			for _, r := range rows {
				switch {
				case r.Record != nil && a.Files[r.File].Error == "":
					fromRows = append(fromRows, r.Record)
				case r.Errors != nil:
					failedRows++
					rowErrors += len(r.Errors)
				}
			}
			if !reflect.DeepEqual(fromRows, want) {
				t.Errorf("the grid's records %s; want %s", fromRows, want)
			}
			fileErrors := 0
			for _, f := range a.Files {
				if f.Error != "" {
					fileErrors++
				}
			}
			if a.ErrorCount != rowErrors+fileErrors || len(a.Errors) != a.ErrorCount {
				t.Errorf("errorCount %d, %d errors listed; the rows hold %d errors, and %d files failed", a.ErrorCount, len(a.Errors), rowErrors, fileErrors)
			}
			for _, f := range []string{"json", "csv"} {
				resp := s.do("GET", "/api/download?id="+a.ID+"&format="+f, nil)
				body := read(t, resp)
				cliOut, _ := runBinary(t, dir, "ait-convert", append([]string{"-q", "-f", f}, args[1:]...)...)
				switch {
				case cliOut == "" && resp.StatusCode != 409:
					t.Errorf("download %s: %d %q; ait-convert writes nothing", f, resp.StatusCode, body)
				case cliOut != "" && body != cliOut:
					t.Errorf("download %s: %d\n%q\nait-convert writes\n%q", f, resp.StatusCode, body, cliOut)
				}
				if (cliOut == "") == a.Download.OK {
					t.Errorf("download.ok %v, but ait-convert writes %q", a.Download.OK, cliOut)
				}
			}
		})
	}
}

// TestFailedRowValues: a row that did not convert is shown whole: the
// grid's row carries every value, each field's as the record writes it
// where it converted and as its cell was found where it failed, beside
// its errors.
func TestFailedRowValues(t *testing.T) {
	s := start(t, nil)
	a, status := s.convertFiles([]string{"../../testdata/web/ambiguous.csv"})
	if status != 200 || a.Code != 1 {
		t.Fatalf("status %d, code %d: %s", status, a.Code, a.Error)
	}
	type want struct {
		values map[string]string
		failed []string // the fields of its errors
	}
	wants := []want{
		{map[string]string{"externalId": "A-1", "status": "On Track", "metricValue": "0.5", "asOfDate": "03/07/2025", "comment": "first"}, []string{"asOfDate"}},
		{map[string]string{"externalId": "A-2", "status": "Green", "metricValue": "0.6", "asOfDate": "04/08/2025", "comment": ""}, []string{"status", "asOfDate"}},
		{map[string]string{"externalId": "A-3", "status": "At Risk", "metricValue": "", "asOfDate": "05/09/2025", "comment": `a, quoted "comment"`}, []string{"asOfDate"}},
	}
	for _, limit := range []int{1, 2, 1000} { // through the store's pages
		rows := s.allRows(a.ID, limit)
		if len(rows) != len(wants) {
			t.Fatalf("%d rows, want %d", len(rows), len(wants))
		}
		for i, r := range rows {
			w := wants[i]
			if r.Record != nil || !reflect.DeepEqual(r.Values, w.values) {
				t.Errorf("%d a page, row %d: record %s, values %q; want the values %q", limit, i, r.Record, r.Values, w.values)
			}
			var failed []string
			for _, e := range r.Errors {
				failed = append(failed, e.Field)
				if r.Values[e.Field] != e.Value {
					t.Errorf("row %d: %s %q, its error found %q", i, e.Field, r.Values[e.Field], e.Value)
				}
			}
			if !reflect.DeepEqual(failed, w.failed) {
				t.Errorf("row %d: errors of %v, want %v", i, failed, w.failed)
			}
		}
	}
	// The answer's first page is the same.
	if len(a.Rows) != len(wants) || !reflect.DeepEqual(a.Rows[0].Values, wants[0].values) {
		t.Errorf("the answer's rows: %+v", a.Rows)
	}
}

// unquote splits a command line as a shell does, for the single quotes
// the page writes.
func unquote(line string) []string {
	var out []string
	var cur strings.Builder
	in, started := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\'' && in && strings.HasPrefix(line[i:], `'\''`):
			cur.WriteByte('\'')
			i += 3
		case c == '\'':
			in, started = !in, true
		case c == ' ' && !in:
			if started {
				out = append(out, cur.String())
				cur.Reset()
				started = false
			}
		default:
			cur.WriteByte(c)
			started = true
		}
	}
	if started {
		out = append(out, cur.String())
	}
	return out
}

// TestRefusals: a question the files leave open is a refusal whose
// choices name ait-convert's flag without dashes and its value ("true"
// for a switch); sending the chosen flag and value converts again, and
// the command line shows the flag.
func TestRefusals(t *testing.T) {
	cases := []struct {
		name, file, question string
		flags                []string // the choices' flags, in order
		choose               int      // the choice taken
		also                 []string // other fields sent with it
		want                 string   // in the records after it
	}{
		{"several sheets", "../../testdata/fidelity/openpyxl/sheets.xlsx", "sheet", []string{"sheet", "sheet", "sheet", "sheet"}, 3, nil, `"externalId":"`},
		{"date order", "../../testdata/web/ambiguous.csv", "date-order", []string{"date-order", "date-order"}, 1, []string{"status-map", "Green=On Track"}, `"asOfDate":"2025-07-03"`},
		{"percent points", "../../testdata/web/percent.csv", "percent-points", []string{"percent-points"}, 0, nil, `"metricValue":0.54`},
		{"status words", "../../testdata/web/ambiguous.csv", "status-map", []string{"status-map"}, 0, []string{"date-order", "dmy"}, `"status":"On Track"`},
		{"decimal separator", "../../testdata/web/decimal.csv", "decimal-separator", []string{"decimal-point", "decimal-comma"}, 1, nil, `"metricValue":1.234`},
	}
	s := start(t, nil)
	switches := map[string]bool{"skip-invalid": true, "bom": true} // outputFlags
	fs := cli.NewFlagSet("ait-convert")
	convertcli.AddFlags(fs)
	fs.VisitAll(func(f *flag.Flag) { switches[f.Name] = isSwitch(f) })
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.t = t
			a, status := s.convertFiles([]string{tc.file}, tc.also...)
			if status != 200 || a.Refusal == nil || a.Command == "" {
				t.Fatalf("status %d, refusal %v, command %q", status, a.Refusal, a.Command)
			}
			ref := a.Refusal
			if ref.Question != tc.question || ref.Message == "" || len(ref.Choices) != len(tc.flags) {
				t.Fatalf("refusal %+v; want the question %s with %d choices", ref, tc.question, len(tc.flags))
			}
			for i, c := range ref.Choices {
				if c.Flag != tc.flags[i] || c.Label == "" {
					t.Errorf("choice %d: %+v, want the flag %s and a label", i, c, tc.flags[i])
				}
				if _, ok := switches[c.Flag]; !ok {
					t.Errorf("choice %d: %q is no flag of ait-convert", i, c.Flag)
				}
				if switches[c.Flag] && c.Value != "true" {
					t.Errorf("choice %d: the switch --%s has the value %q, want true", i, c.Flag, c.Value)
				}
			}
			c := ref.Choices[tc.choose]
			if strings.HasSuffix(c.Value, "=") { // a status word: its status is the user's to give
				if c.Value != "Green=" || ref.Suggested[c.Value] != "On Track" {
					t.Fatalf("choice %+v, suggested %v; want Green= and On Track", c, ref.Suggested)
				}
				c.Value += ref.Suggested[c.Value]
			}
			b, status := s.convertFiles([]string{tc.file}, append([]string{c.Flag, c.Value}, tc.also...)...)
			if status != 200 || b.Code != 0 || b.Refusal != nil {
				t.Fatalf("after --%s %s: status %d, code %d, refusal %+v", c.Flag, c.Value, status, b.Code, b.Refusal)
			}
			records, _ := json.Marshal(b.Records)
			if !strings.Contains(b.Command, "--"+c.Flag) || !strings.Contains(string(records), tc.want) {
				t.Errorf("after --%s %s: command %q, records %s; want %s", c.Flag, c.Value, b.Command, records, tc.want)
			}
		})
	}
}
