package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/validate"
)

const name = "ait-submit"

type options struct {
	input      string
	keyFile    string
	baseURL    string
	as         string
	wait       time.Duration
	timeout    time.Duration
	statusJob  string
	dryRun     bool
	journal    string
	force      bool
	quiet      bool
	conv       convert.Options
	tuneClient func(*submit.Client) // tests make waits instant
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(ctx, args, os.Getenv, nil, stdin, stdout, stderr)
}

// runEnv is run with its environment and client tuning as parameters, so
// tests run in parallel without touching the process's environment.
func runEnv(ctx context.Context, args []string, getenv func(string) string, tune func(*submit.Client), stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	o, err := parseFlags(cmd, args, stdout, stderr, getenv)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	o.tuneClient = tune
	key, err := apiKey(o, getenv, stderr)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	// Whatever happens, the key never reaches an output.
	stdout, stderr = redact(stdout, key), redact(stderr, key)
	return submitAll(ctx, o, key, stdin, stdout, stderr)
}

func parseFlags(cmd *cli.Command, args []string, stdout, stderr io.Writer, getenv func(string) string) (*options, error) {
	fs := cmd.Flags
	var o options
	fs.StringVar(&o.keyFile, "api-key-file", "", "")
	fs.StringVar(&o.baseURL, "base-url", "", "")
	fs.StringVar(&o.as, "as", "json", "")
	fs.DurationVar(&o.wait, "wait", 10*time.Minute, "")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "")
	fs.StringVar(&o.statusJob, "status", "", "")
	fs.BoolVar(&o.dryRun, "dry-run", false, "")
	fs.StringVar(&o.journal, "journal", "", "")
	fs.BoolVar(&o.force, "force", false, "")
	conv := cli.AddConvertFlags(fs)
	inputs, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return nil, err
	}
	o.quiet = cmd.Quiet
	if o.input, err = cli.OneInput(inputs); err != nil {
		return nil, err
	}
	if o.as != "json" && o.as != "csv" {
		return nil, cli.Usagef("--as %q: expected json or csv", o.as)
	}
	if o.wait < 0 || o.timeout <= 0 {
		return nil, cli.Usagef("--wait must be 0 or more and --timeout more than 0")
	}
	if o.baseURL == "" {
		o.baseURL = getenv("ACHIEVEIT_BASE_URL")
	}
	if o.baseURL == "" {
		o.baseURL = submit.DefaultBaseURL
	}
	if _, err := submit.CheckBaseURL(o.baseURL); err != nil {
		return nil, &cli.UsageError{Err: err}
	}
	if o.conv, err = conv.Options(); err != nil {
		return nil, err
	}
	return &o, nil
}

// apiKey reads the key from --api-key-file or ACHIEVEIT_API_KEY. There is
// no flag for the key itself: it would show in the process list.
func apiKey(o *options, getenv func(string) string, stderr io.Writer) (string, error) {
	if o.keyFile != "" {
		b, err := os.ReadFile(o.keyFile)
		if err != nil {
			return "", &cli.UsageError{Err: fmt.Errorf("--api-key-file: %w", err)}
		}
		if st, err := os.Stat(o.keyFile); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
			fmt.Fprintf(stderr, "%s: warning: %s can be read by other users (mode %v); chmod 600 it\n", name, o.keyFile, st.Mode().Perm())
		}
		key := strings.TrimSpace(string(b))
		if key == "" {
			return "", cli.Usagef("--api-key-file %s is empty", o.keyFile)
		}
		return key, nil
	}
	key := strings.TrimSpace(getenv("ACHIEVEIT_API_KEY"))
	if key == "" && !o.dryRun {
		return "", cli.Usagef("no API key: set ACHIEVEIT_API_KEY or give --api-key-file PATH")
	}
	return key, nil
}

