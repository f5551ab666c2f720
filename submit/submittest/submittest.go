// Package submittest is an in-memory fake of AchieveIt's progress-update
// import API, in the manner of net/http/httptest, for the tests of submit
// and the ait-server binary.
//
//	s := submittest.NewServer(submittest.Options{APIKey: "k"})
//	defer s.Close()
//	c, _ := submit.NewClient(s.URL, "k")
//
// It serves POST /imports/progress-updates and GET /imports/status/{jobId}
// with the article's bodies and the same validation as package validate,
// runs the job life cycle Queued -> Processing -> Completed | Failed with
// configurable timing, imports nothing from a rejected submission, and
// misbehaves on request: 503s, 429 with Retry-After, slow responses,
// responses that never come, connections dropped after the request arrived.
package submittest

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
)

// Options configure a Server.
type Options struct {
	APIKey        string          // the key it accepts; "" accepts none
	KnownIDs      map[string]bool // External IDs that exist; nil accepts any
	Statuses      schema.Statuses // zero means AchieveIt's seven
	FailIDs       map[string]bool // IDs that pass the first check but fail while processing (the job ends Failed)
	QueuedFor     time.Duration   // how long a job stays Queued
	ProcessingFor time.Duration   // then how long it stays Processing
	MaxBody       int64           // request body limit; 0 means 32 MiB
	Now           func() time.Time
	Store         Store // where accepted jobs are kept; nil keeps them in memory
}

// Store keeps what the server accepted, so that a server of one's own
// (ait-server --data) loses nothing on a restart. The server calls it under
// its lock, one call at a time.
type Store interface {
	// Load returns the jobs stored, in the order they were accepted.
	Load() ([]*Job, error)
	// Add stores an accepted job; it must be durable when Add returns,
	// since the 200 is answered after it.
	Add(j *Job) error
	// Ended stores that a job ended (Applied, and Failed or imported).
	Ended(j *Job) error
}

type memoryStore struct{}

func (memoryStore) Load() ([]*Job, error) { return nil, nil }
func (memoryStore) Add(*Job) error        { return nil }
func (memoryStore) Ended(*Job) error      { return nil }

// Fault is one misbehaviour, injected for the next request to an endpoint.
type Fault struct {
	Status     int           // answer this status (with an error body) instead
	RetryAfter string        // with Status: the Retry-After header
	Delay      time.Duration // answer normally, after this long
	Hang       bool          // never answer (until the client gives up or the server closes)
	Drop       bool          // read the request, then close the connection without answering
	DropAfter  bool          // handle the request fully (a POST is accepted), then drop the connection
}

// Request is what the server received.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Job is an accepted submission.
type Job struct {
	ID      string                  `json:"jobId"`
	Created time.Time               `json:"created"`
	Records []schema.Update         `json:"records"`
	Errors  []validate.RecordErrors `json:"errors,omitempty"` // set when it failed while processing
	Applied bool                    `json:"applied"`          // it ended: imported, or Failed
	Failed  bool                    `json:"failed"`
	Seq     int64                   `json:"seq"`    // acceptance order
	EndSeq  int64                   `json:"endSeq"` // the order jobs ended in: the import order
}

// Server is a running fake.
type Server struct {
	URL string // base URL, no trailing slash

	opts   Options
	ts     *httptest.Server
	v      *validate.Validator
	mu     sync.Mutex
	reqs   []Request
	jobs   map[string]*Job
	order  []string
	posts  []Fault
	gets   []Fault
	hangCh chan struct{}
	imp    []Imported
	seq    int64
}

// Imported is one update the server imported, and the job it came with.
// In JSON it is the record, with the API's keys, and its jobId.
type Imported struct {
	JobID string
	schema.Update
}

// MarshalJSON writes {"jobId":...,"externalId":...,...}.
func (im Imported) MarshalJSON() ([]byte, error) {
	b := append([]byte(`{"jobId":`), strconv.Quote(im.JobID)...)
	b = append(b, ',')
	return append(b, convert.AppendJSON(nil, &im.Update)[1:]...), nil
}

// NewServer starts a fake on a loopback port. It panics on set-up failure.
func NewServer(opts Options) *Server {
	s, err := NewHandler(opts)
	if err != nil {
		panic(err)
	}
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s
}

