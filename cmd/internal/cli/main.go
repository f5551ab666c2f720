package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// RunFunc is a command's testable body: flags and streams in, exit status
// out.
type RunFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Main runs a command as a process: Ctrl-C and SIGTERM cancel its context,
// and its result is the exit status. lowGC collects garbage more often
// (GOGC 25, unless GOGC is set): for the binaries whose large data (a
// workbook's shared strings) holds no pointers, it keeps the peak memory
// close to what is live at little cost.
func Main(run RunFunc, lowGC bool) {
	if lowGC && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(25)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], Stdin(ctx), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Command is what every binary's flags share: -q, --version, -h printing
// the usage from the command's doc.go, and flags anywhere among operands.
type Command struct {
	Name  string
	Doc   string // the doc.go source, for -h
	Flags *flag.FlagSet
	Quiet bool
	ver   bool
	comp  string
	man   bool
}

// NewCommand returns a Command with -q and --version defined.
func NewCommand(name, doc string) *Command {
	c := &Command{Name: name, Doc: doc, Flags: flag.NewFlagSet(name, flag.ContinueOnError)}
	c.Flags.SetOutput(io.Discard)
	c.Flags.BoolVar(&c.Quiet, "q", false, "")
	c.Flags.BoolVar(&c.ver, "version", false, "")
	c.Flags.StringVar(&c.comp, "completion", "", "")
	c.Flags.BoolVar(&c.man, "man", false, "")
	return c
}

// ErrDone says the command has finished while parsing: it printed its
// usage or version.
var ErrDone = errors.New("done")

// Parse parses args and returns the operands. For -h it prints the usage,
// for --version the version, for --completion SHELL a completion script
// and for --man the manual page, on stdout, and returns ErrDone; a bad
// flag is a *UsageError.
func (c *Command) Parse(args []string, stdout, stderr io.Writer) ([]string, error) {
	operands, err := Parse(c.Flags, args)
	switch {
	case err == flag.ErrHelp:
		fmt.Fprint(stdout, Usage(c.Doc))
		return nil, ErrDone
	case err != nil:
		return nil, Usagef("%v (see %s -h)", err, c.Name)
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
	return operands, nil
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
