package submit

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit/submittest"
)

const testKey = "k-S3cr3t-0123456789"

var body = []byte(`[{"externalId":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"}]`)

// fastClient talks to s with instant backoff; the sleeps it was asked for
// are recorded, and so are its events.
func fastClient(t *testing.T, url string) (*Client, *[]time.Duration, *[]Event) {
	t.Helper()
	c, err := NewClient(url, testKey)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var slept []time.Duration
	var events []Event
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		slept = append(slept, d)
		mu.Unlock()
		return ctx.Err()
	}
	c.OnEvent = func(e Event) { mu.Lock(); events = append(events, e); mu.Unlock() }
	return c, &slept, &events
}

func TestSubmitAndWait(t *testing.T) {
	now := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := submittest.NewServer(submittest.Options{APIKey: testKey, QueuedFor: 10 * time.Second, ProcessingFor: 20 * time.Second, Now: clock})
	defer s.Close()
	c, slept, events := fastClient(t, s.URL)
	c.Now = clock
	c.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
		*slept = append(*slept, d)
		return nil
	}
	acc, err := c.Submit(context.Background(), body, JSON, 1)
	if err != nil || acc.JobID == "" || acc.TotalRecords != 1 {
		t.Fatalf("Submit = %+v, %v", acc, err)
	}
	st, err := c.Wait(context.Background(), acc.JobID, time.Minute)
	if err != nil || st.Status != StatusCompleted {
		t.Fatalf("Wait = %+v, %v", st, err)
	}
	var seen []string
	for _, e := range *events {
		seen = append(seen, e.Status)
	}
	if strings.Join(seen, ",") != "Queued,Processing,Completed" {
		t.Errorf("statuses told: %v", seen)
	}
	if (*events)[1].After < 10*time.Second || (*events)[2].After < 5*time.Second {
		t.Errorf("durations told: %+v", *events)
	}
	for i, d := range *slept {
		if d < 500*time.Millisecond || d > 15*time.Second {
			t.Errorf("poll %d waited %v", i, d)
		}
	}
	if len(s.Imported()) != 1 {
		t.Errorf("imported %d", len(s.Imported()))
	}
}

func TestWaitTimeoutAndFailed(t *testing.T) {
	s := submittest.NewServer(submittest.Options{APIKey: testKey, QueuedFor: time.Hour})
	defer s.Close()
	c, _, _ := fastClient(t, s.URL)
	acc, _ := c.Submit(context.Background(), body, JSON, 1)
	base := time.Now()
	n := 0
	c.Now = func() time.Time { n++; return base.Add(time.Duration(n) * 10 * time.Second) }
	c.Sleep = func(context.Context, time.Duration) error { return nil }
	_, err := c.Wait(context.Background(), acc.JobID, 30*time.Second)
	var wt *WaitTimeoutError
	if !errors.As(err, &wt) || wt.Last.Status != StatusQueued || wt.JobID != acc.JobID {
		t.Errorf("err = %v", err)
	}

	f := submittest.NewServer(submittest.Options{APIKey: testKey, FailIDs: map[string]bool{"A": true}})
	defer f.Close()
	c, _, _ = fastClient(t, f.URL)
	acc, _ = c.Submit(context.Background(), body, JSON, 1)
	st, err := c.Wait(context.Background(), acc.JobID, time.Minute)
	var jf *JobFailedError
	if !errors.As(err, &jf) || st.Status != StatusFailed || len(st.Errors) != 1 || st.Errors[0].Errors[0].Message() != "External ID is invalid or its associated plan item has been deleted." {
		t.Errorf("a failed job: %+v, %v", st, err)
	}
}

