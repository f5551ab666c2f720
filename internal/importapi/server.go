package importapi

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/validate"
)

// Options configure a Server.
type Options struct {
	APIKey        string          // the key it accepts; "" accepts none
	KnownIDs      map[string]bool // External IDs that exist; nil accepts any
	Statuses      schema.Statuses // zero means AchieveIt's seven
	FailIDs       map[string]bool // IDs that pass the first check but fail while processing: the job ends Failed
	QueuedFor     time.Duration   // how long a job stays Queued
	ProcessingFor time.Duration   // then how long it stays Processing
	MaxBody       int64           // request body limit; 0 means 32 MiB
	Now           func() time.Time
	Store         Store // where jobs are kept; nil keeps them in memory (a test fake's store)
	MaxComment    int   // the longest comment, in characters; 0 means schema.DefaultMaxCommentLen
}

// Paths of the API.
const (
	PathImport = "/imports/progress-updates"
	PathStatus = "/imports/status/"
	PathList   = "/updates"
)

// Server is the import API as an http.Handler. It holds in memory only
// the jobs that have not ended (without their records); the rest is in
// its Store.
type Server struct {
	opts    Options
	v       *validate.Validator
	mu      sync.Mutex
	pending map[string]*Job // accepted jobs not yet ended, without their records
	seq     int64
}

var _ http.Handler = (*Server)(nil)

// New returns a Server with the jobs of opts.Store loaded.
func New(opts Options) (*Server, error) {
	if opts.MaxBody == 0 {
		opts.MaxBody = 32 << 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Store == nil {
		opts.Store = newMemoryStore()
	}
	v, err := validate.New(validate.Options{Statuses: opts.Statuses, KnownIDs: opts.KnownIDs, MaxComment: opts.MaxComment})
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, v: v, pending: map[string]*Job{}}
	if s.seq, err = opts.Store.LastSeq(); err != nil {
		return nil, err
	}
	pending, err := opts.Store.Pending()
	if err != nil {
		return nil, err
	}
	for _, j := range pending {
		s.pending[j.ID] = j
	}
	return s, nil
}

// Prune forgets the jobs created before t, with the updates they
// imported, and returns how many it forgot.
func (s *Server) Prune(before time.Time) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, j := range s.pending {
		if j.Created.Before(before) {
			delete(s.pending, id)
		}
	}
	return s.opts.Store.Prune(before)
}

// ServeHTTP answers as the API does. The route and the key are checked
// before the body is read, so that an unknown path or a request without
// the key costs nothing but its headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var handle func(http.ResponseWriter, *http.Request)
	switch {
	case r.URL.Path == PathImport && r.Method == http.MethodPost:
		handle = s.post
	case strings.HasPrefix(r.URL.Path, PathStatus) && r.Method == http.MethodGet:
		handle = s.getStatus
	case r.URL.Path == PathList && r.Method == http.MethodGet:
		handle = s.list
	case r.URL.Path == PathImport || strings.HasPrefix(r.URL.Path, PathStatus) || r.URL.Path == PathList:
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, message("Method not allowed."))
		return
	default:
		writeJSON(w, http.StatusNotFound, message("Not found."))
		return
	}
	if !s.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, message("Unauthorized: a valid Authorization: API-KEY header is required."))
		return
	}
	handle(w, r)
}

func message(m string) map[string]string { return map[string]string{"message": m} }

