//go:build unix

package main

import (
	"bufio"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSignals: ait-web, run as a user runs it, stops on Ctrl-C (SIGINT)
// and on SIGTERM with exit status 0, even with an upload half received,
// and leaves nothing in the temporary folder. (Windows has no signals to
// send a process; its console's Ctrl-C reaches the same context.)
func TestSignals(t *testing.T) {
	bin := filepath.Join(buildBinaries(t), "ait-web")
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(bin, "--no-open", "--journal", filepath.Join(t.TempDir(), "journal.db"))
			cmd.Dir = t.TempDir()
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "XDG_CONFIG_HOME="+cmd.Dir, "XDG_STATE_HOME="+cmd.Dir)
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr lockedBuffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1) // Wait's error, once ait-web has ended
			ended := false
			defer func() {
				if !ended {
					cmd.Process.Kill()
					<-exited
				}
			}()
			out := bufio.NewReader(stdout)
			first, err := out.ReadString('\n')
			if err != nil {
				t.Fatalf("no first line: %v; stderr: %s", err, &stderr)
			}
			rest := make(chan string, 1)
			go func() {
				b, _ := io.ReadAll(out)
				rest <- string(b)
				exited <- cmd.Wait()
			}()
			u, err := url.Parse(strings.TrimSpace(first))
			if err != nil {
				t.Fatal(err)
			}
			s := &session{t: t, base: "http://" + u.Host, token: u.Query().Get("token"), http: http.DefaultClient}

			// A conversion whose files and rows are kept.
			if a, status := s.convertFiles([]string{"../../testdata/xlsx/tracker.xlsx"}); status != 200 || a.Total != 6 {
				t.Fatalf("convert: %d %+v", status, a)
			}
			// An upload half sent: its file is being written when the
			// signal comes.
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				req, _ := http.NewRequest("POST", s.base+"/api/convert", pr)
				req.Header.Set("Content-Type", mw.FormDataContentType())
				req.Header.Set("Origin", s.base)
				req.Header.Set(TokenHeader, s.token)
				if resp, err := http.DefaultClient.Do(req); err == nil {
					resp.Body.Close()
				}
			}()
			part, _ := mw.CreateFormFile("file", "half.csv")
			io.WriteString(part, "External ID,Status,Metric Value,As Of Date\nA-1,On Track,0.5,2025-07-03\n")
			for len(glob(t, tmp, "ait-web-*", "upload-*", "0", "half.csv")) == 0 {
				select {
				case err := <-exited:
					ended = true
					t.Fatalf("ait-web ended: %v; stderr: %s", err, &stderr)
				case <-time.After(10 * time.Millisecond): // the file appears when ait-web has read the part's start
				}
			}

			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			var exit error
			select {
			case exit = <-exited:
				ended = true
			case <-time.After(time.Minute):
				t.Fatalf("still running a minute after %v", sig) // a hang, not a measure: stopping takes about a second
			}
			pw.CloseWithError(io.ErrUnexpectedEOF)
			if exit != nil {
				t.Errorf("after %v: %v, want exit status 0; stderr: %s", sig, exit, &stderr)
			}
			if more := <-rest; more != "" {
				t.Errorf("standard output after the address: %q", more)
			}
			if left := glob(t, tmp, "*"); len(left) > 0 {
				t.Errorf("left in the temporary folder: %v", left)
			}
			if !strings.Contains(stderr.String(), "temporary files removed") {
				t.Errorf("stderr: %s", &stderr)
			}
		})
	}
}

// glob lists what matches the pattern made of parts under dir.
func glob(t *testing.T, dir string, parts ...string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(append([]string{dir}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
