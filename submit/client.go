package submit

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aitkit/aitkit/validate"
)

// Content types of a submission body.
const (
	JSON = "application/json"
	CSV  = "text/csv"
)

// DefaultBaseURL is AchieveIt's API; its government environment is
// https://gov-api.achieveit.com.
const DefaultBaseURL = "https://api.achieveit.com"

// Job statuses.
const (
	StatusQueued     = "Queued"
	StatusProcessing = "Processing"
	StatusCompleted  = "Completed"
	StatusFailed     = "Failed"
)

// Errors callers branch on.
var (
	// ErrUnauthorized: the key was refused (401 or 403).
	ErrUnauthorized = errors.New("the API key was refused")
	// ErrInsecureURL: plain http:// to an address that is not loopback.
	ErrInsecureURL = errors.New("plain http:// is allowed only for loopback addresses")
)

// Accepted is the API's answer to a submission that passed validation.
type Accepted struct {
	JobID        string `json:"jobId"`
	TotalRecords int    `json:"totalRecords"`
	ErrorRecords int    `json:"errorRecords"`
	ValidRecords int    `json:"validRecords"`
	Raw          []byte `json:"-"` // the body as received
}

// JobStatus is the answer of the status endpoint.
type JobStatus struct {
	JobID   string                  `json:"jobId"`
	Created string                  `json:"created"`
	Status  string                  `json:"status"`
	Errors  []validate.RecordErrors `json:"errors"`
	Raw     []byte                  `json:"-"` // the body as received
}

// Done tells whether the job has ended.
func (s *JobStatus) Done() bool { return s.Status == StatusCompleted || s.Status == StatusFailed }

// RejectedError is the API's 400: the submission failed validation and
// nothing of it was imported.
type RejectedError struct {
	JobID   string
	Report  validate.Report
	Message string // for a 400 that is not a report (a body that did not parse)
	Raw     []byte
}

func (e *RejectedError) Error() string {
	if len(e.Report.Errors) == 0 && e.Message != "" {
		return "the API rejected the submission: " + e.Message
	}
	return fmt.Sprintf("the API rejected the submission: %d of %d records invalid", e.Report.ErrorRecords, e.Report.TotalRecords)
}

// OutcomeUnknownError: the request may have reached the API (a timeout, a
// connection broken after sending, a gateway error). Check with the job's
// status or the journal; do not send again on your own.
type OutcomeUnknownError struct {
	Err error
}

func (e *OutcomeUnknownError) Error() string {
	return "the outcome of the submission is unknown: " + e.Err.Error()
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// WaitTimeoutError: the job had not ended when the wait ran out.
type WaitTimeoutError struct {
	JobID string
	Last  *JobStatus
}

func (e *WaitTimeoutError) Error() string {
	st := "unknown"
	if e.Last != nil {
		st = e.Last.Status
	}
	return fmt.Sprintf("job %s is still %s", e.JobID, st)
}

// HTTPError is an answer the client has no better name for.
type HTTPError struct {
	StatusCode int
	Body       string
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("the API answered %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), strings.TrimSpace(e.Body))
}

// Client talks to the import API. Its fields may be set before first use.
type Client struct {
	BaseURL string // no trailing slash
	key     string

	HTTP    *http.Client
	Timeout time.Duration // for one request; 0 means 60 s

	// Retries of the status GET and of a POST that certainly did not arrive.
	MaxRetries int           // per request; 0 means 6
	MinBackoff time.Duration // first wait; 0 means 1 s
	MaxBackoff time.Duration // cap; 0 means 15 s

	// Sleep waits d or until ctx ends; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock, for Wait's limit and Retry-After dates.
	Now func() time.Time
}

// NewClient returns a client for the API at base with the given key. Plain
// http:// is refused unless the host is a loopback address. TLS 1.2 is the
// minimum and certificates are always verified.
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
	c.HTTP = &http.Client{Transport: tr, CheckRedirect: sameHostRedirect}
	return c, nil
}

// CheckBaseURL parses a base URL and refuses what must not carry a key:
// anything but https, except http to a loopback address; user info.
func CheckBaseURL(base string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL: user information in the URL is not sent; the key goes in ACHIEVEIT_API_KEY")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("base URL %s: %w", u.Redacted(), ErrInsecureURL)
		}
	default:
		return nil, fmt.Errorf("base URL %q: expected https://host", base)
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// RedirectError: the API answered with a redirect that is not followed.
// The request was answered, not processed: nothing was imported.
type RedirectError struct{ To string }

func (e *RedirectError) Error() string {
	return "the API redirected to " + e.To + "; not following it, so the key is not sent there"
}

// sameHostRedirect follows a redirect only to the same scheme and host, so
// the key never goes elsewhere.
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return &RedirectError{To: req.URL.Redacted() + " (too many redirects)"}
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || !strings.EqualFold(req.URL.Host, first.Host) {
		return &RedirectError{To: req.URL.Scheme + "://" + req.URL.Host}
	}
	return nil
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
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(c.now()); d > 0 {
			return d
		}
	}
	return 0
}

func (c *Client) maxRetries() int {
	if c.MaxRetries > 0 {
		return c.MaxRetries
	}
	return 6
}

// wait sleeps before retry n, as long as Retry-After asks if it asks longer.
func (c *Client) wait(ctx context.Context, n int, h http.Header) error {
	d := c.backoff(n)
	if h != nil {
		if ra := c.retryAfter(h); ra > d {
			d = ra
		}
	}
	return c.sleep(ctx, d)
}

