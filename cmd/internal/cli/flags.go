package cli

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// StringList is a repeatable flag: every use adds one value.
type StringList []string

var _ flag.Value = (*StringList)(nil)

func (s *StringList) String() string { return strings.Join(*s, ", ") }

// Repeats says the flag may be given again.
func (s *StringList) Repeats() bool { return true }

// Set adds a value.
func (s *StringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// Pairs is a repeatable KEY=VALUE flag such as --map or --status-map.
type Pairs struct {
	Keys, Values []string
}

var _ flag.Value = (*Pairs)(nil)

// Repeats says the flag may be given again.
func (p *Pairs) Repeats() bool { return true }

func (p *Pairs) String() string {
	var parts []string
	for i := range p.Keys {
		parts = append(parts, p.Keys[i]+"="+p.Values[i])
	}
	return strings.Join(parts, ", ")
}

// Set adds a KEY=VALUE pair; the key is everything before the last '='
// that leaves a non-empty value, so a column named "a=b" can still be mapped.
func (p *Pairs) Set(v string) error {
	i := strings.LastIndex(v, "=")
	if i <= 0 || strings.TrimSpace(v[:i]) == "" || strings.TrimSpace(v[i+1:]) == "" {
		return fmt.Errorf("%q: expected KEY=VALUE", v)
	}
	p.Keys = append(p.Keys, strings.TrimSpace(v[:i]))
	p.Values = append(p.Values, strings.TrimSpace(v[i+1:]))
	return nil
}

// Map returns the pairs as a map; a key given twice keeps its last value.
func (p *Pairs) Map() map[string]string {
	m := make(map[string]string, len(p.Keys))
	for i, k := range p.Keys {
		m[k] = p.Values[i]
	}
	return m
}

// Parse parses args with fs, taking flags before, between and after the
// operands (ait-convert a.xlsx -o out.json), the way users type them. A
// "--" ends the flags.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return operands, nil
		}
		// fs.Parse stops at the first operand, or after "--".
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(operands, rest...), nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// OneInput returns the one input of a command that takes a file or
// standard input ("-" when none is given): a submission is one file.
func OneInput(operands []string) (string, error) {
	switch len(operands) {
	case 0:
		return "-", nil
	case 1:
		return operands[0], nil
	}
	return "", Usagef("one input at a time: a submission is one file (got %d)", len(operands))
}

// ExpandGlobs expands the operands that are patterns (with *, ? or [) into
// the files they match, in order, when expand is set: on Windows, whose
// shell passes trackers\*.xlsx through as it is typed. A pattern that
// matches nothing is an error naming it; a malformed one too.
func ExpandGlobs(operands []string, expand bool) ([]string, error) {
	if !expand {
		return operands, nil
	}
	var out []string
	for _, op := range operands {
		if op == "-" || !strings.ContainsAny(op, "*?[") {
			out = append(out, op)
			continue
		}
		if _, err := os.Stat(op); err == nil {
			out = append(out, op) // a file whose name has [ or ?: itself
			continue
		}
		matches, err := filepath.Glob(op)
		if err != nil {
			return nil, Usagef("%s: %v", op, err)
		}
		if len(matches) == 0 {
			return nil, Usagef("%s: no file matches", op)
		}
		out = append(out, matches...)
	}
	return out, nil
}

// Choices is a flag whose value is one of a fixed list, such as
// --date-order mdy|dmy: a value outside it is refused when it is set
// (from the command line or a configuration file, whose error then names
// its line), and completions offer the list.
type Choices struct {
	p       *string
	Allowed []string
}

var _ flag.Value = (*Choices)(nil)

// ChoiceVar defines a flag whose value must be one of allowed (compared
// without regard to case, stored as listed); -h shows them as its
// placeholder (mdy|dmy) unless usage has a `back-quoted` one.
func ChoiceVar(fs *FlagSet, p *string, name, value string, allowed []string, usage string) {
	*p = value
	fs.Var(&Choices{p: p, Allowed: allowed}, name, usage)
}

// Values are the allowed values, for -h and completions.
func (c *Choices) Values() []string { return c.Allowed }

func (c *Choices) String() string {
	if c.p == nil {
		return ""
	}
	return *c.p
}

// Set takes one of the allowed values.
func (c *Choices) Set(v string) error {
	for _, a := range c.Allowed {
		if strings.EqualFold(v, a) {
			*c.p = a
			return nil
		}
	}
	return fmt.Errorf("expected %s", orList(c.Allowed))
}

// orList says "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// ParseSize reads a number of bytes with an optional unit: 1000, 500KB,
// 64MiB, 4GiB (KB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("size %q: expected a number of bytes such as 4GiB", s)
	}
	return n * mult, nil
}

// ByteOrderMark is what --bom writes first in a CSV output: UTF-8's
// byte-order mark, by which Excel on Windows knows the file is UTF-8 (it
// reads it as Windows-1252 otherwise, and accents break).
const ByteOrderMark = "\ufeff"

// BOMUsage describes --bom, the same in every command that writes CSV.
const BOMUsage = "CSV output starts with a UTF-8 byte-order mark, so that Excel on Windows reads accents right (JSON output never has one)"
