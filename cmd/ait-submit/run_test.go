package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/submit/submittest"
)

const (
	td  = "../../testdata/"
	key = "SECRET-KEY-7f3a9c2e51"
)

// env is one test's world: a fake API, a journal, and every output kept
// so that the key can be looked for in all of them.
type env struct {
	t       *testing.T
	srv     *submittest.Server
	journal string
	mu      sync.Mutex // outputs, appended to by runs at once
	outputs []string
	tune    func(*submit.Client) // more tuning of the client, after instant retries
}

func newEnv(t *testing.T, opts submittest.Options) *env {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = key
	}
	s := submittest.NewServer(opts)
	e := &env{t: t, srv: s, journal: filepath.Join(t.TempDir(), "journal.db")}
	t.Cleanup(func() {
		s.Close()
		b, _ := os.ReadFile(e.journal)
		for _, out := range append(e.outputs, string(b)) {
			if strings.Contains(out, key) {
				t.Errorf("the API key appears in an output or the journal:\n%s", out)
			}
		}
	})
	return e
}

// run runs ait-submit against the fake with instant retries and polls.
func (e *env) run(stdin []byte, args ...string) clitest.Result {
	return e.runCtx(context.Background(), stdin, args...)
}

func (e *env) runCtx(ctx context.Context, stdin []byte, args ...string) clitest.Result {
	e.t.Helper()
	getenv := func(k string) string {
		switch k {
		case "ACHIEVEIT_API_KEY":
			return key
		case "ACHIEVEIT_BASE_URL":
			return e.srv.URL
		}
		return ""
	}
	tune := func(c *submit.Client) {
		c.MinBackoff, c.MaxBackoff = time.Millisecond, 5*time.Millisecond
		if e.tune != nil {
			e.tune(c)
		}
	}
	var out, errb bytes.Buffer
	args = append([]string{"--journal", e.journal}, args...)
	code := runEnv(ctx, args, getenv, tune, bytes.NewReader(stdin), &out, &errb)
	r := clitest.Result{Stdout: out.String(), Stderr: errb.String(), Code: code}
	e.mu.Lock()
	e.outputs = append(e.outputs, r.Stdout, r.Stderr)
	e.mu.Unlock()
	return r
}

// refusedText is how this system words a refused connection: "connection
// refused" on Unix, other words on Windows (WSAECONNREFUSED) and under wine.
// The messages carry the system's text, so the tests look for that.
func refusedText(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, err = net.Dial("tcp", addr)
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		t.Fatalf("dialing a closed port: %v", err)
	}
	return errno.Error()
}

func expect(t *testing.T, r clitest.Result, code int, stderrHas ...string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("exit %d, want %d\n%s", r.Code, code, r)
	}
	for _, s := range stderrHas {
		if !strings.Contains(r.Stderr, s) {
			t.Errorf("stderr does not say %q:\n%s", s, r.Stderr)
		}
	}
}

// trackerRecords is what `ait-convert tracker.xlsx | ait-validate` gives: the
// stdout part of ait-convert's golden scenario.
func trackerRecords(t *testing.T) []byte {
	t.Helper()
	golden := clitest.ReadFile(t, td+"golden/cli/tracker-quiet.txt")
	return golden[:bytes.Index(golden, []byte("-- stderr --"))]
}

