package main

import (
	"context"
	"errors"
	"io"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
)

// explainAll reads every input as a conversion would, writes no records,
// and prints every decision taken: sheet, header row, columns, how dates,
// numbers and statuses are read, what became of the rows, the first three
// records. The exit status is the conversion's.
func explainAll(ctx context.Context, o *options, stdin io.Reader, stdout, stderr io.Writer) int {
	code := cli.ExitOK
	var exps []*convert.Explanation
	for _, in := range o.inputs {
		r, err := convertcli.OpenInput(ctx, in, stdin, o.conv)
		if err != nil {
			cli.PrintError(stderr, name, convertcli.Rendered(err))
			code = cli.Worst(code, cli.ExitCode(err))
			continue
		}
		var first []convert.Record
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if _, ok := errors.AsType[*record.RowError](err); ok {
				continue
			}
			if err != nil {
				cli.PrintError(stderr, name, convertcli.Rendered(err))
				code = cli.Worst(code, cli.ExitCode(err))
				break
			}
			if len(first) < 3 {
				first = append(first, rec)
			}
		}
		e := r.Explain()
		for _, rec := range first {
			e.First = append(e.First, rec.Update)
		}
		if e.Rows.Failed > 0 {
			code = cli.Worst(code, cli.ExitRejected)
		}
		r.Close()
		exps = append(exps, e)
	}
	if len(exps) > 0 {
		if err := convertcli.PrintExplanations(stdout, exps, o.explain); err != nil {
			cli.PrintError(stderr, name, convertcli.Rendered(err))
			return cli.ExitUsage
		}
	}
	return code
}
