package cli

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// ConfigName is the file an organization's defaults are read from in the
// current directory; ConfigPath the one under the user's configuration
// directory.
const (
	ConfigName = "aitkit.toml"
	ConfigPath = "aitkit/config.toml"
)

// Binaries are aitkit's commands: the tables a configuration file may
// have, one per command, for that command's own defaults.
var Binaries = []string{"ait-convert", "ait-validate", "ait-submit", "ait-server", "ait-template", "ait-web"}

// ConfigKeys are the long flags of every aitkit command that a
// configuration file may set. A key at the top of the file applies to
// every command that has that flag and is passed over by the others; a key
// that no command has is an error, so that a typo never goes unnoticed.
// Each command's TestFlagsDocumented holds its long flags to this list
// and notInConfig (clitest.CheckFlags), and clitest's
// TestConfigKeysAreFlags holds every key to a flag of some command.
var ConfigKeys = []string{
	"addr", "annotate", "api-key-file", "as", "as-of", "base-url", "bom",
	"data", "date-order", "decimal-comma", "decimal-point", "dry-run",
	"explain", "fail-ids", "fail-rate", "header-row", "ids",
	"ids-column", "journal", "latency", "map", "max-body", "max-comment",
	"max-part-size", "metric-format", "no-open", "only-new", "percent-points",
	"print-schema", "processing-delay", "report", "retain", "schema",
	"sheet", "skip-invalid", "status-map", "statuses", "timeout",
	"visible-only", "wait",
}

// notInConfig are flags a configuration file never sets: the key itself
// (SPEC: only api-key-file), the choice of the file, what only makes sense
// for one run, and --force, which would quietly lift the promise that
// nothing is sent twice.
var notInConfig = map[string]string{
	"api-key":    "the API key is never read from a configuration file; set api-key-file",
	"config":     "a configuration file cannot name another",
	"force":      "--force is a decision for one run: give it on the command line",
	"status":     "--status looks up one job: give it on the command line",
	"version":    "not a default",
	"completion": "not a default",
	"man":        "not a default",
	"help":       "not a default",
}

// ConfigKey says whether a long flag is a key of the configuration file,
// and if it is not, why a file may not set it ("" when nothing says:
// a flag that was forgotten in ConfigKeys).
func ConfigKey(flag string) (ok bool, why string) {
	return slices.Contains(ConfigKeys, flag), notInConfig[flag]
}

// ConfigError is a problem with a configuration file, at a line.
type ConfigError struct {
	File string
	Line int // 0 when the error is not at a line
	Err  error
}

func (e *ConfigError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return e.File + ": " + e.Err.Error()
}

func (e *ConfigError) Unwrap() error { return e.Err }

// findConfig returns the configuration file to read: the one named by
// --config (which must exist), else aitkit.toml in dir, else
// aitkit/config.toml under the user's configuration directory; "" when
// there is none.
func findConfig(named, dir string, getenv func(string) string) (string, error) {
	if named != "" {
		if _, err := os.Stat(named); err != nil {
			return "", &ConfigError{File: named, Err: unwrapPath(err)}
		}
		return named, nil
	}
	candidates := []string{filepath.Join(dir, ConfigName)}
	if ucd := userConfigDir(getenv); ucd != "" {
		candidates = append(candidates, filepath.Join(ucd, filepath.FromSlash(ConfigPath)))
	}
	for _, c := range candidates {
		st, err := os.Stat(c)
		switch {
		case err == nil && st.Mode().IsRegular():
			return c, nil
		case err == nil:
			return "", &ConfigError{File: c, Err: errors.New("not a regular file")}
		case !errors.Is(err, fs.ErrNotExist):
			return "", &ConfigError{File: c, Err: unwrapPath(err)}
		}
	}
	return "", nil
}

func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// userConfigDir is os.UserConfigDir with the environment as a parameter:
// %AppData% on Windows, ~/Library/Application Support on macOS,
// $XDG_CONFIG_HOME or ~/.config elsewhere; "" when it cannot be told.
func userConfigDir(getenv func(string) string) string {
	switch runtime.GOOS {
	case "windows":
		return getenv("AppData")
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support")
		}
		return ""
	}
	if x := getenv("XDG_CONFIG_HOME"); filepath.IsAbs(x) {
		return x
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config")
	}
	return ""
}

// configEntry is one setting of a configuration file: a flag of a
// command (or of every command: binary ""), its values and its line.
type configEntry struct {
	binary string
	flag   string
	values []string // as they would be typed after the flag
	line   int
}

// readConfig reads a configuration file's settings.
func readConfig(path string) ([]configEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &ConfigError{File: path, Err: unwrapPath(err)}
	}
	// The TOML rules (syntax, a key given twice) first, with their line.
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			row, _ := de.Position()
			return nil, &ConfigError{File: path, Line: row, Err: errors.New(de.Error())}
		}
		return nil, &ConfigError{File: path, Err: err}
	}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	var out []configEntry
	for p.NextExpression() {
		e := p.Expression()
		line := p.Shape(e.Raw).Start.Line
		switch e.Kind {
		case unstable.Table:
			table = keyParts(e.Key())
			if e.Raw.Length == 0 {
				line = lineOfKey(&p, e)
			}
		case unstable.ArrayTable:
			return nil, &ConfigError{File: path, Line: lineOfKey(&p, e), Err: fmt.Errorf("[[%s]]: an array of tables is no setting; expected [ait-convert]-style tables or keys", strings.Join(keyParts(e.Key()), "."))}
		case unstable.KeyValue:
			line = lineOfKey(&p, e)
			key := append(slices.Clone(table), keyParts(e.Key())...)
			entry, err := configSetting(key, e.Value())
			if err != nil {
				return nil, &ConfigError{File: path, Line: line, Err: err}
			}
			entry.line = line
			out = append(out, entry)
		}
	}
	if err := p.Error(); err != nil {
		return nil, &ConfigError{File: path, Err: err}
	}
	return out, nil
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// lineOfKey is the line of an expression's first key.
func lineOfKey(p *unstable.Parser, e *unstable.Node) int {
	it := e.Key()
	if it.Next() {
		return p.Shape(it.Node().Raw).Start.Line
	}
	return 0
}

