package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/internal/storefile"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/validate"
)

// event shows a retry, or a change of the job's status: on a terminal as
// it happens (the statuses on one line, rewritten), elsewhere with -v as
// plain lines.
func (s *submitter) event(e submit.Event) {
	if s.o.quiet || !s.terminal && !s.o.verbose {
		return
	}
	if e.Retry {
		s.endStatusLine()
		line := fmt.Sprintf("%s; retry %d of %d in %s", e.Err, e.Attempt, e.Of, e.Wait.Round(100*time.Millisecond))
		if e.Hint != "" {
			line += "; " + e.Hint
		}
		s.say("%s", line)
		return
	}
	if len(s.statuses) > 0 {
		s.statuses[len(s.statuses)-1] += " " + e.After.Round(time.Second).String()
	}
	s.statuses = append(s.statuses, e.Status)
	if s.terminal {
		fmt.Fprintf(s.stderr, "\r\033[K%s: job: %s", name, strings.Join(s.statuses, ", "))
	} else {
		s.say("job status %s", e.Status)
	}
}

// endStatusLine ends the line of statuses on a terminal.
func (s *submitter) endStatusLine() {
	if s.terminal && len(s.statuses) > 0 && !s.o.quiet {
		fmt.Fprintln(s.stderr)
		s.statuses = nil
	}
}

// report says what became of the run: what is known, and what to do.
func (s *submitter) report(err error) {
	if err == nil {
		return
	}
	var (
		rej      *submit.RejectedError
		failed   *submit.JobFailedError
		unknown  *submit.OutcomeUnknownError
		timeout  *submit.WaitTimeoutError
		journal  *submit.JournalError
		notSent  *submit.NotSentError
		mismatch *submit.JobMismatchError
	)
	switch {
	case errors.Is(err, cli.ErrDone):
	case errors.As(err, &journal) && journal.After:
		cli.PrintError(s.stderr, name, fmt.Errorf("job %s was accepted, but the journal (%s) could not record it: %v", journal.JobID, journal.Path, journal.Err))
		cli.PrintError(s.stderr, name, fmt.Errorf("IMPORTANT: keep the job ID %s. Until the journal works, ait-submit does not know these updates were sent and would send them again. Follow the job with: ait-submit --status %s", journal.JobID, journal.JobID))
	case errors.As(err, &journal) && storefile.IsDamaged(err):
		cli.PrintError(s.stderr, name, fmt.Errorf("%v. Nothing was sent", err))
	case errors.As(err, &journal):
		cli.PrintError(s.stderr, name, fmt.Errorf("%v; nothing was sent (the journal must record a submission before it is sent; give another --journal PATH)", err))
	case errors.As(err, &rej):
		cli.PrintError(s.stderr, name, fmt.Errorf("%v; nothing was imported", rej))
		s.printErrors(rej.Report.Errors, rej.Listed, rej.Cut)
	case errors.As(err, &failed):
		cli.PrintError(s.stderr, name, err)
		s.printErrors(failed.Status.Errors, failed.Status.ErrorCount, failed.Status.Cut)
	case errors.As(err, &mismatch) && s.sub != nil:
		cli.PrintError(s.stderr, name, err)
		cli.PrintError(s.stderr, name, fmt.Errorf("the updates were accepted as job %s and the journal records them; ask again later with: ait-submit --status %s", mismatch.Asked, mismatch.Asked))
	case errors.As(err, &timeout) && s.o.statusJob != "" && timeout.Last == nil:
		cli.PrintError(s.stderr, name, err)
	case errors.As(err, &timeout) && s.o.statusJob != "":
		cli.PrintError(s.stderr, name, fmt.Errorf("job %s is %s; it goes on at AchieveIt", timeout.JobID, timeout.Last.Status))
	case errors.As(err, &timeout):
		after := fmt.Sprintf(" after %s", s.o.wait)
		if timeout.Last == nil {
			after = ""
		}
		cli.PrintError(s.stderr, name, fmt.Errorf("%v%s; it goes on at AchieveIt. Check later with: ait-submit --status %s", err, after, timeout.JobID))
	case errors.As(err, &unknown):
		cli.PrintError(s.stderr, name, err)
		if unknown.JobID != "" {
			cli.PrintError(s.stderr, name, fmt.Errorf("follow job %s with: ait-submit --status %s", unknown.JobID, unknown.JobID))
		} else if s.sub != nil {
			cli.PrintError(s.stderr, name, fmt.Errorf("the %s may or may not have been accepted. They are not sent again on their own: the journal (%s) records them as Unknown, and ait-submit refuses to send them until you add --force. Check in AchieveIt first.", cli.Plural(s.records.n, "update"), s.journal.Path))
		}
	case errors.As(err, &notSent) && s.sub != nil:
		cli.PrintError(s.stderr, name, fmt.Errorf("%v; nothing was imported, and the updates may be sent again", err))
	default:
		cli.PrintError(s.stderr, name, err)
	}
}