// TestSubmitOutcomes: for each way a submission can go, what the client
// says of it and how often it sent it.
func TestSubmitOutcomes(t *testing.T) {
	type outcome int
	const (
		accepted outcome = iota
		rejected
		notSent
		unknown
	)
	tests := []struct {
		name   string
		faults []submittest.Fault
		setup  func(c *Client)
		want   outcome
		posts  int
		says   string
	}{
		{"accepted", nil, nil, accepted, 1, ""},
		{"400 is rejected", []submittest.Fault{{Status: 400, Body: `{"jobId":"j","totalRecords":1,"errorRecords":1,"validRecords":0,"errors":[]}`}}, nil, rejected, 1, "rejected"},
		{"401 is not sent", []submittest.Fault{{Status: 401}}, nil, notSent, 1, "API key was refused"},
		{"503 then 429 are retried", []submittest.Fault{{Status: 503, RetryAfter: "7"}, {Status: 429, RetryAfter: "0"}}, nil, accepted, 3, ""},
		{"429 forever gives up, not sent", []submittest.Fault{{Status: 429}, {Status: 429}, {Status: 429}}, func(c *Client) { c.MaxRetries = 2 }, notSent, 3, "429"},
		{"Retry-After past the cap gives up, not sent", []submittest.Fault{{Status: 503, RetryAfter: "86400"}}, nil, notSent, 1, "asked to wait 24h0m0s"},
		{"timeout is unknown, sent once", []submittest.Fault{{Hang: true}}, func(c *Client) { c.Timeout = 50 * time.Millisecond }, unknown, 1, "outcome unknown"},
		{"dropped before an answer is unknown", []submittest.Fault{{Drop: true}}, nil, unknown, 1, "broke after the request was sent"},
		{"dropped after acceptance is unknown", []submittest.Fault{{DropAfter: true}}, nil, unknown, 1, "outcome unknown"},
		{"500 is unknown, not retried", []submittest.Fault{{Status: 500}}, nil, unknown, 1, "500"},
		{"302 is not followed: not sent", []submittest.Fault{{Status: 302, Location: "/login"}}, nil, notSent, 1, "302 Found to /login; redirects are not followed"},
		{"307 is not followed: not sent", []submittest.Fault{{Status: 307, Location: "https://elsewhere.example/imports"}}, nil, notSent, 1, "elsewhere.example"},
		{"200 without a jobId is unknown", []submittest.Fault{{Status: 200, Body: `{"totalRecords":1}`}}, nil, unknown, 1, "without a jobId"},
		{"200 counting other records is unknown", []submittest.Fault{{Status: 200, Body: `{"jobId":"j1","totalRecords":0}`}}, nil, unknown, 1, "counting 0 records of the 1 sent"},
		{"slow but in time", []submittest.Fault{{Delay: 20 * time.Millisecond}}, nil, accepted, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := submittest.NewServer(submittest.Options{APIKey: testKey})
			defer s.Close()
			s.FailPOST(tt.faults...)
			c, _, _ := fastClient(t, s.URL)
			if tt.setup != nil {
				tt.setup(c)
			}
			_, err := c.Submit(context.Background(), body, JSON, 1)
			got := accepted
			var rej *RejectedError
			var ns *NotSentError
			var un *OutcomeUnknownError
			switch {
			case errors.As(err, &rej):
				got = rejected
			case errors.As(err, &ns):
				got = notSent
			case errors.As(err, &un):
				got = unknown
			case err != nil:
				t.Fatalf("an error of no outcome: %T %v", err, err)
			}
			if got != tt.want || s.Posts() != tt.posts {
				t.Errorf("outcome %d with %d POSTs, want %d with %d; err %v", got, s.Posts(), tt.want, tt.posts, err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
			for _, r := range s.Requests() {
				if r.Method != "POST" {
					t.Errorf("the client sent a %s %s (a redirect followed?)", r.Method, r.Path)
				}
			}
		})
	}
}

// TestNotSentBeforeWriting: every failure before the request is written
// is "not sent", with a hint; only a refused connection or a failed name
// lookup is tried again, and a refused loopback connection only twice.
func TestNotSentBeforeWriting(t *testing.T) {
	tls11 := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	tls11.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11}
	tls11.StartTLS()
	defer tls11.Close()
	untrusted := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer untrusted.Close()
	refused := httptest.NewServer(nil)
	refusedURL := refused.URL
	refused.Close()
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) }))
	defer proxy.Close()

	tests := []struct {
		name  string
		url   string
		setup func(c *Client)
		tries int
		hint  string
	}{
		{"server offers only TLS 1.1", tls11.URL, nil, 1, "TLS 1.2 or newer"},
		{"untrusted certificate", untrusted.URL, nil, 1, "certificate is not trusted"},
		{"connection refused on loopback", refusedURL, nil, 2, "is ait-server running"},
		{"name does not resolve", "https://api.example.invalid", func(c *Client) {
			c.HTTP.Transport.(*http.Transport).DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				return nil, &net.DNSError{Err: "no such host", Name: "api.example.invalid", IsNotFound: true}
			}
		}, 1, "right host"},
		{"proxy refuses", "https://api.example.invalid", func(c *Client) {
			u, _ := url.Parse(proxy.URL)
			c.HTTP.Transport.(*http.Transport).Proxy = http.ProxyURL(u)
		}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, events := fastClient(t, tt.url)
			if tt.setup != nil {
				tt.setup(c)
			}
			tries := 0
			c.HTTP.Transport = countingTransport{c.HTTP.Transport, &tries}
			_, err := c.Submit(context.Background(), body, JSON, 1)
			var ns *NotSentError
			if !errors.As(err, &ns) {
				t.Fatalf("err = %T %v, want not sent", err, err)
			}
			if !strings.Contains(ns.Hint, tt.hint) {
				t.Errorf("hint %q does not say %q", ns.Hint, tt.hint)
			}
			if tries != tt.tries || len(*events) != tt.tries-1 {
				t.Errorf("%d tries, %d retry events; want %d tries", tries, len(*events), tt.tries)
			}
			if strings.Contains(err.Error(), testKey[:8]) {
				t.Errorf("the key in %q", err)
			}
		})
	}
}