// configSetting reads one key path and its value: [binary] flag = value,
// flag.FROM = "TO" or flag = {FROM = "TO"} for a pairs flag.
func configSetting(key []string, v *unstable.Node) (configEntry, error) {
	var e configEntry
	if len(key) > 0 && slices.Contains(Binaries, key[0]) {
		e.binary, key = key[0], key[1:]
	} else if len(key) > 1 && strings.HasPrefix(key[0], "ait-") {
		return e, fmt.Errorf("[%s]: no such command; expected one of %s", key[0], strings.Join(Binaries, ", "))
	}
	if len(key) == 0 {
		return e, fmt.Errorf("[%s] holds a value; expected a table of settings", e.binary)
	}
	e.flag = key[0]
	if why, ok := notInConfig[e.flag]; ok {
		return e, fmt.Errorf("%s: %s", e.flag, why)
	}
	if !slices.Contains(ConfigKeys, e.flag) {
		return e, fmt.Errorf("%s: not a setting of any aitkit command (the keys are long flag names, such as date-order or status-map)", strings.Join(key, "."))
	}
	if len(key) == 2 && isPairsFlag(e.flag) { // status-map.Green = "On Track"
		s, err := scalar(v)
		if err != nil {
			return e, fmt.Errorf("%s.%s: %v", e.flag, key[1], err)
		}
		e.values = []string{key[1] + "=" + s}
		return e, nil
	}
	if len(key) > 1 {
		return e, fmt.Errorf("%s: %s takes a value, not a table", strings.Join(key, "."), e.flag)
	}
	switch v.Kind {
	case unstable.InlineTable:
		if !isPairsFlag(e.flag) {
			return e, fmt.Errorf("%s: a table where a value belongs", e.flag)
		}
		it := v.Children()
		for it.Next() {
			kv := it.Node()
			parts := keyParts(kv.Key())
			s, err := scalar(kv.Value())
			if err != nil || len(parts) != 1 {
				return e, fmt.Errorf("%s: expected {FROM = \"TO\", ...}", e.flag)
			}
			e.values = append(e.values, parts[0]+"="+s)
		}
	case unstable.Array:
		var items []string
		it := v.Children()
		for it.Next() {
			s, err := scalar(it.Node())
			if err != nil {
				return e, fmt.Errorf("%s: %v", e.flag, err)
			}
			items = append(items, s)
		}
		if e.flag == "statuses" {
			e.values = []string{strings.Join(items, ",")}
		} else {
			e.values = items
		}
	default:
		s, err := scalar(v)
		if err != nil {
			return e, fmt.Errorf("%s: %v", e.flag, err)
		}
		e.values = []string{s}
	}
	return e, nil
}

func isPairsFlag(name string) bool { return name == "map" || name == "status-map" }

// scalar is a TOML string, number or boolean as it would be typed.
func scalar(v *unstable.Node) (string, error) {
	switch v.Kind {
	case unstable.String:
		return string(v.Data), nil
	case unstable.Integer, unstable.Float:
		s := strings.ReplaceAll(string(v.Data), "_", "")
		if v.Kind == unstable.Integer {
			n, err := strconv.ParseInt(s, 0, 64)
			if err != nil {
				return "", err
			}
			s = strconv.FormatInt(n, 10)
		}
		return s, nil
	case unstable.Bool:
		return string(v.Data), nil
	}
	return "", fmt.Errorf("a %s; expected a string, a number or true/false", strings.ToLower(v.Kind.String()))
}

// applyConfig sets, from the configuration file, every flag of fs that the
// command line did not set (and that skip does not name: an environment
// variable stands for it): the command line wins. Settings for other
// commands, and top-level settings of flags this command does not have,
// are passed over.
func applyConfig(path, binary string, fset *flag.FlagSet, skip map[string]bool) error {
	entries, err := readConfig(path)
	if err != nil {
		return err
	}
	onCommandLine := map[string]bool{}
	fset.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	// The command's own table wins over the top of the file.
	own := map[string]bool{}
	for _, e := range entries {
		if e.binary == binary {
			own[e.flag] = true
		}
	}
	for _, e := range entries {
		if e.binary != "" && e.binary != binary {
			continue
		}
		f := fset.Lookup(e.flag)
		if f == nil {
			if e.binary == binary {
				return &ConfigError{File: path, Line: e.line, Err: fmt.Errorf("[%s] %s: %s has no such flag", binary, e.flag, binary)}
			}
			continue
		}
		if onCommandLine[e.flag] || skip[e.flag] || e.binary == "" && own[e.flag] {
			continue
		}
		for _, v := range e.values {
			if err := fset.Set(e.flag, v); err != nil {
				return &ConfigError{File: path, Line: e.line, Err: fmt.Errorf("%s = %q: %v", e.flag, v, err)}
			}
		}
	}
	return nil
}
