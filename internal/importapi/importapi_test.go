package importapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzRequest feeds the fake any body, content type and key: it never
// panics and always answers one of the API's statuses.
func FuzzRequest(f *testing.F) {
	f.Add([]byte(`[{"externalId":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"}]`), "application/json", "API-KEY k", "POST", "/imports/progress-updates")
	f.Add([]byte("External ID,Status,Metric Value,As Of Date,Comment\nA,On Track,0.5,2025-07-03,x\n"), "text/csv; charset=utf-8", "API-KEY k", "POST", "/imports/progress-updates")
	f.Add([]byte("A,On Track,abc,2025-02-30\n\n,,,\n"), "text/csv", "API-KEY k", "POST", "/imports/progress-updates")
	f.Add([]byte(`[{"externalId":1,"x":[]}, 5`), "application/json", "API-KEY k", "POST", "/imports/progress-updates")
	f.Add([]byte("PK\x03\x04"), "application/octet-stream", "API-KEY k", "POST", "/imports/progress-updates")
	f.Add([]byte(""), "", "", "GET", "/imports/status/x")
	f.Add([]byte(""), "", "API-KEY k", "GET", "/updates")
	allowed := map[int]bool{200: true, 400: true, 401: true, 404: true, 405: true, 413: true, 415: true}
	f.Fuzz(func(t *testing.T, body []byte, ct, auth, method, path string) {
		s, err := New(Options{APIKey: "k", MaxBody: 4096})
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(method, "http://x"+path, bytes.NewReader(body))
		if err != nil {
			return // not a request a client could send
		}
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("%s %s (%s): status %d", method, path, ct, rec.Code)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("the answer is not JSON: %q", rec.Body.String())
		}
	})
}

func TestStatuses(t *testing.T) {
	s, err := New(Options{APIKey: "k", MaxBody: 200})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	do := func(method, path, ct, auth, body string) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", auth)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 400 {
			t.Log(string(b))
		}
		return resp.StatusCode
	}
	ok := `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`
	tests := []struct {
		name, method, path, ct, auth, body string
		want                               int
	}{
		{"accepted", "POST", "/imports/progress-updates", "application/json", "API-KEY k", ok, 200},
		{"csv", "POST", "/imports/progress-updates", "text/csv", "API-KEY k", "A,On Track,,2025-07-03\n", 200},
		{"no key", "POST", "/imports/progress-updates", "application/json", "", ok, 401},
		{"wrong key", "POST", "/imports/progress-updates", "application/json", "API-KEY kk", ok, 401},
		{"bearer", "POST", "/imports/progress-updates", "application/json", "Bearer k", ok, 401},
		{"xml", "POST", "/imports/progress-updates", "application/xml", "API-KEY k", ok, 415},
		{"too big", "POST", "/imports/progress-updates", "application/json", "API-KEY k", "[" + string(bytes.Repeat([]byte(" "), 300)) + "]", 413},
		{"unparsable", "POST", "/imports/progress-updates", "application/json", "API-KEY k", "[{", 400},
		{"invalid record", "POST", "/imports/progress-updates", "application/json", "API-KEY k", `[{"externalId":"A"}]`, 400},
		{"misspelled key", "POST", "/imports/progress-updates", "application/json", "API-KEY k", `[{"externalID":"A","status":"On Track","asOfDate":"2025-07-03"}]`, 400},
		{"empty", "POST", "/imports/progress-updates", "application/json", "API-KEY k", `[]`, 400},
		{"unknown job", "GET", "/imports/status/nope", "", "API-KEY k", "", 404},
		{"wrong method", "PUT", "/imports/progress-updates", "", "API-KEY k", "", 405},
		{"unknown path", "GET", "/nope", "", "API-KEY k", "", 404},
	}
	for _, tt := range tests {
		if got := do(tt.method, tt.path, tt.ct, tt.auth, tt.body); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
	// Rejected submissions imported nothing; the two accepted ones did.
	if n := len(s.Jobs()); n != 2 {
		t.Errorf("%d jobs, want 2", n)
	}
}

// TestJobStatuses: a 400's jobId answers the status endpoint, Failed with
// the same errors; a job holding an ID of FailIDs ends Failed with its
// errors and imports nothing; others complete and import.
func TestJobStatuses(t *testing.T) {
	s, err := New(Options{APIKey: "k", FailIDs: map[string]bool{"F-1": true}})
	if err != nil {
		t.Fatal(err)
	}
	post := func(body string) map[string]any {
		req := httptest.NewRequest("POST", PathImport, strings.NewReader(body))
		req.Header.Set("Authorization", "API-KEY k")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	status := func(id string) map[string]any {
		req := httptest.NewRequest("GET", PathStatus+id, nil)
		req.Header.Set("Authorization", "API-KEY k")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var out map[string]any
		json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	rejected := post(`[{"externalId":"A","status":"Green","asOfDate":"2025-07-03"}]`)
	st := status(rejected["jobId"].(string))
	if st["status"] != "Failed" || fmt.Sprint(st["errors"]) != fmt.Sprint(rejected["errors"]) {
		t.Errorf("the status of a 400: %v; its errors %v", st, rejected["errors"])
	}
	failed := post(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"F-1","status":"On Track","asOfDate":"2025-07-03"}]`)
	st = status(failed["jobId"].(string))
	if st["status"] != "Failed" || !strings.Contains(fmt.Sprint(st["errors"]), "F-1") || !strings.Contains(fmt.Sprint(st["errors"]), "position:1") {
		t.Errorf("a job with a failing ID: %v", st)
	}
	done := post(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`)
	if st := status(done["jobId"].(string)); st["status"] != "Completed" {
		t.Errorf("a good job: %v", st)
	}
	if im := s.Imported(); len(im) != 1 || im[0].ExternalID != "A" {
		t.Errorf("imported %+v", im)
	}
}