// authorized compares the key in constant time.
func (s *Server) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "API-KEY ")
	return ok && s.opts.APIKey != "" && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.opts.APIKey)) == 1
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength > s.opts.MaxBody {
		writeJSON(w, http.StatusRequestEntityTooLarge, message(fmt.Sprintf("The request body is over %d bytes.", s.opts.MaxBody)))
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
	format, ok := bodyFormat(r.Header.Get("Content-Type"))
	if !ok {
		writeJSON(w, http.StatusUnsupportedMediaType, message("Send the updates as application/json or text/csv."))
		return
	}
	// The valid records wait in a spool until the body is known to be
	// valid; the errors are written to another, as the 400 will list
	// them, and the first keptErrors of them kept for the job's status.
	recs, err := newSpool()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, message("The submission could not be read: "+err.Error()))
		return
	}
	defer recs.close()
	errs, err := newSpool()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, message("The submission could not be read: "+err.Error()))
		return
	}
	defer errs.close()
	var kept []validate.RecordErrors
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	rep, err := s.v.CheckBody(r.Context(), body, format, func(c *validate.Checked) error {
		if len(c.Errors) == 0 {
			if errs.n > 0 {
				return nil // the body is rejected: its records are not needed
			}
			return recs.addRecord(&c.Update)
		}
		if errs.n == 0 {
			if err := recs.drop(); err != nil {
				return err
			}
		}
		re := bare(c.RecordErrors())
		if len(kept) < keptErrors {
			kept = append(kept, re)
		}
		buf.Reset()
		if err := enc.Encode(re); err != nil {
			return err
		}
		if errs.n > 0 {
			errs.w.WriteByte(',')
		}
		errs.n++
		_, err := errs.w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	})
	if _, tooBig := errors.AsType[*http.MaxBytesError](err); tooBig {
		writeJSON(w, http.StatusRequestEntityTooLarge, message(fmt.Sprintf("The request body is over %d bytes.", s.opts.MaxBody)))
		return
	}
	if err != nil {
		msg := err.Error()
		if se, ok := errors.AsType[*sheet.Error](err); ok {
			msg = se.Err.Error()
			if se.Place.Line > 0 {
				msg = fmt.Sprintf("line %d: %s", se.Place.Line, msg)
			}
		}
		writeJSON(w, http.StatusBadRequest, message("The body could not be read as progress updates: "+msg))
		return
	}
	id := newID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	j := &Job{ID: id, Created: s.opts.Now().UTC(), Seq: s.seq, Count: rep.TotalRecords}
	if !rep.OK() || rep.TotalRecords == 0 {
		j.Rejected, j.ErrorRecords, j.Errors = true, rep.ErrorRecords, kept
		if err := s.opts.Store.Add(j, nil); err != nil {
			s.seq-- // answered all the same: its status is then unknown (404)
		}
		if rep.TotalRecords == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"jobId": id, "totalRecords": 0, "errorRecords": 0, "validRecords": 0, "errors": []any{}, "message": "The submission has no records."})
			return
		}
		s.writeRejected(w, id, rep, errs)
		return
	}
	if err := s.opts.Store.Add(j, recs.records); err != nil {
		s.seq--
		writeJSON(w, http.StatusServiceUnavailable, message("The submission could not be stored; nothing was accepted: "+err.Error()))
		return
	}
	s.pending[id] = j
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": 0, "validRecords": rep.ValidRecords})
}

// writeRejected writes the API's 400 body: the counts, then every
// record's errors, copied from the spool they were written to.
func (s *Server) writeRejected(w http.ResponseWriter, id string, rep *validate.Report, errs *spool) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	head, _ := json.Marshal(map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": rep.ErrorRecords, "validRecords": rep.ValidRecords})
	bw := bufio.NewWriter(w)
	bw.Write(head[:len(head)-1])
	bw.WriteString(`,"errors":[`)
	if rd, err := errs.reader(); err == nil {
		io.Copy(bw, rd)
	}
	bw.WriteString("]}\n")
	bw.Flush()
}

// bare is a record's errors as the API gives them: without our sources.
func bare(re validate.RecordErrors) validate.RecordErrors {
	out := validate.RecordErrors{Position: re.Position, ExternalID: re.ExternalID, Errors: make([]*record.FieldError, len(re.Errors))}
	for i, fe := range re.Errors {
		out.Errors[i] = &record.FieldError{Field: fe.Field, Value: fe.Value, Err: &record.APIError{Message: fe.Message()}}
	}
	return out
}

