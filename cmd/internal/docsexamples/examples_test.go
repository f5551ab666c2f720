// Package docsexamples runs the command examples of README.md and docs/,
// so that they stay true: every command there that reads testdata/, the
// servers they start, and README's pipeline against a real ait-server on
// loopback. A command succeeds unless its line ends with "# exit N"; a
// command written "$ cmd" is followed by lines of its output, each of
// which must be in what it printed ("..." stands for lines left out).
package docsexamples

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

const root = "../../.."

// binEnv names a directory that already holds the binaries (as for the
// end-to-end tests of cmd/ait-server), where the tests run without a Go
// toolchain.
const binEnv = "AITKIT_E2E_BIN"

func binaries(t *testing.T) string {
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	if dir := os.Getenv(binEnv); dir != "" {
		return dir
	}
	// go test keeps a passing result until a file the test looked at
	// changes: look at the sources the binaries are built from, so that a
	// change to any of them runs the examples again.
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil:
			return nil
		case d.IsDir() && (d.Name() == "testdata" || d.Name() == ".git" || d.Name() == "release"):
			return filepath.SkipDir
		case !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".json") || d.Name() == "go.mod"):
			os.Stat(p)
		}
		return nil
	})
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", dir+string(os.PathSeparator), "./cmd/...")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir
}

// example is one command line of a code block, with what the text says
// of it.
type example struct {
	file, line string
	code       int      // the exit status the text gives (# exit N), else 0
	output     []string // for "$ cmd": the lines shown after it
	background bool     // ends with &
}

var (
	exitComment = regexp.MustCompile(`\s+#\s*exit (\d+)\b.*$`)
	comment     = regexp.MustCompile(`\s+#\s.*$`)
	command     = regexp.MustCompile(`^(?:[A-Z_]+=\S+ )*(?:bin/)?(ait-[a-z]+|go run \./cmd/ait-[a-z]+)(?:\s|$)`)
)

// blocks returns the indented code blocks of a Markdown file, each a list
// of lines.
func blocks(text string) [][]string {
	var out [][]string
	var cur []string
	flush := func() {
		for len(cur) > 0 && strings.TrimSpace(cur[len(cur)-1]) == "" {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	fenced := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "```") {
			fenced = !fenced
			flush()
			continue
		}
		switch {
		case fenced:
		case strings.HasPrefix(l, "    "):
			cur = append(cur, strings.TrimPrefix(l, "    "))
		case strings.TrimSpace(l) == "" && cur != nil:
			cur = append(cur, "")
		default:
			flush()
		}
	}
	flush()
	return out
}

// parse reads a block's commands; shell lines that are not commands
// (export, kill) are kept as they are, for the pipeline.
func parse(file string, block []string) []example {
	var out []example
	for _, l := range block {
		shown := strings.HasPrefix(l, "$ ")
		line := strings.TrimPrefix(l, "$ ")
		isCmd := command.MatchString(line) || strings.HasPrefix(line, "export ") || strings.HasPrefix(line, "kill ") || strings.HasPrefix(line, "curl ")
		if !isCmd {
			if n := len(out); n > 0 && out[n-1].output != nil && strings.TrimSpace(l) != "" {
				out[n-1].output = append(out[n-1].output, strings.TrimSpace(l))
			}
			continue
		}
		e := example{file: file}
		if m := exitComment.FindStringSubmatch(line); m != nil {
			e.code, _ = strconv.Atoi(m[1])
		}
		line = comment.ReplaceAllString(exitComment.ReplaceAllString(line, ""), "")
		line = strings.TrimSpace(line)
		if strings.HasSuffix(line, "&") {
			e.background, line = true, strings.TrimSpace(strings.TrimSuffix(line, "&"))
		}
		e.line = regexp.MustCompile(`go run \./cmd/(ait-[a-z]+)`).ReplaceAllString(line, "$1")
		e.line = regexp.MustCompile(`(^|\| )bin/`).ReplaceAllString(e.line, "$1")
		if shown {
			e.output = []string{}
		}
		out = append(out, e)
	}
	return out
}

// runnable: an aitkit command that reads testdata/, or a server (started,
// then stopped).
func runnable(e example) bool {
	return command.MatchString(e.line) && !strings.Contains(e.line, "[flags]") &&
		(strings.Contains(e.line, "testdata/") || strings.HasPrefix(e.line, "ait-server"))
}

// TestExamples runs every block of README.md and docs/*.md that holds a
// runnable command.
func TestExamples(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the examples are POSIX shell")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	bin := binaries(t)
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append([]string{filepath.Join(root, "README.md")}, files...)
	ran := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(f, root+string(os.PathSeparator))
		for i, b := range blocks(string(text)) {
			exs := parse(name, b)
			found := false
			for _, e := range exs {
				found = found || runnable(e)
			}
			if !found {
				continue
			}
			t.Run(fmt.Sprintf("%s-%d", strings.ReplaceAll(name, "/", "_"), i), func(t *testing.T) {
				ran += runBlock(t, bash, bin, exs)
			})
		}
	}
	if ran < 8 {
		t.Errorf("only %d examples ran: the docs lost their examples, or the parser its way", ran)
	}
}