// The story: the pipe imports once and prints the final status;
// run again, it refuses to send the same updates twice.
func TestImportOnceThenRefuse(t *testing.T) {
	e := newEnv(t, submittest.Options{QueuedFor: 5 * time.Millisecond, ProcessingFor: 5 * time.Millisecond})
	r := e.run(trackerRecords(t))
	expect(t, r, 0, "6 records accepted as job", "Completed")
	if !strings.Contains(r.Stdout, `"status":"Completed"`) {
		t.Errorf("stdout is not the final status: %s", r.Stdout)
	}
	if n := len(e.srv.Imported()); n != 6 {
		t.Errorf("%d updates imported, want 6", n)
	}
	jobs := e.srv.Jobs()
	r = e.run(trackerRecords(t))
	expect(t, r, 2, "not sending them twice", jobs[0].ID)
	if e.srv.Posts() != 1 {
		t.Errorf("%d POSTs, want 1", e.srv.Posts())
	}
	r = e.run(trackerRecords(t), "--force")
	expect(t, r, 0)
	if e.srv.Posts() != 2 {
		t.Errorf("--force: %d POSTs, want 2", e.srv.Posts())
	}
	// The request is the article's.
	req := e.srv.Requests()[0]
	if req.Method != "POST" || req.Path != "/imports/progress-updates" || req.Header.Get("Authorization") != "API-KEY "+key || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request %s %s %v", req.Method, req.Path, req.Header)
	}
}

func TestWorkbookInputAndCSVBody(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	r := e.run(nil, "--as", "csv", td+"xlsx/tracker.xlsx")
	expect(t, r, 0)
	req := e.srv.Requests()[0]
	if req.Header.Get("Content-Type") != "text/csv" || !strings.HasPrefix(string(req.Body), "External ID,Status,Metric Value,As Of Date,Comment\n") {
		t.Errorf("CSV body: %s %q", req.Header.Get("Content-Type"), req.Body)
	}
}

func TestLocalValidationSendsNothing(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	r := e.run(nil, td+"validate/mistakes.json")
	expect(t, r, 1, `mistakes.json[1]: metricValue "abc": MetricValue must be a number.`, "nothing sent")
	if e.srv.Posts() != 0 {
		t.Error("invalid records were sent")
	}
}

func TestRejectedByTheAPI(t *testing.T) {
	e := newEnv(t, submittest.Options{KnownIDs: map[string]bool{"AA-001": true}})
	r := e.run(nil, td+"xlsx/tracker.xlsx")
	expect(t, r, 1, "rejected the submission: 5 of 6 records invalid",
		`tracker.xlsx!Updates!A5 (position 1): externalId "AA-002": External ID is invalid or its associated plan item has been deleted.`)
	if !strings.Contains(r.Stdout, `"errorRecords":5`) {
		t.Errorf("stdout is not the 400 body: %s", r.Stdout)
	}
	// Nothing was imported, so the same body may be sent again.
	r = e.run(nil, td+"xlsx/tracker.xlsx")
	expect(t, r, 1)
	if e.srv.Posts() != 2 {
		t.Errorf("%d POSTs, want 2", e.srv.Posts())
	}
}

func TestJobFailed(t *testing.T) {
	e := newEnv(t, submittest.Options{FailIDs: map[string]bool{"00123": true}})
	r := e.run(nil, td+"xlsx/tracker.xlsx")
	expect(t, r, 1, "Failed; nothing of it was imported", `tracker.xlsx!Updates!A6 (position 2): externalId "00123"`)
	if len(e.srv.Imported()) != 0 {
		t.Error("a Failed job imported updates")
	}
}

func TestWaitZeroAndStatus(t *testing.T) {
	e := newEnv(t, submittest.Options{QueuedFor: time.Hour})
	r := e.run(trackerRecords(t), "--wait", "0")
	expect(t, r, 0, "not waiting")
	id := e.srv.Jobs()[0].ID
	if !strings.Contains(r.Stdout, `"jobId":"`+id+`"`) {
		t.Errorf("stdout: %s", r.Stdout)
	}
	r = e.run(nil, "--status", id)
	expect(t, r, 3, "is Queued")
	if !strings.Contains(r.Stdout, `"status":"Queued"`) {
		t.Errorf("stdout: %s", r.Stdout)
	}
	r = e.run(nil, "--status", "no-such-job")
	expect(t, r, 2, "404")
}

