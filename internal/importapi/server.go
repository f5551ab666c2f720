package importapi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/convert"
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
	Store         Store // where jobs are kept; nil keeps them in memory
	MaxComment    int   // the longest comment, in characters; 0 means schema.DefaultMaxCommentLen
}

// Paths of the API.
const (
	PathImport = "/imports/progress-updates"
	PathStatus = "/imports/status/"
	PathList   = "/updates"
)

// What of rejected jobs is kept for their status: the errors of each, up
// to keptErrors, for the last keptRejected of them.
const (
	keptErrors   = 10_000
	keptRejected = 1_000
)

// Server is the import API as an http.Handler.
type Server struct {
	opts     Options
	v        *validate.Validator
	mu       sync.Mutex
	jobs     map[string]*Job
	order    []string // accepted jobs, in order
	rejected []string // rejected jobs, oldest first, at most keptRejected
	imp      []Imported
	seq      int64
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
		opts.Store = memoryStore{}
	}
	v, err := validate.New(validate.Options{Statuses: opts.Statuses, KnownIDs: opts.KnownIDs, StrictKeys: true, MaxComment: opts.MaxComment})
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, v: v, jobs: map[string]*Job{}}
	jobs, err := opts.Store.Load()
	if err != nil {
		return nil, err
	}
	var ended []*Job
	for _, j := range jobs {
		s.seq = max(s.seq, j.Seq, j.EndSeq)
		if j.Rejected {
			s.keepRejected(j)
			continue
		}
		s.jobs[j.ID] = j
		s.order = append(s.order, j.ID)
		if j.Applied && !j.Failed {
			ended = append(ended, j)
		}
	}
	sort.Slice(ended, func(a, b int) bool { return ended[a].EndSeq < ended[b].EndSeq })
	for _, j := range ended {
		for _, u := range j.Records {
			s.imp = append(s.imp, Imported{JobID: j.ID, Update: u})
		}
	}
	return s, nil
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
	rep, valid, err := s.v.CheckBody(r.Context(), body, format)
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
		} else if ie, ok := errors.AsType[*convert.InputError](err); ok {
			msg = ie.Err.Error()
		}
		writeJSON(w, http.StatusBadRequest, message("The body could not be read as progress updates: "+msg))
		return
	}
	id := newID()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	j := &Job{ID: id, Created: s.opts.Now().UTC(), Seq: s.seq}
	if !rep.OK() || rep.TotalRecords == 0 {
		j.Rejected = true
		for _, re := range rep.Errors {
			if len(j.Errors) == keptErrors {
				break
			}
			j.Errors = append(j.Errors, bare(re))
		}
		s.keep(j)
		if rep.TotalRecords == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"jobId": id, "totalRecords": 0, "errorRecords": 0, "validRecords": 0, "errors": []any{}, "message": "The submission has no records."})
			return
		}
		writeJSON(w, http.StatusBadRequest, reportBody(id, rep))
		return
	}
	j.Records = valid
	if err := s.opts.Store.Add(j); err != nil {
		s.seq--
		writeJSON(w, http.StatusServiceUnavailable, message("The submission could not be stored; nothing was accepted: "+err.Error()))
		return
	}
	s.jobs[id] = j
	s.order = append(s.order, id)
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": 0, "validRecords": rep.ValidRecords})
}

// keep remembers a rejected job for its status, in the store when it can
// (a rejected job that cannot be stored is still answered, from memory).
func (s *Server) keep(j *Job) {
	s.opts.Store.Add(j)
	s.keepRejected(j)
}

// keepRejected keeps a rejected job in memory, forgetting the oldest past
// keptRejected.
func (s *Server) keepRejected(j *Job) {
	if len(s.rejected) == keptRejected {
		delete(s.jobs, s.rejected[0])
		s.rejected = s.rejected[1:]
	}
	s.jobs[j.ID] = j
	s.rejected = append(s.rejected, j.ID)
}

// bare is a record's errors as the API gives them: without our sources.
func bare(re validate.RecordErrors) validate.RecordErrors {
	out := validate.RecordErrors{Position: re.Position, ExternalID: re.ExternalID, Errors: make([]*convert.FieldError, len(re.Errors))}
	for i, fe := range re.Errors {
		out.Errors[i] = &convert.FieldError{Field: fe.Field, Value: fe.Value, Err: &convert.APIError{Message: fe.Message()}}
	}
	return out
}

// reportBody is the API's 400 body: the report without our sources.
func reportBody(id string, rep *validate.Report) map[string]any {
	errs := make([]validate.RecordErrors, len(rep.Errors))
	for i, e := range rep.Errors {
		errs[i] = bare(e)
	}
	return map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": rep.ErrorRecords, "validRecords": rep.ValidRecords, "errors": errs}
}

// bodyFormat tells JSON from CSV by the Content-Type, as the article asks;
// an octet-stream upload (PowerShell -InFile) is told by its first bytes.
func bodyFormat(ct string) (convert.Format, bool) {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return 0, false
	}
	switch mt {
	case "application/json":
		return convert.FormatJSON, true
	case "text/csv":
		return convert.FormatDelimited, true
	case "application/octet-stream":
		return convert.FormatAuto, true
	}
	return 0, false
}

func (s *Server) getStatus(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimPrefix(r.URL.Path, PathStatus)
	s.mu.Lock()
	j, ok := s.jobs[id]
	var st string
	var errs []validate.RecordErrors
	var created time.Time
	if ok {
		st = s.status(j)
		errs = j.Errors
		created = j.Created
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, message("No job "+id+"."))
		return
	}
	if errs == nil {
		errs = []validate.RecordErrors{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "created": created.UTC().Format("2006-01-02T15:04:05.0000000"), "status": st, "errors": errs})
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	want, job := r.URL.Query().Get("externalId"), r.URL.Query().Get("jobId")
	out := []Imported{}
	for _, u := range s.Imported() {
		if (want == "" || u.ExternalID == want) && (job == "" || u.JobID == job) {
			out = append(out, u)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// Jobs returns the accepted jobs (not the rejected ones), in order, each
// moved along its life cycle.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.order))
	for _, id := range s.order {
		j := s.jobs[id]
		s.status(j)
		out = append(out, *j)
	}
	return out
}

// Imported returns the updates imported so far, in import order.
func (s *Server) Imported() []Imported {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range s.order {
		s.status(s.jobs[id])
	}
	return append([]Imported(nil), s.imp...)
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
