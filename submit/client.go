package submit

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/aitkit/aitkit/validate"
)

// Content types of a submission body.
const (
	JSON = "application/json"
	CSV  = "text/csv"
)

// Job statuses.
const (
	StatusQueued     = "Queued"
	StatusProcessing = "Processing"
	StatusCompleted  = "Completed"
	StatusFailed     = "Failed"
)

// Accepted is the API's answer to a submission that passed validation.
type Accepted struct {
	JobID        string `json:"jobId"`
	TotalRecords int    `json:"totalRecords"`
	ErrorRecords int    `json:"errorRecords"`
	ValidRecords int    `json:"validRecords"`
}

// JobStatus is the answer of the status endpoint.
type JobStatus struct {
	JobID   string                  `json:"jobId"`
	Created string                  `json:"created"`
	Status  string                  `json:"status"`
	Errors  []validate.RecordErrors `json:"errors"` // the first MaxErrors of them
	// ErrorCount is how many records' errors the answer listed; more than
	// len(Errors) when the client kept only the first MaxErrors.
	ErrorCount int `json:"-"`
	// Cut: the answer was longer than MaxBody and was read only that far;
	// ErrorCount counts what was read.
	Cut bool `json:"-"`
}

// Done tells whether the job has ended.
func (s *JobStatus) Done() bool { return s.Status == StatusCompleted || s.Status == StatusFailed }

// Event is something a Client tells while it works: a retry it is about to
// make, or a job's new status.
type Event struct {
	Retry   bool          // a retry: Attempt of Of, after Wait, because of Err
	Attempt int           // the try about to be made (2 for the first retry)
	Of      int           // the tries it will make at most
	Wait    time.Duration // before it
	Err     error
	Hint    string        // what to check
	Status  string        // a job's new status
	After   time.Duration // how long the job had the status before
}

// Client talks to the import API. Its fields may be set before first use.
type Client struct {
	BaseURL string // no trailing slash
	key     string

	HTTP    *http.Client
	Timeout time.Duration // for one request; 0 means 60 s

	// Retries of the status GET and of a POST that certainly did not
	// arrive or was refused with 429 or 503.
	MaxRetries int           // per request; 0 means 5
	MinBackoff time.Duration // first wait; 0 means 1 s
	MaxBackoff time.Duration // cap; 0 means 15 s
	// MaxRetryAfter caps how long a Retry-After is honoured; asked to
	// wait longer, the client gives up. 0 means 60 s.
	MaxRetryAfter time.Duration

	// What of an answer is read: at most MaxBody bytes (0 means 64 MiB),
	// read as a stream, keeping the errors of the first MaxErrors records
	// (0 means 1000) and counting the others.
	MaxBody   int64
	MaxErrors int

	// OnEvent, when set, sees every retry and every new job status.
	OnEvent func(Event)
	// Sleep waits d or until ctx ends; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock, for Wait's limit and Retry-After dates.
	Now func() time.Time
}

// NewClient returns a client for the API at base with the given key. Plain
// http:// is refused unless the host is a loopback address. TLS 1.2 is the
// minimum, certificates are always verified, and redirects are never
// followed (a POST would be sent again as a GET, and the key elsewhere).
func NewClient(base, key string) (*Client, error) {
	u, err := CheckBaseURL(base)
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, errors.New("no API key")
	}
	c := &Client{BaseURL: strings.TrimSuffix(u.String(), "/"), key: key}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	c.HTTP = &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return c, nil
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 60 * time.Second
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) event(e Event) {
	if c.OnEvent != nil {
		c.OnEvent(e)
	}
}

func (c *Client) maxRetries() int {
	if c.MaxRetries > 0 {
		return c.MaxRetries
	}
	return 5
}

func (c *Client) maxBody() int64 {
	if c.MaxBody > 0 {
		return c.MaxBody
	}
	return defaultMaxBody
}

func (c *Client) maxErrors() int {
	if c.MaxErrors > 0 {
		return c.MaxErrors
	}
	return defaultMaxErrors
}

// Shown is a value that came back from the server (a jobId, a message) as
// it may be printed or stored: the key, or any run of it long enough to
// matter, redacted.
func (c *Client) Shown(s string) string { return Redact(s, c.key) }

