// Package submittest runs AchieveIt's progress-update import API on
// loopback for tests, in the manner of net/http/httptest: the engine of
// ait-server (internal/importapi) behind a wrapper that records what it
// received and misbehaves on request.
//
//	s := submittest.NewServer(submittest.Options{APIKey: "k"})
//	defer s.Close()
//	c, _ := submit.NewClient(s.URL, "k")
//
// Faults, queued per endpoint: 503s, 429 with Retry-After, slow answers,
// answers that never come, connections dropped before or after the request
// was handled, and any answer of one's own (a redirect, a 200 without a
// jobId). Requests are kept whole, bodies and headers included: this is a
// test fake, not a server to run.
package submittest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	"github.com/aitkit/aitkit/internal/importapi"
)

// Options configure the API; see importapi.Options.
type Options = importapi.Options

// Job is an accepted submission; see importapi.Job.
type Job = importapi.Job

// Imported is one imported update; see importapi.Imported.
type Imported = importapi.Imported

// Fault is one misbehaviour, injected for the next request to an endpoint.
type Fault struct {
	Status     int           // answer this status (with an error body) instead
	RetryAfter string        // with Status: the Retry-After header
	Location   string        // with Status: the Location header (a redirect)
	Body       string        // with Status: this body instead of an error message
	Delay      time.Duration // answer normally, after this long
	Hang       bool          // never answer (until the client gives up or the server closes)
	Drop       bool          // read the request, then close the connection without answering
	DropAfter  bool          // handle the request fully (a POST is accepted), then drop the connection
	Before     func()        // run before the request is handled
}

// Request is what the server received.
type Request struct {
	Method, Path string
	Header       http.Header
	Body         []byte
}

// Server is a running import API for tests.
type Server struct {
	URL string // base URL, no trailing slash

	api    *importapi.Server
	ts     *httptest.Server
	mu     sync.Mutex
	reqs   []Request
	posts  []Fault
	gets   []Fault
	hangCh chan struct{}
}

// NewServer starts the API on a loopback port. It panics on set-up
// failure.
func NewServer(opts Options) *Server {
	api, err := importapi.New(opts)
	if err != nil {
		panic(err)
	}
	s := &Server{api: api, hangCh: make(chan struct{})}
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s
}

// NewTLSServer starts the API over TLS with httptest's certificate, which
// only the server's own Client trusts.
func NewTLSServer(opts Options) *Server {
	api, err := importapi.New(opts)
	if err != nil {
		panic(err)
	}
	s := &Server{api: api, hangCh: make(chan struct{})}
	s.ts = httptest.NewTLSServer(s)
	s.URL = s.ts.URL
	return s
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
	s.ts.CloseClientConnections()
	s.ts.Close()
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
func (s *Server) Jobs() []Job { return s.api.Jobs() }

// Imported returns the updates imported so far, in import order.
func (s *Server) Imported() []Imported { return s.api.Imported() }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	var fault Fault
	switch {
	case r.Method == http.MethodPost && len(s.posts) > 0:
		fault, s.posts = s.posts[0], s.posts[1:]
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, importapi.PathStatus) && len(s.gets) > 0:
		fault, s.gets = s.gets[0], s.gets[1:]
	}
	s.mu.Unlock()
	if fault.Before != nil {
		fault.Before()
	}
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
		if fault.Location != "" {
			w.Header().Set("Location", fault.Location)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(fault.Status)
		if fault.Body != "" {
			io.WriteString(w, fault.Body)
		} else {
			json.NewEncoder(w).Encode(map[string]string{"message": http.StatusText(fault.Status)})
		}
		return
	case fault.Delay > 0:
		select {
		case <-time.After(fault.Delay):
		case <-r.Context().Done():
			return
		}
	}
	if fault.DropAfter {
		s.api.ServeHTTP(discard{}, r)
		drop(w)
		return
	}
	s.api.ServeHTTP(w, r)
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

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}
