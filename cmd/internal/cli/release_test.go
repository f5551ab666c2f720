package cli

import (
	"os"
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