func (c *Client) maxRetryAfter() time.Duration {
	if c.MaxRetryAfter > 0 {
		return c.MaxRetryAfter
	}
	return 60 * time.Second
}

// backoff is the wait before retry n (0-based): exponential from
// MinBackoff to MaxBackoff, with full jitter in its upper half.
func (c *Client) backoff(n int) time.Duration {
	lo, hi := c.MinBackoff, c.MaxBackoff
	if lo <= 0 {
		lo = time.Second
	}
	if hi <= 0 {
		hi = 15 * time.Second
	}
	d := lo << min(n, 16)
	if d > hi || d <= 0 {
		d = hi
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter reads Retry-After as seconds or an HTTP date; 0 when absent.
func (c *Client) retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		return time.Duration(min(n, 1<<30)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(c.now()); d > 0 {
			return d
		}
	}
	return 0
}

// answer is one HTTP exchange: the status and headers of the answer, its
// body to be read (at most MaxBody of it), or the error, and whether the
// request was written whole. close ends it.
type answer struct {
	code  int
	head  http.Header
	body  *boundedBody
	err   error
	wrote *atomic.Bool // set by the transport's write loop: read it only once Do has returned an error (the loop is done then)
	close func()
}

// do sends one request with the key and the per-request timeout. The
// answer's body is the caller's to read, within the timeout, before close.
func (c *Client) do(ctx context.Context, method, path string, body *io.SectionReader, contentType string) answer {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	wrote := new(atomic.Bool)
	a := answer{close: cancel, wrote: wrote}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
			}
		},
	})
	var rd io.Reader
	if body != nil {
		rd = io.NewSectionReader(body, 0, body.Size())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		a.err = err
		return a
	}
	if body != nil {
		req.ContentLength = body.Size()
	}
	req.Header.Set("Authorization", "API-KEY "+c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "aitkit")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		a.err = c.redactErr(err)
		return a
	}
	a.code, a.head = resp.StatusCode, resp.Header
	a.body = newBoundedBody(resp.Body, c.maxBody())
	a.close = func() { resp.Body.Close(); cancel() }
	return a
}

// text reads what an answer's message may show: its first 64 KiB, the
// key redacted, cut to 500 bytes.
func (c *Client) text(a answer) string {
	b, _ := io.ReadAll(io.LimitReader(a.body, shownBody))
	return c.shown(b)
}

// readError is an error reading an answer's body, which arrived (the
// request was written): the connection broke, the timeout ran out.
func (c *Client) readError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no whole answer within %s (--timeout): %w", c.timeout(), c.redactErr(err))
	}
	return fmt.Errorf("the answer broke off: %w", c.redactErr(err))
}

