package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
	"github.com/aitkit/aitkit/workbook"
)

const name = "ait-validate"

type options struct {
	input       string
	ids         string
	schemaPath  string
	report      bool
	printSchema bool
	annotate    string
	quiet       bool
	explain     cli.ExplainFlag
	idsColumn   string
	bom         bool
	conv        convert.Options
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	o, err := parseFlags(cmd, args, stdout, stderr)
	if err != nil {
		return cmd.Exit(stderr, err)
	}
	if o.printSchema {
		stdout.Write(schema.JSON)
		return cli.ExitOK
	}
	code, err := check(ctx, o, stdin, stdout, stderr)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintf(stderr, "%s: interrupted; nothing written\n", name)
			return cli.ExitInterrupted
		}
		return cmd.Exit(stderr, err)
	}
	return code
}

func parseFlags(cmd *cli.Command, args []string, stdout, stderr io.Writer) (*options, error) {
	fs := cmd.Flags
	var o options
	var report string
	cli.FileVar(fs, &o.ids, "ids", "", "an External IDs export, `EXPORT` (a workbook or CSV): every externalId must be listed in it", cli.ExportExts...)
	fs.StringVar(&o.idsColumn, "ids-column", "", "the export's ID column, `NAME`, when it is not called External ID")
	fs.Var(&o.explain, "explain", "check, write no records, and show how the input was read (sheet, header, columns, statuses) and the counts")
	cli.ChoiceVar(fs, &report, "report", "", []string{"json"}, "print the report (the API's 400 shape, with sources) on standard output instead of the records")
	cli.FileVar(fs, &o.annotate, "annotate", "", "for a workbook (a file, or on standard input): write a copy of it to `OUT.xlsx` in which every cell with an error is red and carries a comment, with a first sheet \"Validation\" listing the errors with links to their cells (the input is never modified)", ".xlsx")
	cli.FileVar(fs, &o.schemaPath, "schema", "", "check with the JSON Schema in `PATH` instead of the embedded one", ".json")
	fs.BoolVar(&o.printSchema, "print-schema", false, "print the embedded JSON Schema and exit")
	fs.BoolVar(&o.bom, "bom", false, cli.BOMUsage)
	fs.Brief(convertcli.ReadingFlags)
	conv := convertcli.AddFlags(fs)
	fs.SetUsage("q", "print nothing but errors (no warnings, no summary)")
	cmd.Operands = cli.InputExts
	inputs, err := cmd.Parse(args, stdout, stderr)
	if err != nil {
		return nil, err
	}
	o.quiet = cmd.Quiet
	o.explain.Config = cmd.ConfigFile
	switch report {
	case "":
	case "json":
		o.report = true
	default:
		return nil, cli.Usagef("--report %q: the report is json", report)
	}
	if o.input, err = cli.OneInput(inputs); err != nil {
		return nil, err
	}
	if o.conv, err = conv.Options(); err != nil {
		return nil, err
	}
	o.conv.ReadAhead = cli.ReadAhead(1)
	if o.annotate != "" {
		if f, _ := convert.FormatOf(o.input); o.input != "-" && f != convert.FormatXLSX {
			return nil, cli.Usagef("--annotate marks the errors in a copy of a workbook: give the .xlsx file itself, not %s", o.input)
		}
		if cli.SameFile(o.annotate, o.input) || o.annotate == o.input {
			return nil, cli.Usagef("--annotate %s would overwrite the input; the input is never modified", o.annotate)
		}
	}
	return &o, nil
}

