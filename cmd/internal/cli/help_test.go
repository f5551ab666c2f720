package cli

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

const testDoc = `/*
ait-test tests the flags' one source.

Usage:

	ait-test [flags] [FILE ...]

It reads what it is given.

'quoted' words first.

Example:

	ait-test --map 'Key=externalId' a.xlsx

	ait-test --date-order dmy b.csv

Notes after the examples.

Exit status: 0 success; 1 a row was rejected (bad rows; more); 2 usage or input error; 3 outcome unknown; 130 interrupted.
*/
package main
`

// testCommand has a flag of every kind: a file of any extension, fixed
// values, repeatable pairs, a file of some extensions, a directory, an
// optional value, a switch, and one in a brief section.
func testCommand() *Command {
	c := NewCommand("ait-test", testDoc)
	fs := c.Flags
	var s string
	var b bool
	var maps Pairs
	FileVar(fs, &s, "o", "", "write to `PATH` (default: standard output)")
	ChoiceVar(fs, &s, "f", "", []string{"csv", "json"}, "the output format")
	fs.Var(&maps, "map", "read a column as a field: `COL=FIELD`")
	ChoiceVar(fs, &s, "date-order", "", []string{"mdy", "dmy"}, "how to read 03/07/2025")
	FileVar(fs, &s, "ids", "", "an External IDs `EXPORT`", ExportExts...)
	DirVar(fs, &s, "data", "", "keep jobs in `DIR`")
	fs.Var(&ExplainFlag{}, "explain", "show every decision: sheet, columns")
	fs.BoolVar(&b, "skip-invalid", false, "write the rows that convert")
	fs.StringVar(&s, "sheet", "", "read the worksheet `NAME|N`")
	fs.Brief("For a workbook, these say how to read it:")
	fs.BoolVar(&b, "percent-points", false, "bare numbers are points")
	c.Operands = InputExts
	c.Env("ACHIEVEIT_API_KEY", "the API key")
	return c
}

func TestHelp(t *testing.T) {
	h := testCommand().Help()
	want := `ait-test tests the flags' one source.

Usage:

	ait-test [flags] [FILE ...]

It reads what it is given.

'quoted' words first.

Example:

	ait-test --map 'Key=externalId' a.xlsx

	ait-test --date-order dmy b.csv

Flags:

	-o PATH               write to PATH (default: standard output)
	-f csv|json           the output format
	--map COL=FIELD       read a column as a field: COL=FIELD; repeatable
	--date-order mdy|dmy  how to read 03/07/2025
	--ids EXPORT          an External IDs EXPORT
	--data DIR            keep jobs in DIR
	--explain[=json]      show every decision: sheet, columns
	--skip-invalid        write the rows that convert
	--sheet NAME|N        read the worksheet NAME|N
	--config PATH         read defaults from PATH (default: ./aitkit.toml,
	                      else aitkit/config.toml in the user's
	                      configuration folder)
	-v                    say which configuration file was read
	-q                    print nothing but errors
	--version             print the version, the commit and the platform
	--completion SHELL    print a completion script for SHELL (bash, zsh,
	                      fish or powershell), made from these flags
	--man                 print the manual page
	-h                    print this help

	For a workbook, these say how to read it: --percent-points.

Notes after the examples.

Exit status: 0 success; 1 a row was rejected (bad rows; more); 2 usage or input error; 3 outcome unknown; 130 interrupted.
`
	if h != want {
		t.Errorf("-h:\n%s\nwant:\n%s", h, want)
	}
	// -h from the command line prints the same, on stdout.
	var stdout, stderr bytes.Buffer
	if _, err := testCommand().Parse([]string{"-h"}, &stdout, &stderr); err != ErrDone || stdout.String() != want {
		t.Errorf("Parse(-h): %v\n%s", err, stdout.String())
	}
}

