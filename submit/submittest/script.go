package submittest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Script is an http.RoundTripper that answers from a script, for tests
// where the exact sequence of requests matters: each request must be the
// next one expected (method and path), and is answered by its stub. A
// request the script does not expect fails the test, and so does a stub
// left unused when the test ends.
//
//	sc := submittest.NewScript(t)
//	sc.Expect("POST", "/imports/progress-updates", submittest.Reply(200, `{"jobId":"j1","totalRecords":1}`))
//	sc.Expect("GET", "/imports/status/j1", submittest.Reply(200, `{"jobId":"j2","status":"Completed"}`))
//	client.HTTP = sc.Client()
type Script struct {
	t     testing.TB
	mu    sync.Mutex
	stubs []stub
	reqs  []Request
}

type stub struct {
	method, path string
	respond      Responder
}

// Responder answers one request: a response, or the error the client's
// transport gives.
type Responder func(req *http.Request) (*http.Response, error)

// NewScript returns an empty script; its stubs are checked to be used when
// the test ends.
func NewScript(t testing.TB) *Script {
	s := &Script{t: t}
	t.Cleanup(s.Verify)
	return s
}

// Expect adds the next request expected and its answer.
func (s *Script) Expect(method, path string, r Responder) *Script {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stubs = append(s.stubs, stub{method, path, r})
	return s
}

// Client is an http.Client on the script that follows no redirect, as
// submit's client does not.
func (s *Script) Client() *http.Client {
	return &http.Client{Transport: s, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Requests returns what the script received, in order.
func (s *Script) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Verify fails the test for every stub not used.
func (s *Script) Verify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.stubs {
		s.t.Errorf("submittest.Script: %s %s was expected and never sent", st.method, st.path)
	}
}

// RoundTrip answers req with the next stub.
func (s *Script) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: req.Method, Path: req.URL.Path, Header: req.Header.Clone(), Body: body})
	if len(s.stubs) == 0 || s.stubs[0].method != req.Method || s.stubs[0].path != req.URL.Path {
		next := "nothing"
		if len(s.stubs) > 0 {
			next = s.stubs[0].method + " " + s.stubs[0].path
		}
		s.mu.Unlock()
		s.t.Errorf("submittest.Script: unexpected %s %s; expected %s", req.Method, req.URL.Path, next)
		return nil, fmt.Errorf("submittest.Script: unexpected %s %s", req.Method, req.URL.Path)
	}
	st := s.stubs[0]
	s.stubs = s.stubs[1:]
	s.mu.Unlock()
	return st.respond(req)
}

// wrote tells the client's trace that the request was written whole.
func wrote(req *http.Request) {
	if tr := httptrace.ContextClientTrace(req.Context()); tr != nil && tr.WroteRequest != nil {
		tr.WroteRequest(httptrace.WroteRequestInfo{})
	}
}

// Reply answers with a status, a body and headers given as name, value
// pairs (Content-Type is application/json unless given).
func Reply(status int, body string, header ...string) Responder {
	return ReplyFrom(status, func() io.Reader { return strings.NewReader(body) }, header...)
}

// ReplyFrom answers with a status and a body made when the request
// comes, for a body too large to hold.
func ReplyFrom(status int, body func() io.Reader, header ...string) Responder {
	return func(req *http.Request) (*http.Response, error) {
		wrote(req)
		h := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
		for i := 0; i+1 < len(header); i += 2 {
			h.Set(header[i], header[i+1])
		}
		return &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), Header: h,
			Body: io.NopCloser(body()), Request: req, ContentLength: -1, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
	}
}

// Hang answers nothing until the request's context ends, as a server that
// took the request and never answered; it then gives the context's error.
func Hang() Responder {
	return func(req *http.Request) (*http.Response, error) {
		wrote(req)
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
}

// Refuse fails as a connection the server refused: nothing was written.
func Refuse() Responder {
	return func(req *http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
}

// Do runs fn when the request comes (a clock to move, a context to
// cancel), then answers with r.
func Do(fn func(), r Responder) Responder {
	return func(req *http.Request) (*http.Response, error) {
		fn()
		return r(req)
	}
}

var _ http.RoundTripper = (*Script)(nil)

// Guard is a context that ends a little before the test's own deadline
// (go test -timeout), so that a wait that is not bounded fails the test,
// saying so, instead of hanging it until the whole run is killed.
func Guard(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if dl, ok := d.Deadline(); ok {
			cancel()
			ctx, cancel = context.WithDeadline(context.Background(), dl.Add(-5*time.Second))
		}
	}
	t.Cleanup(cancel)
	return ctx
}
