package main

import (
	"flag"
	"io"
	"slices"
	"strings"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
)

// field is one form field of a request: a flag of ait-convert by its long
// name, and its value as typed after the flag.
type field struct{ name, value string }

// convertFlags are a request's conversion flags, parsed by ait-convert's
// own flag definitions (convertcli.AddFlags) and with its configuration
// file, so that the options, and the command line the page shows, are
// those of ait-convert run in ait-web's folder.
type convertFlags struct {
	opts        convert.Options
	skipInvalid bool
	bom         bool
	given       []field // the flags given, in order, as the command line shows them
	configArg   string  // --config, when ait-web was given one
	config      string  // the configuration file read, "" for none
}

// outputFlags are ait-convert's flags besides the conversion's that a form
// may set: they say what a download holds.
var outputFlags = []string{"skip-invalid", "bom"}

// formFlags are the names of the fields /api/convert takes: the
// conversion flags (as convertcli.AddFlags defines them) and outputFlags.
func formFlags() []string {
	fs := cli.NewFlagSet("ait-convert")
	convertcli.AddFlags(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return append(names, outputFlags...)
}

// isSwitch tells whether the flag takes no value (--percent-points).
func isSwitch(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// parseConvertFlags parses fields as ait-convert parses its command line:
// each field becomes --name=value. An empty value is a flag not given, and
// a switch is given by true (on, 1). A field that is no flag of
// ait-convert, or a bad value, is a *cli.UsageError naming it.
func parseConvertFlags(fields []field, o *options) (*convertFlags, error) {
	cmd := cli.NewCommand("ait-convert", "")
	fs := cmd.Flags
	conv := convertcli.AddFlags(fs)
	c := &convertFlags{configArg: o.configArg}
	fs.BoolVar(&c.skipInvalid, "skip-invalid", false, "write the rows that convert and report the rest")
	fs.BoolVar(&c.bom, "bom", false, cli.BOMUsage)
	var explain cli.ExplainFlag // ait-convert's; a configuration file may name it
	fs.Var(&explain, "explain", "show every decision")
	cmd.Getenv, cmd.Dir = o.getenv, o.dir
	allowed := formFlags()
	var args []string
	if o.configArg != "" {
		args = append(args, "--config="+o.configArg)
	}
	for _, f := range fields {
		if !slices.Contains(allowed, f.name) {
			return nil, cli.Usagef("%q is not a flag of ait-convert that the page sets (expected one of %s)", f.name, strings.Join(allowed, ", "))
		}
		v := strings.TrimSpace(f.value)
		if v == "" {
			continue
		}
		if isSwitch(fs.Lookup(f.name)) {
			switch strings.ToLower(v) {
			case "true", "on", "1":
				v = "true"
			case "false", "off", "0":
				continue
			default:
				return nil, cli.Usagef("--%s %q: a switch is true or false", f.name, v)
			}
		}
		args = append(args, "--"+f.name+"="+v)
		c.given = append(c.given, field{f.name, v})
	}
	if _, err := cmd.Parse(args, io.Discard, io.Discard); err != nil {
		return nil, err
	}
	c.config = cmd.ConfigFile
	opts, err := conv.Options()
	if err != nil {
		return nil, err
	}
	opts.ReadAhead = cli.ReadAhead(1) // one input at a time
	c.opts = opts
	return c, nil
}

// commandLine is the command that does what the page does: prog (with
// its own leading flags), the flags given, and the files. Values and names
// are quoted for a shell.
func (c *convertFlags) commandLine(prog string, files []string, output bool) string {
	parts := []string{prog}
	if c.configArg != "" {
		parts = append(parts, "--config", convertcli.ShellWord(c.configArg))
	}
	for _, f := range c.given {
		if !output && slices.Contains(outputFlags, f.name) {
			continue
		}
		parts = append(parts, convertcli.Flag(convert.Choice{Option: convert.Option(f.name), Value: f.value}))
	}
	for _, f := range files {
		if strings.HasPrefix(f, "-") {
			f = "./" + f
		}
		parts = append(parts, convertcli.ShellWord(f))
	}
	return strings.Join(parts, " ")
}