// redactErr keeps the key out of an error's text.
func (c *Client) redactErr(err error) error {
	if s := err.Error(); Redact(s, c.key) != s {
		return &redactedError{msg: Redact(s, c.key), err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// shown is an answer's body as messages may show it: the key redacted,
// then cut to 500 bytes.
func (c *Client) shown(b []byte) string {
	s := Redact(string(b[:min(len(b), shownBody)]), c.key)
	if len(s) > 500 {
		cut := 500
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strings.TrimSpace(s)
}

// connectionProblem tells, of an error before the request was written,
// whether trying again may help (a refused connection, a name that did not
// resolve for now, a connection that timed out) or cannot (a certificate
// or TLS handshake that failed, a proxy that refused), and what to check.
func connectionProblem(err error, base string) (retry bool, hint string) {
	var dns *net.DNSError
	var cert *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var alert tls.AlertError
	var record tls.RecordHeaderError
	var op *net.OpError
	switch {
	case errors.As(err, &dns):
		return dns.IsTemporary || dns.IsTimeout, "does the base URL name the right host?"
	case refused(err):
		if u, perr := url.Parse(base); perr == nil && isLoopback(u.Hostname()) {
			return true, "is ait-server running, and is ACHIEVEIT_BASE_URL right?"
		}
		return true, "is ACHIEVEIT_BASE_URL right?"
	case errors.As(err, &cert), errors.As(err, &unknownAuth), errors.As(err, &hostname):
		return false, "the server's certificate is not trusted; the key was not sent"
	case errors.As(err, &alert), errors.As(err, &record), strings.Contains(err.Error(), "tls:"):
		return false, "the TLS handshake failed (AchieveIt needs TLS 1.2 or newer); the key was not sent"
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return false, "the proxy could not be reached (HTTPS_PROXY)"
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true, "the server did not answer in time"
	}
	return false, ""
}

// permanent tells whether an error of a request will happen again however
// often it is sent: a certificate or TLS handshake that failed.
func permanent(err error) bool {
	again, hint := connectionProblem(err, "")
	return !again && strings.Contains(hint, "key was not sent")
}

// loopbackRefused tells whether err is a refused connection to a loopback
// address, which fails after two tries: nothing will start listening.
func loopbackRefused(err error, base string) bool {
	u, perr := url.Parse(base)
	return refused(err) && perr == nil && isLoopback(u.Hostname())
}

// Submit sends a body of records (JSON or CSV, as contentType says) that
// holds records records, and returns the accepted job. See SubmitFrom.
func (c *Client) Submit(ctx context.Context, body []byte, contentType string, records int) (*Accepted, error) {
	return c.SubmitFrom(ctx, io.NewSectionReader(bytes.NewReader(body), 0, int64(len(body))), contentType, records)
}

// SubmitFrom sends a body of records read from body (a file, so that a
// large body is never in memory), as Submit does.
//
// It sends again only when the request certainly did not arrive (the
// connection was refused, the name did not resolve: nothing was written)
// or was refused with 429 or 503, honouring Retry-After up to
// MaxRetryAfter. Its errors say what is known: *NotSentError (nothing of
// it can have been imported), *RejectedError (the API's 400),
// *OutcomeUnknownError (it may have been accepted: a timeout or a broken
// connection after the request was written, a 5xx, a 200 that does not
// add up), or the context's error when it ended before anything was sent.
func (c *Client) SubmitFrom(ctx context.Context, body *io.SectionReader, contentType string, records int) (*Accepted, error) {
	for n := 1; ; n++ {
		acc, retry, hint, err := c.submitOnce(ctx, body, contentType, records, n)
		if retry == nil {
			return acc, err
		}
		wait, err := c.retryWait(n-1, retry.head)
		if err != nil {
			return nil, &NotSentError{Err: err}
		}
		tries := c.maxRetries() + 1
		if loopbackRefused(retry.err, c.BaseURL) {
			tries = 2
		}
		c.event(Event{Retry: true, Attempt: n + 1, Of: tries, Wait: wait, Err: retry.err, Hint: hint})
		if err := c.sleep(ctx, wait); err != nil {
			return nil, &NotSentError{Err: &interrupted{"before the request was sent again", err}}
		}
	}
}

// why is the reason to try a request again, with the answer's headers.
type why struct {
	err  error
	head http.Header
}

// submitOnce is try n of a submission: its outcome, or why to try again.
func (c *Client) submitOnce(ctx context.Context, body *io.SectionReader, contentType string, records, n int) (*Accepted, *why, string, error) {
	a := c.do(ctx, http.MethodPost, "/imports/progress-updates", body, contentType)
	defer a.close()
	switch {
	case a.err != nil && ctx.Err() != nil && !a.wrote.Load():
		return nil, nil, "", &NotSentError{Err: &interrupted{"before the request was sent", ctx.Err()}}
	case a.err != nil && ctx.Err() != nil:
		return nil, nil, "", &OutcomeUnknownError{Err: &interrupted{"after the request was sent", ctx.Err()}}
	case a.err != nil && !a.wrote.Load():
		again, hint := connectionProblem(a.err, c.BaseURL)
		tries := c.maxRetries() + 1
		if loopbackRefused(a.err, c.BaseURL) {
			tries = 2
		}
		if !again || n >= tries {
			return nil, nil, "", &NotSentError{Err: a.err, Hint: hint}
		}
		return nil, &why{err: a.err}, hint, nil
	case a.err != nil && errors.Is(a.err, context.DeadlineExceeded):
		return nil, nil, "", &OutcomeUnknownError{Err: fmt.Errorf("no answer within %s (--timeout) after the request was sent: %w", c.timeout(), a.err)}
	case a.err != nil:
		return nil, nil, "", &OutcomeUnknownError{Err: fmt.Errorf("the connection broke after the request was sent: %w", a.err)}
	case a.code >= 300 && a.code < 400:
		return nil, nil, "", &NotSentError{Err: &RedirectError{StatusCode: a.code, Location: c.shown([]byte(a.head.Get("Location")))}}
	case a.code >= 200 && a.code < 300:
		acc, err := c.accepted(a, records)
		return acc, nil, "", err
	case a.code == http.StatusBadRequest:
		return nil, nil, "", c.rejected(a)
	case a.code == http.StatusUnauthorized || a.code == http.StatusForbidden:
		return nil, nil, "", &NotSentError{Err: fmt.Errorf("%w (%d %s)", ErrUnauthorized, a.code, http.StatusText(a.code))}
	case a.code == http.StatusTooManyRequests || a.code == http.StatusServiceUnavailable:
		err := &HTTPError{StatusCode: a.code, Body: c.text(a)}
		if n > c.maxRetries() {
			return nil, nil, "", &NotSentError{Err: err}
		}
		return nil, &why{err: err, head: a.head}, "", nil
	case a.code >= 500:
		return nil, nil, "", &OutcomeUnknownError{Err: &HTTPError{StatusCode: a.code, Body: c.text(a)}}
	}
	return nil, nil, "", &NotSentError{Err: &HTTPError{StatusCode: a.code, Body: c.text(a)}}
}

// retryWait is the wait before retry n: the backoff, or as long as
// Retry-After asks when it asks longer, up to MaxRetryAfter.
func (c *Client) retryWait(n int, h http.Header) (time.Duration, error) {
	d := c.backoff(n)
	if h != nil {
		ra := c.retryAfter(h)
		if ra > c.maxRetryAfter() {
			return 0, fmt.Errorf("the API asked to wait %s before trying again, longer than ait-submit waits (%s); try later", ra, c.maxRetryAfter())
		}
		d = max(d, ra)
	}
	return d, nil
}

// accepted reads a 2xx answer: a success only with a jobId and as many
// records counted as were sent.
func (c *Client) accepted(a answer, records int) (*Accepted, error) {
	b, err := io.ReadAll(io.LimitReader(a.body, shownBody))
	if err != nil {
		return nil, &OutcomeUnknownError{Err: c.readError(err)}
	}
	var acc Accepted
	if err := json.Unmarshal(b, &acc); err != nil || acc.JobID == "" {
		return nil, &OutcomeUnknownError{Err: fmt.Errorf("the API answered %d without a jobId: %q", a.code, c.shown(b))}
	}
	if acc.TotalRecords != records {
		return nil, &OutcomeUnknownError{JobID: acc.JobID, Err: fmt.Errorf("the API answered %d with job %s, counting %d records of the %d sent", a.code, c.Shown(acc.JobID), acc.TotalRecords, records)}
	}
	return &acc, nil
}

// rejected reads a 400: the API's report, read as a stream (its first
// MaxErrors records' errors kept), or its message.
func (c *Client) rejected(a answer) *RejectedError {
	rej, err := c.decodeReport(a.body)
	if err != nil {
		return &RejectedError{Report: validate.Report{Errors: []validate.RecordErrors{}}, Message: fmt.Sprintf("an answer that is not a report (%v)", c.redactErr(err))}
	}
	rej.JobID, rej.Message = c.Shown(rej.JobID), c.Shown(rej.Message)
	redactErrors(rej.Report.Errors, c.key)
	return rej
}

// redactErrors redacts the key in what a server sent back as errors.
func redactErrors(errs []validate.RecordErrors, key string) {
	for i := range errs {
		errs[i].ExternalID = Redact(errs[i].ExternalID, key)
		for _, fe := range errs[i].Errors {
			fe.Value = Redact(fe.Value, key)
			fe.Field = Redact(fe.Field, key)
			if m := fe.Message(); Redact(m, key) != m {
				fe.Err = errors.New(Redact(m, key))
			}
		}
	}
}
