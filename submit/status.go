package submit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

// Following a job: its status, and waiting for it to end.

// Status returns a job's status. It is retried on network errors, 429 and
// 5xx, with backoff and jitter, honouring Retry-After up to MaxRetryAfter.
// An answer about another job is a *JobMismatchError, never its status.
func (c *Client) Status(ctx context.Context, jobID string) (*JobStatus, error) {
	path := "/imports/status/" + url.PathEscape(jobID)
	for n := 1; ; n++ {
		st, retry, hint, err := c.statusOnce(ctx, path, jobID)
		if retry == nil {
			return st, err
		}
		tries := c.maxRetries() + 1
		if loopbackRefused(retry.err, c.BaseURL) {
			tries = 2
		}
		if n >= tries {
			return nil, &NotSentError{Err: fmt.Errorf("the status of job %s: %w", c.Shown(jobID), retry.err), Hint: hint}
		}
		wait, err := c.retryWait(n-1, retry.head)
		if err != nil {
			return nil, err
		}
		c.event(Event{Retry: true, Attempt: n + 1, Of: tries, Wait: wait, Err: retry.err, Hint: hint})
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// statusOnce is one status request: the status, or why to try again.
func (c *Client) statusOnce(ctx context.Context, path, jobID string) (*JobStatus, *why, string, error) {
	a := c.do(ctx, http.MethodGet, path, nil, "")
	defer a.close()
	switch {
	case ctx.Err() != nil:
		return nil, nil, "", ctx.Err()
	case a.err != nil:
		_, hint := connectionProblem(a.err, c.BaseURL)
		if permanent(a.err) {
			return nil, nil, "", &NotSentError{Err: a.err, Hint: hint}
		}
		return nil, &why{err: a.err}, hint, nil
	case a.code == http.StatusOK:
		st, err := c.decodeStatus(a.body)
		switch {
		case ctx.Err() != nil:
			return nil, nil, "", ctx.Err()
		case err != nil && !errors.Is(err, ErrValueTooLong) && (errors.Is(err, io.ErrUnexpectedEOF) || isNetError(err)):
			return nil, &why{err: c.readError(err)}, "", nil
		case err != nil || st.Status == "":
			if err == nil {
				err = errors.New("no status in it")
			}
			return nil, nil, "", fmt.Errorf("the status of job %s is not what the API answers: %v", c.Shown(jobID), c.redactErr(err))
		case st.JobID != jobID:
			return nil, nil, "", &JobMismatchError{Asked: c.Shown(jobID), Answered: c.Shown(st.JobID), Status: c.Shown(st.Status)}
		}
		redactErrors(st.Errors, c.key)
		st.JobID, st.Created, st.Status = c.Shown(st.JobID), c.Shown(st.Created), c.Shown(st.Status)
		return st, nil, "", nil
	case a.code >= 300 && a.code < 400:
		return nil, nil, "", &RedirectError{StatusCode: a.code, Location: c.shown([]byte(a.head.Get("Location")))}
	case a.code == http.StatusUnauthorized || a.code == http.StatusForbidden:
		return nil, nil, "", fmt.Errorf("%w (%d %s)", ErrUnauthorized, a.code, http.StatusText(a.code))
	case a.code == http.StatusTooManyRequests || a.code >= 500:
		return nil, &why{err: &HTTPError{StatusCode: a.code, Body: c.text(a)}, head: a.head}, "", nil
	}
	return nil, nil, "", &HTTPError{StatusCode: a.code, Body: c.text(a)}
}

func isNetError(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}

// Wait follows a job until it ends or maxWait runs out (*WaitTimeoutError),
// polling with exponential backoff from MinBackoff to MaxBackoff; every
// change of the job's status is an Event. maxWait bounds all the waiting,
// a status request that hangs and the retries included. A job that ends
// Failed gives its status and a *JobFailedError.
func (c *Client) Wait(ctx context.Context, jobID string, maxWait time.Duration) (*JobStatus, error) {
	start := c.now()
	deadline := start.Add(maxWait)
	wctx, cancel := context.WithTimeout(ctx, maxWait)
	defer cancel()
	var last *JobStatus
	since := start
	timedOut := func() error { return &WaitTimeoutError{JobID: c.Shown(jobID), Last: last, Waited: maxWait} }
	for n := 0; ; n++ {
		st, err := c.Status(wctx, jobID)
		if err != nil {
			if ctx.Err() == nil && wctx.Err() != nil {
				return last, timedOut()
			}
			return last, err
		}
		if last == nil || st.Status != last.Status {
			now := c.now()
			c.event(Event{Status: st.Status, After: now.Sub(since)})
			since = now
		}
		last = st
		switch st.Status {
		case StatusCompleted:
			return st, nil
		case StatusFailed:
			return st, &JobFailedError{Status: st}
		}
		left := deadline.Sub(c.now())
		if left <= 0 {
			return st, timedOut()
		}
		if err := c.sleep(wctx, min(c.backoff(n), left)); err != nil {
			if ctx.Err() == nil {
				return st, timedOut()
			}
			return st, err
		}
	}
}