// NewHandler returns the fake as an http.Handler, for a server of one's own
// (ait-server), with the jobs of opts.Store loaded.
func NewHandler(opts Options) (*Server, error) {
	if opts.MaxBody == 0 {
		opts.MaxBody = 32 << 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Store == nil {
		opts.Store = memoryStore{}
	}
	v, err := validate.New(validate.Options{Statuses: opts.Statuses, KnownIDs: opts.KnownIDs})
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, v: v, jobs: map[string]*Job{}, hangCh: make(chan struct{})}
	jobs, err := opts.Store.Load()
	if err != nil {
		return nil, err
	}
	var ended []*Job
	for _, j := range jobs {
		s.jobs[j.ID] = j
		s.order = append(s.order, j.ID)
		s.seq = max(s.seq, j.Seq, j.EndSeq)
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

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Close stops the server; it waits for requests in flight, ending hung ones.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.hangCh:
	default:
		close(s.hangCh)
	}
	s.mu.Unlock()
	if s.ts != nil {
		s.ts.CloseClientConnections()
		s.ts.Close()
	}
}

// FailPOST queues faults for the next POSTs, in order.
func (s *Server) FailPOST(f ...Fault) { s.mu.Lock(); s.posts = append(s.posts, f...); s.mu.Unlock() }

// FailGET queues faults for the next status GETs, in order.
func (s *Server) FailGET(f ...Fault) { s.mu.Lock(); s.gets = append(s.gets, f...); s.mu.Unlock() }

// Requests returns what the server received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Posts counts the POSTs received.
func (s *Server) Posts() int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost {
			n++
		}
	}
	return n
}

// Jobs returns the accepted jobs, in order.
func (s *Server) Jobs() []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Job, 0, len(s.order))
	for _, id := range s.order {
		s.advance(s.jobs[id])
		out = append(out, *s.jobs[id])
	}
	return out
}

// Imported returns the updates imported so far, in import order.
func (s *Server) Imported() []Imported {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range s.order {
		s.advance(s.jobs[id])
	}
	return append([]Imported(nil), s.imp...)
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, s.opts.MaxBody+1))
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	var fault Fault
	switch {
	case r.Method == http.MethodPost && len(s.posts) > 0:
		fault, s.posts = s.posts[0], s.posts[1:]
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/imports/status/") && len(s.gets) > 0:
		fault, s.gets = s.gets[0], s.gets[1:]
	}
	s.mu.Unlock()
	switch {
	case fault.Hang:
		select {
		case <-r.Context().Done():
		case <-s.hangCh:
		}
		return
	case fault.Drop:
		drop(w)
		return
	case fault.Status != 0:
		if fault.RetryAfter != "" {
			w.Header().Set("Retry-After", fault.RetryAfter)
		}
		writeJSON(w, fault.Status, map[string]string{"message": http.StatusText(fault.Status)})
		return
	case fault.Delay > 0:
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if fault.DropAfter {
		s.handle(discard{}, r, body, err)
		drop(w)
		return
	}
	s.handle(w, r, body, err)
}

// drop closes the connection without an answer.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header {
	if d.h == nil {
		return http.Header{}
	}
	return d.h
}
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// handle answers as the API does.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte, readErr error) {
	if !s.authorized(r) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Unauthorized: a valid Authorization: API-KEY header is required."})
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/imports/progress-updates":
		s.post(w, r, body, readErr)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/imports/status/"):
		s.status(w, strings.TrimPrefix(r.URL.Path, "/imports/status/"))
	case r.Method == http.MethodGet && r.URL.Path == "/updates":
		s.updates(w, r)
	case r.URL.Path == "/imports/progress-updates" || strings.HasPrefix(r.URL.Path, "/imports/status/") || r.URL.Path == "/updates":
		w.Header().Set("Allow", "GET, POST")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "Method not allowed."})
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not found."})
	}
}

// authorized compares the key in constant time.
func (s *Server) authorized(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "API-KEY ")
	return ok && s.opts.APIKey != "" && subtle.ConstantTimeCompare([]byte(strings.TrimSpace(got)), []byte(s.opts.APIKey)) == 1
}