// TestFlagDocs: each flag's placeholder, values, extensions and
// repetition are read from its definition.
func TestFlagDocs(t *testing.T) {
	docs := map[string]flagDoc{}
	for _, d := range testCommand().Flags.docs() {
		docs[d.name] = d
	}
	for _, tt := range []struct {
		name, left  string
		repeats     bool
		file, dir   bool
		nexts       int
		values      string
		complete    bool
		shortPrefix string
	}{
		{"o", "-o PATH", false, true, false, 0, "", true, "write to PATH"},
		{"f", "-f csv|json", false, false, false, 0, "csv json", true, "the output format"},
		{"map", "--map COL=FIELD", true, false, false, 0, "", true, "read a column as a field"},
		{"ids", "--ids EXPORT", false, true, false, len(ExportExts), "", true, "an External IDs EXPORT"},
		{"data", "--data DIR", false, false, true, 0, "", true, "keep jobs in DIR"},
		{"explain", "--explain[=json]", false, false, false, 0, "json", true, "show every decision"},
		{"skip-invalid", "--skip-invalid", false, false, false, 0, "", true, "write the rows that convert"},
		{"completion", "--completion SHELL", false, false, false, 0, "bash zsh fish powershell", false, "print a completion script for SHELL"},
	} {
		d := docs[tt.name]
		if d.left() != tt.left || d.repeats != tt.repeats || d.file != tt.file || d.dir != tt.dir ||
			len(d.exts) != tt.nexts || strings.Join(d.values, " ") != tt.values || d.complete != tt.complete || d.short() != tt.shortPrefix {
			t.Errorf("%s: %+v (left %q, short %q)", tt.name, d, d.left(), d.short())
		}
	}
}

func TestManPage(t *testing.T) {
	man := testCommand().ManPage()
	for _, want := range []string{
		".TH AIT\\-TEST 1", ".SH NAME\nait\\-test \\- tests the flags' one source\n",
		".SH SYNOPSIS\n.B ait\\-test\n[flags] [FILE ...]\n",
		".SH DESCRIPTION\n.PP\nIt reads what it is given.\n.PP\n\\&'quoted' words first.\n",
		"Notes after the examples.",
		".SH OPTIONS\n.TP\n\\fB\\-o\\fR \\fIPATH\\fR\nwrite to PATH (default: standard output)\n",
		".TP\n\\fB\\-\\-date\\-order\\fR \\fBmdy\\fR|\\fBdmy\\fR\n",
		".TP\n\\fB\\-\\-explain\\fR[=\\fBjson\\fR]\n",
		"read a column as a field: COL=FIELD; repeatable\n",
		".PP\nFor a workbook, these say how to read it.\n.TP\n\\fB\\-\\-percent\\-points\\fR\n",
		".SH EXIT STATUS\n.TP\n.B 0\nsuccess\n.TP\n.B 1\na row was rejected (bad rows; more)\n.TP\n.B 2\n",
		".TP\n.B 3\noutcome unknown\n.TP\n.B 130\ninterrupted\n",
		".SH ENVIRONMENT\n.TP\n.B ACHIEVEIT_API_KEY\nthe API key\n.TP\n.B XDG_CONFIG_HOME\n",
		".SH FILES\n.TP\n.I ./aitkit.toml\n",
		".SH EXAMPLES\n.PP\n.RS 4\n.nf\nait\\-test \\-\\-map 'Key=externalId' a.xlsx\n\nait\\-test \\-\\-date\\-order dmy b.csv\n.fi\n.RE\n",
		".SH SEE ALSO\n.BR ait\\-convert (1),\n",
	} {
		if !strings.Contains(man, want) {
			t.Errorf("no %q in\n%s", want, man)
		}
	}
	if strings.Contains(man, "\nNotes after") && strings.Index(man, "Notes after") > strings.Index(man, ".SH OPTIONS") {
		t.Error("the prose after the examples is not in DESCRIPTION")
	}
	groff, err := exec.LookPath("groff")
	if err != nil {
		t.Skip("no groff") // clitest.CheckManPage typesets each binary's page
	}
	cmd := exec.Command(groff, "-man", "-ww", "-z")
	cmd.Stdin = strings.NewReader(man)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff -man -ww -z: %v\n%s", err, out)
	}
}
