package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
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
	onlyNew    bool
	quiet      bool
	verbose    bool
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
	key, err := apiKey(o, getenv, stdin, stderr)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	s := &submitter{o: o, key: key, terminal: cli.IsTerminal(stderr)}
	// Whatever happens, the key never reaches an output.
	s.stdout, s.stderr, s.rawStdout = redact(stdout, key), redact(stderr, key), stdout
	err = s.run(ctx, stdin)
	s.report(err)
	if s.records != nil {
		s.records.close()
	}
	return cli.ExitCode(err)
}

func parseFlags(cmd *cli.Command, args []string, stdout, stderr io.Writer, getenv func(string) string) (*options, error) {
	fs := cmd.Flags
	var o options
	cli.FileVar(fs, &o.keyFile, "api-key-file", "", "read the API key from the file `PATH`, or from standard input for - (a file others can read is warned about)")
	fs.StringVar(&o.baseURL, "base-url", "", "the API's base `URL` (default: ACHIEVEIT_BASE_URL, else https://api.achieveit.com)")
	cli.ChoiceVar(fs, &o.as, "as", "json", []string{"json", "csv"}, "the body format sent (default json)")
	fs.DurationVar(&o.wait, "wait", 10*time.Minute, "how long to follow the job, a `DURATION` (default 10m; 0 prints the accepted jobId and exits 0)")
	fs.DurationVar(&o.timeout, "timeout", 60*time.Second, "the limit for one HTTP request, a `DURATION` (default 60s)")
	fs.StringVar(&o.statusJob, "status", "", "only look up the status of the job `JOBID`")
	fs.BoolVar(&o.dryRun, "dry-run", false, "validate and print the request that would be sent, the key redacted; send nothing")
	cli.FileVar(fs, &o.journal, "journal", "", "record submissions in `PATH` (default: journal.db in $XDG_STATE_HOME/aitkit, ~/.local/state/aitkit, %LocalAppData%\\aitkit on Windows)")
	fs.BoolVar(&o.onlyNew, "only-new", false, "send only the updates the journal has not seen sent to this API (the others are named, not sent)")
	fs.BoolVar(&o.force, "force", false, "send every update, even those the journal says were already sent")
	fs.Brief(convertcli.ReadingFlags)
	conv := convertcli.AddFlags(fs)
	fs.SetUsage("v", "say which configuration file was read; tell each retry and each change of the job's status (always on a terminal)")
	fs.SetUsage("config", "read defaults from `PATH` (default: ./aitkit.toml, else aitkit/config.toml in the user's configuration folder); the API key itself never comes from it")
	cmd.Operands = cli.InputExts
	cmd.Env("ACHIEVEIT_API_KEY", "the API key (required, unless --api-key-file); never printed, logged or journaled")
	cmd.Env("ACHIEVEIT_BASE_URL", "the API's base URL, when --base-url is not given; it wins over a configuration file")
	cmd.Env("XDG_STATE_HOME", "where the journal is kept (default ~/.local/state)")
	cmd.File("$XDG_STATE_HOME/aitkit/journal.db", "the journal of submissions (%LocalAppData%\\aitkit\\journal.db on Windows), unless --journal")
	cmd.Getenv = getenv
	cmd.EnvFlags = map[string]string{"base-url": "ACHIEVEIT_BASE_URL"}
	inputs, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return nil, err
	}
	o.quiet, o.verbose = cmd.Quiet, cmd.Verbose
	if o.input, err = cli.OneInput(inputs); err != nil {
		return nil, err
	}
	if o.as != "json" && o.as != "csv" {
		return nil, cli.Usagef("--as %q: expected json or csv", o.as)
	}
	if o.wait < 0 || o.timeout <= 0 {
		return nil, cli.Usagef("--wait must be 0 or more and --timeout more than 0")
	}
	if o.force && o.onlyNew {
		return nil, cli.Usagef("--force sends every update and --only-new only those not sent before: give one")
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
	o.conv.ReadAhead = cli.ReadAhead(1)
	return &o, nil
}

