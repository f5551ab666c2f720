// Package clitest runs a command's run function as a user would and
// compares everything it printed with golden files.
package clitest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/golden"
)

// RunFunc is a command's run function.
type RunFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Result is what one run printed and returned.
type Result struct {
	Stdout, Stderr string
	Code           int
}

func (r Result) String() string {
	return fmt.Sprintf("%s-- stderr --\n%s-- exit %d --\n", r.Stdout, r.Stderr, r.Code)
}

// Run runs the command once.
func Run(run RunFunc, stdin []byte, args ...string) Result {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &out, &errb)
	return Result{out.String(), errb.String(), code}
}

// Scenario is one user story: arguments, standard input, and the name of
// its golden file.
type Scenario struct {
	Name  string
	Args  []string
	Stdin []byte
}

// Golden runs each scenario and compares stdout, stderr and the exit
// status with dir/NAME.txt; with update set it rewrites the files.
func Golden(t *testing.T, run RunFunc, dir string, update bool, scenarios []Scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.Name, func(t *testing.T) {
			got := Run(run, sc.Stdin, sc.Args...).String()
			// What --version says of the toolchain and platform varies by
			// machine, not by aitkit.
			got = strings.ReplaceAll(got, fmt.Sprintf(", %s, %s/%s)", runtime.Version(), runtime.GOOS, runtime.GOARCH), ", GO, OS/ARCH)")
			// The system's errors are in its own words; the files hold Unix's.
			got = asUnix(got)
			golden.Check(t, filepath.Join(dir, sc.Name+".txt"), strings.Join(sc.Args, " "), []byte(got), update)
		})
	}
}

// ReadFile reads a fixture or fails the test.
func ReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Case is a Scenario: its name, standard input (nil for none) and
// arguments.
func Case(name string, stdin []byte, args ...string) Scenario {
	return Scenario{Name: name, Args: args, Stdin: stdin}
}

// Main runs a command package's tests away from the user's own
// configuration file: the user's configuration directory is an empty
// temporary folder while they run (and on macOS, whose directory is under
// HOME, HOME too, with Go's caches kept where they are). Call it from
// TestMain; cleanup runs after the tests, then the process exits.
func Main(m interface{ Run() int }, cleanup ...func()) {
	dir, err := os.MkdirTemp("", "aitkit-test-config-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	os.Setenv("AppData", dir)
	if runtime.GOOS == "darwin" {
		for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
			if out, err := exec.Command("go", "env", v).Output(); err == nil {
				os.Setenv(v, strings.TrimSpace(string(out)))
			}
		}
		os.Setenv("HOME", dir)
	}
	code := m.Run()
	for _, c := range cleanup {
		c()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}
