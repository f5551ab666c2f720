package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestMain keeps the tests away from the user's own configuration file
// and journal: ait-web's default journal is ait-submit's, under the state
// folder, which is a temporary one here.
func TestMain(m *testing.M) {
	state, err := os.MkdirTemp("", "ait-web-test-state-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("XDG_STATE_HOME", state)
	os.Setenv("LocalAppData", state)
	// A whole run compares with the binaries in several tests: build them
	// while the first tests run. A run of chosen tests builds them if one
	// needs them.
	flag.Parse()
	var building sync.WaitGroup
	if f := flag.Lookup("test.run"); f == nil || f.Value.String() == "" {
		building.Go(func() { build() })
	}
	clitest.Main(m, func() {
		os.RemoveAll(state)
		stopChromium()
		building.Wait()
		if binDir != "" && os.Getenv(binEnv) == "" {
			os.RemoveAll(binDir)
		}
	})
}

// session is a running ait-web, started as a user starts it, in the test's
// process.
type session struct {
	t      testing.TB
	url    string // the first line of standard output
	base   string // http://127.0.0.1:PORT
	token  string
	tmp    string // where its temporary folder is made
	dir    string // its working folder
	stderr *lockedBuffer
	http   *http.Client // keeps the cookie
	cancel context.CancelFunc
	done   chan int
}

// lockedBuffer is a stderr that the test reads while ait-web writes it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs ait-web with args (and --no-open), and reads the address from
// its first line.
func start(t testing.TB, o *options, args ...string) *session {
	t.Helper()
	if o == nil {
		o = &options{}
	}
	s := &session{t: t, tmp: t.TempDir(), dir: t.TempDir(), stderr: &lockedBuffer{}, done: make(chan int, 1)}
	o.tempRoot, o.dir = s.tmp, s.dir
	if o.getenv == nil {
		o.getenv = func(k string) string {
			if k == "XDG_STATE_HOME" {
				return filepath.Join(s.dir, "state")
			}
			return ""
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	pr, pw := io.Pipe()
	go func() {
		s.done <- runWith(ctx, append([]string{"--no-open"}, args...), o, pw, s.stderr)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no address on standard output: %v; stderr: %s", err, s.stderr)
	}
	go io.Copy(io.Discard, pr)
	s.url = strings.TrimSuffix(line, "\n")
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatal(err)
	}
	s.base = "http://" + u.Host
	s.token = u.Query().Get("token")
	jar, _ := cookiejar.New(nil)
	s.http = &http.Client{Jar: jar}
	t.Cleanup(func() { s.stop() })
	return s
}

// stop ends the run as Ctrl-C does and checks that it exits 0 and leaves
// no temporary file.
func (s *session) stop() {
	s.t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case code := <-s.done:
		if code != 0 {
			s.t.Errorf("exit status %d after Ctrl-C, want 0; stderr: %s", code, s.stderr)
		}
	case <-time.After(5 * time.Second):
		s.t.Fatalf("still running 5 s after Ctrl-C")
	}
	left, _ := os.ReadDir(s.tmp)
	if len(left) > 0 {
		s.t.Errorf("temporary files left after exit: %v", left)
	}
}

// open opens the address as a browser does, which sets the cookie.
func (s *session) open() {
	s.t.Helper()
	resp, err := s.http.Get(s.url)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		s.t.Fatalf("GET %s: %s", s.url, resp.Status)
	}
}

// do sends a request as the page does: its Origin, and the cookie.
func (s *session) do(method, path string, body io.Reader, header ...string) *http.Response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.base+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Origin", s.base)
	req.Header.Set(TokenHeader, s.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.http.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp
}

// read reads a response's body and closes it.
func read(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The real binaries that the answers are compared with, built once.
var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

// binEnv names a folder that holds the binaries already (see ait-server's
// end-to-end tests).
const binEnv = "AITKIT_E2E_BIN"

// buildBinaries returns the folder of the binaries, built by the first
// call (or TestMain's, in the background).
func buildBinaries(t testing.TB) string {
	t.Helper()
	if err := build(); err != nil {
		t.Fatal(err)
	}
	return binDir
}

func build() error {
	binOnce.Do(func() {
		if binDir = os.Getenv(binEnv); binDir != "" {
			return
		}
		if binDir, binErr = os.MkdirTemp("", "aitkit-web-bin-"); binErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", binDir+string(os.PathSeparator), "./cmd/ait-convert", "./cmd/ait-validate", "./cmd/ait-submit", "./cmd/ait-web")
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	return binErr
}

// runBinary runs one of the binaries in dir and returns its stdout and
// exit status.
func runBinary(t *testing.T, dir, bin string, args ...string) (string, int) {
	t.Helper()
	out, _, code := runBinaryEnv(t, dir, []string{"XDG_STATE_HOME=" + filepath.Join(dir, "state")}, bin, args...)
	return out, code
}

// runBinaryEnv runs one of the binaries in dir with env added to the
// test's environment and returns its stdout, stderr and exit status.
func runBinaryEnv(t *testing.T, dir string, env []string, bin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join(buildBinaries(t), bin), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}
