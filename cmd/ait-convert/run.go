package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
)

const name = "ait-convert"

// options are ait-convert's flags, parsed.
type options struct {
	out         string
	format      record.Format
	conv        convert.Options
	skipInvalid bool
	bom         bool
	quiet       bool
	explain     cli.ExplainFlag
	inputs      []string
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	opts, err := parseFlags(cmd, args, stdout, stderr)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	return convertAll(ctx, opts, stdin, stdout, stderr)
}

func parseFlags(cmd *cli.Command, args []string, stdout, stderr io.Writer) (*options, error) {
	fs := cmd.Flags
	var (
		o      options
		format string
	)
	cli.FileVar(fs, &o.out, "o", "", "write the records to `PATH` (default: standard output); with several inputs, a directory that gets one output per input")
	cli.ChoiceVar(fs, &format, "f", "", []string{"csv", "json"}, "the output format (default: from the -o extension, else json)")
	conv := convertcli.AddFlags(fs)
	fs.BoolVar(&o.skipInvalid, "skip-invalid", false, "write the rows that convert and report the rest (the exit status is still 1 when a row was skipped)")
	fs.BoolVar(&o.bom, "bom", false, cli.BOMUsage)
	fs.Var(&o.explain, "explain", "write no records: show every decision (sheet, header row, each field's column and the ones passed over, date order, decimal separator, status words, counts, the first three records)")
	cmd.Operands = cli.InputExts
	inputs, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return nil, err
	}
	o.quiet = cmd.Quiet
	o.explain.Config = cmd.ConfigFile
	// Windows's shell leaves trackers\*.xlsx to the program.
	if o.inputs, err = cli.ExpandGlobs(inputs, runtime.GOOS == "windows"); err != nil {
		return nil, err
	}
	if len(o.inputs) == 0 {
		o.inputs = []string{"-"}
	}
	if o.conv, err = conv.Options(); err != nil {
		return nil, err
	}
	o.conv.ReadAhead = cli.ReadAhead(len(o.inputs))
	switch ext := strings.ToLower(filepath.Ext(o.out)); ext {
	case ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".numbers":
		return nil, cli.Usagef("-o %s: ait-convert writes CSV or JSON records (-o updates.csv or -o updates.json), not %s workbooks", o.out, ext)
	}
	switch {
	case format != "":
		f, err := record.ParseFormat(format)
		if err != nil {
			return nil, cli.Usagef("-f: %v", err)
		}
		o.format = f
	case strings.EqualFold(filepath.Ext(o.out), ".csv"):
		o.format = record.CSV
	default:
		o.format = record.JSON
	}
	return &o, nil
}

// job is one input and where its records go.
type job struct {
	input   string
	out     *cli.Output // its own output (-o FILE, -o DIR, or one input)
	spool   *cli.Spool  // or a fragment of the joined standard output
	code    int
	counts  convert.Stats
	columns string // the columns read, for the summary
}

func convertAll(ctx context.Context, o *options, stdin io.Reader, stdout, stderr io.Writer) int {
	o.inputs = skipLockFiles(o.inputs, stderr, o.quiet)
	if len(o.inputs) == 0 {
		return cli.ExitOK
	}
	if !o.quiet && slices.Contains(o.inputs, "-") && cli.StdinIsTerminal() {
		fmt.Fprintf(stderr, "%s: reading standard input (Ctrl-D ends it; or give a file)\n", name)
	}
	if o.explain.On {
		return explainAll(ctx, o, stdin, stdout, stderr)
	}
	jobs, joined, err := planOutputs(o, stdout)
	if err != nil {
		cli.PrintError(stderr, name, err)
		return cli.ExitUsage
	}
	progress := cli.StartProgress(stderr, name, o.quiet)
	errw := cli.NewLockedWriter(progress.Writer(stderr))
	diag := cli.NewOrdered(errw, len(jobs))
	var wg, finishing sync.WaitGroup
	next := make(chan int)
	workers := min(runtime.NumCPU(), len(jobs))
	// The output is committed (synced to disk and renamed) while the worker
	// goes on with the next input: a worker waiting for the disk would leave
	// its core idle. As many commits as workers wait at a time, so that a
	// thousand small inputs do not become a thousand syncs at once.
	pending := make(chan struct{}, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				finish := convertOne(ctx, o, jobs[i], stdin, diag.Writer(i), progress)
				pending <- struct{}{}
				finishing.Go(func() {
					jobs[i].code = finish()
					diag.Done(i)
					<-pending
				})
			}
		})
	}
	for _, i := range largestFirst(jobs) {
		next <- i
	}
	close(next)
	wg.Wait()
	finishing.Wait()
	progress.Stop()

	code := cli.ExitOK
	for _, j := range jobs {
		code = cli.Worst(code, j.code)
	}
	if joined != nil {
		code = cli.Worst(code, finishJoined(o, jobs, joined, code, errw))
	}
	if ctx.Err() != nil {
		fmt.Fprintf(errw, "%s: interrupted; %s\n", name, interruptedOutputs(jobs))
		code = cli.ExitInterrupted
	}
	return code
}