// TestWaitRunsOut: the job stays Queued for an hour, so the wait runs out.
// It is long enough for a status read to come back first, even on a slow
// machine or under wine, where 20 ms was not ("no status could be read").
func TestWaitRunsOut(t *testing.T) {
	e := newEnv(t, submittest.Options{QueuedFor: time.Hour})
	r := e.run(trackerRecords(t), "--wait", "2s")
	expect(t, r, 3, "is still Queued", "ait-submit --status")
}

func TestInterruptedWhileWaiting(t *testing.T) {
	e := newEnv(t, submittest.Options{QueuedFor: time.Hour})
	ctx, cancel := context.WithCancel(guard(t))
	// Ctrl-C once the client follows the job: at its second status GET.
	e.srv.FailGET(submittest.Fault{}, submittest.Fault{Before: cancel, Hang: true})
	r := e.runCtx(ctx, trackerRecords(t))
	expect(t, r, 3, "interrupted while following job "+e.srv.Jobs()[0].ID, "ait-submit --status "+e.srv.Jobs()[0].ID)
}

func guard(t *testing.T) context.Context { return submittest.Guard(t) }

func TestTimeoutIsUnknownAndNotResent(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{Hang: true})
	r := e.run(trackerRecords(t), "--timeout", "100ms")
	expect(t, r, 3, "sent, outcome unknown: no answer within 100ms (--timeout)", "records them as Unknown")
	if e.srv.Posts() != 1 {
		t.Errorf("%d POSTs after a timeout, want 1", e.srv.Posts())
	}
	r = e.run(trackerRecords(t))
	expect(t, r, 2, "whose outcome is not known (Unknown)")
	if e.srv.Posts() != 1 {
		t.Error("the unknown submission was sent again")
	}
}

func TestBrokenAfterAcceptIsNotResent(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{DropAfter: true})
	r := e.run(trackerRecords(t))
	expect(t, r, 3, "unknown")
	if len(e.srv.Jobs()) != 1 {
		t.Fatal("the fake did not accept the job")
	}
	r = e.run(trackerRecords(t))
	expect(t, r, 2, "not sending them twice")
	if n := len(e.srv.Imported()); n != 6 {
		t.Errorf("%d imported, want exactly 6", n)
	}
}

func TestPostRetries(t *testing.T) {
	t.Run("503 and 429 are retried", func(t *testing.T) {
		e := newEnv(t, submittest.Options{})
		e.srv.FailPOST(submittest.Fault{Status: 503}, submittest.Fault{Status: 429, RetryAfter: "0"})
		expect(t, e.run(trackerRecords(t)), 0)
		if e.srv.Posts() != 3 {
			t.Errorf("%d POSTs, want 3", e.srv.Posts())
		}
	})
	t.Run("500 is unknown, not retried", func(t *testing.T) {
		e := newEnv(t, submittest.Options{})
		e.srv.FailPOST(submittest.Fault{Status: 500})
		expect(t, e.run(trackerRecords(t)), 3, "unknown")
		if e.srv.Posts() != 1 {
			t.Errorf("%d POSTs, want 1", e.srv.Posts())
		}
	})
	t.Run("dropped before an answer is unknown", func(t *testing.T) {
		e := newEnv(t, submittest.Options{})
		e.srv.FailPOST(submittest.Fault{Drop: true})
		expect(t, e.run(trackerRecords(t)), 3, "unknown")
		if e.srv.Posts() != 1 {
			t.Errorf("%d POSTs, want 1", e.srv.Posts())
		}
	})
	t.Run("connection refused is retried, then not sent", func(t *testing.T) {
		e := newEnv(t, submittest.Options{})
		e.srv.Close()
		expect(t, e.run(trackerRecords(t)), 2, "not sent: ", refusedText(t), "is ait-server running")
		if subs, _ := submit.OpenJournal(e.journal).Submissions(); len(subs) != 1 || subs[0].Status != submit.StateNotSent {
			t.Errorf("journal: %+v", subs)
		}
	})
}