// check validates the input and writes the records or the report. Its
// error is about the input or the environment; rejected records give exit
// status 1 with a nil error.
func check(ctx context.Context, o *options, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	vopts := validate.Options{Statuses: o.conv.Statuses, MaxComment: o.conv.MaxComment}
	if o.schemaPath != "" {
		b, err := os.ReadFile(o.schemaPath)
		if err != nil {
			return 0, &cli.UsageError{Err: fmt.Errorf("--schema: %w", err)}
		}
		vopts.Schema = b
	}
	if o.ids != "" {
		ids, err := readIDs(ctx, o.ids, o.idsColumn)
		if err != nil {
			return 0, &cli.UsageError{Err: fmt.Errorf("--ids: %w", err)}
		}
		vopts.KnownIDs = ids
	}
	v, err := validate.New(vopts)
	if err != nil {
		return 0, &cli.UsageError{Err: err}
	}
	workbookPath := o.input // what --annotate copies
	if o.annotate != "" && o.input == "-" {
		f, err := spoolWorkbook(ctx, stdin)
		if err != nil {
			return 0, err
		}
		defer func() { f.Close(); os.Remove(f.Name()) }()
		stdin, workbookPath = f, f.Name()
	}
	copts := o.conv
	copts.View = convert.ViewAsWritten
	src, err := convertcli.OpenInput(ctx, o.input, stdin, copts)
	if err != nil {
		return 0, err
	}
	defer src.Close()

	// The records, or the report, are spooled and reach stdout only when
	// the whole input was read: an input error leaves stdout empty.
	out, err := cli.CreateOutput("", stdout)
	if err != nil {
		return 0, err
	}
	defer out.Abort()
	var w record.Writer
	var rw *validate.ReportWriter
	if o.report {
		rw = validate.NewReportWriter(out.Writer())
	} else {
		if o.bom && outputFormat(src) == record.CSV {
			if _, err := io.WriteString(out.Writer(), cli.ByteOrderMark); err != nil {
				return 0, err
			}
		}
		w = record.NewWriter(out.Writer(), outputFormat(src))
	}
	if o.explain.On {
		return explain(ctx, o, v, src, stdout, stderr)
	}
	progress := cli.StartProgress(stderr, name, o.quiet)
	var marks *workbook.Annotator // kept on disk: a million marks cost no memory
	if o.annotate != "" {
		marks = workbook.NewAnnotator()
		defer marks.Close()
	}
	groups := cli.NewErrorGroups(stderr)
	defer groups.Close()
	groups.AsWritten = src.AsWritten()
	rep, err := v.Run(ctx, src.Written(), func(c *validate.Checked) error {
		progress.Count.Add(1)
		if len(c.Errors) > 0 {
			progress.Clear()
		}
		for _, fe := range c.Errors {
			groups.Add(fe, convertcli.WithChoices(validate.Line(fe, c.Source), fe))
			if o.annotate != "" {
				p := fe.Place
				if p.Sheet == "" {
					p = c.Place // a check of the whole row: its External ID cell
				}
				if err := marks.Add(workbook.Mark{Sheet: p.Sheet, Cell: p.Cell, Field: fe.Field, Value: fe.Value, Message: fe.Message()}); err != nil {
					return err
				}
			}
		}
		if rw != nil {
			if err := rw.Add(c); err != nil {
				return err
			}
		}
		if !o.quiet {
			for _, warn := range c.Warnings {
				fmt.Fprintf(stderr, "%s: warning: %s\n", c.Source, warn)
			}
		}
		if w != nil && len(c.Errors) == 0 {
			return w.Write(&c.Update)
		}
		return nil
	})
	progress.Stop()
	if err != nil {
		return 0, convertcli.Rendered(err)
	}
	label := o.input
	if label == "-" {
		label = "<stdin>"
	}
	groups.Flush(label, v.Statuses())
	if !o.quiet {
		for _, w := range rep.Warnings {
			fmt.Fprintf(stderr, "%s: warning: %s\n", w.Source, w.Message)
		}
	}
	if o.report {
		if err := rw.Close(rep); err != nil {
			return 0, err
		}
		if err := out.Commit(); err != nil {
			return 0, err
		}
	} else if rep.OK() {
		if err := w.Close(); err != nil {
			return 0, err
		}
		if err := out.Commit(); err != nil {
			return 0, err
		}
	}
	if o.annotate != "" {
		if err := annotate(o, workbookPath, rep, marks, stdout); err != nil {
			return 0, fmt.Errorf("--annotate %s: %w", o.annotate, err)
		}
		if !o.quiet {
			fmt.Fprintf(stderr, "%s: %s marks %s in red (open its %q sheet)\n", name, o.annotate, cli.Plural(marks.Len(), "error"), workbook.ValidationSheet)
		}
	}
	if !o.quiet {
		fmt.Fprintln(stderr, summary(o.input, rep, o.report))
	}
	if !rep.OK() {
		return cli.ExitRejected, nil
	}
	return cli.ExitOK, nil
}

