package submit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit/submittest"
)

const testKey = "k-123456789"

var body = []byte(`[{"externalId":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"}]`)

// fastClient talks to s with instant backoff; the sleeps it was asked for
// are recorded.
func fastClient(t *testing.T, s *submittest.Server) (*Client, *[]time.Duration) {
	t.Helper()
	c, err := NewClient(s.URL, testKey)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var slept []time.Duration
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		slept = append(slept, d)
		mu.Unlock()
		return ctx.Err()
	}
	return c, &slept
}

func TestSubmitAndWait(t *testing.T) {
	now := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := submittest.NewServer(submittest.Options{APIKey: testKey, QueuedFor: 10 * time.Second, ProcessingFor: 20 * time.Second, Now: clock})
	defer s.Close()
	c, slept := fastClient(t, s)
	c.Now = clock
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
		*slept = append(*slept, d)
		return nil
	}
	acc, err := c.Submit(context.Background(), body, JSON)
	if err != nil || acc.JobID == "" || acc.TotalRecords != 1 {
		t.Fatalf("Submit = %+v, %v", acc, err)
	}
	var seen []string
	st, err := c.Wait(context.Background(), acc.JobID, time.Minute, func(s *JobStatus) { seen = append(seen, s.Status) })
	if err != nil || st.Status != StatusCompleted {
		t.Fatalf("Wait = %+v, %v", st, err)
	}
	if seen[0] != StatusQueued || !contains(seen, StatusProcessing) {
		t.Errorf("statuses seen: %v", seen)
	}
	// Polls back off from about 1 s and never wait over 15 s.
	for i, d := range *slept {
		if d < 500*time.Millisecond || d > 15*time.Second {
			t.Errorf("poll %d waited %v", i, d)
		}
	}
	if len(s.Imported()) != 1 {
		t.Errorf("imported %d", len(s.Imported()))
	}
}

func TestWaitTimeout(t *testing.T) {
	s := submittest.NewServer(submittest.Options{APIKey: testKey, QueuedFor: time.Hour})
	defer s.Close()
	c, _ := fastClient(t, s)
	acc, _ := c.Submit(context.Background(), body, JSON)
	base := time.Now()
	n := 0
	c.Now = func() time.Time { n++; return base.Add(time.Duration(n) * 10 * time.Second) }
	c.Sleep = func(context.Context, time.Duration) error { return nil }
	_, err := c.Wait(context.Background(), acc.JobID, 30*time.Second, nil)
	var wt *WaitTimeoutError
	if !errors.As(err, &wt) || wt.Last.Status != StatusQueued || wt.JobID != acc.JobID {
		t.Errorf("err = %v", err)
	}
}

func TestSubmitErrors(t *testing.T) {
	t.Run("400 is a report", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: testKey, KnownIDs: map[string]bool{}})
		defer s.Close()
		c, _ := fastClient(t, s)
		_, err := c.Submit(context.Background(), body, JSON)
		var rej *RejectedError
		if !errors.As(err, &rej) || rej.Report.ErrorRecords != 1 || rej.Report.Errors[0].Errors[0].Message() != "External ID is invalid or its associated plan item has been deleted." {
			t.Errorf("err = %#v", err)
		}
	})
	t.Run("401", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: "other"})
		defer s.Close()
		c, _ := fastClient(t, s)
		if _, err := c.Submit(context.Background(), body, JSON); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("503 retried honouring Retry-After", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: testKey})
		defer s.Close()
		c, slept := fastClient(t, s)
		s.FailPOST(submittest.Fault{Status: 503, RetryAfter: "7"}, submittest.Fault{Status: 429, RetryAfter: http.TimeFormat})
		if _, err := c.Submit(context.Background(), body, JSON); err != nil {
			t.Fatal(err)
		}
		if s.Posts() != 3 || (*slept)[0] != 7*time.Second {
			t.Errorf("%d posts, slept %v", s.Posts(), *slept)
		}
	})
	t.Run("429 forever gives up", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: testKey})
		defer s.Close()
		c, _ := fastClient(t, s)
		c.MaxRetries = 2
		s.FailPOST(submittest.Fault{Status: 429}, submittest.Fault{Status: 429}, submittest.Fault{Status: 429})
		_, err := c.Submit(context.Background(), body, JSON)
		var he *HTTPError
		if !errors.As(err, &he) || he.StatusCode != 429 || s.Posts() != 3 {
			t.Errorf("err = %v, %d posts", err, s.Posts())
		}
	})
	t.Run("timeout is unknown, sent once", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: testKey})
		defer s.Close()
		c, _ := fastClient(t, s)
		c.Timeout = 50 * time.Millisecond
		s.FailPOST(submittest.Fault{Hang: true})
		_, err := c.Submit(context.Background(), body, JSON)
		var u *OutcomeUnknownError
		if !errors.As(err, &u) || s.Posts() != 1 {
			t.Errorf("err = %v, %d posts", err, s.Posts())
		}
	})
	t.Run("slow but in time", func(t *testing.T) {
		s := submittest.NewServer(submittest.Options{APIKey: testKey})
		defer s.Close()
		c, _ := fastClient(t, s)
		s.FailPOST(submittest.Fault{Delay: 20 * time.Millisecond})
		if _, err := c.Submit(context.Background(), body, JSON); err != nil {
			t.Error(err)
		}
	})
}

