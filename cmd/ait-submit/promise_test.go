package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/submit/submittest"
)

// TestSameRecordsAnyForm: once the records were accepted, the same records
// in any form (another body format, pretty-printed JSON, CSV, the
// workbook they came from) to the same API in any spelling are refused.
func TestSameRecordsAnyForm(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	expect(t, e.run(trackerRecords(t), "--wait", "0"), 0, "accepted as job")
	job := e.srv.Jobs()[0].ID
	dir := t.TempDir()
	pretty := filepath.Join(dir, "pretty.json")
	os.WriteFile(pretty, []byte(strings.ReplaceAll(strings.ReplaceAll(string(trackerRecords(t)), `","`, "\",\n  \""), "{", "{\n  ")), 0o644)
	asCSV := filepath.Join(dir, "updates.csv")
	r := e.run(trackerRecords(t), "--dry-run", "--as", "csv")
	os.WriteFile(asCSV, []byte(r.Stdout[strings.Index(r.Stdout, "\n\n")+2:]), 0o644)
	localhost := strings.Replace(e.srv.URL, "127.0.0.1", "localhost", 1)
	for _, args := range [][]string{
		{"--as", "csv"},
		{pretty},
		{asCSV},
		{td + "xlsx/tracker.xlsx"},
		{"--base-url", localhost + "/"},
		{"--base-url", strings.Replace(e.srv.URL, "http://", "HTTP://", 1)},
	} {
		var stdin []byte
		if len(args) != 1 {
			stdin = trackerRecords(t)
		}
		r := e.run(stdin, append(args, "--wait", "0")...)
		// The refusal names the API as the first run was given it (e.srv.URL,
		// 127.0.0.1), with the target that makes the spellings one.
		expect(t, r, 2, "the same 6 updates were sent to "+e.srv.URL+" (the API http://localhost:", job, "--force")
	}
	if n := e.srv.Posts(); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if n := len(e.srv.Imported()); n != 6 {
		t.Errorf("%d updates imported, want 6", n)
	}
}

// TestOnlyNew is the weekly tracker: last week's rows are there again with
// new ones. They are refused, named with their job; --only-new sends the
// new ones; when nothing is new, nothing is sent.
func TestOnlyNew(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	week1 := `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"B","status":"At Risk","asOfDate":"2025-07-03"}]`
	expect(t, e.run([]byte(week1)), 0)
	job := e.srv.Jobs()[0].ID
	week2 := strings.TrimSuffix(week1, "]") + `,{"externalId":"A","status":"Achieved","asOfDate":"2025-07-10"},{"externalId":"C","status":"On Track","asOfDate":"2025-07-10"}]`
	r := e.run([]byte(week2))
	expect(t, r, 2, "2 of the 4 updates were sent before: 2 in job "+job, "--only-new sends the others")
	r = e.run([]byte(week2), "--only-new")
	expect(t, r, 0, "2 of the 4 updates were sent before; sending the 2 new ones", "2 records accepted")
	if got := e.srv.Jobs()[1].Records; len(got) != 2 || got[0].AsOfDate != "2025-07-10" || got[1].ExternalID != "C" {
		t.Errorf("sent %+v", got)
	}
	r = e.run([]byte(week2), "--only-new")
	expect(t, r, 0, "all 4 updates were sent before", "nothing new to send")
	if e.srv.Posts() != 2 {
		t.Errorf("%d POSTs, want 2", e.srv.Posts())
	}
	r = e.run([]byte(week2), "--only-new", "--force")
	expect(t, r, 2, "give one")
}

// TestJournalUnwritableSendsNothing: a journal that cannot be written means
// nothing is sent.
func TestJournalUnwritableSendsNothing(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	os.Mkdir(e.journal, 0o700) // a directory where the journal file belongs
	r := e.run(trackerRecords(t))
	expect(t, r, 2, "journal "+e.journal, "nothing was sent")
	if e.srv.Posts() != 0 {
		t.Error("sent without a journal")
	}
}