func submitAll(ctx context.Context, o *options, key string, stdin io.Reader, stdout, stderr io.Writer) int {
	say := func(format string, a ...any) {
		if !o.quiet {
			fmt.Fprintf(stderr, name+": "+format+"\n", a...)
		}
	}
	fail := func(code int, err error) int {
		cli.PrintError(stderr, name, err)
		return code
	}
	base, _ := submit.CheckBaseURL(o.baseURL)
	baseURL := strings.TrimSuffix(base.String(), "/")

	var client *submit.Client
	if key != "" {
		var err error
		if client, err = submit.NewClient(baseURL, key); err != nil {
			return fail(cli.ExitUsage, err)
		}
		client.Timeout = o.timeout
		if o.tuneClient != nil {
			o.tuneClient(client)
		}
	}
	if o.statusJob != "" {
		st, err := client.Status(ctx, o.statusJob)
		if err != nil {
			return fail(statusErrorCode(err), err)
		}
		stdout.Write(st.Raw)
		return finalStatus(o, st, nil, stderr, say)
	}

	// Validate locally; only a wholly valid input is sent.
	body, sources, code := buildBody(ctx, o, stdin, stderr)
	if code >= 0 {
		return code
	}
	contentType := submit.JSON
	if o.as == "csv" {
		contentType = submit.CSV
	}
	if len(sources) == 0 {
		say("nothing to submit: the input has no records")
		return cli.ExitOK
	}
	if o.dryRun {
		keyShown := "API-KEY [REDACTED]"
		if key == "" {
			keyShown = "API-KEY (no key set: ACHIEVEIT_API_KEY)"
		}
		fmt.Fprintf(stdout, "POST %s/imports/progress-updates\nAuthorization: %s\nContent-Type: %s\n\n", baseURL, keyShown, contentType)
		stdout.Write(body)
		say("dry run: %s valid; nothing sent", cli.Plural(len(sources), "record"))
		return cli.ExitOK
	}

	jpath := o.journal
	if jpath == "" {
		var err error
		if jpath, err = submit.DefaultJournalPath(); err != nil {
			return fail(cli.ExitUsage, err)
		}
	}
	journal := &submit.Journal{Path: jpath}
	entry, err := journal.Begin(baseURL, body, len(sources), o.force)
	if err != nil {
		return fail(cli.ExitUsage, err)
	}
	acc, err := client.Submit(ctx, body, contentType)
	var rej *submit.RejectedError
	var unknown *submit.OutcomeUnknownError
	switch {
	case errors.As(err, &rej):
		journal.Record(entry, rej.JobID, submit.StateRejected)
		stdout.Write(rej.Raw)
		fmt.Fprintf(stderr, "%s: %v; nothing was imported\n", name, rej)
		printErrors(stderr, rej.Report.Errors, sources)
		return cli.ExitRejected
	case errors.As(err, &unknown):
		journal.Record(entry, "", submit.StateUnknown)
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		fmt.Fprintf(stderr, "%s: the %s may or may not have been accepted. It is not sent again: the journal (%s) records it as Unknown, and running ait-submit on the same updates refuses to send them unless you add --force. Check in AchieveIt, or with ait-submit --status JOBID if you have the job's ID.\n", name, cli.Plural(len(sources), "update"), jpath)
		return cli.ExitUnknown
	case err != nil:
		journal.Record(entry, "", submit.StateNotSent)
		if ctx.Err() != nil {
			return fail(cli.ExitInterrupted, err)
		}
		return fail(cli.ExitUsage, err)
	}
	journal.Record(entry, acc.JobID, submit.StatusQueued)
	say("%s accepted as job %s", cli.Plural(acc.TotalRecords, "record"), acc.JobID)
	if o.wait == 0 {
		stdout.Write(acc.Raw)
		say("not waiting (--wait 0); follow it with: ait-submit --status %s", acc.JobID)
		return cli.ExitOK
	}

	progress := cli.StartProgress(stderr, name, o.quiet)
	st, err := client.Wait(ctx, acc.JobID, o.wait, func(s *submit.JobStatus) {})
	progress.Stop()
	if st != nil {
		journal.Record(entry, acc.JobID, st.Status)
		stdout.Write(st.Raw)
	}
	var timeout *submit.WaitTimeoutError
	switch {
	case errors.As(err, &timeout):
		fmt.Fprintf(stderr, "%s: %v after %s; it goes on at AchieveIt. Check later with: ait-submit --status %s\n", name, err, o.wait, acc.JobID)
		return cli.ExitUnknown
	case err != nil && ctx.Err() != nil:
		fmt.Fprintf(stderr, "%s: interrupted while waiting; job %s goes on at AchieveIt. Check later with: ait-submit --status %s\n", name, acc.JobID, acc.JobID)
		return cli.ExitUnknown
	case err != nil:
		fmt.Fprintf(stderr, "%s: job %s was accepted, but its status could not be read: %v. Check later with: ait-submit --status %s\n", name, acc.JobID, err, acc.JobID)
		return cli.ExitUnknown
	}
	return finalStatus(o, st, sources, stderr, say)
}