func TestStatusRetryAfterDate(t *testing.T) {
	s := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer s.Close()
	c, slept := fastClient(t, s)
	acc, _ := c.Submit(context.Background(), body, JSON)
	now := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
	c.Now = func() time.Time { return now }
	s.FailGET(submittest.Fault{Status: 503, RetryAfter: now.Add(12 * time.Second).Format(http.TimeFormat)}, submittest.Fault{Status: 502})
	if _, err := c.Status(context.Background(), acc.JobID); err != nil {
		t.Fatal(err)
	}
	if (*slept)[0] != 12*time.Second || len(*slept) != 2 {
		t.Errorf("slept %v", *slept)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for base, ok := range map[string]bool{
		"https://api.achieveit.com":      true,
		"https://gov-api.achieveit.com/": true,
		"http://127.0.0.1:8080":          true,
		"http://localhost:8080":          true,
		"http://[::1]:8080":              true,
		"http://api.achieveit.com":       false,
		"http://10.0.0.5":                false,
		"ftp://x":                        false,
		"https://user:pw@api.x.com":      false,
		"api.achieveit.com":              false,
	} {
		if _, err := CheckBaseURL(base); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q) = %v, want ok=%v", base, err, ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{}
	for n := 0; n < 10; n++ {
		want := min(time.Second<<n, 15*time.Second)
		for range 20 {
			if d := c.backoff(n); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, want/2, want)
			}
		}
	}
}

func TestJournal(t *testing.T) {
	dir := t.TempDir()
	j := &Journal{Path: filepath.Join(dir, "sub", "journal.jsonl")}
	e, err := j.Begin("https://api.x", body, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	// Sending, then nothing more: unknown, refused.
	if _, err := j.Begin("https://api.x", body, 1, false); !errors.As(err, new(*DuplicateError)) {
		t.Errorf("a Sending entry did not refuse: %v", err)
	}
	// Another API, or another body, goes.
	if _, err := j.Begin("https://gov-api.x", body, 1, false); err != nil {
		t.Error(err)
	}
	// NotSent frees it; accepted refuses again, naming the job.
	j.Record(e, "", StateNotSent)
	e2, err := j.Begin("https://api.x", body, 1, false)
	if err != nil {
		t.Fatalf("NotSent still refused: %v", err)
	}
	j.Record(e2, "job-1", StatusCompleted)
	_, err = j.Begin("https://api.x", body, 1, false)
	var de *DuplicateError
	if !errors.As(err, &de) || de.Earlier.JobID != "job-1" || !strings.Contains(err.Error(), "job-1") {
		t.Errorf("err = %v", err)
	}
	if _, err := j.Begin("https://api.x", body, 1, true); err != nil {
		t.Errorf("--force refused: %v", err)
	}
	if e, ok, _ := j.FindJob("job-1"); !ok || e.Status != StatusCompleted {
		t.Errorf("FindJob = %+v, %v", e, ok)
	}
}

// TestJournalConcurrent: of many runs beginning the same body at once, one
// goes and the others are refused.
func TestJournalConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	var wg sync.WaitGroup
	var mu sync.Mutex
	went := 0
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j := &Journal{Path: path}
			if _, err := j.Begin("https://api.x", body, 1, false); err == nil {
				mu.Lock()
				went++
				mu.Unlock()
			}
			// Other bodies all go.
			if _, err := j.Begin("https://api.x", []byte(fmt.Sprint(i)), 1, false); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	entries, _ := (&Journal{Path: path}).Entries()
	if went != 1 || len(entries) != 17 {
		t.Errorf("%d runs went, %d entries; want 1 and 17", went, len(entries))
	}
}

func TestDefaultJournalPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("%LocalAppData% on Windows")
	}
	t.Setenv("XDG_STATE_HOME", "/state")
	if p, _ := DefaultJournalPath(); p != filepath.Join("/state", "aitkit", "journal.jsonl") {
		t.Errorf("got %s", p)
	}
	t.Setenv("XDG_STATE_HOME", "relative")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultJournalPath(); p != filepath.Join("/home/u", ".local", "state", "aitkit", "journal.jsonl") {
		t.Errorf("got %s", p)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
