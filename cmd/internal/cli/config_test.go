package cli_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	. "github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
)

// configCommand is a command like ait-submit's, reading its configuration
// from dir and from the user configuration directory home.
func configCommand(t *testing.T, name, dir, home string) (*Command, *convertcli.Flags, *string, *time.Duration) {
	t.Helper()
	c := NewCommand(name, "")
	c.Dir = dir
	c.Getenv = func(k string) string {
		switch k {
		case "XDG_CONFIG_HOME", "AppData":
			return home
		case "HOME":
			return filepath.Join(home, "home")
		}
		return ""
	}
	conv := convertcli.AddFlags(c.Flags)
	base := c.Flags.String("base-url", "", "")
	wait := c.Flags.Duration("wait", 10*time.Minute, "")
	return c, conv, base, wait
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfigPrecedence(t *testing.T) {
	dir, home := t.TempDir(), t.TempDir()
	userFile := filepath.Join(home, "aitkit", "config.toml")
	if runtime.GOOS == "darwin" {
		userFile = filepath.Join(home, "home", "Library", "Application Support", "aitkit", "config.toml")
	}
	writeFile(t, userFile, "date-order = \"mdy\"\n")

	// Only the user's file: it is read.
	c, conv, _, _ := configCommand(t, "ait-convert", dir, home)
	if _, err := c.Parse(nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if o, _ := conv.Options(); o.DateOrder.String() != "mdy" || c.ConfigFile != userFile {
		t.Errorf("the user's file gave date order %v from %q", o.DateOrder, c.ConfigFile)
	}

	// aitkit.toml in the current directory comes first; its own table
	// wins over its top; the command line wins over both.
	local := writeFile(t, filepath.Join(dir, "aitkit.toml"), `# the team's defaults
date-order = "dmy"
base-url = "https://gov-api.achieveit.com"
statuses = ["Not Started", "On Track", "Completed"]
status-map.Green = "On Track"
status-map.Red = "Off Track"
status-map.Amber = "On Track"
wait = "5m"

[ait-submit]
wait = "30s"

[ait-convert.map]
"% Done" = "metricValue"
`)
	c, conv, base, wait := configCommand(t, "ait-submit", dir, home)
	var stderr bytes.Buffer
	if _, err := c.Parse([]string{"-v", "--status-map", "Blue=Completed"}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	o, err := conv.Options()
	if err != nil {
		t.Fatal(err)
	}
	if c.ConfigFile != local || !strings.Contains(stderr.String(), "config: "+local) {
		t.Errorf("read %q, -v said %q; expected %s", c.ConfigFile, stderr.String(), local)
	}
	if o.DateOrder.String() != "dmy" || *base != "https://gov-api.achieveit.com" || *wait != 30*time.Second {
		t.Errorf("date order %v, base %q, wait %v; expected dmy, the file's base URL and [ait-submit]'s 30s", o.DateOrder, *base, *wait)
	}
	if len(o.StatusMap) != 1 || o.StatusMap["Blue"] != "Completed" {
		t.Errorf("status map %v; expected only the command line's Blue=Completed", o.StatusMap)
	}
	if got := strings.Join(o.Statuses.Names(), "|"); got != "Not Started|On Track|Completed" {
		t.Errorf("statuses %q", got)
	}
	if len(o.Columns) != 0 {
		t.Errorf("[ait-convert.map] reached ait-submit: %v", o.Columns)
	}

	// ait-convert reads its own table and the top's status map.
	c, conv, _, _ = configCommand(t, "ait-convert", dir, home)
	if _, err := c.Parse(nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	o, _ = conv.Options()
	if o.Columns["% Done"] != "metricValue" || o.StatusMap["Green"] != "On Track" || o.StatusMap["Amber"] != "On Track" || o.StatusMap["Red"] != "Off Track" {
		t.Errorf("columns %v, status map %v", o.Columns, o.StatusMap)
	}

	// --config names another file, which wins over both.
	named := writeFile(t, filepath.Join(t.TempDir(), "other.toml"), "date-order = \"mdy\"\n")
	c, conv, _, _ = configCommand(t, "ait-convert", dir, home)
	if _, err := c.Parse([]string{"--config", named}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if o, _ := conv.Options(); o.DateOrder.String() != "mdy" || c.ConfigFile != named {
		t.Errorf("--config gave %v from %q", o.DateOrder, c.ConfigFile)
	}
}

func TestConfigNone(t *testing.T) {
	c, _, _, _ := configCommand(t, "ait-convert", t.TempDir(), t.TempDir())
	var stderr bytes.Buffer
	if _, err := c.Parse([]string{"-v"}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if c.ConfigFile != "" || !strings.Contains(stderr.String(), "config: none") {
		t.Errorf("read %q; -v said %q", c.ConfigFile, stderr.String())
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		line       int
		want       string
	}{
		{"syntax", "date-order = \"dmy\"\nsheet = \n", 2, ""},
		{"key twice", "sheet = \"A\"\nsheet = \"B\"\n", 2, ""},
		{"unknown key", "\ndate-ordr = \"dmy\"\n", 2, "date-ordr: not a setting of any aitkit command"},
		{"bad value", "# x\n\nheader-row = \"two\"\n", 3, `header-row = "two"`},
		{"bad date order", "date-order = \"ymd\"\n", 1, `date-order = "ymd": expected mdy or dmy`},
		{"key in the file", "api-key = \"secret\"\n", 1, "never read from a configuration file"},
		{"force", "[ait-submit]\nforce = true\n", 2, "decision for one run"},
		{"array of tables", "[[ait-convert]]\nsheet = \"A\"\n", 1, "array of tables"},
		{"unknown command", "[ait-convrt]\nsheet = \"A\"\n", 2, "no such command"},
		{"flag of another command in own table", "[ait-convert]\njournal = \"j.db\"\n", 2, "ait-convert has no such flag"},
		{"table for a value", "sheet = { a = \"b\" }\n", 1, "a table where a value belongs"},
		{"date value", "as-of = 2025-07-03\n", 1, "expected a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, filepath.Join(dir, "aitkit.toml"), tc.text)
			c, conv, _, _ := configCommand(t, "ait-convert", dir, t.TempDir())
			_, err := c.Parse(nil, &bytes.Buffer{}, &bytes.Buffer{})
			if err == nil {
				_, err = conv.Options()
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v; expected a *ConfigError", err)
			}
			if ce.File != path || ce.Line != tc.line || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q (file %s, line %d); expected line %d and %q", err, ce.File, ce.Line, tc.line, tc.want)
			}
			if ExitCode(err) != ExitUsage {
				t.Errorf("exit %d; expected %d", ExitCode(err), ExitUsage)
			}
		})
	}
	t.Run("--config names no file", func(t *testing.T) {
		c, _, _, _ := configCommand(t, "ait-convert", t.TempDir(), t.TempDir())
		_, err := c.Parse([]string{"--config", "/nonexistent/aitkit.toml"}, &bytes.Buffer{}, &bytes.Buffer{})
		var ce *ConfigError
		if !errors.As(err, &ce) || !errors.Is(err, os.ErrNotExist) {
			t.Errorf("got %v; expected a *ConfigError that is os.ErrNotExist", err)
		}
	})
}

// TestConfigNeverForHelp: -h and --version work whatever the file says.
func TestConfigNeverForHelp(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aitkit.toml"), "this is not toml\n")
	for _, args := range [][]string{{"-h"}, {"--version"}} {
		c, _, _, _ := configCommand(t, "ait-convert", dir, t.TempDir())
		if _, err := c.Parse(args, &bytes.Buffer{}, &bytes.Buffer{}); !errors.Is(err, ErrDone) {
			t.Errorf("%v: %v", args, err)
		}
	}
}

// TestConfigDocExample reads the example of docs/configuration.md as
// ait-convert and as ait-submit would.
func TestConfigDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(doc), "```toml\n")
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("docs/configuration.md has no ```toml example")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aitkit.toml"), example)
	c, conv, _, wait := configCommand(t, "ait-submit", dir, t.TempDir())
	keyFile := c.Flags.String("api-key-file", "", "")
	if _, err := c.Parse(nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	o, err := conv.Options()
	if err != nil {
		t.Fatal(err)
	}
	if *wait != 30*time.Minute || *keyFile == "" || o.StatusMap["Amber"] != "At Risk" || o.DateOrder.String() != "dmy" {
		t.Errorf("wait %v, key file %q, status map %v, date order %v", *wait, *keyFile, o.StatusMap, o.DateOrder)
	}
	c, conv, _, _ = configCommand(t, "ait-convert", dir, t.TempDir())
	if _, err := c.Parse(nil, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if o, _ := conv.Options(); o.Columns["% Done"] != "metricValue" {
		t.Errorf("columns %v", o.Columns)
	}
}

// TestConfigEnvironmentWins: ACHIEVEIT_BASE_URL wins over the file's
// base-url, and the command line over both.
func TestConfigEnvironmentWins(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "aitkit.toml"), "base-url = \"https://file.example\"\n")
	for _, tc := range []struct {
		env  string
		args []string
		want string
	}{
		{"", nil, "https://file.example"},
		{"https://env.example", nil, ""}, // the command reads the environment itself
		{"https://env.example", []string{"--base-url", "https://flag.example"}, "https://flag.example"},
	} {
		c, _, base, _ := configCommand(t, "ait-submit", dir, t.TempDir())
		getenv := c.Getenv
		c.Getenv = func(k string) string {
			if k == "ACHIEVEIT_BASE_URL" {
				return tc.env
			}
			return getenv(k)
		}
		c.EnvFlags = map[string]string{"base-url": "ACHIEVEIT_BASE_URL"}
		if _, err := c.Parse(tc.args, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		if *base != tc.want {
			t.Errorf("env %q, args %v: base-url %q; expected %q", tc.env, tc.args, *base, tc.want)
		}
	}
}
