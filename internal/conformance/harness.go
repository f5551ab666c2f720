package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Poster sends a case's body as a client sends an import (POST
// /imports/progress-updates with the key and the case's Content-Type) and
// returns the answer's status and body.
type Poster func(c Case) (status int, body []byte, err error)

// HTTP posts to the API at base over HTTP.
func HTTP(client *http.Client, base, key string) Poster {
	return func(c Case) (int, []byte, error) { return c.Post(client, base, key) }
}

// Handler posts to an http.Handler in the same process.
func Handler(h http.Handler, key string) Poster {
	return func(c Case) (int, []byte, error) {
		req := httptest.NewRequest(http.MethodPost, "/imports/progress-updates", bytes.NewReader(c.Body))
		req.Header.Set("Authorization", "API-KEY "+key)
		req.Header.Set("Content-Type", c.ContentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes(), nil
	}
}

// Test holds an import API to every case of the table: each case's body
// is posted and the answer must be the case's. serve starts the API for a
// list of custom statuses ("" for AchieveIt's seven; as --statuses takes
// it) that knows the External IDs of the table's export (IDs, KnownIDs);
// it is called once for each list the cases use.
func Test(t *testing.T, serve func(t *testing.T, statuses string) Poster) {
	t.Helper()
	cases, err := Load(Dir)
	if err != nil {
		t.Fatal(err)
	}
	apis := map[string]Poster{}
	for _, c := range cases {
		post := apis[c.Statuses]
		if post == nil {
			post = serve(t, c.Statuses)
			apis[c.Statuses] = post
		}
		t.Run(c.Name, func(t *testing.T) {
			status, body, err := post(c)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Check(status, body); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestFiles holds ait-validate to every case whose body is records (JSON
// or CSV): the body is written to a file, and validate checks it with the
// case's statuses ("" for the seven) and the table's export of IDs,
// returning the exit status and the JSON report. The exit status must be
// the case's (ValidateWant), and a rejection's report must list the API's
// errors (CheckReport).
func TestFiles(t *testing.T, validate func(t *testing.T, path, statuses string) (code int, report []byte)) {
	t.Helper()
	cases, err := Load(Dir)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range cases {
		ext := map[string]string{"application/json": ".json", "text/csv": ".csv"}[strings.Split(c.ContentType, ";")[0]]
		if ext == "" || c.Status == http.StatusRequestEntityTooLarge || c.Status == http.StatusUnsupportedMediaType {
			continue // told by HTTP, not by the records
		}
		t.Run(c.Name, func(t *testing.T) {
			path := filepath.Join(dir, c.Name+ext)
			if err := os.WriteFile(path, c.Body, 0o644); err != nil {
				t.Fatal(err)
			}
			code, report := validate(t, path, c.Statuses)
			if want := c.ValidateWant(); code != want {
				t.Fatalf("exit %d, want %d (%s)\n%s", code, want, c.ValidateNote, report)
			}
			if code == 1 && c.ValidateExit < 0 {
				if err := c.CheckReport(report); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// ValidateWant is ait-validate's exit status on the case's body as a
// file: the table's where it differs on purpose, else the API's verdict
// (0 for a 200, 1 for a 400 report, 2 for a body that does not parse).
func (c Case) ValidateWant() int {
	if c.ValidateExit >= 0 {
		return c.ValidateExit
	}
	if c.Status == http.StatusOK {
		return 0
	}
	var msg struct{ Errors []any }
	json.Unmarshal([]byte(c.Response), &msg)
	if c.Status == http.StatusBadRequest && msg.Errors == nil {
		return 2 // a body that does not parse: an input error
	}
	return 1
}

// CheckReport compares a JSON report (ait-validate --report json) with the
// case's errors: the same records, and in each the same errors, field and
// value alike, each message the API's, or the API's followed by a hint.
func (c Case) CheckReport(report []byte) error {
	want, err := c.Errors()
	if err != nil {
		return err
	}
	var rep struct{ Errors []RecordErrors }
	if err := json.Unmarshal(report, &rep); err != nil {
		return fmt.Errorf("report: %v\n%s", err, report)
	}
	if len(rep.Errors) != len(want) {
		return fmt.Errorf("%d records with errors, want %d:\n%s", len(rep.Errors), len(want), report)
	}
	var errs []string
	for i, w := range want {
		g := rep.Errors[i]
		if g.Position != w.Position || len(g.Errors) != len(w.Errors) {
			return fmt.Errorf("record %d: %+v, want %+v", i, g, w)
		}
		for k, we := range w.Errors {
			ge := g.Errors[k]
			if ge.Field != we.Field || ge.Value != we.Value || !strings.HasPrefix(ge.Message, we.Message) {
				errs = append(errs, fmt.Sprintf("record %d error %d: %+v, want %+v", i, k, ge, we))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}
