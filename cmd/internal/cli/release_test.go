package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestVersionLine(t *testing.T) {
	re := regexp.MustCompile(`^ait-convert \S+ \(commit \S+, built (\d{4}-\d{2}-\d{2}|unknown), go\S+, \w+/\w+\)$`)
	if got := VersionLine("ait-convert"); !re.MatchString(got) {
		t.Errorf("VersionLine = %q", got)
	}
	version, commit, date = "1.2.0", "2fa128e", "2026-12-01"
	defer func() { version, commit, date = "", "", "" }()
	got := VersionLine("ait-convert")
	if !strings.HasPrefix(got, "ait-convert 1.2.0 (commit 2fa128e, built 2026-12-01, go") {
		t.Errorf("stamped: %q", got)
	}
}

func testCommand() *Command {
	c := NewCommand("ait-test", "/*\nait-test tests.\n\n.dot first\n*/\npackage main\n")
	c.Flags.String("o", "", "")
	c.Flags.String("sheet", "", "")
	c.Flags.Bool("explain", false, "")
	return c
}

// TestCompletion: every flag is in every shell's script, those that take
// a value complete file names, and the bash script completes as bash runs
// it.
func TestCompletion(t *testing.T) {
	c := testCommand()
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		script, err := c.Completion(shell)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"sheet", "explain", "version", "q", "o"} {
			if !strings.Contains(script, name) {
				t.Errorf("%s: no %s in\n%s", shell, name, script)
			}
		}
		if strings.Contains(script, "-man") {
			t.Errorf("%s: offers --man, a flag for packaging", shell)
		}
	}
	if _, err := c.Completion("tcsh"); err == nil {
		t.Error("tcsh: no error")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, _ := c.Completion("bash")
	complete := func(words ...string) []string {
		var sh bytes.Buffer
		sh.WriteString(script)
		sh.WriteString("COMP_WORDS=(")
		for _, w := range words {
			sh.WriteString("'" + w + "' ")
		}
		fmt.Fprintf(&sh, ")\nCOMP_CWORD=%d\n_ait_test\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n", len(words)-1)
		out, err := exec.Command(bash, "-c", sh.String()).Output()
		if err != nil {
			t.Fatalf("bash: %v", err)
		}
		return strings.Fields(string(out))
	}
	if got := complete("ait-test", "--sh"); !slices.Equal(got, []string{"--sheet"}) {
		t.Errorf("--sh completes to %q", got)
	}
	if got := complete("ait-test", "--ex"); !slices.Equal(got, []string{"--explain"}) {
		t.Errorf("--ex completes to %q", got)
	}
}

func TestManPage(t *testing.T) {
	man := testCommand().ManPage()
	for _, want := range []string{".TH AIT-TEST 1", ".SH NAME\nait-test \\- tests\n", `\&.dot first`} {
		if !strings.Contains(man, want) {
			t.Errorf("no %q in\n%s", want, man)
		}
	}
}

// TestExpandGlobs: on Windows (expand set) patterns become the files they
// match, in order; a pattern that matches nothing is an error; elsewhere
// operands are left as the shell gave them.
func TestExpandGlobs(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"b.xlsx", "a.xlsx", "c.csv"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	got, err := ExpandGlobs([]string{filepath.Join(dir, "*.xlsx"), "-", filepath.Join(dir, "c.csv")}, true)
	want := []string{filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx"), "-", filepath.Join(dir, "c.csv")}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	if _, err := ExpandGlobs([]string{filepath.Join(dir, "*.ods")}, true); err == nil || !strings.Contains(err.Error(), "no file matches") {
		t.Errorf("no match: %v", err)
	}
	if got, _ := ExpandGlobs([]string{"*.xlsx"}, false); !slices.Equal(got, []string{"*.xlsx"}) {
		t.Errorf("not expanding: %q", got)
	}
}

// TestExpandGlobsLiteral: a file whose name has [ or ? is itself, not a
// pattern that matches nothing.
func TestExpandGlobsLiteral(t *testing.T) {
	name := filepath.Join(t.TempDir(), "tracker [draft].xlsx")
	os.WriteFile(name, nil, 0o644)
	if got, err := ExpandGlobs([]string{name}, true); err != nil || !slices.Equal(got, []string{name}) {
		t.Errorf("got %q, %v", got, err)
	}
}
