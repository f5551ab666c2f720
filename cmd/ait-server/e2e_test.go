package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// The real binaries, built once for all the tests of the package.
var (
	binOnce sync.Once
	binDir  string
	binErr  error
)

// binEnv names a directory that already holds the binaries, built for this
// platform: where the tests run without a Go toolchain (.ci/wine/test.sh
// builds them on the host and runs the tests under wine), they are handed
// in instead of built.
const binEnv = "AITKIT_E2E_BIN"

func TestMain(m *testing.M) {
	clitest.Main(m, func() {
		if binDir != "" && os.Getenv(binEnv) == "" {
			os.RemoveAll(binDir)
		}
	})
}

// buildBinaries builds the real binaries, once, for the end-to-end tests,
// or returns the directory that $AITKIT_E2E_BIN names.
func buildBinaries(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	binOnce.Do(func() {
		if binDir = os.Getenv(binEnv); binDir != "" {
			return
		}
		if binDir, binErr = os.MkdirTemp("", "aitkit-e2e-"); binErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", binDir+string(os.PathSeparator), "./cmd/ait-convert", "./cmd/ait-validate", "./cmd/ait-submit", "./cmd/ait-server")
		cmd.Dir = "../.."
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binDir
}

// server is a running ait-server process.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs chan string
}

func startServer(t *testing.T, bin string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "ait-server"), append([]string{"--addr", "127.0.0.1:0", "--api-key", "e2e-key-0123"}, args...)...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: make(chan string, 1000)}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stderr)
	re := regexp.MustCompile(`listening on (http://\S+)`)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			s.url = m[1]
			break
		}
	}
	if s.url == "" {
		t.Fatal("ait-server did not say where it listens")
	}
	go func() {
		for sc.Scan() {
			select {
			case s.logs <- sc.Text():
			default:
			}
		}
		close(s.logs)
	}()
	return s
}

// stop sends SIGINT, as Ctrl-C does, and waits for a clean exit. Windows
// cannot send one process a Ctrl-C: there it kills the server (a kill loses
// nothing either: TestKillLosesNoAcceptedJob).
func (s *server) stop(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		s.cmd.Process.Kill()
		s.cmd.Wait()
		return
	}
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ait-server exited with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ait-server did not stop")
	}
}

func (s *server) get(t *testing.T, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	req.Header.Set("Authorization", "API-KEY e2e-key-0123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, b)
	}
}