// apiKey reads the key from --api-key-file (standard input for "-") or
// ACHIEVEIT_API_KEY. There is no flag for the key itself: it would show in
// the process list.
func apiKey(o *options, getenv func(string) string, stdin io.Reader, stderr io.Writer) (string, error) {
	if o.keyFile == "-" {
		if o.input == "-" && o.statusJob == "" {
			return "", cli.Usagef("--api-key-file - reads the key from standard input: give the records as a FILE")
		}
		b, err := io.ReadAll(io.LimitReader(stdin, maxKeyFile+1))
		if err != nil {
			return "", &cli.UsageError{Err: fmt.Errorf("--api-key-file -: %w", err)}
		}
		return keyOf(b, "standard input")
	}
	if o.keyFile != "" {
		f, err := os.Open(o.keyFile)
		if err != nil {
			return "", &cli.UsageError{Err: fmt.Errorf("--api-key-file: %w", err)}
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
		if err != nil {
			return "", &cli.UsageError{Err: fmt.Errorf("--api-key-file: %w", err)}
		}
		if st, err := f.Stat(); err == nil && runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
			fmt.Fprintf(stderr, "%s: warning: %s can be read by other users (mode %v); chmod 600 it\n", name, o.keyFile, st.Mode().Perm())
		}
		return keyOf(b, o.keyFile)
	}
	key := strings.TrimSpace(getenv("ACHIEVEIT_API_KEY"))
	if key == "" && !o.dryRun {
		return "", cli.Usagef("no API key: set ACHIEVEIT_API_KEY or give --api-key-file PATH")
	}
	return key, nil
}

// maxKeyFile is the most read of a key file: a key is one short line.
const maxKeyFile = 4 << 10

// keyOf is the key held in b, read from where: one line, spaces around it
// aside.
func keyOf(b []byte, where string) (string, error) {
	if len(b) > maxKeyFile {
		return "", cli.Usagef("--api-key-file: %s holds more than %d bytes; an API key is one line", where, maxKeyFile)
	}
	key := strings.TrimSpace(string(b))
	switch {
	case key == "":
		return "", cli.Usagef("--api-key-file: %s is empty", where)
	case strings.ContainsAny(key, "\r\n"):
		return "", cli.Usagef("--api-key-file: %s holds more than one line; an API key is one line", where)
	}
	return key, nil
}

// submitter is one run: its options, streams, and what it learned.
type submitter struct {
	o              *options
	key            string
	stdout, stderr io.Writer // the key, and any run of it, redacted
	rawStdout      io.Writer // for the dry run's body, redacted of the key alone
	terminal       bool      // stderr is a terminal: show retries and statuses as they happen

	client   *submit.Client
	journal  *submit.Journal
	sub      *submit.Submission // the journal's record of the submission
	target   string             // the base URL as a submission's identity names it
	records  *records           // the valid records, in a temporary file
	ident    *submit.Identifier // their identity, computed as they are read (not for a dry run)
	statuses []string           // the job's statuses so far, for the line on a terminal
}

func (s *submitter) say(format string, a ...any) {
	if !s.o.quiet {
		fmt.Fprintf(s.stderr, name+": "+format+"\n", a...)
	}
}

// newClient makes the client, which tells retries and job statuses as they
// happen: on a terminal, and elsewhere with -v.
func (s *submitter) newClient() error {
	c, err := submit.NewClient(s.o.baseURL, s.key)
	if err != nil {
		return &cli.UsageError{Err: err}
	}
	c.Timeout = s.o.timeout
	c.MaxRetryAfter = 60 * time.Second
	if s.o.wait > 0 && s.o.wait < c.MaxRetryAfter {
		c.MaxRetryAfter = s.o.wait
	}
	c.OnEvent = s.event
	if s.o.tuneClient != nil {
		s.o.tuneClient(c)
	}
	s.client = c
	return nil
}

