package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/validate"
)

// jobState is what ait-web knows of a job it sent: its last status, and
// the rows its positions came from, so that the API's errors are shown at
// their cells.
type jobState struct {
	mu         sync.Mutex
	JobID      string                  `json:"jobId"`
	Status     string                  `json:"status"`
	Created    string                  `json:"created,omitempty"`
	Records    int                     `json:"records"`
	Errors     []validate.RecordErrors `json:"errors"`
	ErrorCount int                     `json:"errorCount,omitempty"`
	Done       bool                    `json:"done"`
	// Note says what else is known: the wait ran out, the status could
	// not be read.
	Note    string       `json:"note,omitempty"`
	sources *sourceSpool // where each position came from
	sub     *submit.Submission
	command string // ait-submit --status JOBID
}

// snapshot is the state as the page sees it, under its lock.
func (j *jobState) snapshot() map[string]any {
	j.mu.Lock()
	defer j.mu.Unlock()
	errs := j.Errors
	if errs == nil {
		errs = []validate.RecordErrors{}
	}
	return map[string]any{"jobId": j.JobID, "status": j.Status, "created": j.Created, "records": j.Records,
		"errors": errs, "errorCount": j.ErrorCount, "done": j.Done, "note": j.Note, "command": j.command}
}

// submitCommand is ait-submit as ait-web runs it: to the base URL url,
// with ait-web's journal.
func (s *server) submitCommand(url string) string {
	parts := []string{"ait-submit"}
	if url != submit.DefaultBaseURL {
		parts = append(parts, "--base-url", convertcli.ShellWord(url))
	}
	if s.o.journal != "" {
		parts = append(parts, "--journal", convertcli.ShellWord(s.o.journal))
	}
	return strings.Join(parts, " ")
}

// statusCommand is the command line that asks the API at url for a
// job's status.
func (s *server) statusCommand(url, jobID string) string {
	return s.submitCommand(url) + " --status " + convertcli.ShellWord(jobID)
}

// submit answers POST /api/submit: the upload's records, validated as
// ait-submit validates them, sent to the API with the key of the
// X-Api-Key header, recorded in ait-submit's journal before they are sent
// (the same records are never sent twice), and followed until the job
// ends. It answers when the API has accepted them (202, with the jobId),
// or refused them.
func (s *server) submit(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimSpace(r.Header.Get(KeyHeader))
	s.mu.Lock()
	if key != "" {
		s.key = key // held in memory only, for the jobs to follow
	} else {
		key = s.key
	}
	s.mu.Unlock()
	if key == "" {
		s.fail(w, http.StatusBadRequest, "no API key: type it in the page (it is sent in the %s header)", KeyHeader)
		return
	}
	c, ok := s.conversionFor(w, r)
	if !ok {
		return
	}
	command := c.flags.commandLine("ait-convert", c.up.names(), true) + " | " + s.submitCommand(s.o.baseURL)
	fail := func(status int, format string, a ...any) {
		s.writeJSON(w, status, map[string]any{"error": fmt.Sprintf(format, a...), "sent": false, "command": command})
	}
	target, err := submit.Target(s.o.baseURL)
	if err != nil {
		fail(http.StatusBadRequest, "%v", err)
		return
	}
	body, err := cli.NewSpool()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	defer body.Close()
	sources, err := newSourceSpool()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	keep := false
	defer func() {
		if !keep {
			sources.close()
		}
	}()
	// Only a wholly valid input is sent, as by ait-submit.
	ident := submit.NewIdentifier(target)
	bw := bufio.NewWriterSize(body, 64<<10)
	rw := record.NewWriter(bw, record.JSON)
	n := 0
	rep, err := checkRecords(r.Context(), c, func(ch *validate.Checked) error {
		if len(ch.Errors) > 0 {
			return nil
		}
		ch.Update.Comment = record.CanonicalComment(ch.Update.Comment) // as ait-submit: one comment, one update
		ident.Add(ch.Update)
		n++
		if err := sources.add(ch.Source); err != nil {
			return err
		}
		return rw.Write(&ch.Update)
	})
	if err == nil {
		err = rw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		s.checkFailed(w, command, err)
		return
	}
	if !rep.OK() {
		fail(http.StatusUnprocessableEntity, "%d of %s invalid; nothing sent (the grid shows each error at its cell)", rep.ErrorRecords, cli.Plural(rep.TotalRecords, "record"))
		return
	}
	if n == 0 {
		fail(http.StatusBadRequest, "nothing to submit: the input has no records")
		return
	}
	path, err := s.journalPath()
	if err != nil {
		fail(http.StatusInternalServerError, "%v", err)
		return
	}
	journal := submit.OpenJournal(path)
	// The attempt is on record before anything is sent, and the journal
	// refuses records that may have been imported before, whoever sent
	// them (ait-submit or ait-web).
	sub, err := journal.Begin(ident.Identity(), string(record.JSON), false)
	if err != nil {
		status := http.StatusConflict
		if _, ok := errors.AsType[*submit.JournalError](err); ok {
			status = http.StatusInternalServerError
		}
		fail(status, "%v", err)
		return
	}
	client, err := submit.NewClient(s.o.baseURL, key)
	if err != nil {
		fail(http.StatusBadRequest, "%v", err)
		return
	}
	if s.o.tuneClient != nil {
		s.o.tuneClient(client)
	}
	// Sent under ait-web's own context: a page that goes away does not
	// cut a submission short.
	acc, err := client.SubmitFrom(s.ctx, body.Section(), submit.JSON, n)
	if err != nil {
		s.notAccepted(w, command, journal, sub, client, sources, err)
		return
	}
	jobID := client.Shown(acc.JobID)
	if jobID != acc.JobID {
		sub.Note = "the jobId the API answered held the API key; it is stored redacted"
	}
	if err := journal.Record(sub, jobID, submit.StatusQueued); err != nil {
		s.writeJSON(w, http.StatusInternalServerError, map[string]any{"jobId": jobID, "sent": true, "command": s.statusCommand(s.o.baseURL, jobID),
			"error": fmt.Sprintf("job %s was accepted, but the journal could not record it (%v): keep the job ID; until the journal works, these updates are not known to have been sent", jobID, err)})
		return
	}
	job := &jobState{JobID: jobID, Status: submit.StatusQueued, Records: acc.TotalRecords, sources: sources, sub: sub, command: s.statusCommand(s.o.baseURL, jobID)}
	keep = true
	s.mu.Lock()
	s.jobs[jobID] = job
	s.mu.Unlock()
	s.logf("%s accepted as job %s", cli.Plural(acc.TotalRecords, "record"), jobID)
	s.follow.Add(1)
	go s.followJob(client, journal, job, acc.JobID)
	answer := job.snapshot()
	answer["command"] = command // what sent them; the job's own answers give the status command
	s.writeJSON(w, http.StatusAccepted, answer)
}

