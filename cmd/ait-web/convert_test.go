package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// form is a multipart body of files (their paths) and fields.
func form(t *testing.T, files []string, fields ...string) (io.Reader, string) {
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
	Records   []testRow         `json:"records"`
	Questions []testRefusal     `json:"questions"`
	Download  struct {
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
	N      int             `json:"n"`
	File   int             `json:"file"`
	Place  string          `json:"place"`
	Record json.RawMessage `json:"record"`
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

// allRecords pages through every row of a conversion.
func (s *session) allRows(id string, limit int) []testRow {
	s.t.Helper()
	var rows []testRow
	for offset := 0; ; offset += limit {
		resp := s.do("GET", "/api/records?id="+id+"&offset="+itoa(offset)+"&limit="+itoa(limit), nil)
		var page struct {
			Total   int       `json:"total"`
			Offset  int       `json:"offset"`
			Records []testRow `json:"records"`
		}
		if err := json.Unmarshal([]byte(read(s.t, resp)), &page); err != nil {
			s.t.Fatal(err)
		}
		rows = append(rows, page.Records...)
		if len(page.Records) < limit {
			if len(rows) != page.Total {
				s.t.Fatalf("paged %d rows, total %d", len(rows), page.Total)
			}
			return rows
		}
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
			_, code := runBinary(t, dir, "ait-convert", append([]string{"-q", "-f", "json"}, args[1:]...)...)
			if code != a.Code {
				t.Errorf("code %d, ait-convert's exit status %d", a.Code, code)
			}
			rows := s.allRows(a.ID, 2)
			if len(rows) != a.Total {
				t.Fatalf("%d rows, total %d", len(rows), a.Total)
			}
			// The records of the rows are ait-convert's, object for object
			// (with --skip-invalid, the records it writes when rows fail).
			skipArgs := append([]string{"-q", "-f", "json", "--skip-invalid"}, args[1:]...)
			written, _ := runBinary(t, dir, "ait-convert", skipArgs...)
			var want []json.RawMessage
			if written != "" {
				if err := json.Unmarshal([]byte(written), &want); err != nil {
					t.Fatalf("ait-convert wrote %q: %v", written, err)
				}
			}
			var got []json.RawMessage
			failedFile := map[int]bool{}
			for i, f := range a.Files {
				failedFile[i] = f.Error != ""
			}
			for _, r := range rows {
				if r.Record != nil && !failedFile[r.File] {
					got = append(got, r.Record)
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%d records, ait-convert --skip-invalid writes %d:\n%s", len(got), len(want), written)
			}
			for i := range got {
				if !bytes.Equal(got[i], want[i]) {
					t.Errorf("record %d: %s, ait-convert writes %s", i, got[i], want[i])
				}
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