func (s *submitter) run(ctx context.Context, stdin io.Reader) error {
	if s.o.statusJob != "" {
		if err := s.newClient(); err != nil {
			return err
		}
		sctx := ctx
		if s.o.wait > 0 {
			var cancel context.CancelFunc
			sctx, cancel = context.WithTimeout(ctx, s.o.wait)
			defer cancel()
		}
		st, err := s.client.Status(sctx, s.o.statusJob)
		if err != nil && ctx.Err() == nil && sctx.Err() != nil {
			return &submit.WaitTimeoutError{JobID: s.client.Shown(s.o.statusJob), Waited: s.o.wait}
		}
		if err != nil {
			return err
		}
		if err := s.printStatus(st); err != nil {
			return err
		}
		return s.finalStatus(st)
	}
	target, err := submit.Target(s.o.baseURL)
	if err != nil {
		return &cli.UsageError{Err: err}
	}
	s.target = target
	if !s.o.dryRun {
		s.ident = submit.NewIdentifier(target)
	}
	if s.records, err = newRecords(); err != nil {
		return err
	}
	if err := s.validated(ctx, stdin); err != nil {
		return err
	}
	if s.records.n == 0 {
		s.say("nothing to submit: the input has no records")
		return nil
	}
	if s.o.dryRun {
		return s.printDryRun()
	}
	if err := s.newClient(); err != nil {
		return err
	}
	path := s.o.journal
	if path == "" {
		if path, err = submit.DefaultJournalPath(); err != nil {
			return &cli.UsageError{Err: err}
		}
	}
	s.journal = submit.OpenJournal(path)
	id := s.ident.Identity()
	if !s.o.force {
		if id, err = s.onlyNew(id); err != nil || id == nil {
			return err
		}
	}
	id.URL = s.o.baseURL
	body, err := cli.NewSpool()
	if err != nil {
		return fmt.Errorf("a temporary file for the body: %w", err)
	}
	defer body.Close()
	if err := s.records.writeBody(body, record.Format(s.o.as)); err != nil {
		return fmt.Errorf("writing the body: %w", err)
	}
	// The attempt is on record before anything is sent; if it cannot be,
	// nothing is sent.
	if s.sub, err = s.journal.Begin(id, s.o.as, s.o.force); err != nil {
		return err
	}
	contentType := submit.JSON
	if s.o.as == "csv" {
		contentType = submit.CSV
	}
	acc, err := s.client.SubmitFrom(ctx, body.Section(), contentType, s.records.n)
	if err != nil {
		return s.notAccepted(err)
	}
	job := s.client.Shown(acc.JobID) // the jobId as it may be shown and stored
	if err := s.record(acc.JobID, submit.StatusQueued); err != nil {
		if je, ok := errors.AsType[*submit.JournalError](err); ok {
			je.After, je.JobID = true, job
		}
		return err
	}
	s.say("%s accepted as job %s", cli.Plural(acc.TotalRecords, "record"), job)
	if job != acc.JobID {
		s.say("warning: the jobId the API answered holds the API key; it is shown and journaled redacted, so ait-submit --status cannot follow it: check the job in AchieveIt")
	}
	if s.o.wait == 0 {
		shown := *acc
		shown.JobID = job
		if err := s.printJSON(shown); err != nil {
			return err
		}
		s.say("not waiting (--wait 0); follow it with: ait-submit --status %s", job)
		return nil
	}
	st, err := s.client.Wait(ctx, acc.JobID, s.o.wait)
	s.endStatusLine()
	if st != nil {
		if jerr := s.record(acc.JobID, st.Status); jerr != nil {
			s.say("warning: the journal did not record that job %s is %s: %v", job, st.Status, jerr)
		}
		if perr := s.printStatus(st); perr != nil && err == nil {
			return perr
		}
	}
	switch {
	case err == nil:
		return s.finalStatus(st)
	case ctx.Err() != nil:
		return &submit.OutcomeUnknownError{JobID: job, Err: fmt.Errorf("interrupted while following job %s, which goes on at AchieveIt", job)} // not the context's words
	}
	var failed *submit.JobFailedError
	var timeout *submit.WaitTimeoutError
	var mismatch *submit.JobMismatchError
	if errors.As(err, &failed) || errors.As(err, &timeout) || errors.As(err, &mismatch) {
		return err
	}
	return &submit.OutcomeUnknownError{JobID: job, Err: fmt.Errorf("job %s was accepted, but its status could not be read: %w", job, err)}
}