// TestPipelineEndToEnd is the README's "Try the whole pipeline": the real
// binaries, the real pipe, a restart that loses nothing.
func TestPipelineEndToEnd(t *testing.T) {
	bin := buildBinaries(t)
	data := t.TempDir()
	s := startServer(t, bin, "--ids", "../../testdata/validate/export.csv", "--data", data, "--processing-delay", "300ms")
	journal := filepath.Join(t.TempDir(), "journal.db")
	// ait-convert tracker.xlsx | ait-validate | ait-submit --journal J, piped
	// here rather than by sh, which Windows has not; like sh, the exit
	// status is the last command's.
	pipe := func() (string, string, int) {
		cmds := []*exec.Cmd{
			exec.Command(filepath.Join(bin, "ait-convert"), "../../testdata/xlsx/tracker.xlsx"),
			exec.Command(filepath.Join(bin, "ait-validate")),
			exec.Command(filepath.Join(bin, "ait-submit"), "--journal", journal),
		}
		var out strings.Builder
		errs := make([]strings.Builder, len(cmds))
		for i, c := range cmds {
			c.Env = append(os.Environ(), "ACHIEVEIT_API_KEY=e2e-key-0123", "ACHIEVEIT_BASE_URL="+s.url)
			c.Stderr = &errs[i]
			if i > 0 {
				var err error
				if c.Stdin, err = cmds[i-1].StdoutPipe(); err != nil {
					t.Fatal(err)
				}
			}
		}
		cmds[len(cmds)-1].Stdout = &out
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		code := 0
		for _, c := range cmds {
			err := c.Wait()
			if ee, ok := err.(*exec.ExitError); ok && c == cmds[len(cmds)-1] {
				code = ee.ExitCode()
			} else if err != nil && !ok {
				t.Fatal(err)
			}
		}
		var errb strings.Builder
		for i := range errs {
			errb.WriteString(errs[i].String())
		}
		return out.String(), errb.String(), code
	}
	out, errs, code := pipe()
	if code != 0 || !strings.Contains(out, `"status":"Completed"`) {
		t.Fatalf("pipe: exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	var status struct{ JobID, Status string }
	json.Unmarshal([]byte(out), &status)
	out, errs, code = pipe()
	if code != 2 || !strings.Contains(errs, "not sending them twice") {
		t.Fatalf("second pipe: exit %d\n%s%s", code, out, errs)
	}
	var updates []map[string]any
	s.get(t, "/updates", &updates)
	if len(updates) != 6 {
		t.Fatalf("%d updates imported, want 6", len(updates))
	}
	s.stop(t)

	// Start again on the same data: the job and its updates are there.
	s = startServer(t, bin, "--data", data)
	var st struct{ Status string }
	s.get(t, "/imports/status/"+status.JobID, &st)
	if st.Status != "Completed" {
		t.Errorf("after a restart the job is %q", st.Status)
	}
	s.get(t, "/updates?externalId=AA-001", &updates)
	if len(updates) != 1 || updates[0]["metricValue"] != 0.54 || updates[0]["jobId"] != status.JobID {
		t.Errorf("after a restart: %v", updates)
	}
	s.stop(t)
}

// TestKillLosesNoAcceptedJob kills the server (kill -9, no graceful
// stop) in the middle of a job, Queued: on restart the job answers its
// status, and once its time has come it completes and its updates are
// there.
func TestKillLosesNoAcceptedJob(t *testing.T) {
	bin := buildBinaries(t)
	data := t.TempDir()
	s := startServer(t, bin, "--data", data, "--processing-delay", "1h")
	req, _ := http.NewRequest("POST", s.url+"/imports/progress-updates", strings.NewReader(`[{"externalId":"K1","status":"On Track","asOfDate":"2025-07-03"}]`))
	req.Header.Set("Authorization", "API-KEY e2e-key-0123")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST: %v %v", err, resp)
	}
	var acc struct{ JobID string }
	json.NewDecoder(resp.Body).Decode(&acc)
	resp.Body.Close()
	var st struct{ JobID, Status string }
	s.get(t, "/imports/status/"+acc.JobID, &st)
	if st.Status != "Queued" {
		t.Fatalf("before the kill the job is %q", st.Status)
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()

	s = startServer(t, bin, "--data", data, "--processing-delay", "1h")
	s.get(t, "/imports/status/"+acc.JobID, &st)
	if st.Status != "Queued" || st.JobID != acc.JobID {
		t.Errorf("after a kill the job answers %+v", st)
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()

	s = startServer(t, bin, "--data", data, "--processing-delay", "0")
	s.get(t, "/imports/status/"+acc.JobID, &st)
	var updates []map[string]any
	s.get(t, "/updates?jobId="+acc.JobID, &updates)
	if st.Status != "Completed" || len(updates) != 1 {
		t.Errorf("after a kill and a restart the job is %q with %d updates", st.Status, len(updates))
	}
	s.stop(t)
}

// bigCSV writes a tracker CSV of n rows.
func bigCSV(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("External ID,Status,Metric Value,As Of Date,Comment\n")
	for i := range n {
		fmt.Fprintf(&b, "ID-%06d,On Track,0.%d,2025-07-03,a comment long enough to fill the pipe's buffer soon\n", i, i%10)
	}
	path := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestClosedPipeLeavesNothing is `ait-convert big.csv | head -c 100`: the
// reader goes away; ait-convert says so and exits 2, and leaves no
// temporary file behind.
func TestClosedPipeLeavesNothing(t *testing.T) {
	bin := buildBinaries(t)
	tmp := t.TempDir()
	in := bigCSV(t, t.TempDir(), 20000)
	cmd := exec.Command(filepath.Join(bin, "ait-convert"), in)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "TMP="+tmp, "TEMP="+tmp) // Unix, Windows
	var errb strings.Builder
	cmd.Stderr = &errb
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	io.ReadFull(out, buf)
	out.Close()
	err = cmd.Wait()
	// Windows has no SIGPIPE either: the write fails, in the system's
	// words (ERROR_NO_DATA or ERROR_BROKEN_PIPE), and the same holds.
	said := "broken pipe"
	if runtime.GOOS == "windows" {
		said = "writing standard output"
	}
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(errb.String(), said) {
		t.Errorf("ait-convert into a closed pipe: %v\n%s", err, errb.String())
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("left in $TMPDIR: %v", entries)
	}
}

// TestSIGTERMLeavesNothing: ait-convert -o out.csv stopped by SIGTERM at
// any moment leaves no temporary file beside its output, and either no
// output or the whole of it.
func TestSIGTERMLeavesNothing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM")
	}
	bin := buildBinaries(t)
	dir := t.TempDir()
	in := bigCSV(t, dir, 20000)
	for _, wait := range []time.Duration{0, 20 * time.Millisecond, 100 * time.Millisecond} {
		target := filepath.Join(dir, "out.csv")
		os.Remove(target)
		cmd := exec.Command(filepath.Join(bin, "ait-convert"), "-q", "-o", target, in)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait) // a moment in the run, any: what is checked holds for all
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("after SIGTERM at %v: %s left", wait, e.Name())
			}
		}
		if b, err := os.ReadFile(target); err == nil && !strings.HasSuffix(string(b), "ID-019999,On Track,0.9,2025-07-03,a comment long enough to fill the pipe's buffer soon\n") {
			t.Errorf("after SIGTERM at %v: a partial output of %d bytes", wait, len(b))
		}
	}
}