// skipLockFiles leaves out, of several inputs, the lock files Excel keeps
// beside an open workbook (~$tracker.xlsx), with a note: a glob such as
// *.xlsx takes them in while a tracker is open.
func skipLockFiles(inputs []string, stderr io.Writer, quiet bool) []string {
	if len(inputs) < 2 {
		return inputs
	}
	var out []string
	for _, in := range inputs {
		if strings.HasPrefix(filepath.Base(in), "~$") {
			if !quiet {
				fmt.Fprintf(stderr, "%s: skipping %s: a lock file Excel keeps while the workbook is open, not a workbook\n", name, in)
			}
			continue
		}
		out = append(out, in)
	}
	return out
}

// interruptedOutputs says what an interrupted run leaves: with -o DIR, the
// outputs of the inputs that had finished are complete and stay.
func interruptedOutputs(jobs []*job) string {
	var written []string
	for _, j := range jobs {
		if j.out != nil && j.out.Committed() {
			written = append(written, j.out.Target())
		}
	}
	if len(written) == 0 {
		return "nothing written"
	}
	return fmt.Sprintf("%s written before it (%s), %d not",
		cli.Plural(len(written), "output"), strings.Join(written, ", "), len(jobs)-len(written))
}

// largestFirst orders the jobs' indices by input size, largest first
// (standard input and what cannot be measured first): with more inputs than
// workers, a large input left for last would run alone on one core while
// the others idle. Outputs and messages keep the input order regardless.
func largestFirst(jobs []*job) []int {
	size := make([]int64, len(jobs))
	order := make([]int, len(jobs))
	for i, j := range jobs {
		order[i] = i
		size[i] = math.MaxInt64
		if st, err := os.Stat(j.input); j.input != "-" && err == nil {
			size[i] = st.Size()
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	return order
}

// planOutputs decides where each input's records go: one output for one
// input; with several, one file each in the -o directory, or fragments
// joined on standard output.
func planOutputs(o *options, stdout io.Writer) ([]*job, *cli.Output, error) {
	jobs := make([]*job, len(o.inputs))
	stdins := 0
	for i, in := range o.inputs {
		jobs[i] = &job{input: in}
		if in == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return nil, nil, cli.Usagef("standard input (-) can be read only once")
	}
	outIsDir := false
	if o.out != "" && o.out != "-" {
		if st, err := os.Stat(o.out); err == nil && st.IsDir() {
			outIsDir = true
		} else if len(jobs) > 1 || strings.HasSuffix(o.out, "/") || strings.HasSuffix(o.out, string(os.PathSeparator)) {
			if err == nil {
				return nil, nil, cli.Usagef("-o %s: with several inputs, -o must be a directory", o.out)
			}
			if err := os.MkdirAll(o.out, 0o755); err != nil {
				return nil, nil, &cli.UsageError{Err: err}
			}
			outIsDir = true
		}
	}
	cleanup := func() {
		for _, j := range jobs {
			if j.out != nil {
				j.out.Abort()
			}
			if j.spool != nil {
				j.spool.Close()
			}
		}
	}
	switch {
	case outIsDir:
		seen := map[string]string{}
		for _, j := range jobs {
			if j.input == "-" {
				cleanup()
				return nil, nil, cli.Usagef("-o %s: standard input has no name to give its output; use -o FILE", o.out)
			}
			base := strings.TrimSuffix(filepath.Base(j.input), filepath.Ext(j.input))
			target := filepath.Join(o.out, base+"."+string(o.format))
			if prev, dup := seen[target]; dup {
				cleanup()
				return nil, nil, cli.Usagef("%s and %s would both be written to %s", prev, j.input, target)
			}
			seen[target] = j.input
			if err := checkNotInput(target, o.inputs); err != nil {
				cleanup()
				return nil, nil, err
			}
			out, err := cli.CreateOutput(target, stdout)
			if err != nil {
				cleanup()
				return nil, nil, &cli.UsageError{Err: err}
			}
			j.out = out
		}
		return jobs, nil, nil
	case len(jobs) == 1:
		if err := checkNotInput(o.out, o.inputs); err != nil {
			return nil, nil, err
		}
		out, err := cli.CreateOutput(o.out, stdout)
		if err != nil {
			return nil, nil, &cli.UsageError{Err: err}
		}
		jobs[0].out = out
		return jobs, nil, nil
	}
	joined, err := cli.CreateOutput(o.out, stdout)
	if err != nil {
		return nil, nil, &cli.UsageError{Err: err}
	}
	for _, j := range jobs {
		s, err := cli.NewSpool()
		if err != nil {
			cleanup()
			joined.Abort()
			return nil, nil, err
		}
		j.spool = s
	}
	return jobs, joined, nil
}

func checkNotInput(target string, inputs []string) error {
	if target == "" || target == "-" {
		return nil
	}
	for _, in := range inputs {
		if in != "-" && (cli.SameFile(in, target) || filepath.Clean(in) == filepath.Clean(target)) {
			return cli.Usagef("-o %s would overwrite the input %s", target, in)
		}
	}
	return nil
}

// convertOne converts one input into its output or fragment, printing its
// errors, and returns what finishes the job: it commits the output and
// prints the summary (unless the input failed) and gives the exit status.
func convertOne(ctx context.Context, o *options, j *job, stdin io.Reader, errw io.Writer, progress *cli.Progress) (finish func() int) {
	var r *convert.Reader
	var err error
	label := j.input
	// fail abandons this input's output and reports why, once.
	fail := func(err error) func() int {
		abortJob(j)
		code := cli.ExitInterrupted
		if ctx.Err() == nil {
			cli.PrintError(errw, name, convertcli.Rendered(err))
			code = cli.ExitCode(err)
		}
		return func() int { return code }
	}
	opts := o.conv
	if j.input == "-" {
		label = "<stdin>"
		r, err = convert.NewReader(ctx, label, stdin, opts)
	} else {
		r, err = convert.Open(ctx, j.input, opts)
	}
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	if len(o.inputs) == 1 {
		progress.Of(r.Progress)
	}

	var w record.Writer
	if j.out != nil {
		if o.bom && o.format == record.CSV {
			if _, err := io.WriteString(j.out.Writer(), cli.ByteOrderMark); err != nil {
				return fail(err)
			}
		}
		w = record.NewWriter(j.out.Writer(), o.format)
	} else {
		w = record.NewFragmentWriter(j.spool, o.format)
	}
	groups := cli.NewErrorGroups(errw)
	defer groups.Close()
	var rec convert.Record // declared once: it escapes into the writer
	// The progress count is shared by the workers: it is added to every
	// 1,024 records, not every record, or the two cores would pass its cache
	// line back and forth all the time.
	for n := 0; ; n++ {
		if n&1023 == 0 {
			if ctx.Err() != nil {
				return fail(ctx.Err())
			}
			if n > 0 {
				progress.Count.Add(1024)
			}
		}
		rec, err = r.Next()
		if err == io.EOF {
			progress.Count.Add(int64(n & 1023))
			break
		}
		if re, ok := errors.AsType[*record.RowError](err); ok {
			for _, fe := range re.Errors {
				groups.Add(fe, convertcli.WithChoices(fe.Error(), fe))
			}
			continue
		}
		if err != nil {
			return fail(err)
		}
		if err := w.Write(&rec.Update); err != nil {
			return fail(fmt.Errorf("writing %s: %w", label, err))
		}
	}
	if err := w.Close(); err != nil {
		return fail(fmt.Errorf("writing %s: %w", label, err))
	}
	groups.Flush(label, opts.StatusesOrDefault())
	j.counts = r.Stats()
	j.columns = convertcli.ColumnsUsed(r.Explain())
	code := cli.ExitOK
	if j.counts.Invalid > 0 {
		code = cli.ExitRejected
	}
	return func() int {
		write := code == cli.ExitOK || o.skipInvalid
		if j.out != nil {
			if !write {
				j.out.Abort()
			} else if err := j.out.Commit(); err != nil {
				cli.PrintError(errw, name, fmt.Errorf("writing %s: %w", j.out.Target(), err))
				return cli.ExitUsage
			}
		}
		if !o.quiet {
			verb := "written"
			if j.out == nil {
				verb = "converted" // the joined output is written (or not) at the end
			}
			fmt.Fprintln(errw, summary(label, j.counts, j.columns, write, o.skipInvalid, verb))
		}
		return code
	}
}

func abortJob(j *job) {
	if j.out != nil {
		j.out.Abort()
	}
}

func summary(label string, s convert.Stats, columns string, written, skipInvalid bool, verb string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: ", label)
	if s.Sheet != "" {
		fmt.Fprintf(&b, "sheet %q, ", s.Sheet)
	}
	switch {
	case written:
		fmt.Fprintf(&b, "%s %s", cli.Plural(s.Records, "record"), verb)
	default:
		fmt.Fprintf(&b, "nothing written (%s would convert; --skip-invalid writes them)", cli.Plural(s.Records, "record"))
	}
	if s.Rows == 0 && s.HeaderRow > 0 {
		fmt.Fprintf(&b, "; there is no row of data after the header (row %d)", s.HeaderRow)
	} else if s.Rows == 0 {
		b.WriteString("; the input has no row of data")
	}
	if s.Skipped > 0 {
		fmt.Fprintf(&b, ", %s without an update skipped", cli.Plural(s.Skipped, "row"))
	}
	if s.Invalid > 0 {
		fmt.Fprintf(&b, ", %s with errors", cli.Plural(s.Invalid, "row"))
		if written && skipInvalid {
			b.WriteString(" left out")
		}
	}
	if s.Hidden > 0 {
		fmt.Fprintf(&b, ", %s hidden or filtered out in the workbook converted (--visible-only leaves them out)", cli.Plural(s.Hidden, "row"))
	}
	if s.LeftOut > 0 {
		fmt.Fprintf(&b, ", %s hidden or filtered out left out (--visible-only)", cli.Plural(s.LeftOut, "row"))
	}
	if s.Computed > 0 {
		fmt.Fprintf(&b, "; %s computed (the workbook was saved without their values)", cli.Plural(s.Computed, "formula"))
	}
	if columns != "" {
		fmt.Fprintf(&b, "; columns: %s", columns)
	}
	return b.String()
}

// finishJoined writes the fragments of several inputs as one output on
// standard output: all of them, or (when one failed and --skip-invalid is
// not given) nothing.
func finishJoined(o *options, jobs []*job, joined *cli.Output, code int, errw io.Writer) int {
	defer func() {
		for _, j := range jobs {
			j.spool.Close()
		}
	}()
	if code != cli.ExitOK && !o.skipInvalid || code == cli.ExitInterrupted {
		joined.Abort()
		if !o.quiet && code != cli.ExitInterrupted {
			fmt.Fprintf(errw, "%s: nothing written: an input failed (--skip-invalid writes the records of the others)\n", name)
		}
		return code
	}
	frags := make([]io.Reader, 0, len(jobs))
	sizes := make([]int64, 0, len(jobs))
	for _, j := range jobs {
		if j.code == cli.ExitUsage {
			continue
		}
		r, err := j.spool.Reader()
		if err != nil {
			joined.Abort()
			cli.PrintError(errw, name, err)
			return cli.ExitUsage
		}
		frags = append(frags, r)
		sizes = append(sizes, j.spool.Size())
	}
	var err error
	if o.bom && o.format == record.CSV {
		_, err = io.WriteString(joined.Writer(), cli.ByteOrderMark)
	}
	if err == nil {
		err = record.JoinFragments(joined.Writer(), o.format, frags, sizes)
	}
	if err != nil {
		joined.Abort()
		cli.PrintError(errw, name, err)
		return cli.ExitUsage
	}
	if err := joined.Commit(); err != nil {
		cli.PrintError(errw, name, err)
		return cli.ExitUsage
	}
	return code
}