// record writes a job's status to the journal, the jobId redacted (with a
// note) when it holds the key.
func (s *submitter) record(jobID, status string) error {
	if shown := s.client.Shown(jobID); shown != jobID {
		s.sub.Note = "the jobId the API answered held the API key; it is stored redacted"
		jobID = shown
	}
	return s.journal.Record(s.sub, jobID, status)
}

// onlyNew checks the journal for records sent before. Without --only-new
// any of them refuses the submission; with it, the others are sent (the
// identity returned is theirs), or nothing when none is new (nil).
func (s *submitter) onlyNew(id *submit.Identity) (*submit.Identity, error) {
	already, err := s.journal.Check(id)
	var as *submit.AlreadySentError
	if !s.o.onlyNew || !errors.As(err, &as) {
		return id, err
	}
	all := s.records.n
	if as.Already == all {
		s.say("all %s were sent before (%s); nothing new to send", cli.Plural(all, "update"), strings.TrimPrefix(as.Error(), fmt.Sprintf("%d of the %d updates were sent before", as.Already, as.Of)))
		return nil, nil
	}
	fresh, err := s.records.filter(func(i int) bool { return !already[i] })
	if err != nil {
		return nil, err
	}
	s.records.close()
	s.records = fresh
	ident := submit.NewIdentifier(s.target)
	if err := s.records.each(func(_ int, u *schema.Update, _ string) error { ident.Add(*u); return nil }); err != nil {
		return nil, err
	}
	s.say("%d of the %s were sent before; sending the %d new ones (--only-new)", as.Already, cli.Plural(all, "update"), s.records.n)
	return ident.Identity(), nil
}

// validated reads and checks the input: only a wholly valid input is sent.
func (s *submitter) validated(ctx context.Context, stdin io.Reader) error {
	v, err := validate.New(validate.Options{Statuses: s.o.conv.Statuses, MaxComment: s.o.conv.MaxComment})
	if err != nil {
		return &cli.UsageError{Err: err}
	}
	copts := s.o.conv
	copts.View = convert.ViewAsWritten
	src, err := convertcli.OpenInput(ctx, s.o.input, stdin, copts)
	if err != nil {
		return err
	}
	defer src.Close()
	rep, err := v.Run(ctx, src.Written(), func(c *validate.Checked) error {
		for _, fe := range c.Errors {
			fmt.Fprintln(s.stderr, convertcli.WithChoices(validate.Line(fe, c.Source), fe))
		}
		if len(c.Errors) == 0 {
			c.Update.Comment = record.CanonicalComment(c.Update.Comment) // a workbook's, too
			if s.ident != nil {
				s.ident.Add(c.Update)
			}
			return s.records.add(&c.Update, c.Source)
		}
		return nil
	})
	if err != nil {
		return convertcli.Rendered(err)
	}
	if !rep.OK() {
		return cli.Rejectedf("%d of %s invalid; nothing sent", rep.ErrorRecords, cli.Plural(rep.TotalRecords, "record"))
	}
	return nil
}

// notAccepted records in the journal what is known of a submission that
// was not accepted, and returns the error to report.
func (s *submitter) notAccepted(err error) error {
	state := submit.StateNotSent
	var rej *submit.RejectedError
	var unknown *submit.OutcomeUnknownError
	switch {
	case errors.As(err, &rej):
		state = submit.StateRejected
		if perr := s.printJSON(rejectedBody(rej)); perr != nil {
			s.say("%v", perr)
		}
	case errors.As(err, &unknown):
		state = submit.StateUnknown
	}
	jobID := ""
	if unknown != nil {
		jobID = unknown.JobID
	} else if rej != nil {
		jobID = rej.JobID
	}
	if jerr := s.record(jobID, state); jerr != nil && state != submit.StateUnknown {
		s.say("warning: the journal did not record that the submission was %s (%v): it still says Sending, so ait-submit refuses to send these updates again until --force", state, jerr)
	}
	return err
}

// finalStatus turns a job's final status into the run's outcome.
func (s *submitter) finalStatus(st *submit.JobStatus) error {
	switch st.Status {
	case submit.StatusCompleted:
		s.say("job %s Completed", st.JobID)
		return nil
	case submit.StatusFailed:
		return &submit.JobFailedError{Status: st}
	}
	return &submit.WaitTimeoutError{JobID: st.JobID, Last: st}
}
