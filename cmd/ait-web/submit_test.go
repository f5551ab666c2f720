package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/submit/submittest"
)

// fast makes a client's polling and retries instant.
func fast(c *submit.Client) {
	c.MinBackoff, c.MaxBackoff = time.Millisecond, 5*time.Millisecond
}

const testKey = "web-test-key-Zq8Lr5Vt2Wx9"

// submitUpload sends an earlier upload with the key.
func (s *session) submitUpload(upload, key string, fields ...string) (map[string]any, int) {
	s.t.Helper()
	body, ct := form(s.t, nil, append([]string{"upload", upload}, fields...)...)
	h := []string{"Content-Type", ct}
	if key != "" {
		h = append(h, KeyHeader, key)
	}
	resp := s.do("POST", "/api/submit", body, h...)
	var out map[string]any
	text := read(s.t, resp)
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		s.t.Fatalf("answer %q: %v", text, err)
	}
	return out, resp.StatusCode
}

// waitJob follows a job through /api/jobs until it is done.
func (s *session) waitJob(id string) map[string]any {
	s.t.Helper()
	for range 2000 {
		resp := s.do("GET", "/api/jobs/"+id, nil)
		var job map[string]any
		json.Unmarshal([]byte(read(s.t, resp)), &job)
		if job["done"] == true || job["note"] != nil && job["note"] != "" {
			return job
		}
		time.Sleep(5 * time.Millisecond) // the job runs in ait-web; this only paces the asking
	}
	s.t.Fatalf("job %s never ended", id)
	return nil
}

// TestSubmit: the records go to the API once, with the key of the page;
// the job is followed to Completed under the API's own status names; a
// second submission of the same records sends nothing; the history, read
// from the journal, lists it, and still does after a restart.
func TestSubmit(t *testing.T) {
	api := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer api.Close()
	journal := filepath.Join(t.TempDir(), "journal.db")
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL, "--journal", journal)
	a, _ := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"})
	job, status := s.submitUpload(a.Upload, testKey)
	if status != http.StatusAccepted || job["status"] != "Queued" {
		t.Fatalf("submit: %d %v", status, job)
	}
	id := job["jobId"].(string)
	done := s.waitJob(id)
	if done["status"] != "Completed" {
		t.Fatalf("job %v", done)
	}
	if n := len(api.Imported()); n != 6 {
		t.Errorf("%d updates imported, want 6", n)
	}
	again, status := s.submitUpload(a.Upload, "")
	if status != http.StatusConflict || again["sent"] != false || !strings.Contains(again["error"].(string), "before") {
		t.Errorf("the same records again: %d %v, want 409, nothing sent", status, again)
	}
	posts := 0
	for _, r := range api.Requests() {
		if r.Method == "POST" {
			posts++
			if got := r.Header.Get("Authorization"); got != "API-KEY "+testKey {
				t.Errorf("Authorization %q", got)
			}
		}
	}
	if posts != 1 {
		t.Errorf("%d POSTs, want 1", posts)
	}
	history := func(s *session) []any {
		resp := s.do("GET", "/api/history", nil)
		var h map[string]any
		json.Unmarshal([]byte(read(t, resp)), &h)
		subs, _ := h["submissions"].([]any)
		return subs
	}
	subs := history(s)
	if len(subs) != 1 || subs[0].(map[string]any)["jobId"] != id || subs[0].(map[string]any)["status"] != "Completed" {
		t.Errorf("history %v", subs)
	}
	s.stop()
	s2 := start(t, nil, "--base-url", api.URL, "--journal", journal)
	if subs := history(s2); len(subs) != 1 || subs[0].(map[string]any)["jobId"] != id {
		t.Errorf("history after a restart: %v", subs)
	}
	// After a restart the job is known from the journal, and from the API
	// with the key.
	resp := s2.do("GET", "/api/jobs/"+id, nil)
	var j map[string]any
	json.Unmarshal([]byte(read(t, resp)), &j)
	if j["status"] != "Completed" {
		t.Errorf("job after a restart, no key: %v", j)
	}
	resp = s2.do("GET", "/api/jobs/"+id, nil, KeyHeader, testKey)
	j = nil
	json.Unmarshal([]byte(read(t, resp)), &j)
	if j["status"] != "Completed" || j["done"] != true {
		t.Errorf("job after a restart, with the key: %v", j)
	}
}

// TestSubmitFailed: a job that ends Failed shows the API's errors at the
// cells their records came from.
func TestSubmitFailed(t *testing.T) {
	api := submittest.NewServer(submittest.Options{APIKey: testKey, FailIDs: map[string]bool{"AA-002": true}})
	defer api.Close()
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL, "--journal", filepath.Join(t.TempDir(), "j.db"))
	a, _ := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"})
	job, status := s.submitUpload(a.Upload, testKey)
	if status != http.StatusAccepted {
		t.Fatalf("submit: %d %v", status, job)
	}
	done := s.waitJob(job["jobId"].(string))
	if done["status"] != "Failed" {
		t.Fatalf("job %v, want Failed", done)
	}
	b, _ := json.Marshal(done["errors"])
	if !strings.Contains(string(b), `"source":"tracker.xlsx!Updates!A5"`) {
		t.Errorf("errors %s: want the record's cell", b)
	}
}