// finalStatus reports a job's status and gives its exit status.
func finalStatus(o *options, st *submit.JobStatus, sources []string, stderr io.Writer, say func(string, ...any)) int {
	switch st.Status {
	case submit.StatusCompleted:
		say("job %s Completed", st.JobID)
		return cli.ExitOK
	case submit.StatusFailed:
		fmt.Fprintf(stderr, "%s: job %s Failed; nothing of it was imported\n", name, st.JobID)
		printErrors(stderr, st.Errors, sources)
		return cli.ExitRejected
	}
	say("job %s is %s", st.JobID, st.Status)
	return cli.ExitUnknown
}

func statusErrorCode(err error) int {
	if errors.Is(err, context.Canceled) {
		return cli.ExitInterrupted
	}
	return cli.ExitUsage
}

// printErrors prints the API's errors with their positions and, when the
// input had rows, the row each position came from.
func printErrors(w io.Writer, errs []validate.RecordErrors, sources []string) {
	for _, re := range errs {
		where := fmt.Sprintf("position %d", re.Position)
		if re.Position >= 0 && re.Position < len(sources) {
			where = fmt.Sprintf("%s (position %d)", sources[re.Position], re.Position)
		}
		for _, fe := range re.Errors {
			fmt.Fprintln(w, validate.Line(fe, where))
		}
	}
}

// buildBody validates the input and returns the body to send and the
// source of each record. code is -1 to go on, else the exit status.
func buildBody(ctx context.Context, o *options, stdin io.Reader, stderr io.Writer) ([]byte, []string, int) {
	v, err := validate.New(validate.Options{Statuses: o.conv.Statuses})
	if err != nil {
		cli.PrintError(stderr, name, err)
		return nil, nil, cli.ExitUsage
	}
	copts := o.conv
	copts.View = convert.ViewAsWritten
	src, err := cli.OpenInput(ctx, o.input, stdin, copts)
	if err != nil {
		cli.PrintError(stderr, name, err)
		return nil, nil, cli.ExitCode(err)
	}
	defer src.Close()
	var buf bytes.Buffer
	w := convert.NewWriter(&buf, convert.OutputFormat(o.as))
	var sources []string
	rep, err := v.Run(ctx, src, func(c *validate.Checked) error {
		for _, fe := range c.Errors {
			fmt.Fprintln(stderr, validate.Line(fe, c.Source))
		}
		if len(c.Errors) == 0 {
			sources = append(sources, c.Source)
			return w.Write(&c.Update)
		}
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, cli.ExitInterrupted
		}
		cli.PrintError(stderr, name, err)
		return nil, nil, cli.ExitCode(err)
	}
	if !rep.OK() {
		fmt.Fprintf(stderr, "%s: %d of %s invalid; nothing sent\n", name, rep.ErrorRecords, cli.Plural(rep.TotalRecords, "record"))
		return nil, nil, cli.ExitRejected
	}
	if err := w.Close(); err != nil {
		cli.PrintError(stderr, name, err)
		return nil, nil, cli.ExitUsage
	}
	return buf.Bytes(), sources, -1
}

// redact wraps w so that the key never reaches it, even inside a server's
// message echoed back.
func redact(w io.Writer, key string) io.Writer {
	if len(key) < 4 {
		return w
	}
	return &redactor{w: w, key: []byte(key)}
}

type redactor struct {
	w   io.Writer
	key []byte
}

func (r *redactor) Write(p []byte) (int, error) {
	if !bytes.Contains(p, r.key) {
		return r.w.Write(p)
	}
	_, err := r.w.Write(bytes.ReplaceAll(p, r.key, []byte("[REDACTED]")))
	return len(p), err
}