// TestJournalFailsAfterAccept: a journal that fails after the API accepted
// the submission is said loudly, with the job ID, and exits 3.
func TestJournalFailsAfterAccept(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{Before: func() {
		os.Remove(e.journal)
		os.Mkdir(e.journal, 0o700)
	}})
	r := e.run(trackerRecords(t))
	id := e.srv.Jobs()[0].ID
	expect(t, r, 3, "job "+id+" was accepted, but the journal", "IMPORTANT: keep the job ID "+id)
}

// TestNotSentMayGoAgain: what certainly did not reach the API (a TLS 1.1
// server, a redirect) is not sent, exit 2, and may be sent again.
func TestNotSentMayGoAgain(t *testing.T) {
	tls11 := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	tls11.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	tls11.Config.ErrorLog = nil
	tls11.StartTLS()
	defer tls11.Close()
	e := newEnv(t, submittest.Options{})
	expect(t, e.run(trackerRecords(t), "--base-url", tls11.URL), 2, "not sent", "TLS 1.2 or newer")
	expect(t, e.run(trackerRecords(t), "--base-url", tls11.URL), 2, "not sent") // not refused as sent
	e.srv.FailPOST(submittest.Fault{Status: 302, Location: "/login"})
	expect(t, e.run(trackerRecords(t)), 2, "302 Found to /login; redirects are not followed")
	expect(t, e.run(trackerRecords(t)), 0, "Completed")
	if n := len(e.srv.Imported()); n != 6 {
		t.Errorf("%d imported", n)
	}
}

// TestRetryAfterCapped: a Retry-After longer than ait-submit waits gives up
// at once, as not sent: no sleep is asked for.
func TestRetryAfterCapped(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{Status: 503, RetryAfter: "86400"})
	var mu sync.Mutex
	var slept []time.Duration
	e.tune = func(c *submit.Client) {
		c.Sleep = func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			slept = append(slept, d)
			mu.Unlock()
			return nil
		}
	}
	r := e.run(trackerRecords(t), "--wait", "5s", "--timeout", "5s")
	expect(t, r, 2, "asked to wait 24h0m0s before trying again, longer than ait-submit waits (5s)")
	if len(slept) != 0 || e.srv.Posts() != 1 {
		t.Errorf("slept %v, %d POSTs; want no sleep and one POST", slept, e.srv.Posts())
	}
}

// TestKeyNeverShown: a server that echoes the key, whole, cut at 500 bytes
// or JSON-escaped, in a 400 or a 500, shows no run of it in any output.
func TestKeyNeverShown(t *testing.T) {
	for i, echo := range []func(string) string{
		func(h string) string { return h },
		func(h string) string { return strings.Repeat("x", 495) + h },
		func(h string) string { return strings.ReplaceAll(h, "-", `\u002d`) },
	} {
		for _, code := range []int{400, 500, 404} {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(code)
				fmt.Fprintf(w, `{"message":"bad: %s","errors":[{"position":0,"externalId":"x","errors":[{"field":"f","value":%q,"message":"m"}]}]}`, echo(r.Header.Get("Authorization")), r.Header.Get("Authorization"))
			}))
			e := newEnv(t, submittest.Options{})
			r := e.run(trackerRecords(t), "--base-url", srv.URL, "--force")
			srv.Close()
			for _, out := range []string{r.Stdout, r.Stderr} {
				for k := 0; k+6 <= len(key); k++ {
					if strings.Contains(out, key[k:k+6]) {
						t.Fatalf("echo %d, %d: output shows %q of the key:\n%s", i, code, key[k:k+6], out)
					}
				}
			}
		}
	}
}