// notAccepted records in the journal what is known of a submission that
// was not accepted, and answers it.
func (s *server) notAccepted(w http.ResponseWriter, command string, journal *submit.Journal, sub *submit.Submission, client *submit.Client, sources *sourceSpool, err error) {
	state := submit.StateNotSent
	body := map[string]any{"error": err.Error(), "sent": false, "command": command}
	var rej *submit.RejectedError
	var unknown *submit.OutcomeUnknownError
	jobID := ""
	switch {
	case errors.As(err, &rej):
		state, jobID = submit.StateRejected, client.Shown(rej.JobID)
		body["status"] = "Rejected"
		body["jobId"] = jobID
		body["errors"] = placed(rej.Report.Errors, sources)
	case errors.As(err, &unknown):
		state, jobID = submit.StateUnknown, unknown.JobID
		body["sent"] = "unknown"
		body["error"] = err.Error() + "; the updates may have been accepted: they are not sent again on their own (the journal records them as Unknown): check in AchieveIt, then use ait-submit --force if they were not"
	}
	if jerr := journal.Record(sub, jobID, state); jerr != nil {
		s.logf("warning: the journal did not record that the submission was %s: %v", state, jerr)
	}
	s.writeJSON(w, http.StatusBadGateway, body)
}

// followJob follows an accepted job until it ends or --wait runs out,
// and records each status in the journal.
func (s *server) followJob(client *submit.Client, journal *submit.Journal, job *jobState, rawID string) {
	defer s.follow.Done()
	client.OnEvent = func(e submit.Event) {
		if e.Status != "" {
			job.mu.Lock()
			job.Status = e.Status
			job.mu.Unlock()
		}
	}
	st, err := client.Wait(s.ctx, rawID, s.o.wait)
	job.mu.Lock()
	defer job.mu.Unlock()
	if st != nil {
		job.Status, job.Created = st.Status, st.Created
		job.Errors = placed(st.Errors, job.sources)
		job.ErrorCount = st.ErrorCount
		if jerr := journal.Record(job.sub, job.JobID, st.Status); jerr != nil {
			s.logf("warning: the journal did not record that job %s is %s: %v", job.JobID, st.Status, jerr)
		}
	}
	var timeout *submit.WaitTimeoutError
	switch {
	case err == nil, errors.As(err, new(*submit.JobFailedError)):
		job.Done = true
	case s.ctx.Err() != nil:
		job.Note = "ait-web stopped while following the job, which goes on at AchieveIt"
	case errors.As(err, &timeout):
		job.Note = fmt.Sprintf("still %s after %s; it goes on at AchieveIt (ait-submit --status %s)", job.Status, s.o.wait, job.JobID)
	default:
		job.Note = client.Shown(fmt.Sprintf("the job's status could not be read: %v (ait-submit --status %s)", err, job.JobID))
	}
	job.sources.close()
}

