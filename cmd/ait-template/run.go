package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/workbook"
)

const name = "ait-template"

// options are ait-template's flags: how to read the export (--sheet,
// --header-row, --map) and how to shape the tracker. It registers no other
// conversion flag: it reads no statuses, dates or metrics from the export.
type options struct {
	out, metricFormat, sheet, asOf, statuses string
	headerRow                                int
	maps                                     cli.Pairs
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := cli.NewCommand(name, doc)
	fs := cmd.Flags
	var o options
	cli.FileVar(fs, &o.out, "o", "", "write the tracker to `PATH` (required on a terminal)", ".xlsx")
	fs.StringVar(&o.statuses, "statuses", "", "the Status drop-down's choices, a comma-separated `LIST` (default: AchieveIt's seven)")
	cli.ChoiceVar(fs, &o.metricFormat, "metric-format", "percent", []string{"percent", "number"}, "Metric Value as a percentage (default) or a plain number")
	fs.StringVar(&o.asOf, "as-of", "", "prefill every row's As Of Date with `DATE`")
	fs.Brief("How to read the export, as ait-convert reads a tracker (see ait-convert -h):")
	fs.StringVar(&o.sheet, "sheet", "", "read the worksheet `NAME|N` of the export, by name (any case) or number")
	fs.IntVar(&o.headerRow, "header-row", 0, "the export's header is row `N`, counted from 1 (default: found in the first 20 rows)")
	fs.Var(&o.maps, "map", "read a column of the export as a field: `COL=FIELD`, e.g. 'Key=externalId'")
	cmd.Operands = cli.ExportExts
	inputs, err := cmd.Parse(args, stdout, stderr)
	fail := func(err error) int { return cmd.Exit(stderr, err) }
	out := o.out
	switch {
	case err != nil:
		return fail(err)
	case len(inputs) != 1 || inputs[0] == "-":
		return fail(cli.Usagef("give one export file: %s EXPORT -o tracker.xlsx", name))
	case (out == "" || out == "-") && cli.IsTerminal(stdout):
		return fail(cli.Usagef("a workbook is not for a terminal: give -o tracker.xlsx"))
	case out != "" && out != "-" && cli.SameFile(out, inputs[0]):
		return fail(cli.Usagef("-o %s would overwrite the export", out))
	}
	quiet := cmd.Quiet
	read, topts, err := o.check()
	if err != nil {
		return fail(err)
	}
	table, err := convert.OpenTable(ctx, inputs[0], read)
	if err != nil {
		return fail(convertcli.Rendered(err)) // a refusal with its choices as flags
	}
	items := newCounted(table)
	defer items.close()
	w, err := cli.CreateOutput(out, stdout)
	if err != nil {
		return fail(&cli.UsageError{Err: err})
	}
	defer w.Abort()
	err = workbook.WriteTemplate(w.Writer(), items, topts)
	if _, ok := errors.AsType[*workbook.CellTooLongError](err); ok {
		return fail(err) // about the export: it names the item; nothing is written
	}
	if items.err != nil {
		return fail(convertcli.Rendered(items.err)) // reading the export
	}
	if err == nil {
		err = w.Commit()
	}
	if err != nil {
		return fail(fmt.Errorf("writing %s: %w", w.Target(), err))
	}
	if !quiet {
		fmt.Fprintf(stderr, "%s: %s written: %s to fill in (sheet %q)\n", name, w.Target(), cli.Plural(items.n, "item"), workbook.TrackerSheet)
	}
	return cli.ExitOK
}

// check checks the flags' values: how to read the export, and the
// tracker's shape. A bad value is a *cli.UsageError.
func (o *options) check() (convert.Options, workbook.TemplateOptions, error) {
	read := convert.Options{Sheet: o.sheet, HeaderRow: o.headerRow, Columns: o.maps.Map()}
	topts := workbook.TemplateOptions{MetricNumber: o.metricFormat == "number"}
	if o.headerRow < 0 {
		return read, topts, cli.Usagef("--header-row %d: expected a row number from 1", o.headerRow)
	}
	for i, f := range o.maps.Values {
		if _, err := convert.ParseField(f); err != nil {
			return read, topts, cli.Usagef("--map %s=%s: %v", o.maps.Keys[i], f, err)
		}
	}
	if o.statuses != "" {
		st, err := schema.ParseStatuses(o.statuses)
		if err != nil {
			return read, topts, cli.Usagef("--statuses: %v", err)
		}
		topts.Statuses = st
	}
	if o.asOf != "" {
		d, err := convert.NormalizeDate(o.asOf, convert.OrderUnknown)
		if errors.Is(err, convert.ErrAmbiguousDate) {
			return read, topts, cli.Usagef("--as-of %q: the day and the month could be read either way; write the date as YYYY-MM-DD (such as 2025-09-30) or with the month's name (Sep 30, 2025)", o.asOf)
		}
		if err != nil {
			return read, topts, cli.Usagef("--as-of %q: %v", o.asOf, err)
		}
		topts.AsOf = d
	}
	if err := read.Check(); err != nil {
		return read, topts, &cli.UsageError{Err: err}
	}
	return read, topts, nil
}

// counted reads the export for the template, counts its items and keeps
// the error that ended the reading. At the end of the export it closes it
// and lets go of it: the template is written from a temporary file, and
// the reader's memory (a workbook's shared strings) is freed before the
// sheet is written.
type counted struct {
	table  *convert.TableReader
	header []string
	idCol  int
	n      int
	err    error
}

var _ workbook.Export = (*counted)(nil)

func newCounted(t *convert.TableReader) *counted {
	return &counted{table: t, header: t.Header, idCol: t.IDCol}
}

func (c *counted) Columns() ([]string, int) { return c.header, c.idCol }

func (c *counted) Next() ([]string, error) {
	if c.table == nil {
		return nil, io.EOF
	}
	row, err := c.table.Next()
	switch {
	case err == nil:
		c.n++
	case err == io.EOF:
		c.close()
	default:
		c.err = err
	}
	return row, err
}

func (c *counted) Place(col int) sheet.Place {
	if c.table == nil {
		return sheet.Place{Index: -1}
	}
	return c.table.Place(col)
}

func (c *counted) close() {
	if c.table != nil {
		c.table.Close()
		c.table = nil
	}
}