// TestRetryLines: retries are told as they happen, on a terminal or with
// -v, each naming what failed, the try, the wait and what to check.
func TestRetryLines(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{Status: 503}, submittest.Fault{Status: 503})
	r := e.run(trackerRecords(t), "-v")
	expect(t, r, 0, "503 Service Unavailable", "retry 2 of 6 in", "retry 3 of 6 in", "job status Completed")
	e.srv.FailPOST(submittest.Fault{Status: 503})
	r = e.run(trackerRecords(t), "--force")
	if strings.Contains(r.Stderr, "retry") || strings.Contains(r.Stderr, "job status") {
		t.Errorf("told retries off a terminal without -v:\n%s", r.Stderr)
	}
	e.srv.Close()
	r = e.run(trackerRecords(t), "-v", "--force")
	expect(t, r, 2, refusedText(t)+"; retry 2 of 2 in", "is ait-server running, and is ACHIEVEIT_BASE_URL right?")
	if strings.Count(r.Stderr, "retry") != 1 {
		t.Errorf("a refused loopback connection is tried more than twice:\n%s", r.Stderr)
	}
}

// TestConcurrentRuns: of eight runs sending the same records at once, one
// sends them; the others are refused.
func TestConcurrentRuns(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	var wg sync.WaitGroup
	codes := make([]int, 8)
	var mu sync.Mutex
	for i := range codes {
		wg.Go(func() {
			r := e.run(trackerRecords(t), "--wait", "0")
			mu.Lock()
			codes[i] = r.Code
			mu.Unlock()
		})
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		if c == 0 {
			ok++
		}
	}
	if ok != 1 || e.srv.Posts() != 1 {
		t.Errorf("exits %v, %d POSTs; want one run and one POST", codes, e.srv.Posts())
	}
}

// TestInterruptedWhileSending: Ctrl-C once the request was sent says the
// outcome is unknown and how to find it, exit 3.
func TestInterruptedWhileSending(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	e.srv.FailPOST(submittest.Fault{Before: cancel, Hang: true})
	r := e.runCtx(ctx, trackerRecords(t))
	expect(t, r, 3, "sent, outcome unknown: interrupted after the request was sent", "records them as Unknown")
	if strings.Contains(r.Stderr, "context canceled") {
		t.Errorf("said only context canceled:\n%s", r.Stderr)
	}
	subs, _ := submit.OpenJournal(e.journal).Submissions()
	if len(subs) != 1 || subs[0].Status != submit.StateUnknown {
		t.Errorf("journal %+v", subs)
	}
}