// do sends one request with the key and the per-request timeout, and reads
// the whole answer.
func (c *Client) do(ctx context.Context, method, path string, body []byte, contentType string) (int, http.Header, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "API-KEY "+c.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "aitkit")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, resp.Header, nil, err
	}
	return resp.StatusCode, resp.Header, b, nil
}

// notSent tells whether a request certainly did not reach the server: the
// connection was never made (refused, no route, DNS failure).
func notSent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// Submit sends a body of records (JSON or CSV, as contentType says) and
// returns the accepted job. It sends again only when the request certainly
// did not arrive (the connection was refused, the name did not resolve) or
// was refused with 429 or 503. A timeout or a connection broken after
// sending gives *OutcomeUnknownError.
func (c *Client) Submit(ctx context.Context, body []byte, contentType string) (*Accepted, error) {
	for n := 0; ; n++ {
		code, h, b, err := c.do(ctx, http.MethodPost, "/imports/progress-updates", body, contentType)
		switch {
		case err != nil && ctx.Err() != nil && code == 0:
			// Interrupted: whether it arrived is not known.
			return nil, &OutcomeUnknownError{Err: fmt.Errorf("interrupted while sending: %w", ctx.Err())}
		case err != nil && errors.As(err, new(*RedirectError)):
			var re *RedirectError
			errors.As(err, &re)
			return nil, re
		case err != nil && notSent(err):
			if n >= c.maxRetries() {
				return nil, fmt.Errorf("could not connect to %s: %w", c.BaseURL, err)
			}
		case err != nil:
			return nil, &OutcomeUnknownError{Err: err}
		case code == http.StatusOK || code == http.StatusCreated || code == http.StatusAccepted:
			var acc Accepted
			if err := json.Unmarshal(b, &acc); err != nil || acc.JobID == "" {
				return nil, &OutcomeUnknownError{Err: fmt.Errorf("the API answered %d without a jobId: %q", code, truncate(b))}
			}
			acc.Raw = b
			return &acc, nil
		case code == http.StatusBadRequest:
			return nil, rejected(b)
		case code == http.StatusUnauthorized || code == http.StatusForbidden:
			return nil, fmt.Errorf("%w (%d %s)", ErrUnauthorized, code, http.StatusText(code))
		case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
			if n >= c.maxRetries() {
				return nil, &HTTPError{StatusCode: code, Body: string(truncate(b))}
			}
		case code >= 500:
			// A gateway or server error after the request arrived: it may have
			// been accepted.
			return nil, &OutcomeUnknownError{Err: &HTTPError{StatusCode: code, Body: string(truncate(b))}}
		default:
			return nil, &HTTPError{StatusCode: code, Body: string(truncate(b))}
		}
		if err := c.wait(ctx, n, h); err != nil {
			return nil, err
		}
	}
}

func rejected(b []byte) *RejectedError {
	var body struct {
		validate.Report
		JobID   string `json:"jobId"`
		Message string `json:"message"`
	}
	json.Unmarshal(b, &body)
	if body.Errors == nil {
		body.Errors = []validate.RecordErrors{}
	}
	msg := body.Message
	if msg == "" && len(body.Errors) == 0 {
		msg = string(truncate(b))
	}
	return &RejectedError{JobID: body.JobID, Report: body.Report, Message: msg, Raw: b}
}

// Status returns a job's status. It is retried on network errors, 429 and
// 5xx, with backoff and jitter, honouring Retry-After.
func (c *Client) Status(ctx context.Context, jobID string) (*JobStatus, error) {
	path := "/imports/status/" + url.PathEscape(jobID)
	for n := 0; ; n++ {
		code, h, b, err := c.do(ctx, http.MethodGet, path, nil, "")
		var last error
		switch {
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case err != nil:
			last = err
		case code == http.StatusOK:
			var st JobStatus
			if err := json.Unmarshal(b, &st); err != nil {
				return nil, fmt.Errorf("the status of job %s is not JSON: %q", jobID, truncate(b))
			}
			st.Raw = b
			return &st, nil
		case code == http.StatusUnauthorized || code == http.StatusForbidden:
			return nil, fmt.Errorf("%w (%d %s)", ErrUnauthorized, code, http.StatusText(code))
		case code == http.StatusTooManyRequests || code >= 500:
			last = &HTTPError{StatusCode: code, Body: string(truncate(b))}
		default:
			return nil, &HTTPError{StatusCode: code, Body: string(truncate(b))}
		}
		if n >= c.maxRetries() {
			return nil, fmt.Errorf("the status of job %s: %w", jobID, last)
		}
		if err := c.wait(ctx, n, h); err != nil {
			return nil, err
		}
	}
}

// Wait follows a job until it ends or maxWait runs out (*WaitTimeoutError),
// polling with exponential backoff from MinBackoff to MaxBackoff. onPoll,
// when not nil, sees every status read.
func (c *Client) Wait(ctx context.Context, jobID string, maxWait time.Duration, onPoll func(*JobStatus)) (*JobStatus, error) {
	deadline := c.now().Add(maxWait)
	var last *JobStatus
	for n := 0; ; n++ {
		st, err := c.Status(ctx, jobID)
		if err != nil {
			return last, err
		}
		last = st
		if onPoll != nil {
			onPoll(st)
		}
		if st.Done() {
			return st, nil
		}
		left := deadline.Sub(c.now())
		if left <= 0 {
			return st, &WaitTimeoutError{JobID: jobID, Last: st}
		}
		if err := c.sleep(ctx, min(c.backoff(n), left)); err != nil {
			return st, err
		}
	}
}

func truncate(b []byte) []byte {
	if len(b) > 500 {
		return append(b[:500:500], "…"...)
	}
	return b
}
