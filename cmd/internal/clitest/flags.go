package clitest

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
)

// flagToken is a flag as it is typed: -o, --date-order.
var flagToken = regexp.MustCompile(`(?:^|[\s,(/` + "`" + `])(--?[a-z][a-z0-9-]*)`)

// HelpFlags are the flags a command's -h lists, as they are typed.
func HelpFlags(help string) []string {
	_, section, ok := strings.Cut(help, "\nFlags:\n\n")
	if !ok {
		return nil
	}
	var flags []string
	brief := false // in a paragraph that lists flags by name
	for _, line := range strings.Split(section, "\n") {
		switch {
		case line == "":
			brief = false
		case !strings.HasPrefix(line, "\t"):
			return uniq(flags) // the prose after the flags
		case brief || !strings.HasPrefix(line, "\t-") && !strings.HasPrefix(line, "\t "):
			brief = true
			for _, m := range flagToken.FindAllStringSubmatch(line, -1) {
				if strings.HasPrefix(m[1], "--") {
					flags = append(flags, m[1])
				}
			}
		case strings.HasPrefix(line, "\t-"): // a flag and its description
			flags = append(flags, flagToken.FindStringSubmatch(line)[1])
		}
	}
	return uniq(flags)
}

// DocFlags are the flags a docs page's flag tables (those whose first
// column is headed "flag") name in their first column.
func DocFlags(page string) []string {
	var flags []string
	inTable := false
	for _, line := range strings.Split(page, "\n") {
		if !strings.HasPrefix(line, "|") {
			inTable = false
			continue
		}
		cells := strings.Split(strings.ReplaceAll(line, `\|`, "/"), "|")
		if strings.HasPrefix(strings.TrimSpace(cells[1]), "flag") {
			inTable = true
			continue
		}
		if !inTable {
			continue
		}
		for _, code := range regexp.MustCompile("`([^`]*)`").FindAllStringSubmatch(cells[1], -1) {
			if m := flagToken.FindStringSubmatch(" " + code[1]); m != nil {
				flags = append(flags, m[1])
			}
		}
	}
	return uniq(flags)
}

func uniq(s []string) []string {
	sort.Strings(s)
	return slices.Compact(s)
}

// CheckFlags holds a command's flags to what is written of them, each
// from the one place they are defined: its -h lists every flag, and its
// docs page's flag tables name the same flags (a flag missing from either
// fails); every long flag is a key of the configuration file or refused
// there with a reason; the manual page has every section and groff finds
// nothing to warn about; and the completion script of bash, zsh and fish
// loads in that shell and offers every flag.
func CheckFlags(t *testing.T, run RunFunc, name, docsPage string) {
	t.Helper()
	help := Run(run, nil, "-h")
	flags := HelpFlags(help.Stdout)
	if help.Code != 0 || len(flags) < 8 {
		t.Fatalf("-h lists %q:\n%s", flags, help)
	}
	page, err := os.ReadFile(docsPage)
	if err != nil {
		t.Fatal(err)
	}
	documented := DocFlags(string(page))
	for _, f := range flags {
		if !slices.Contains(documented, f) {
			t.Errorf("%s %s is not in the flag table of %s", name, f, docsPage)
		}
		if long, ok := strings.CutPrefix(f, "--"); ok {
			if ok, why := cli.ConfigKey(long); !ok && why == "" {
				t.Errorf("%s %s is neither in cli.ConfigKeys nor refused in config.go's notInConfig", name, f)
			}
		}
	}
	for _, f := range documented {
		if !slices.Contains(flags, f) {
			t.Errorf("%s documents %s, which %s -h does not list", docsPage, f, name)
		}
	}
	man := Run(run, nil, "--man")
	CheckManPage(t, man.Stdout)
	offered := strings.Join(flags, " ")
	offered = strings.NewReplacer("--completion", "", "--man", "").Replace(offered)
	want := strings.Fields(offered)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		script := Run(run, nil, "--completion", shell)
		if script.Code != 0 {
			t.Fatalf("--completion %s: %s", shell, script)
		}
		got := shellFlags(t, name, shell, script.Stdout)
		if got == nil {
			continue // no such shell here
		}
		if !slices.Equal(got, uniq(want)) {
			t.Errorf("%s --completion %s offers %q; -h lists %q", name, shell, got, uniq(want))
		}
	}
}

// shellFlags loads a completion script in its shell and returns the flags
// it offers for "-"; nil when the shell is not installed.
func shellFlags(t *testing.T, name, shell, script string) []string {
	t.Helper()
	path, err := exec.LookPath(shell)
	if err != nil {
		return nil
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "_"+name)
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	fn := "_" + strings.ReplaceAll(name, "-", "_")
	var args []string
	switch shell {
	case "bash":
		args = []string{"--norc", "--noprofile", "-c", "source '" + file + "'\nCOMP_WORDS=(" + name + " -)\nCOMP_CWORD=1\n" + fn + "\nprintf '%s\\n' \"${COMPREPLY[@]}\""}
	case "zsh":
		args = []string{"-f", "-c", "fpath=('" + dir + "' ${(M)fpath:#*/Completion}); autoload -U compinit; compinit -u -D\n" +
			"[[ $_comps[" + name + "] == _" + name + " ]] || exit 3\n_arguments() { print -rl -- \"$@\" }\n_" + name}
	case "fish":
		args = []string{"--no-config", "-c", "source '" + file + "'; complete --do-complete '" + name + " -'"}
	}
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("%s: the completion script of %s: %v\n%s", shell, name, err, out)
		return []string{}
	}
	var flags []string
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := strings.TrimLeft(sc.Text(), "*")
		if m := regexp.MustCompile(`^(--?[a-z][a-z0-9-]*)`).FindStringSubmatch(line); m != nil {
			flags = append(flags, m[1])
		}
	}
	return uniq(flags)
}

// CheckManPage fails t when a manual page lacks a section or groff warns
// about it (every warning on: -ww).
func CheckManPage(t *testing.T, man string) {
	t.Helper()
	for _, sec := range []string{"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "SEE ALSO"} {
		if !strings.Contains(man, "\n.SH "+sec+"\n") {
			t.Errorf("the manual page has no %s", sec)
		}
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Log("no groff: the manual page is not typeset")
		return
	}
	cmd := exec.Command(groff, "-man", "-ww", "-z")
	cmd.Stdin = strings.NewReader(man)
	out, err := cmd.CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("groff -man -ww -z: %v\n%s", err, out)
	}
}