type countingTransport struct {
	http.RoundTripper
	n *int
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	*c.n++
	return c.RoundTripper.RoundTrip(r)
}

func TestStatusRetries(t *testing.T) {
	s := submittest.NewServer(submittest.Options{APIKey: testKey})
	defer s.Close()
	c, slept, events := fastClient(t, s.URL)
	acc, _ := c.Submit(context.Background(), body, JSON, 1)
	now := time.Date(2025, 7, 3, 12, 0, 0, 0, time.UTC)
	c.Now = func() time.Time { return now }
	s.FailGET(submittest.Fault{Status: 503, RetryAfter: now.Add(12 * time.Second).Format(http.TimeFormat)}, submittest.Fault{Status: 502}, submittest.Fault{Drop: true})
	if _, err := c.Status(context.Background(), acc.JobID); err != nil {
		t.Fatal(err)
	}
	// (net/http sends a GET again by itself when a kept-alive connection
	// dropped it; the client retries the rest.)
	if (*slept)[0] != 12*time.Second || len(*slept) < 2 || len(*events) != len(*slept) || (*events)[0].Attempt != 2 || (*events)[0].Of != 6 {
		t.Errorf("slept %v, events %+v", *slept, *events)
	}
	s.FailGET(submittest.Fault{Status: 302, Location: "/x"})
	if _, err := c.Status(context.Background(), acc.JobID); !errors.As(err, new(*RedirectError)) {
		t.Errorf("a redirected status: %v", err)
	}
}

func TestCheckBaseURL(t *testing.T) {
	for base, ok := range map[string]bool{
		"https://api.achieveit.com":      true,
		"https://gov-api.achieveit.com/": true,
		"HTTPS://API.achieveit.com":      true,
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

func TestTarget(t *testing.T) {
	same := [][]string{
		{"https://api.achieveit.com", "https://API.achieveit.com/", "https://api.achieveit.com:443", "HTTPS://api.achieveit.com:443/"},
		{"http://localhost:8080", "http://127.0.0.1:8080/", "http://[::1]:8080", "http://LOCALHOST:8080"},
		{"https://gov-api.achieveit.com/v2/", "https://gov-api.achieveit.com:443/v2"},
	}
	var firsts []string
	for _, group := range same {
		want, err := Target(group[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range group[1:] {
			if got, _ := Target(b); got != want {
				t.Errorf("Target(%q) = %q, want %q", b, got, want)
			}
		}
		firsts = append(firsts, want)
	}
	if firsts[0] != "https://api.achieveit.com:443" || firsts[1] != "http://localhost:8080" {
		t.Errorf("targets %q", firsts)
	}
	if a, _ := Target("http://localhost:8080"); a == firsts[0] {
		t.Error("two APIs are one target")
	}
	if a, _ := Target("http://localhost:8081"); a == firsts[1] {
		t.Error("two ports are one target")
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

func TestRedact(t *testing.T) {
	key := "S3cr3t-Key-0123456789"
	tests := []struct{ in, want string }{
		{"API-KEY " + key, "API-KEY [REDACTED]"},
		{"bad key API-KEY S3cr3t-Ke…", "bad key API-KEY [REDACTED]…"},
		{`{"m":"API-KEY S3cr3t\u002dKey-0123456789"}`, `{"m":"API-KEY [REDACTED]"}`},
		{`\u0053\u0033\u0063\u0072\u0033\u0074 and more`, `[REDACTED] and more`},
		{"6789 and S3cr3", "6789 and S3cr3"}, // shorter than a run: kept
		{"nothing here", "nothing here"},
		{"twice " + key + " and " + key[3:12], "twice [REDACTED] and [REDACTED]"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in, key); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Redact("key abc here", "abc"); got != "key [REDACTED] here" {
		t.Errorf("a short key: %q", got)
	}
}

// TestKeyEchoed: a server that echoes the key, whole, cut short or
// JSON-escaped, shows none of it in any error.
func TestKeyEchoed(t *testing.T) {
	for _, echo := range []func(string) string{
		func(h string) string { return h },
		func(h string) string { return strings.Repeat("x", 480) + h },
		func(h string) string { return strings.ReplaceAll(h, "-", `\u002d`) },
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"message":"bad request from %s"}`, echo(r.Header.Get("Authorization")))
		}))
		c, _, _ := fastClient(t, srv.URL)
		_, err := c.Submit(context.Background(), body, JSON, 1)
		srv.Close()
		for i := 0; i+6 <= len(testKey); i++ {
			if strings.Contains(err.Error(), testKey[i:i+6]) {
				t.Fatalf("%q shows %q of the key", err, testKey[i:i+6])
			}
		}
		if !strings.Contains(err.Error(), Redacted) {
			t.Errorf("nothing redacted in %q", err)
		}
	}
}
