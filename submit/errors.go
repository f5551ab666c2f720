package submit

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aitkit/aitkit/validate"
)

// ErrUnauthorized: the key was refused (401 or 403).
var ErrUnauthorized = errors.New("the API key was refused")

// NotSentError: the submission did not reach the API, or reached it and
// was refused before anything of it could be imported (a redirect, a
// refused key, a 413). Sending it again is safe.
type NotSentError struct {
	Err  error
	Hint string // what to check, for a connection that could not be made
}

func (e *NotSentError) Error() string {
	msg := "not sent: " + e.Err.Error()
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}
func (e *NotSentError) Unwrap() error { return e.Err }

// OutcomeUnknownError: the request may have reached the API and been
// accepted (a timeout or a broken connection after it was written, a
// gateway error, an answer that does not add up). Check with the job's
// status or in AchieveIt; do not send again on your own.
type OutcomeUnknownError struct {
	Err   error
	JobID string // when the API gave one
}

func (e *OutcomeUnknownError) Error() string {
	return "sent, outcome unknown: " + e.Err.Error()
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// RejectedError is the API's 400: the submission failed validation and
// nothing of it was imported.
type RejectedError struct {
	JobID   string
	Report  validate.Report // its Errors: the first records' errors the client kept
	Message string          // for a 400 that is not a report (a body that did not parse)
	Listed  int             // how many records' errors the answer listed
	Cut     bool            // the answer was longer than the client reads: Listed counts what was read
}

func (e *RejectedError) Error() string {
	if len(e.Report.Errors) == 0 && e.Message != "" {
		return "the API rejected the submission: " + e.Message
	}
	return fmt.Sprintf("the API rejected the submission: %d of %d records invalid", e.Report.ErrorRecords, e.Report.TotalRecords)
}

// JobFailedError: the job ended Failed; nothing of it was imported.
type JobFailedError struct{ Status *JobStatus }

func (e *JobFailedError) Error() string {
	return fmt.Sprintf("job %s Failed; nothing of it was imported", e.Status.JobID)
}

// WaitTimeoutError: the job had not ended when the wait ran out.
type WaitTimeoutError struct {
	JobID  string
	Last   *JobStatus    // nil when no status was read in time
	Waited time.Duration // the wait that ran out (0: none was asked)
}

func (e *WaitTimeoutError) Error() string {
	if e.Last == nil {
		return fmt.Sprintf("job %s: no status could be read within %s", e.JobID, e.Waited)
	}
	return fmt.Sprintf("job %s is still %s", e.JobID, e.Last.Status)
}

// JobMismatchError: the status endpoint answered about another job than
// the one asked. Its answer says nothing of the job asked.
type JobMismatchError struct {
	Asked, Answered string
	Status          string // what the answer said of the other job
}

func (e *JobMismatchError) Error() string {
	return fmt.Sprintf("asked the status of job %s, the API answered about job %q (%s); that is not the status of job %s", e.Asked, e.Answered, e.Status, e.Asked)
}

// RedirectError: the API answered with a redirect, which is never
// followed: the request was answered, not processed.
type RedirectError struct {
	StatusCode int
	Location   string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("the API answered %d %s to %s; redirects are not followed (is the base URL right?)", e.StatusCode, http.StatusText(e.StatusCode), e.Location)
}

// HTTPError is an answer the client has no better name for.
type HTTPError struct {
	StatusCode int
	Body       string // redacted and cut short
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("the API answered %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), strings.TrimSpace(e.Body))
}

// interrupted says when the context ended, without the context's own
// words; it is still the context's error for errors.Is.
type interrupted struct {
	when string
	err  error
}

func (e *interrupted) Error() string { return "interrupted " + e.when }
func (e *interrupted) Unwrap() error { return e.err }