// placed gives the API's errors, at most the first maxPlaced records of
// them, the source of each record: the cell, line or record it came from.
func placed(errs []validate.RecordErrors, sources *sourceSpool) []validate.RecordErrors {
	if len(errs) > maxPlaced {
		errs = errs[:maxPlaced]
	}
	out := slices.Clone(errs)
	positions := map[int]bool{}
	for _, re := range out {
		positions[re.Position] = true
	}
	src := sources.lookup(positions)
	for i := range out {
		if s, ok := src[out[i].Position]; ok {
			out[i].Source = s
		}
	}
	if out == nil {
		out = []validate.RecordErrors{}
	}
	return out
}

const maxPlaced = 1000

// job answers GET /api/jobs/{jobId}: the job's status as ait-web last
// read it; for a job it did not send in this run, as the API answers it
// now (with the key of X-Api-Key, or the one typed before), else as the
// journal last recorded it.
func (s *server) job(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("jobId")
	s.mu.Lock()
	job, ok := s.jobs[id]
	key := s.key
	s.mu.Unlock()
	if ok {
		s.writeJSON(w, http.StatusOK, job.snapshot())
		return
	}
	if k := strings.TrimSpace(r.Header.Get(KeyHeader)); k != "" {
		key = k
		s.mu.Lock()
		s.key = k
		s.mu.Unlock()
	}
	path, err := s.journalPath()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	sub, found, err := submit.OpenJournal(path).FindJob(id)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	if key == "" {
		if !found {
			s.fail(w, http.StatusNotFound, "job %s is not in the journal; type the API key to ask the API", id)
			return
		}
		s.writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "status": sub.Status, "records": sub.Records, "errors": []validate.RecordErrors{}, "command": s.statusCommand(s.o.baseURL, id),
			"done": sub.Status == submit.StatusCompleted || sub.Status == submit.StatusFailed, "note": "as the journal last recorded it; type the API key to ask the API"})
		return
	}
	client, err := submit.NewClient(s.o.baseURL, key)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	if s.o.tuneClient != nil {
		s.o.tuneClient(client)
	}
	ctx, cancel := context.WithTimeout(r.Context(), 30*time.Second)
	defer cancel()
	st, err := client.Status(ctx, id)
	if err != nil {
		s.fail(w, http.StatusBadGateway, "%s", client.Shown(err.Error()))
		return
	}
	errs := st.Errors
	if errs == nil {
		errs = []validate.RecordErrors{}
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "status": st.Status, "created": st.Created, "records": sub.Records, "command": s.statusCommand(s.o.baseURL, id),
		"errors": errs, "errorCount": st.ErrorCount, "done": st.Done()})
}

// history answers GET /api/history: the journal's submissions, the
// latest first, whoever sent them.
func (s *server) history(w http.ResponseWriter, r *http.Request) {
	path, err := s.journalPath()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	subs, err := submit.OpenJournal(path).Submissions()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	slices.Reverse(subs)
	more := 0
	if len(subs) > maxHistory {
		more = len(subs) - maxHistory
		subs = subs[:maxHistory]
	}
	entries := make([]historyEntry, len(subs))
	for i, sub := range subs {
		entries[i].Submission = sub
		if sub.JobID != "" {
			url := sub.URL
			if url == "" {
				url = sub.Target
			}
			entries[i].Command = s.statusCommand(url, sub.JobID)
		}
	}
	// No command lists the journal: each submission's command looks its
	// job up.
	s.writeJSON(w, http.StatusOK, map[string]any{"journal": path, "submissions": entries, "more": more, "command": ""})
}

// historyEntry is a submission of the journal with the command line that
// asks for its job's status.
type historyEntry struct {
	submit.Submission
	Command string `json:"command,omitempty"`
}

const maxHistory = 500

// sourceSpool keeps where each record sent came from, in a temporary
// file: the API names its errors by position.
type sourceSpool struct {
	sp  *cli.Spool
	w   *bufio.Writer
	buf []byte
}

func newSourceSpool() (*sourceSpool, error) {
	sp, err := cli.NewSpool()
	if err != nil {
		return nil, err
	}
	return &sourceSpool{sp: sp, w: bufio.NewWriter(sp)}, nil
}

func (s *sourceSpool) add(src string) error {
	s.buf = binary.AppendUvarint(s.buf[:0], uint64(len(src)))
	s.buf = append(s.buf, src...)
	_, err := s.w.Write(s.buf)
	return err
}

// lookup returns the sources of the positions asked.
func (s *sourceSpool) lookup(positions map[int]bool) map[int]string {
	out := map[int]string{}
	if len(positions) == 0 || s.w.Flush() != nil {
		return out
	}
	br := bufio.NewReader(s.sp.Section())
	for i := 0; len(out) < len(positions); i++ {
		n, err := binary.ReadUvarint(br)
		if err != nil || n > 1<<20 {
			break
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			break
		}
		if positions[i] {
			out[i] = string(b)
		}
	}
	return out
}

func (s *sourceSpool) close() { s.sp.Close() }