func TestStatusRetries(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailGET(submittest.Fault{Status: 503}, submittest.Fault{Status: 429, RetryAfter: "0"}, submittest.Fault{Drop: true})
	expect(t, e.run(trackerRecords(t)), 0, "Completed")
}

func TestKeyHandling(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	t.Run("wrong key", func(t *testing.T) {
		var out, errb bytes.Buffer
		getenv := func(k string) string {
			return map[string]string{"ACHIEVEIT_API_KEY": "wrong-key-000", "ACHIEVEIT_BASE_URL": e.srv.URL}[k]
		}
		code := runEnv(context.Background(), []string{"--journal", e.journal}, getenv, nil, bytes.NewReader(trackerRecords(t)), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "API key was refused") {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	})
	t.Run("no key", func(t *testing.T) {
		var out, errb bytes.Buffer
		code := runEnv(context.Background(), nil, func(string) string { return "" }, nil, bytes.NewReader(trackerRecords(t)), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "ACHIEVEIT_API_KEY") {
			t.Errorf("exit %d: %s", code, errb.String())
		}
	})
	t.Run("key file readable by others", func(t *testing.T) {
		kf := filepath.Join(t.TempDir(), "key")
		os.WriteFile(kf, []byte(key+"\n"), 0o644)
		r := e.run(trackerRecords(t), "--api-key-file", kf, "--dry-run")
		if runtime.GOOS == "windows" {
			// No mode bits (Go reports 0666 for every writable file): no
			// warning that would be wrong for every file.
			expect(t, r, 0, "nothing sent")
			if strings.Contains(r.Stderr, "other users") {
				t.Errorf("warns on Windows: %s", r.Stderr)
			}
			return
		}
		expect(t, r, 0, "can be read by other users")
	})
	t.Run("dry run redacts and sends nothing", func(t *testing.T) {
		posts := e.srv.Posts()
		r := e.run(trackerRecords(t), "--dry-run")
		expect(t, r, 0, "nothing sent")
		if !strings.HasPrefix(r.Stdout, "POST "+e.srv.URL+"/imports/progress-updates\nAuthorization: API-KEY [REDACTED]\nContent-Type: application/json\n\n[\n") {
			t.Errorf("dry run printed:\n%s", r.Stdout)
		}
		if e.srv.Posts() != posts {
			t.Error("a dry run sent")
		}
	})
	t.Run("plain http to another host", func(t *testing.T) {
		r := e.run(trackerRecords(t), "--base-url", "http://api.example.com")
		expect(t, r, 2, "only for loopback")
	})
	t.Run("a redirect to another host gets no key", func(t *testing.T) {
		other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "" {
				t.Error("the key was sent to the redirect's host")
			}
		}))
		defer other.Close()
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+r.URL.Path, http.StatusTemporaryRedirect)
		}))
		defer redirector.Close()
		r := e.run(trackerRecords(t), "--base-url", redirector.URL, "--force")
		expect(t, r, 2, "307 Temporary Redirect", "redirects are not followed")
	})
	t.Run("a server echoing the key is redacted", func(t *testing.T) {
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"message":"bad key ` + r.Header.Get("Authorization") + `"}`))
		}))
		defer echo.Close()
		r := e.run(trackerRecords(t), "--base-url", echo.URL, "--force")
		expect(t, r, 1, "[REDACTED]")
	})
}

func TestScenarios(t *testing.T) {
	clitest.Golden(t, run, filepath.Join(td, "golden", "submit"), *update, []clitest.Scenario{
		clitest.Case("help", nil, "-h"),
		clitest.Case("version", nil, "--version"),
		clitest.Case("bad-as", nil, "--as", "xml"),
		clitest.Case("two-inputs", nil, "a.json", "b.json"),
	})
}

var update = flag.Bool("update", false, "rewrite the golden files")