func (s *Server) post(w http.ResponseWriter, r *http.Request, body []byte, readErr error) {
	if readErr != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "The request body could not be read: " + readErr.Error()})
		return
	}
	if int64(len(body)) > s.opts.MaxBody {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"message": fmt.Sprintf("The request body is over %d bytes.", s.opts.MaxBody)})
		return
	}
	format, ok := bodyFormat(r.Header.Get("Content-Type"), body)
	if !ok {
		writeJSON(w, http.StatusUnsupportedMediaType, map[string]string{"message": "Send the updates as application/json or text/csv."})
		return
	}
	rep, valid, err := s.v.CheckBody(r.Context(), strings.NewReader(string(body)), format)
	if err != nil {
		msg := err.Error()
		if ie, ok := err.(*convert.InputError); ok {
			msg = ie.Err.Error()
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "The body could not be read as progress updates: " + msg})
		return
	}
	id := newID()
	if !rep.OK() || rep.TotalRecords == 0 {
		if rep.TotalRecords == 0 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"jobId": id, "totalRecords": 0, "errorRecords": 0, "validRecords": 0, "errors": []any{}, "message": "The submission has no records."})
			return
		}
		writeJSON(w, http.StatusBadRequest, reportBody(id, rep))
		return
	}
	s.mu.Lock()
	s.seq++
	j := &Job{ID: id, Created: s.opts.Now().UTC(), Records: valid, Seq: s.seq}
	if err := s.opts.Store.Add(j); err != nil {
		s.mu.Unlock()
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "The submission could not be stored; nothing was accepted: " + err.Error()})
		return
	}
	s.jobs[id] = j
	s.order = append(s.order, id)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": 0, "validRecords": rep.ValidRecords})
}

// reportBody is the API's 400 body: the report without our sources.
func reportBody(id string, rep *validate.Report) map[string]any {
	errs := make([]map[string]any, 0, len(rep.Errors))
	for _, e := range rep.Errors {
		fes := make([]map[string]string, 0, len(e.Errors))
		for _, fe := range e.Errors {
			fes = append(fes, map[string]string{"field": fe.Field, "value": fe.Value, "message": fe.Message})
		}
		errs = append(errs, map[string]any{"position": e.Position, "externalId": e.ExternalID, "errors": fes})
	}
	return map[string]any{"jobId": id, "totalRecords": rep.TotalRecords, "errorRecords": rep.ErrorRecords, "validRecords": rep.ValidRecords, "errors": errs}
}

// bodyFormat tells JSON from CSV by the Content-Type, as the article asks;
// an octet-stream upload (PowerShell -InFile) is told by its first byte.
func bodyFormat(ct string, body []byte) (convert.Format, bool) {
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
		if t := strings.TrimSpace(string(body[:min(len(body), 64)])); strings.HasPrefix(t, "[") {
			return convert.FormatJSON, true
		}
		return convert.FormatDelimited, true
	}
	return 0, false
}

// advance moves a job along its life cycle by the clock, importing its
// records once when it completes. The caller holds s.mu.
func (s *Server) advance(j *Job) string {
	age := s.opts.Now().Sub(j.Created)
	switch {
	case j.Applied && j.Failed:
		return "Failed"
	case j.Applied:
		return "Completed"
	case age < s.opts.QueuedFor:
		return "Queued"
	case age < s.opts.QueuedFor+s.opts.ProcessingFor:
		return "Processing"
	}
	if !j.Applied {
		ended := *j
		ended.Applied = true
		for i, u := range j.Records {
			if s.opts.FailIDs[u.ExternalID] {
				ended.Failed = true
				ended.Errors = append(ended.Errors, validate.RecordErrors{Position: i, ExternalID: u.ExternalID,
					Errors: []validate.FieldError{{Field: schema.FieldExternalID, Value: u.ExternalID, Message: validate.MsgUnknownID}}})
			}
		}
		ended.EndSeq = s.seq + 1
		if err := s.opts.Store.Ended(&ended); err != nil {
			return "Processing" // not durable yet: the next look tries again
		}
		s.seq++
		*j = ended
		if !j.Failed { // all or nothing
			for _, u := range j.Records {
				s.imp = append(s.imp, Imported{JobID: j.ID, Update: u})
			}
		}
	}
	if j.Failed {
		return "Failed"
	}
	return "Completed"
}

func (s *Server) status(w http.ResponseWriter, id string) {
	s.mu.Lock()
	j, ok := s.jobs[id]
	var st string
	var errs []validate.RecordErrors
	var created time.Time
	if ok {
		st = s.advance(j)
		errs = j.Errors
		created = j.Created
	}
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "No job " + id + "."})
		return
	}
	if errs == nil {
		errs = []validate.RecordErrors{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"jobId": id, "created": created.UTC().Format("2006-01-02T15:04:05.0000000"), "status": st, "errors": errs})
}

func (s *Server) updates(w http.ResponseWriter, r *http.Request) {
	want, job := r.URL.Query().Get("externalId"), r.URL.Query().Get("jobId")
	out := []Imported{}
	for _, u := range s.Imported() {
		if (want == "" || u.ExternalID == want) && (job == "" || u.JobID == job) {
			out = append(out, u)
		}
	}
	writeJSON(w, http.StatusOK, out)
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

var _ http.Handler = (*Server)(nil)