// bodyFormat tells JSON from CSV by the Content-Type, as the article asks;
// an octet-stream upload (PowerShell -InFile) is told by its first bytes.
func bodyFormat(ct string) (record.Format, bool) {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", false
	}
	switch mt {
	case "application/json":
		return record.JSON, true
	case "text/csv":
		return record.CSV, true
	case "application/octet-stream":
		return "", true // told by its first bytes
	}
	return "", false
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, PathStatus)
	s.mu.Lock()
	j, err := s.job(id)
	var st string
	if err == nil && j != nil {
		st, err = s.status(j)
	}
	s.mu.Unlock()
	switch {
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, message("The job could not be read: "+err.Error()))
		return
	case j == nil:
		writeJSON(w, http.StatusNotFound, message("No job "+id+"."))
		return
	}
	errs := j.Errors
	if errs == nil {
		errs = []validate.RecordErrors{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "created": j.Created.UTC().Format("2006-01-02T15:04:05.0000000"), "status": st, "errors": errs})
}

// job is the job with this ID: a pending one from memory, else from the
// store; nil when there is none. The caller holds s.mu.
func (s *Server) job(id string) (*Job, error) {
	if j, ok := s.pending[id]; ok {
		return j, nil
	}
	return s.opts.Store.Job(id)
}

// list answers GET /updates: the imported updates, filtered, written as
// they are read from the store.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	want, job := r.URL.Query().Get("externalId"), r.URL.Query().Get("jobId")
	s.mu.Lock()
	err := s.endDue()
	s.mu.Unlock()
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, message("The updates could not be read: "+err.Error()))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	bw := bufio.NewWriter(w)
	sep := byte('[')
	err = s.updates(func(u Imported) error {
		if (want == "" || u.ExternalID == want) && (job == "" || u.JobID == job) {
			bw.WriteByte(sep)
			sep = ','
			b, _ := u.MarshalJSON()
			_, err := bw.Write(b)
			return err
		}
		return nil
	})
	if sep == '[' {
		bw.WriteByte('[')
	}
	bw.WriteString("]\n")
	if err == nil {
		bw.Flush()
	}
}

// updates calls fn with each imported update, in import order: the store
// is read a page at a time under the lock, and fn called without it.
func (s *Server) updates(fn func(Imported) error) error {
	var after []byte
	page := make([]Imported, 0, updatesPage)
	for {
		page = page[:0]
		s.mu.Lock()
		last, err := s.opts.Store.Updates(after, updatesPage, func(u Imported) error { page = append(page, u); return nil })
		s.mu.Unlock()
		if err != nil {
			return err
		}
		for _, u := range page {
			if err := fn(u); err != nil {
				return err
			}
		}
		if last == nil || len(page) < updatesPage {
			return nil
		}
		after = last
	}
}

// updatesPage is how many updates are read from the store at a time.
const updatesPage = 1000

// Jobs returns the accepted jobs (not the rejected ones), in order, each
// moved along its life cycle, with its records: all of them, in memory,
// for tests.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	s.endDue()
	var out []Job
	byID := map[string]int{}
	s.opts.Store.Jobs(func(j *Job) error {
		if !j.Rejected {
			c := *j
			if p, ok := s.pending[j.ID]; ok {
				c = *p
				s.opts.Store.Records(p, func(_ int, u schema.Update) error { c.Records = append(c.Records, u); return nil })
			}
			byID[j.ID] = len(out)
			out = append(out, c)
		}
		return nil
	})
	s.mu.Unlock()
	s.updates(func(u Imported) error {
		if i, ok := byID[u.JobID]; ok {
			out[i].Records = append(out[i].Records, u.Update)
		}
		return nil
	})
	return out
}

// Imported returns the updates imported so far, in import order: all of
// them, in memory, for tests.
func (s *Server) Imported() []Imported {
	s.mu.Lock()
	s.endDue()
	s.mu.Unlock()
	var out []Imported
	s.updates(func(u Imported) error { out = append(out, u); return nil })
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// newID returns a random UUID (version 4), the form of AchieveIt's job IDs.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
