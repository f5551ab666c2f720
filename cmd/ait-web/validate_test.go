package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// validateFiles posts files and fields to /api/validate and returns the
// answer's body with its "command" taken out, the command, and the status.
func (s *session) validateFiles(files []string, fields ...string) (string, string, int) {
	s.t.Helper()
	body, ct := form(s.t, files, fields...)
	resp := s.do("POST", "/api/validate", body, "Content-Type", ct)
	text := read(s.t, resp)
	var head struct {
		Command string `json:"command"`
	}
	if err := json.Unmarshal([]byte(text), &head); err != nil {
		s.t.Fatalf("answer %q: %v", text, err)
	}
	if resp.StatusCode == http.StatusOK {
		if got := resp.Header.Get(CommandHeader); got != head.Command {
			s.t.Errorf("%s %q, the body's command %q", CommandHeader, got, head.Command)
		}
		prefix := "{\n  \"command\": "
		i := strings.Index(text, ",\n")
		if !strings.HasPrefix(text, prefix) || i < 0 {
			s.t.Fatalf("the report does not start with its command: %q", text)
		}
		text = "{" + text[i+1:]
	}
	return text, head.Command, resp.StatusCode
}

// TestValidate: /api/validate answers ait-validate's --report json body
// (its command added first) for the files converted with the form's
// flags, every row checked. For one workbook, it is ait-validate's own
// on that file, byte for byte; for a file in the import format (which
// ait-validate reads as written), the report of ait-convert's output
// piped to ait-validate, the sources naming the user's own lines; for
// several files, one report, positions counted across them.
func TestValidate(t *testing.T) {
	tracker := "../../testdata/xlsx/tracker.xlsx"
	bad := "../../testdata/xlsx/bad-values.xlsx"
	amb := "../../testdata/web/ambiguous.csv"
	s := start(t, nil)
	dir := t.TempDir()
	copyInto(t, dir, []string{tracker, bad, amb})

	for _, tc := range []struct {
		name   string
		file   string
		fields []string
	}{
		{"a workbook, all valid", tracker, nil},
		{"a workbook, rows with errors", bad, nil},
		{"a workbook, with flags", bad, []string{"status-map", "Green=At Risk", "as-of", "2025-01-31"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s.t = t
			got, command, status := s.validateFiles([]string{tc.file}, tc.fields...)
			args := unquote(command)
			if status != 200 || len(args) < 4 || strings.Join(args[:3], " ") != "ait-validate --report json" {
				t.Fatalf("status %d, command %q", status, command)
			}
			want, _ := runBinary(t, dir, "ait-validate", args[1:]...)
			if got != want {
				t.Errorf("the report:\n%s\n%s writes:\n%s", got, command, want)
			}
		})
	}

	t.Run("a file in the import format", func(t *testing.T) {
		s.t = t
		got, command, status := s.validateFiles([]string{amb}, "date-order", "dmy", "status-map", "Green=Achieved")
		convert, validate, ok := strings.Cut(command, " | ")
		if status != 200 || !ok || validate != "ait-validate --report json" {
			t.Fatalf("status %d, command %q; want ait-convert ... | ait-validate --report json", status, command)
		}
		records, code := runBinary(t, dir, "ait-convert", unquote(convert)[1:]...)
		if code != 0 {
			t.Fatalf("%s: exit %d", convert, code)
		}
		if err := os.WriteFile(filepath.Join(dir, "records.json"), []byte(records), 0o644); err != nil {
			t.Fatal(err)
		}
		want, _ := runBinary(t, dir, "ait-validate", "--report", "json", "records.json")
		// The pipe's records are records.json[i]; ait-web names the lines
		// they came from.
		want = regexp.MustCompile(`records\.json\[(\d+)\]`).ReplaceAllStringFunc(want, func(m string) string {
			return "ambiguous.csv:" + itoa(atoi(t, m[len("records.json["):len(m)-1])+2)
		})
		if got != want {
			t.Errorf("the report:\n%s\nthe pipe's, with the lines named:\n%s", got, want)
		}
	})

	t.Run("several files", func(t *testing.T) {
		s.t = t
		got, command, status := s.validateFiles([]string{tracker, bad})
		if status != 200 || !strings.HasSuffix(command, " | ait-validate --report json") {
			t.Fatalf("status %d, command %q", status, command)
		}
		var both, one, first struct {
			Errors []struct {
				Position int    `json:"position"`
				Source   string `json:"source"`
			} `json:"errors"`
			TotalRecords, ErrorRecords, ValidRecords int
		}
		json.Unmarshal([]byte(got), &both)
		a, _ := runBinary(t, dir, "ait-validate", "--report", "json", "tracker.xlsx")
		b, _ := runBinary(t, dir, "ait-validate", "--report", "json", "bad-values.xlsx")
		json.Unmarshal([]byte(a), &first)
		json.Unmarshal([]byte(b), &one)
		if both.TotalRecords != first.TotalRecords+one.TotalRecords || both.ErrorRecords != one.ErrorRecords || len(both.Errors) != len(one.Errors) {
			t.Fatalf("the report of both:\n%s\nof each:\n%s\n%s", got, a, b)
		}
		for i, e := range one.Errors {
			if both.Errors[i].Position != e.Position+first.TotalRecords || both.Errors[i].Source != e.Source {
				t.Errorf("error %d: position %d at %s, want %d at %s", i, both.Errors[i].Position, both.Errors[i].Source, e.Position+first.TotalRecords, e.Source)
			}
		}
	})

	t.Run("a file that asks a question", func(t *testing.T) {
		s.t = t
		got, command, status := s.validateFiles([]string{"../../testdata/fidelity/openpyxl/sheets.xlsx"})
		var body struct {
			Error   string       `json:"error"`
			Refusal *testRefusal `json:"refusal"`
		}
		json.Unmarshal([]byte(got), &body)
		if status != http.StatusUnprocessableEntity || body.Refusal == nil || body.Refusal.Question != "sheet" || !strings.HasPrefix(command, "ait-validate --report json") {
			t.Errorf("status %d, command %q, body %s; want 422 with the sheet question", status, command, got)
		}
	})
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAnnotated: the annotated workbook is what ait-validate --annotate
// writes for the same file and flags, byte for byte, and its command is
// in X-Aitkit-Command.
func TestAnnotated(t *testing.T) {
	bad := "../../testdata/xlsx/bad-values.xlsx"
	s := start(t, nil)
	dir := t.TempDir()
	copyInto(t, dir, []string{bad})
	a, status := s.convertFiles([]string{bad}, "status-map", "Green=At Risk")
	if status != 200 || a.Commands["annotate"] == "" {
		t.Fatalf("status %d, commands %v", status, a.Commands)
	}
	resp := s.do("GET", "/api/download?id="+a.ID+"&format=xlsx", nil)
	got := read(t, resp)
	command := resp.Header.Get(CommandHeader)
	if resp.StatusCode != 200 || command != a.Commands["annotate"] || !strings.HasPrefix(got, "PK") {
		t.Fatalf("download: %s, command %q (the answer's %q), %d bytes", resp.Status, command, a.Commands["annotate"], len(got))
	}
	args := unquote(command)
	if _, code := runBinary(t, dir, "ait-validate", args[1:]...); code != 1 {
		t.Fatalf("%s: exit %d, want 1 (rows with errors)", command, code)
	}
	want, err := os.ReadFile(filepath.Join(dir, args[2]))
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the annotated workbook (%d bytes) is not what %s writes (%d bytes)", len(got), command, len(want))
	}
}
