package main

import (
	"context"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/workbook"
)

const name = "ait-template"

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	fs := cmd.Flags
	var out, metricFormat string
	fs.StringVar(&out, "o", "", "")
	fs.StringVar(&metricFormat, "metric-format", "percent", "")
	conv := cli.AddConvertFlags(fs)
	inputs, err := cmd.Parse(args, stdout, stderr)
	fail := func(err error) int { return cmd.Exit(stderr, err) }
	switch {
	case err != nil:
		return fail(err)
	case len(inputs) != 1 || inputs[0] == "-":
		return fail(cli.Usagef("give one export file: %s EXPORT -o tracker.xlsx", name))
	case metricFormat != "percent" && metricFormat != "number":
		return fail(cli.Usagef("--metric-format %q: expected percent or number", metricFormat))
	case (out == "" || out == "-") && cli.IsTerminal(stdout):
		return fail(cli.Usagef("a workbook is not for a terminal: give -o tracker.xlsx"))
	case out != "" && out != "-" && cli.SameFile(out, inputs[0]):
		return fail(cli.Usagef("-o %s would overwrite the export", out))
	}
	quiet := cmd.Quiet
	copts, err := conv.Options()
	if err != nil {
		return fail(err)
	}
	table, err := convert.ReadTable(ctx, inputs[0], convert.Options{Sheet: copts.Sheet, HeaderRow: copts.HeaderRow, Columns: copts.Columns})
	if err != nil {
		return fail(err)
	}
	o, err := cli.CreateOutput(out, stdout)
	if err != nil {
		return fail(&cli.UsageError{Err: err})
	}
	defer o.Abort()
	err = workbook.WriteTemplate(o.Writer(), table, workbook.TemplateOptions{
		Statuses: copts.Statuses, MetricNumber: metricFormat == "number", AsOf: copts.AsOf,
	})
	if err == nil {
		err = o.Commit()
	}
	if err != nil {
		return fail(fmt.Errorf("writing %s: %w", o.Target(), err))
	}
	if !quiet {
		fmt.Fprintf(stderr, "%s: %s written: %s to fill in (sheet %q)\n", name, o.Target(), cli.Plural(len(table.Rows), "item"), workbook.TrackerSheet)
	}
	return cli.ExitOK
}