// readIDs reads the External IDs export at path (a workbook or delimited
// text) by the rule every binary uses (validate.ReadIDRows).
func readIDs(ctx context.Context, path, column string) (map[string]bool, error) {
	rows, err := convert.OpenIDRows(ctx, path, column, convert.Options{ReadAhead: cli.ReadAhead(1)})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids, err := validate.ReadIDRows(ctx, path, rows, column)
	if errors.Is(err, validate.ErrNoIDColumn) && column == "" {
		err = fmt.Errorf("%w; if the export calls its ID column otherwise, give --ids-column NAME", err)
	}
	return ids, err
}

// explain validates the input, writes no records, and prints what was
// decided reading it, with the counts of valid and invalid records.
func explain(ctx context.Context, o *options, v *validate.Validator, src *convert.Reader, stdout, stderr io.Writer) (int, error) {
	var first []schema.Update
	rep, err := v.Run(ctx, src.Written(), func(c *validate.Checked) error {
		if len(c.Errors) == 0 && len(first) < 3 {
			first = append(first, c.Update)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	e := src.Explain()
	e.First = first
	e.Rows.Convert, e.Rows.Failed = rep.ValidRecords, rep.ErrorRecords
	if err := convertcli.PrintExplanations(stdout, []*convert.Explanation{e}, o.explain); err != nil {
		return 0, err
	}
	if !rep.OK() {
		return cli.ExitRejected, nil
	}
	return cli.ExitOK, nil
}

// outputFormat is the format valid records pass through in: the input's
// own for records in the import API's format, JSON for a converted
// workbook, CSV for a converted tracker CSV.
func outputFormat(r *convert.Reader) record.Format {
	if r.Format() == convert.FormatDelimited {
		return record.CSV
	}
	return record.JSON
}

func summary(input string, rep *validate.Report, report bool) string {
	if input == "-" {
		input = "<stdin>"
	}
	n := rep.FieldErrors
	records := cli.Plural(rep.TotalRecords, "record")
	errs := cli.Plural(n, "error")
	switch {
	case rep.TotalRecords == 0:
		return fmt.Sprintf("%s: no records to check; the input has no row of data", input)
	case rep.OK():
		return fmt.Sprintf("%s: %s, all valid", input, records)
	case report:
		return fmt.Sprintf("%s: %d of %s invalid (%s)", input, rep.ErrorRecords, records, errs)
	}
	return fmt.Sprintf("%s: %d of %s invalid (%s); nothing written", input, rep.ErrorRecords, records, errs)
}

// spoolWorkbook copies a workbook given on standard input to a temporary
// file, for --annotate to copy it again with the marks: it is read twice.
// The file is positioned at its start; the caller removes it.
func spoolWorkbook(ctx context.Context, stdin io.Reader) (*os.File, error) {
	f, err := os.CreateTemp("", "ait-validate-stdin-*.xlsx")
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*os.File, error) {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	if _, err := io.Copy(f, stdin); err != nil {
		return fail(err)
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	head := make([]byte, 4)
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != "PK\x03\x04" {
		return fail(cli.Usagef("--annotate marks the errors in a copy of a workbook: standard input is not an .xlsx workbook"))
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	return f, nil
}

// annotate writes the marked copy of the workbook at path, atomically.
func annotate(o *options, path string, rep *validate.Report, marks *workbook.Annotator, stdout io.Writer) error {
	out, err := cli.CreateOutput(o.annotate, stdout)
	if err != nil {
		return err
	}
	defer out.Abort()
	counts := workbook.Counts{Total: rep.TotalRecords, Valid: rep.ValidRecords, Invalid: rep.ErrorRecords}
	if err := marks.Write(path, out.Writer(), counts); err != nil {
		return err
	}
	return out.Commit()
}
