package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
)

// RunFunc is a command's testable body: flags and streams in, exit status
// out.
type RunFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Main runs a command as a process: Ctrl-C and SIGTERM cancel its context,
// and its result is the exit status. lowGC collects garbage more often
// (GOGC 50, unless GOGC is set), for the binaries that read workbooks: it
// keeps the peak near what is live at no measurable CPU cost (GOGC 25 cost
// a quarter more CPU on the 1M-row dates path for 8 MB less; see
// docs/performance.md).
func Main(run RunFunc, lowGC bool) {
	if lowGC && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
	ignoreBrokenPipe()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], Stdin(ctx), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Command is what every binary's flags share: -q, -v, --version,
// --config, -h printing the usage from the command's doc.go and the
// flags' definitions, and flags anywhere among operands.
type Command struct {
	Name  string
	Doc   string // the doc.go source: the prose of -h and of the manual page
	Flags *FlagSet
	// Operands are the extensions of the files the command takes as
	// operands, for completions; nil when it takes none.
	Operands []string
	Quiet    bool
	Verbose  bool
	// ConfigFile is the configuration file whose defaults were read, ""
	// for none; -v and --explain say it.
	ConfigFile string
	// Getenv and Dir are where the configuration file is looked for (the
	// environment, for the user's configuration directory, and the
	// current directory); tests set them.
	Getenv func(string) string
	Dir    string
	// EnvFlags are the flags an environment variable stands for
	// (base-url: ACHIEVEIT_BASE_URL): when it is set, it wins over the
	// configuration file.
	EnvFlags map[string]string
	env      []docItem // the manual's ENVIRONMENT
	files    []docItem // and FILES
	ver      bool
	comp     string
	man      bool
	config   string
}

// docItem is an entry of the manual page's ENVIRONMENT or FILES.
type docItem struct{ name, usage string }

// NewCommand returns a Command with -q, -v, --version, --config,
// --completion and --man defined.
func NewCommand(name, doc string) *Command {
	c := &Command{Name: name, Doc: doc, Flags: NewFlagSet(name), Getenv: os.Getenv, Dir: "."}
	fs := c.Flags
	fs.SetOutput(io.Discard)
	fs.current = commonSection
	FileVar(fs, &c.config, "config", "", "read defaults from `PATH` (default: ./"+ConfigName+", else "+ConfigPath+" in the user's configuration folder)", ".toml")
	fs.BoolVar(&c.Verbose, "v", false, "say which configuration file was read")
	fs.BoolVar(&c.Quiet, "q", false, "print nothing but errors")
	fs.BoolVar(&c.ver, "version", false, "print the version, the commit and the platform")
	ChoiceVar(fs, &c.comp, "completion", "", []string{"bash", "zsh", "fish", "powershell"}, "print a completion script for `SHELL` (bash, zsh, fish or powershell), made from these flags")
	fs.BoolVar(&c.man, "man", false, "print the manual page")
	fs.current = ""
	return c
}

// Env documents an environment variable the command reads, for the
// manual page.
func (c *Command) Env(name, usage string) { c.env = append(c.env, docItem{name, usage}) }

// File documents a file the command reads or writes, for the manual page.
func (c *Command) File(path, usage string) { c.files = append(c.files, docItem{path, usage}) }

// ErrDone says the command has finished while parsing: it printed its
// usage or version.
var ErrDone = errors.New("done")

// Parse parses args and returns the operands. For -h it prints the usage,
// for --version the version, for --completion SHELL a completion script
// and for --man the manual page, on stdout, and returns ErrDone; a bad
// flag is a *UsageError. Otherwise the configuration file's defaults are
// read into the flags the command line did not set; a bad file is a
// *ConfigError.
func (c *Command) Parse(args []string, stdout, stderr io.Writer) ([]string, error) {
	operands, err := Parse(c.Flags.FlagSet, args)
	switch {
	case err == flag.ErrHelp:
		fmt.Fprint(stdout, c.Help())
		return nil, ErrDone
	case err != nil:
		return nil, Usagef("%s (see %s -h)", flagMessage(err), c.Name)
	case c.ver:
		fmt.Fprintln(stdout, VersionLine(c.Name))
		return nil, ErrDone
	case c.comp != "":
		script, err := c.Completion(c.comp)
		if err != nil {
			return nil, err
		}
		fmt.Fprint(stdout, script)
		return nil, ErrDone
	case c.man:
		fmt.Fprint(stdout, c.ManPage())
		return nil, ErrDone
	}
	path, err := findConfig(c.config, c.Dir, c.Getenv)
	if err != nil {
		return nil, err
	}
	if path != "" {
		skip := map[string]bool{}
		for flagName, env := range c.EnvFlags {
			skip[flagName] = c.Getenv(env) != ""
		}
		if err := applyConfig(path, c.Name, c.Flags.FlagSet, skip); err != nil {
			return nil, err
		}
		c.ConfigFile = path
	}
	if c.Verbose {
		fmt.Fprintf(stderr, "%s: %s\n", c.Name, c.ConfigLine())
	}
	return operands, nil
}

// ConfigLine says which configuration file was read, for -v and --explain.
func (c *Command) ConfigLine() string {
	if c.ConfigFile == "" {
		return "config: none (" + ConfigName + " here, or " + ConfigPath + " in the user's configuration directory, or --config)"
	}
	return "config: " + c.ConfigFile
}

// Exit reports a parsing or run error and returns the exit status: 0 for
// ErrDone.
func (c *Command) Exit(stderr io.Writer, err error) int {
	if errors.Is(err, ErrDone) {
		return ExitOK
	}
	PrintError(stderr, c.Name, err)
	return ExitCode(err)
}

// invalidValue is the flag package's message for a value its flag refused.
var invalidValue = regexp.MustCompile(`^invalid value ("(?:[^"\\]|\\.)*") for flag -([^:]+): (.*)$`)

// flagMessage words the flag package's errors the way the commands name
// flags: --date-order "ymd": expected mdy or dmy.
func flagMessage(err error) string {
	msg := err.Error()
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return FlagName(m[2]) + " " + m[1] + ": " + m[3]
	}
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return FlagName(name) + " is not a flag"
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return FlagName(name) + " needs a value"
	}
	return msg
}

// FlagName is a flag as it is typed: -q, --date-order.
func FlagName(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// ReadAhead tells whether an input is worth reading ahead on goroutines
// of its own (convert.Options.ReadAhead) when n inputs are read at once:
// while a core would otherwise be idle. One input always is; as many
// inputs as cores, or more, never (each worker has a core of its own).
func ReadAhead(n int) bool { return n <= 1 || n < runtime.GOMAXPROCS(0) }
