package cli

import (
	"context"
	"flag"
	"io"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
)

// ConvertFlags are the flags that say how to read a spreadsheet, shared by
// every binary that converts its input: --sheet, --header-row, --map,
// --status-map, --statuses, --date-order, --as-of, --percent-points.
type ConvertFlags struct {
	sheet, dateOrder, asOf, statuses string
	headerRow                        int
	maps, statusMaps                 Pairs
	percentPoints                    bool
}

// AddConvertFlags defines the conversion flags on fs.
func AddConvertFlags(fs *flag.FlagSet) *ConvertFlags {
	c := &ConvertFlags{}
	fs.StringVar(&c.sheet, "sheet", "", "")
	fs.IntVar(&c.headerRow, "header-row", 0, "")
	fs.Var(&c.maps, "map", "")
	fs.Var(&c.statusMaps, "status-map", "")
	fs.StringVar(&c.statuses, "statuses", "", "")
	fs.StringVar(&c.dateOrder, "date-order", "", "")
	fs.StringVar(&c.asOf, "as-of", "", "")
	fs.BoolVar(&c.percentPoints, "percent-points", false, "")
	return c
}

// Options checks the flags and returns them as convert.Options; a bad
// value is a *UsageError.
func (c *ConvertFlags) Options() (convert.Options, error) {
	var o convert.Options
	o.Sheet = c.sheet
	o.PercentPoints = c.percentPoints
	if c.headerRow < 0 {
		return o, Usagef("--header-row %d: expected a row number from 1", c.headerRow)
	}
	o.HeaderRow = c.headerRow
	for i, f := range c.maps.Values {
		if _, err := convert.ParseField(f); err != nil {
			return o, Usagef("--map %s=%s: %v", c.maps.Keys[i], f, err)
		}
	}
	o.Columns = c.maps.Map()
	o.StatusMap = c.statusMaps.Map()
	if c.statuses != "" {
		st, err := schema.ParseStatuses(c.statuses)
		if err != nil {
			return o, Usagef("--statuses: %v", err)
		}
		o.Statuses = st
	}
	if c.dateOrder != "" {
		d, err := convert.ParseDateOrder(c.dateOrder)
		if err != nil {
			return o, Usagef("--date-order: %v", err)
		}
		o.DateOrder = d
	}
	if c.asOf != "" {
		d, err := convert.NormalizeDate(c.asOf, o.DateOrder)
		if err != nil {
			return o, Usagef("--as-of %q: %v", c.asOf, err)
		}
		o.AsOf = d
	}
	if err := o.Check(); err != nil {
		return o, &UsageError{Err: err}
	}
	return o, nil
}

// OpenInput opens a command's input: the file named, or standard input
// for "-".
func OpenInput(ctx context.Context, name string, stdin io.Reader, opts convert.Options) (*convert.Reader, error) {
	if name == "-" {
		return convert.NewReader(ctx, "<stdin>", stdin, opts)
	}
	return convert.Open(ctx, name, opts)
}
