package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// completionDir makes a folder with files of several extensions and a
// subfolder, for file completions.
func completionDir(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range []string{"a.xlsx", "b.CSV", "c.pdf", "e.toml"} {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	return dir
}

// shell runs script in the shell named, in dir, and returns its standard
// output's lines; the test fails if the shell does.
func shell(t *testing.T, dir, name string, args ...string) []string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("no %s", name)
	}
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_DATA_HOME="+home)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("%s: %v\n%s%s", name, err, out, stderr)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	sort.Strings(lines)
	return lines
}

func script(t *testing.T, c *Command, sh string) string {
	t.Helper()
	s, err := c.Completion(sh)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCompletionBash calls the completion function as bash does, with
// COMP_WORDS and COMP_CWORD set, and reads COMPREPLY.
func TestCompletionBash(t *testing.T) {
	dir := completionDir(t)
	file := filepath.Join(t.TempDir(), "ait-test.bash")
	os.WriteFile(file, []byte(script(t, testCommand(), "bash")), 0o644)
	complete := func(words ...string) []string {
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		return shell(t, dir, "bash", "--norc", "--noprofile", "-c", "source '"+file+"'\n"+
			"COMP_WORDS=("+strings.Join(quoted, " ")+")\nCOMP_CWORD="+strconv.Itoa(len(words)-1)+"\n"+
			`_ait_test; printf '%s\n' "${COMPREPLY[@]}"`)
	}
	for _, tt := range []struct {
		words []string
		want  []string
	}{
		{[]string{"ait-test", "--date-order", ""}, []string{"dmy", "mdy"}},
		{[]string{"ait-test", "--date-order", "d"}, []string{"dmy"}},
		{[]string{"ait-test", "-date-order", ""}, []string{"dmy", "mdy"}},
		{[]string{"ait-test", "--date-order=m"}, []string{"--date-order=mdy"}},
		{[]string{"ait-test", "--date-order", "=", ""}, []string{"dmy", "mdy"}},
		{[]string{"ait-test", "--date-order", "="}, []string{"dmy", "mdy"}}, // the cursor just after =
		{[]string{"ait-test", "--date-order", "=", "d"}, []string{"dmy"}},
		{[]string{"ait-test", "-f", ""}, []string{"csv", "json"}},
		{[]string{"ait-test", "--explain="}, []string{"--explain=json"}},
		// Files of the flag's extensions, in any case, and folders.
		{[]string{"ait-test", "--ids", ""}, []string{"a.xlsx", "b.CSV", "sub"}},
		{[]string{"ait-test", "-o", ""}, []string{"a.xlsx", "b.CSV", "c.pdf", "e.toml", "sub"}},
		{[]string{"ait-test", "--data", ""}, []string{"sub"}},
		{[]string{"ait-test", "--config", ""}, []string{"e.toml", "sub"}},
		{[]string{"ait-test", ""}, []string{"a.xlsx", "b.CSV", "sub"}},
		{[]string{"ait-test", "--skip-invalid", ""}, []string{"a.xlsx", "b.CSV", "sub"}},
		{[]string{"ait-test", "--sheet", ""}, nil},
		// Flags, one left: no description; several: each with its own.
		{[]string{"ait-test", "--sk"}, []string{"--skip-invalid"}},
		{[]string{"ait-test", "--ma"}, []string{"--map"}}, // --man is for packaging
		{[]string{"ait-test", "--d"}, []string{"--data  (keep jobs in DIR)", "--date-order  (how to read 03/07/2025)"}},
		{[]string{"ait-test", "--ex"}, []string{"--explain  (show every decision)", "--explain=json  (show every decision)"}},
		// A repeatable flag is offered again; another is not.
		{[]string{"ait-test", "--map", "a=b", "--map"}, []string{"--map"}},
		{[]string{"ait-test", "--date-order", "mdy", "--date"}, nil},
		{[]string{"ait-test", "--skip-invalid", "--sk"}, nil},
		// Not offered: flags for packaging.
		{[]string{"ait-test", "--com"}, nil},
	} {
		if got := complete(tt.words...); !slices.Equal(got, tt.want) {
			t.Errorf("%q: offers %q, want %q", tt.words, got, tt.want)
		}
	}
}

// TestCompletionZsh loads the script as zsh does, from $fpath and with
// source after compinit, and reads the specification it hands to
// _arguments (zsh's own code then offers what the specification says).
func TestCompletionZsh(t *testing.T) {
	dir := completionDir(t)
	c := testCommand()
	os.Mkdir(filepath.Join(dir, "fpath"), 0o755)
	os.WriteFile(filepath.Join(dir, "fpath", "_ait-test"), []byte(script(t, c, "zsh")), 0o644)
	os.WriteFile(filepath.Join(dir, "ait-test.zsh"), []byte(script(t, c, "zsh")), 0o644)
	capture := `_arguments() { print -rl -- "$@" }` + "\n"
	fromFpath := shell(t, dir, "zsh", "-f", "-c", `fpath=(./fpath ${(M)fpath:#*/Completion}); autoload -U compinit; compinit -u -D
print -r -- "registered: $_comps[ait-test]"
`+capture+`_ait-test`)
	sourced := shell(t, dir, "zsh", "-f", "-c", `fpath=(${(M)fpath:#*/Completion}); autoload -U compinit; compinit -u -D
source <(cat ./ait-test.zsh)
print -r -- "registered: $_comps[ait-test]"
`+capture+`_ait-test`)
	if !slices.Equal(fromFpath, sourced) {
		t.Errorf("from $fpath:\n%s\nsourced:\n%s", strings.Join(fromFpath, "\n"), strings.Join(sourced, "\n"))
	}
	for _, want := range []string{
		"registered: _ait-test",
		"-o=[write to PATH]:PATH:_files",
		"-f=[the output format]:csv|json:(csv json)",
		"*--map=[read a column as a field]:COL=FIELD: ",
		"--date-order=[how to read 03/07/2025]:mdy|dmy:(mdy dmy)",
		`--ids=[an External IDs EXPORT]:EXPORT:_files -g "*.(#i)(xlsx|xlsm|xls|ods|fods|csv|tsv|txt)"`,
		"--data=[keep jobs in DIR]:DIR:_files -/",
		"--explain=-[show every decision]::json:(json)",
		"--skip-invalid[write the rows that convert]",
		`*:file:_files -g "*.(#i)(xlsx|xlsm|xls|ods|fods|csv|tsv|txt|json)"`,
	} {
		if !slices.Contains(sourced, want) {
			t.Errorf("no %q in the _arguments spec:\n%s", want, strings.Join(sourced, "\n"))
		}
	}
	for _, l := range sourced {
		if strings.Contains(l, "completion") || strings.HasPrefix(l, "--man") {
			t.Errorf("offers a flag for packaging: %s", l)
		}
	}
}

// TestCompletionFish asks fish what it would complete, with the script
// loaded.
func TestCompletionFish(t *testing.T) {
	dir := completionDir(t)
	file := filepath.Join(t.TempDir(), "ait-test.fish")
	os.WriteFile(file, []byte(script(t, testCommand(), "fish")), 0o644)
	complete := func(line string) []string {
		out := shell(t, dir, "fish", "--no-config", "-c", "source '"+file+"'; complete --do-complete '"+line+"'")
		for i, l := range out {
			out[i], _, _ = strings.Cut(l, "\t") // the description
		}
		return out
	}
	for _, tt := range []struct {
		line string
		want []string
	}{
		{"ait-test --date-order ", []string{"dmy", "mdy"}},
		{"ait-test --date-order=", []string{"--date-order=dmy", "--date-order=mdy"}},
		{"ait-test -f ", []string{"csv", "json"}},
		{"ait-test --explain=", []string{"--explain=json"}},
		{"ait-test --ids ", []string{"a.xlsx", "b.CSV", "sub/"}},
		{"ait-test -o ", []string{"a.xlsx", "b.CSV", "c.pdf", "e.toml", "sub/"}},
		{"ait-test --data ", []string{"sub/"}},
		{"ait-test ", []string{"a.xlsx", "b.CSV", "sub/"}},
		{"ait-test --sk", []string{"--skip-invalid"}},
		{"ait-test --map a=b --ma", []string{"--map"}},
		{"ait-test --date-order mdy --date", nil},
		{"ait-test --com", nil},
	} {
		if got := complete(tt.line); !slices.Equal(got, tt.want) {
			t.Errorf("%q: offers %q, want %q", tt.line, got, tt.want)
		}
	}
	// Descriptions.
	out := shell(t, dir, "fish", "--no-config", "-c", "source '"+file+"'; complete --do-complete 'ait-test --sk'")
	if !slices.Equal(out, []string{"--skip-invalid\twrite the rows that convert"}) {
		t.Errorf("fish describes --skip-invalid as %q", out)
	}
}

// TestCompletionPowerShell: PowerShell cannot be installed here, so the
// script is checked as text: every flag with its description, values,
// extensions and repetition, and balanced brackets.
func TestCompletionPowerShell(t *testing.T) {
	s := script(t, testCommand(), "powershell")
	for _, want := range []string{
		"Register-ArgumentCompleter -Native -CommandName 'ait-test', 'ait-test.exe' -ScriptBlock {",
		"@{ Name = '-o'; Arg = 'PATH'; Desc = 'write to PATH'; Repeats = $false; Choices = @(); Kind = 'file'; Exts = @() }",
		"@{ Name = '--map'; Arg = 'COL=FIELD'; Desc = 'read a column as a field'; Repeats = $true; Choices = @(); Kind = ''; Exts = @() }",
		"@{ Name = '--date-order'; Arg = 'mdy|dmy'; Desc = 'how to read 03/07/2025'; Repeats = $false; Choices = @('mdy', 'dmy'); Kind = ''; Exts = @() }",
		"@{ Name = '--ids'; Arg = 'EXPORT'; Desc = 'an External IDs EXPORT'; Repeats = $false; Choices = @(); Kind = 'file'; Exts = @('.xlsx', '.xlsm', '.xls', '.ods', '.fods', '.csv', '.tsv', '.txt') }",
		"@{ Name = '--data'; Arg = 'DIR'; Desc = 'keep jobs in DIR'; Repeats = $false; Choices = @(); Kind = 'dir'; Exts = @() }",
		"@{ Name = '--explain'; Arg = ''; Desc = 'show every decision'; Repeats = $false; Choices = @('json'); Kind = ''; Exts = @() }",
		"$operands = @('.xlsx', '.xlsm', '.xls', '.ods', '.fods', '.csv', '.tsv', '.txt', '.json')",
		"'ParameterName', $_.Desc",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%s", want, s)
		}
	}
	// A hashtable's own members win over its keys of the same name:
	// $flag.Values would be the table's values, not the flag's.
	for _, member := range []string{"Keys = ", "Values = ", "Count = "} {
		if strings.Contains(s, member) {
			t.Errorf("a flag's table has the key %q, which PowerShell reads as the table's own member", member)
		}
	}
	if strings.Contains(s, "'--completion'") || strings.Contains(s, "'--man'") {
		t.Error("offers a flag for packaging")
	}
	for _, pair := range []string{"{}", "()", "[]"} {
		if strings.Count(s, pair[:1]) != strings.Count(s, pair[1:]) {
			t.Errorf("unbalanced %s in\n%s", pair, s)
		}
	}
	if pwsh, err := exec.LookPath("pwsh"); err == nil { // where PowerShell is installed: parse it
		cmd := exec.Command(pwsh, "-NoProfile", "-Command", "$e=$null; [System.Management.Automation.Language.Parser]::ParseInput([Console]::In.ReadToEnd(), [ref]$null, [ref]$e) | Out-Null; $e")
		cmd.Stdin = strings.NewReader(s)
		out, err := cmd.CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("pwsh: %v\n%s", err, out)
		}
	}
	if _, err := testCommand().Completion("tcsh"); err == nil {
		t.Error("tcsh: no error")
	}
}