// TestStatusLine: on a terminal the job's statuses show on one line,
// rewritten as they change, with how long each lasted.
func TestStatusLine(t *testing.T) {
	var b strings.Builder
	s := &submitter{o: &options{}, stderr: &b, terminal: true}
	s.event(submit.Event{Status: "Queued"})
	s.event(submit.Event{Status: "Processing", After: 2 * time.Second})
	s.event(submit.Event{Status: "Completed", After: 5200 * time.Millisecond})
	s.endStatusLine()
	want := "\r\x1b[Kait-submit: job: Queued\r\x1b[Kait-submit: job: Queued 2s, Processing\r\x1b[Kait-submit: job: Queued 2s, Processing 5s, Completed\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}

// TestStatusOfAnotherJob: a status answer about another job that
// Completed is not success: exit 2, both jobs named, and how to follow the
// one accepted.
func TestStatusOfAnotherJob(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailGET(submittest.Fault{Status: 200, Body: `{"jobId":"someone-elses-job","created":"2025-07-03T10:00:00","status":"Completed","errors":[]}`})
	r := e.run(trackerRecords(t))
	job := e.srv.Jobs()[0].ID
	expect(t, r, 2, "asked the status of job "+job, `"someone-elses-job"`, "ait-submit --status "+job)
	if strings.Contains(r.Stdout, "Completed") {
		t.Errorf("printed the other job's status as this one's: %s", r.Stdout)
	}
	r = e.run(nil, "--status", job)
	expect(t, r, 0, "Completed") // the fake answers about the job itself again
	e.srv.FailGET(submittest.Fault{Status: 200, Body: `{"jobId":"x","status":"Completed"}`})
	expect(t, e.run(nil, "--status", job), 2, `"x"`)
}

// TestWaitBoundsHungStatus: --wait bounds a status request that never
// answers (--timeout is an hour): exit 3 naming the job.
func TestWaitBoundsHungStatus(t *testing.T) {
	e := newEnv(t, submittest.Options{QueuedFor: time.Hour})
	e.srv.FailGET(submittest.Fault{Hang: true})
	r := e.runCtx(guard(t), trackerRecords(t), "--wait", "50ms", "--timeout", "1h")
	job := e.srv.Jobs()[0].ID
	expect(t, r, 3, "job "+job+": no status could be read within 50ms", "ait-submit --status "+job)
	e.srv.FailGET(submittest.Fault{Hang: true})
	r = e.runCtx(guard(t), nil, "--status", job, "--wait", "50ms", "--timeout", "1h")
	expect(t, r, 3, job)
}

// TestKeyInJobID: a jobId that holds the key is shown and journaled
// redacted, with a note; the journal never holds the key (newEnv checks).
func TestKeyInJobID(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	e.srv.FailPOST(submittest.Fault{Status: 200, Body: `{"jobId":"job-` + key + `","totalRecords":6,"errorRecords":0,"validRecords":6}`})
	r := e.run(trackerRecords(t), "--wait", "0")
	expect(t, r, 0, "accepted as job job-[REDACTED]", "holds the API key")
	if !strings.Contains(r.Stdout, `"jobId":"job-[REDACTED]"`) {
		t.Errorf("stdout: %s", r.Stdout)
	}
	subs, err := submit.OpenJournal(e.journal).Submissions()
	if err != nil || len(subs) != 1 || subs[0].JobID != "job-"+submit.Redacted || !strings.Contains(subs[0].Note, "held the API key") {
		t.Errorf("journal: %+v, %v", subs, err)
	}
}

// TestAPIKeyFromStdin: --api-key-file - reads the key from standard input;
// the records then come from a file.
func TestAPIKeyFromStdin(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	f := filepath.Join(t.TempDir(), "updates.json")
	os.WriteFile(f, trackerRecords(t), 0o600)
	var out, errb bytes.Buffer
	getenv := func(k string) string { return map[string]string{"ACHIEVEIT_BASE_URL": e.srv.URL}[k] }
	code := runEnv(guard(t), []string{"--journal", e.journal, "--api-key-file", "-", f}, getenv, nil, strings.NewReader(key+"\n"), &out, &errb)
	e.outputs = append(e.outputs, out.String(), errb.String())
	if code != 0 || e.srv.Posts() != 1 || e.srv.Requests()[0].Header.Get("Authorization") != "API-KEY "+key {
		t.Fatalf("exit %d, %d POSTs\n%s", code, e.srv.Posts(), errb.String())
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		says  string
	}{
		{key, []string{"--api-key-file", "-"}, "give the records as a FILE"},
		{"", []string{"--api-key-file", "-", f}, "standard input is empty"},
		{key + "\nsecond line\n", []string{"--api-key-file", "-", f}, "more than one line"},
	} {
		errb.Reset()
		code := runEnv(guard(t), append([]string{"--journal", e.journal}, tt.args...), getenv, nil, strings.NewReader(tt.stdin), &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), tt.says) {
			t.Errorf("%v: exit %d: %s", tt.args, code, errb.String())
		}
	}
}

// fullWriter is /dev/full: every write fails.
type fullWriter struct{}