// TestKeyNeverShown: the key typed in the page is in no answer, no line
// of standard error, no file ait-web writes (the journal, the temporary
// folder), even when the API echoes it back.
func TestKeyNeverShown(t *testing.T) {
	api := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer api.Close()
	journal := filepath.Join(t.TempDir(), "journal.db")
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL, "--journal", journal)
	var answers []string
	keep := func(resp *http.Response) { answers = append(answers, read(t, resp)) }
	a, _ := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"})
	// A wrong key first: the API's refusal must not echo it either.
	body, ct := form(t, nil, "upload", a.Upload)
	keep(s.do("POST", "/api/submit", body, "Content-Type", ct, KeyHeader, testKey+"-wrong"))
	body, ct = form(t, nil, "upload", a.Upload, "date-order", testKey)
	keep(s.do("POST", "/api/submit", body, "Content-Type", ct, KeyHeader, testKey))
	body, ct = form(t, nil, "upload", a.Upload)
	resp := s.do("POST", "/api/submit", body, "Content-Type", ct, KeyHeader, testKey)
	text := read(t, resp)
	answers = append(answers, text)
	var job map[string]any
	json.Unmarshal([]byte(text), &job)
	if id, _ := job["jobId"].(string); id != "" {
		s.waitJob(id)
		keep(s.do("GET", "/api/jobs/"+id, nil))
	}
	keep(s.do("GET", "/api/jobs/"+testKey, nil))
	keep(s.do("GET", "/api/history", nil))
	keep(s.do("GET", "/api/info", nil))
	// Files while it runs, then after.
	var files []string
	filepath.Walk(s.tmp, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	files = append(files, journal)
	s.stop()
	for i, text := range answers {
		if strings.Contains(text, testKey[4:]) {
			t.Errorf("answer %d holds the key: %s", i, text)
		}
	}
	if strings.Contains(s.stderr.String(), testKey[4:]) {
		t.Errorf("standard error holds the key: %s", s.stderr)
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if strings.Contains(string(b), testKey[4:]) {
			t.Errorf("%s holds the key", f)
		}
	}
	if job["status"] != "Queued" {
		t.Errorf("the submission was not accepted (%v): the key's path was not covered", job)
	}
}

// TestJournalShared: without --journal, ait-web keeps ait-submit's own
// journal at its default path, so that each tool refuses to send again
// what the other sent.
func TestJournalShared(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // a journal of its own, for both tools
	t.Setenv("LocalAppData", os.Getenv("XDG_STATE_HOME"))
	api := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer api.Close()
	s := start(t, &options{tuneClient: fast}, "--base-url", api.URL)
	var info struct {
		Journal string `json:"journal"`
	}
	s.getJSON("/api/info", &info)
	if want, _ := submit.DefaultJournalPath(); info.Journal != want {
		t.Fatalf("journal %q, want ait-submit's %q", info.Journal, want)
	}
	dir := t.TempDir()
	copyInto(t, dir, []string{"../../testdata/xlsx/tracker.xlsx", "../../testdata/web/ambiguous.csv"})
	env := []string{"ACHIEVEIT_API_KEY=" + testKey} // and the test's XDG_STATE_HOME

	// ait-web sends the tracker; ait-submit refuses to send it again.
	a, _ := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"})
	job, status := s.submitUpload(a.Upload, testKey)
	if status != http.StatusAccepted {
		t.Fatalf("submit: %d %v", status, job)
	}
	id := job["jobId"].(string)
	if done := s.waitJob(id); done["status"] != "Completed" {
		t.Fatalf("job %v", done)
	}
	_, stderr, code := runBinaryEnv(t, dir, env, "ait-submit", "--base-url", api.URL, "tracker.xlsx")
	if code != 2 || !strings.Contains(stderr, id) {
		t.Errorf("ait-submit after ait-web: exit %d, stderr %s; want 2, naming job %s", code, stderr, id)
	}

	// ait-submit sends the CSV's records; ait-web refuses to send them
	// again.
	records, code := runBinary(t, dir, "ait-convert", "--date-order", "dmy", "--status-map", "Green=On Track", "ambiguous.csv")
	if code != 0 {
		t.Fatalf("ait-convert: exit %d", code)
	}
	os.WriteFile(filepath.Join(dir, "records.json"), []byte(records), 0o644)
	out, stderr, code := runBinaryEnv(t, dir, env, "ait-submit", "--base-url", api.URL, "records.json")
	if code != 0 {
		t.Fatalf("ait-submit: exit %d, stderr %s", code, stderr)
	}
	var sent struct {
		JobID string `json:"jobId"`
	}
	json.Unmarshal([]byte(out), &sent)
	b, _ := s.convertFiles([]string{"../../testdata/web/ambiguous.csv"}, "date-order", "dmy", "status-map", "Green=On Track")
	again, status := s.submitUpload(b.Upload, testKey, "date-order", "dmy", "status-map", "Green=On Track")
	if status != http.StatusConflict || again["sent"] != false || sent.JobID == "" || !strings.Contains(again["error"].(string), sent.JobID) {
		t.Errorf("ait-web after ait-submit (job %q): %d %v; want 409 naming the job", sent.JobID, status, again)
	}
	posts := 0
	for _, r := range api.Requests() {
		if r.Method == "POST" {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("the API received %d submissions, want 2 (one from each tool)", posts)
	}
	var h struct {
		Submissions []map[string]any `json:"submissions"`
	}
	s.getJSON("/api/history", &h)
	if len(h.Submissions) != 2 || h.Submissions[0]["jobId"] != sent.JobID || h.Submissions[1]["jobId"] != id {
		t.Errorf("history %v; want ait-submit's job, then ait-web's", h.Submissions)
	}
}