// printErrors prints the API's errors with their positions and, when the
// input had rows, the row each position came from; and, when the client
// kept only the first of them, how many the API listed.
func (s *submitter) printErrors(errs []validate.RecordErrors, listed int, cut bool) {
	positions := map[int]bool{}
	for _, re := range errs {
		positions[re.Position] = true
	}
	var sources map[int]string
	if s.records != nil {
		sources = s.records.sources(positions)
	}
	for _, re := range errs {
		where := fmt.Sprintf("position %d", re.Position)
		if src := sources[re.Position]; src != "" {
			where = fmt.Sprintf("%s (position %d)", src, re.Position)
		}
		for _, fe := range re.Errors {
			fmt.Fprintln(s.stderr, validate.Line(fe, where))
		}
	}
	if note := cutNote(len(errs), listed, cut); note != "" {
		s.say("%s", note)
	}
}

// cutNote says what of the API's errors were not kept: "" when all were.
func cutNote(kept, listed int, cut bool) string {
	switch {
	case cut:
		return fmt.Sprintf("the API's answer was longer than ait-submit reads; the first %s with errors of the %s it read are shown", cli.Plural(kept, "record"), sheet.Count(int64(listed)))
	case listed > kept:
		return fmt.Sprintf("the API listed %s with errors; the first %s are shown", cli.Plural(listed, "record"), sheet.Count(int64(kept)))
	}
	return ""
}

// printStatus writes a job's status to stdout as JSON: the fields the API
// documents, nothing else of what the server sent, and errorsOmitted when
// the client kept only the first of its errors.
func (s *submitter) printStatus(st *submit.JobStatus) error {
	out := struct {
		JobID         string                  `json:"jobId"`
		Created       string                  `json:"created"`
		Status        string                  `json:"status"`
		Errors        []validate.RecordErrors `json:"errors"`
		ErrorsOmitted int                     `json:"errorsOmitted,omitempty"`
		Cut           bool                    `json:"answerCut,omitempty"`
	}{s.client.Shown(st.JobID), st.Created, st.Status, st.Errors, max(st.ErrorCount-len(st.Errors), 0), st.Cut}
	if out.Errors == nil {
		out.Errors = []validate.RecordErrors{}
	}
	return s.printJSON(out)
}

// printJSON writes v to stdout, one line; a failed write is an error.
func (s *submitter) printJSON(v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	if _, err := s.stdout.Write(b.Bytes()); err != nil {
		return fmt.Errorf("standard output: %w", err)
	}
	return nil
}

// rejectedBody is the 400 as the API's report: the fields ait-submit
// understands, nothing else.
func rejectedBody(rej *submit.RejectedError) any {
	return struct {
		JobID   string `json:"jobId,omitempty"`
		Message string `json:"message,omitempty"`
		validate.Report
		ErrorsOmitted int  `json:"errorsOmitted,omitempty"`
		Cut           bool `json:"answerCut,omitempty"`
	}{rej.JobID, rej.Message, rej.Report, max(rej.Listed-len(rej.Report.Errors), 0), rej.Cut}
}

// printDryRun prints the request that would be sent: its body byte for
// byte, written as the records are read back from their temporary file,
// except the key's own bytes wherever they appear (redacted as the body
// streams out, so a key across two writes is caught too). A failed write
// is an error.
func (s *submitter) printDryRun() error {
	base, _ := submit.CheckBaseURL(s.o.baseURL)
	keyShown := "API-KEY " + submit.Redacted
	if s.key == "" {
		keyShown = "API-KEY (no key set: ACHIEVEIT_API_KEY)"
	}
	contentType := submit.JSON
	if s.o.as == "csv" {
		contentType = submit.CSV
	}
	w := submit.NewKeyRedactor(s.rawStdout, s.key)
	fmt.Fprintf(w, "POST %s/imports/progress-updates\nAuthorization: %s\nContent-Type: %s\n\n", strings.TrimSuffix(base.String(), "/"), keyShown, contentType)
	err := s.records.writeBody(w, record.Format(s.o.as))
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("standard output: %w", err)
	}
	s.say("dry run: %s valid; nothing sent", cli.Plural(s.records.n, "record"))
	return nil
}

// redact wraps w so that the key, or any run of it long enough to matter,
// never reaches it, even inside a server's message echoed back.
func redact(w io.Writer, key string) io.Writer {
	if key == "" {
		return w
	}
	return &redactor{w: w, key: key}
}

type redactor struct {
	w   io.Writer
	key string
}

func (r *redactor) Write(p []byte) (int, error) {
	s := submit.Redact(string(p), r.key)
	if s == string(p) {
		return r.w.Write(p)
	}
	_, err := io.WriteString(r.w, s)
	return len(p), err
}