func (fullWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestFailedWritesAreErrors: a dry run, a status or the accepted job
// written to a full stdout is exit 2, saying so.
func TestFailedWritesAreErrors(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	getenv := func(k string) string {
		return map[string]string{"ACHIEVEIT_API_KEY": key, "ACHIEVEIT_BASE_URL": e.srv.URL}[k]
	}
	for _, args := range [][]string{{"--dry-run"}, {"--dry-run", "--as", "csv"}, {"--wait", "0"}} {
		var errb bytes.Buffer
		code := runEnv(guard(t), append([]string{"--journal", e.journal, "--force"}, args...), getenv, nil, bytes.NewReader(trackerRecords(t)), fullWriter{}, &errb)
		if code != 2 || !strings.Contains(errb.String(), "standard output: no space left on device") {
			t.Errorf("%v: exit %d: %s", args, code, errb.String())
		}
	}
}

// TestDryRunIsTheBody: the dry run prints the records byte for byte as they
// would be sent, whatever they hold: runs of the key, token-like strings;
// only the key itself, were a record to hold it, is redacted.
func TestDryRunIsTheBody(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	in := `[{"externalId":"` + key[:10] + `","status":"On Track","asOfDate":"2025-07-03","comment":"token ` + key[7:] + ` and eyJhbGciOiJIUzI1NiJ9"},` +
		`{"externalId":"B","status":"On Track","asOfDate":"2025-07-03","comment":"pasted ` + key + ` by mistake"}]`
	r := e.run([]byte(in), "--dry-run")
	expect(t, r, 0)
	body := r.Stdout[strings.Index(r.Stdout, "\n\n")+2:]
	want := strings.Replace(string(e.sent(t, []byte(in))), key, submit.Redacted, 1)
	if body != want {
		t.Errorf("dry run body:\n%s\nwould send:\n%s", body, want)
	}
}

// sent is the body ait-submit sends for the records in, with --force.
func (e *env) sent(t *testing.T, in []byte) []byte {
	t.Helper()
	n := len(e.srv.Requests())
	expect(t, e.run(in, "--force", "--wait", "0"), 0)
	return e.srv.Requests()[n].Body
}

// TestDamagedJournalSendsNothing: an empty or cut journal is refused,
// naming it and how to move it aside; nothing is sent and the file is
// left as it was.
func TestDamagedJournalSendsNothing(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	os.WriteFile(e.journal, nil, 0o600)
	r := e.run(trackerRecords(t))
	expect(t, r, 2, "the journal "+e.journal+" is damaged", "it is empty", "Move it aside", "Nothing was sent")
	if strings.Contains(r.Stderr, "goroutine") || e.srv.Posts() != 0 {
		t.Errorf("%d POSTs\n%s", e.srv.Posts(), r.Stderr)
	}
	if st, _ := os.Stat(e.journal); st.Size() != 0 {
		t.Error("the empty journal was written")
	}
}

// TestCommentLineEndsOneUpdate: a comment with CRLF in a quoted CSV field
// and the same comment as JSON "\r\n" are one update: the second is
// refused as sent before, and the server holds "\n".
func TestCommentLineEndsOneUpdate(t *testing.T) {
	e := newEnv(t, submittest.Options{})
	dir := t.TempDir()
	asJSON := filepath.Join(dir, "u.json")
	os.WriteFile(asJSON, []byte(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","comment":"one\r\ntwo"}]`), 0o600)
	asCSV := filepath.Join(dir, "u.csv")
	os.WriteFile(asCSV, []byte("External ID,Status,Metric Value,As Of Date,Comment\r\nA,On Track,,2025-07-03,\"one\r\ntwo\"\r\n"), 0o600)
	expect(t, e.run(nil, asJSON, "--wait", "0"), 0)
	expect(t, e.run(nil, asCSV, "--wait", "0"), 2, "the same 1 updates were sent")
	expect(t, e.run(nil, asCSV, "--wait", "0", "--as", "csv", "--force"), 0)
	for i, r := range e.srv.Requests() {
		if r.Method == "POST" && strings.Contains(string(r.Body), "\r") {
			t.Errorf("POST %d sent a CR: %q", i, r.Body)
		}
	}
	if ups := e.srv.Imported(); len(ups) != 2 || ups[0].Comment != "one\ntwo" || ups[1].Comment != ups[0].Comment {
		t.Errorf("imported %+v", ups)
	}
}
