package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/submit"
)

//go:embed assets
var assets embed.FS

// TokenHeader authenticates a request as the cookie does, for a client that
// is not a browser.
const TokenHeader = "X-Aitkit-Token"

// CommandHeader carries the equivalent command line on an answer whose
// body cannot hold it (a download) and on /api/validate's.
const CommandHeader = "X-Aitkit-Command"

// KeyHeader carries the API key typed in the page, on /api/submit (and on
// /api/jobs after a restart).
const KeyHeader = "X-Api-Key"

// contentSecurityPolicy lets the page load nothing but its own scripts,
// styles and images, talk to nothing but its own server, and be framed by
// nobody.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// server is the page and its API, for one run.
type server struct {
	o      *options
	ctx    context.Context // ends when ait-web stops: conversions and followers stop with it
	token  string
	host   string // the Host every request must name: 127.0.0.1:PORT
	origin string // the page's own origin: http://127.0.0.1:PORT
	cookie string // the cookie's name, with the port: cookies are shared across ports
	tmp    string // the temporary folder, removed on exit
	mux    *http.ServeMux
	logw   io.Writer

	mu      sync.Mutex
	key     string // the API key, once typed; never written anywhere
	uploads map[string]*upload
	order   []string // upload ids, oldest first
	convs   map[string]*conversion
	latest  string // the latest conversion
	seq     uint64 // conversions made
	jobs    map[string]*jobState
	follow  sync.WaitGroup // the jobs being followed
	active  sync.WaitGroup // the requests being answered
	stopped bool           // no request is answered any more
}

// newToken returns 256 random bits, URL-safe.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *server) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.page)
	s.mux.HandleFunc("GET /assets/", s.asset)
	s.mux.HandleFunc("GET /api/info", s.info)
	s.mux.HandleFunc("POST /api/convert", s.convert)
	s.mux.HandleFunc("GET /api/records", s.records)
	s.mux.HandleFunc("GET /api/rows", s.rows)
	s.mux.HandleFunc("GET /api/download", s.download)
	s.mux.HandleFunc("POST /api/validate", s.validate)
	s.mux.HandleFunc("POST /api/submit", s.submit)
	s.mux.HandleFunc("GET /api/jobs/{jobId}", s.job)
	s.mux.HandleFunc("GET /api/history", s.history)
}

// ServeHTTP checks every request before it is routed: the Host (a page on
// another site that resolves its own name to 127.0.0.1 is refused), the
// Origin of anything but a GET (another page cannot post here), and the
// token (from the cookie, the header, or the address ait-web printed).
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		http.Error(w, "ait-web is stopping", http.StatusServiceUnavailable)
		return
	}
	s.active.Add(1)
	s.mu.Unlock()
	defer s.active.Done()
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if r.Host != s.host {
		http.Error(w, "ait-web answers only requests addressed to "+s.host, http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Origin") != s.origin {
		http.Error(w, "ait-web takes this request only from its own page, "+s.origin, http.StatusForbidden)
		return
	}
	if !s.authenticated(r) {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, "This address needs the token that ait-web printed when it started: open the address it printed (http://"+s.host+"/?token=...).\n")
		return
	}
	s.mux.ServeHTTP(w, r)
}

// authenticated tells whether the request carries the token: in the
// cookie, in the X-Aitkit-Token header, or, for the page itself, in the
// address (which sets the cookie).
func (s *server) authenticated(r *http.Request) bool {
	if c, err := r.Cookie(s.cookie); err == nil && s.isToken(c.Value) {
		return true
	}
	if s.isToken(r.Header.Get(TokenHeader)) {
		return true
	}
	return r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead) && s.isToken(r.URL.Query().Get("token"))
}

func (s *server) isToken(t string) bool {
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// page serves the page, and sets the cookie that authenticates what the
// page asks for next. The page takes the token out of the address bar.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{
		Name: s.cookie, Value: s.token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
	s.serveAsset(w, r, "index.html")
}

func (s *server) asset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	if name == "" || name == "index.html" || strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	s.serveAsset(w, r, name)
}

func (s *server) serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	b, err := fs.ReadFile(assets, "assets/"+name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".js":
		ct = "text/javascript; charset=utf-8"
	case ".css":
		ct = "text/css; charset=utf-8"
	case ".html":
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(b)
}

// apiError is the body of every error the API answers.
type apiError struct {
	Error string `json:"error"`
}

// writeJSON answers v as JSON, the API key redacted from it: a message
// echoed from the API or a file could hold it.
func (s *server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(apiError{Error: err.Error()})
	}
	b = []byte(s.redact(string(b)))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

func (s *server) fail(w http.ResponseWriter, status int, format string, a ...any) {
	s.writeJSON(w, status, apiError{Error: fmt.Sprintf(format, a...)})
}

// redact takes the API key, and any run of it long enough to matter, out
// of text.
func (s *server) redact(text string) string {
	s.mu.Lock()
	key := s.key
	s.mu.Unlock()
	if key == "" {
		return text
	}
	return submit.Redact(text, key)
}

// logf writes a line to standard error, the key redacted, unless -q.
func (s *server) logf(format string, a ...any) {
	if s.o.quiet {
		return
	}
	fmt.Fprintf(s.logw, "%s: %s\n", name, s.redact(fmt.Sprintf(format, a...)))
}

// info tells the page what it needs to know of this run.
func (s *server) info(w http.ResponseWriter, r *http.Request) {
	journal, _ := s.journalPath()
	s.mu.Lock()
	hasKey := s.key != ""
	s.mu.Unlock()
	s.writeJSON(w, http.StatusOK, map[string]any{
		"command": s.ownCommand(),
		"version": versionLine(),
		"target":  s.o.baseURL,
		"journal": journal,
		"config":  s.o.configFile,
		"hasKey":  hasKey,
	})
}

// setCommand puts the equivalent command line in the answer's
// X-Aitkit-Command header, the key redacted.
func (s *server) setCommand(w http.ResponseWriter, command string) {
	w.Header().Set(CommandHeader, s.redact(command))
}

// ownCommand is ait-web's command line with the flags that shape what it
// does (where it sends, the journal, how long it follows a job, the
// configuration file).
func (s *server) ownCommand() string {
	parts := []string{name}
	if s.o.configArg != "" {
		parts = append(parts, "--config", convertcli.ShellWord(s.o.configArg))
	}
	if s.o.baseURL != submit.DefaultBaseURL {
		parts = append(parts, "--base-url", convertcli.ShellWord(s.o.baseURL))
	}
	if s.o.journal != "" {
		parts = append(parts, "--journal", convertcli.ShellWord(s.o.journal))
	}
	if s.o.wait != defaultWait {
		parts = append(parts, "--wait", s.o.wait.String())
	}
	return strings.Join(parts, " ")
}