// runBlock runs a block's commands in order in a scratch folder that sees
// testdata/, with the binaries first on PATH: a background server is
// started on a free loopback port (the text's 127.0.0.1:8080 replaced by
// it), and stopped by the block's kill or at the end.
func runBlock(t *testing.T, bash, bin string, exs []example) int {
	dir := t.TempDir()
	if err := os.Symlink(mustAbs(t, filepath.Join(root, "testdata")), filepath.Join(dir, "testdata")); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "HOME="+dir,
		"ACHIEVEIT_API_KEY=", "ACHIEVEIT_BASE_URL=")
	var server *exec.Cmd
	var serverDone chan error
	url := "http://127.0.0.1:8080"
	ran := 0
	for _, e := range exs {
		line := strings.ReplaceAll(e.line, "http://127.0.0.1:8080", url)
		switch {
		case strings.HasPrefix(line, "export "):
			env = append(env, strings.Fields(strings.TrimPrefix(line, "export "))...)
			continue
		case strings.HasPrefix(line, "kill "):
			if server == nil {
				t.Fatalf("%s: %q with no server started", e.file, e.line)
			}
			stopServer(t, e, server, serverDone)
			server = nil
			continue
		case strings.HasPrefix(line, "curl "):
			if _, err := exec.LookPath("curl"); err != nil {
				continue
			}
		case !runnable(e) && !strings.Contains(line, "| "):
			continue // a file name for the reader to replace
		}
		if e.background || strings.HasPrefix(line, "ait-server") {
			if server != nil {
				t.Fatalf("%s: a second server", e.file)
			}
			server, serverDone, url = startServer(t, bash, dir, env, line)
			if !e.background { // one example among others: it starts, then stops
				stopServer(t, e, server, serverDone)
				server = nil
			}
			ran++
			continue
		}
		ctx, cancel := context.WithCancel(context.Background())
		if d, ok := t.Deadline(); ok {
			ctx, cancel = context.WithDeadline(context.Background(), d)
		}
		cmd := exec.CommandContext(ctx, bash, "-c", line)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		cancel()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatalf("%s: %s: %v", e.file, e.line, err)
		}
		if code != e.code {
			t.Errorf("%s: %s\nexits %d, the text says %d:\n%s", e.file, e.line, code, e.code, out)
		}
		for _, want := range e.output {
			if want != "..." && !strings.Contains(string(out), want) {
				t.Errorf("%s: %s\nprints no line %q:\n%s", e.file, e.line, want, out)
			}
		}
		ran++
	}
	if server != nil {
		stopServer(t, example{line: "the end of the block"}, server, serverDone)
	}
	return ran
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// startServer starts an ait-server command line on a free port and waits
// for its "listening on URL" line.
func startServer(t *testing.T, bash, dir string, env []string, line string) (*exec.Cmd, chan error, string) {
	cmd := exec.Command(bash, "-c", "exec "+line+" --addr 127.0.0.1:0")
	cmd.Dir, cmd.Env = dir, env
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, rest, ok := strings.Cut(sc.Text(), "listening on "); ok {
				urls <- strings.Fields(rest)[0]
			}
		}
		io.Copy(io.Discard, stderr)
		done <- cmd.Wait()
	}()
	select {
	case u := <-urls:
		return cmd, done, u
	case err := <-done:
		t.Fatalf("%s: ended before it listened: %v", line, err)
	}
	return nil, nil, ""
}

// stopServer sends SIGTERM (kill's default) and expects a graceful exit 0.
func stopServer(t *testing.T, e example, cmd *exec.Cmd, done chan error) {
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Errorf("%s: %s: the server did not stop cleanly: %v", e.file, e.line, err)
	}
}

var (
	mdLink   = regexp.MustCompile(`\]\(([^)#\s]+)(?:#[^)]*)?\)`)
	goIdent  = regexp.MustCompile(`\.[A-Z]\w*$`)
	repoPath = regexp.MustCompile("`((?:bench|cmd|convert|docs|internal|record|release|schema|sheet|submit|testdata|validate|workbook)/[A-Za-z0-9_.*/-]*)`")
)

// TestPathsExist: every file or folder that README.md, docs/ and the
// conformance README name (a Markdown link, or a path in back-quotes
// from the repository's root) is in the repository.
func TestPathsExist(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	files = append(files, filepath.Join(root, "README.md"), filepath.Join(root, "testdata", "conformance", "README.md"))
	checked := 0
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, m := range mdLink.FindAllStringSubmatch(string(text), -1) {
			if !strings.Contains(m[1], "://") && !strings.HasPrefix(m[1], "mailto:") {
				paths = append(paths, filepath.Join(filepath.Dir(f), m[1]))
			}
		}
		for _, m := range repoPath.FindAllStringSubmatch(string(text), -1) {
			if strings.HasPrefix(m[1], "internal/syscall/") {
				continue // Go's own source tree (docs/testing.md's overlay)
			}
			p := goIdent.ReplaceAllString(m[1], "") // internal/readahead.Claim: the package
			paths = append(paths, filepath.Join(root, p))
			if strings.HasPrefix(p, "testdata/") { // "each package's testdata/fuzz"
				paths[len(paths)-1] = "{" + filepath.Join(root, p) + "," + filepath.Join(root, "*", p) + "," + filepath.Join(root, "*", "*", p) + "}"
			}
		}
		for _, p := range paths {
			checked++
			if !exists(p) {
				t.Errorf("%s names %s, which the repository does not have", f, strings.TrimPrefix(strings.Split(strings.TrimPrefix(p, "{"), ",")[0], root+string(os.PathSeparator)))
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d paths checked", checked)
	}
}

// exists says whether a path, or a pattern, or one of {a,b,c}, names
// something.
func exists(p string) bool {
	alts := []string{p}
	if strings.HasPrefix(p, "{") {
		alts = strings.Split(strings.Trim(p, "{}"), ",")
	}
	for _, a := range alts {
		if m, _ := filepath.Glob(a); len(m) > 0 {
			return true
		}
	}
	return false
}
