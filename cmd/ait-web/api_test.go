package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/submit/submittest"
)

// TestEveryAnswerHasCommand: every answer of the API carries the
// equivalent command line, a download in its X-Aitkit-Command header.
func TestEveryAnswerHasCommand(t *testing.T) {
	api := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer api.Close()
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL, "--journal", filepath.Join(t.TempDir(), "j.db"))
	a, _ := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"})
	job, _ := s.submitUpload(a.Upload, testKey)
	id, _ := job["jobId"].(string)
	s.waitJob(id)
	post := func(path string, fields ...string) *http.Response {
		body, ct := form(t, nil, fields...)
		return s.do("POST", path, body, "Content-Type", ct)
	}
	for _, tc := range []struct {
		what string
		resp *http.Response
		want string // the command starts so
	}{
		{"POST /api/convert", post("/api/convert", "upload", a.Upload, "sheet", "Updates"), "ait-convert --sheet Updates tracker.xlsx"},
		{"GET /api/records", s.do("GET", "/api/records?id="+a.ID, nil), "ait-convert tracker.xlsx"},
		{"GET /api/rows", s.do("GET", "/api/rows?id="+a.ID, nil), "ait-convert tracker.xlsx"},
		{"POST /api/validate", post("/api/validate", "id", a.ID), "ait-validate --report json tracker.xlsx"},
		{"POST /api/submit, refused", post("/api/submit", "id", a.ID), "ait-convert tracker.xlsx | ait-submit --base-url"},
		{"GET /api/jobs", s.do("GET", "/api/jobs/"+id, nil), "ait-submit --base-url " + api.URL + " --journal "},
		{"GET /api/info", s.do("GET", "/api/info", nil), "ait-web --base-url"},
	} {
		body := read(t, tc.resp)
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); err != nil {
			t.Errorf("%s: %v in %s", tc.what, err, body)
			continue
		}
		if c, ok := m["command"].(string); !ok || !strings.HasPrefix(c, tc.want) {
			t.Errorf("%s: command %q, want %q...", tc.what, m["command"], tc.want)
		}
	}
	var h struct {
		Command     *string `json:"command"`
		Submissions []struct {
			Command string `json:"command"`
		} `json:"submissions"`
	}
	s.getJSON("/api/history", &h)
	if h.Command == nil || len(h.Submissions) != 1 || !strings.HasSuffix(h.Submissions[0].Command, "--status "+id) {
		t.Errorf("history: command %v, submissions %+v; want each with its status command", h.Command, h.Submissions)
	}
	for _, f := range []string{"csv", "json"} {
		resp := s.do("GET", "/api/download?id="+a.ID+"&format="+f, nil)
		read(t, resp)
		if got := resp.Header.Get(CommandHeader); got != "ait-convert -o tracker-updates."+f+" tracker.xlsx" {
			t.Errorf("download %s: %s %q", f, CommandHeader, got)
		}
	}
}
