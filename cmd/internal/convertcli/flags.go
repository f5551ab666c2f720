package convertcli

import (
	"context"
	"io"
	"strings"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// Flags are the flags that say how to read a spreadsheet, shared by
// every binary that converts its input: --sheet, --header-row, --map,
// --status-map, --statuses, --date-order, --as-of, --percent-points.
type Flags struct {
	sheet, dateOrder, asOf, statuses string
	headerRow, maxComment            int
	maxPartSize                      string
	maps, statusMaps                 cli.Pairs
	percentPoints, visibleOnly       bool
	decimalComma, decimalPoint       bool
}

// ReadingFlags introduces, in -h of a command that also reads workbooks,
// the flags that say how: fs.Brief(convertcli.ReadingFlags) before
// AddFlags.
const ReadingFlags = "For a workbook or tracker, ait-convert's flags say how to read it (see ait-convert -h):"

// AddFlags defines the conversion flags on fs. --statuses and
// --max-comment, which say what a record may hold, are defined last, among
// the command's own flags when the others are in a Brief section.
func AddFlags(fs *cli.FlagSet) *Flags {
	c := &Flags{}
	fs.StringVar(&c.sheet, "sheet", "", "read the worksheet `NAME|N`, by name (any case) or number (default: the one visible worksheet whose header row has an External ID column; several are refused, naming each with its row count)")
	fs.IntVar(&c.headerRow, "header-row", 0, "the header is row `N`, counted from 1 (default: found in the first 20 rows)")
	fs.Var(&c.maps, "map", "read a column as a field: `COL=FIELD`, FIELD one of externalId, status, metricValue, asOfDate, comment")
	fs.Var(statusPairs{&c.statusMaps}, "status-map", "translate a tracker's own status words: `FROM=TO`, e.g. 'Green=On Track' (FROM in any case), or several pairs in one: '1=On Track,3=Off Track'")
	cli.ChoiceVar(fs, &c.dateOrder, "date-order", "", []string{"mdy", "dmy"}, "how to read dates like 03/07/2025 when their column does not show it")
	fs.StringVar(&c.asOf, "as-of", "", "the As Of Date, `DATE`, of rows that have none")
	fs.BoolVar(&c.percentPoints, "percent-points", false, "bare numbers in the metric column are percentage points (54 means 0.54)")
	fs.BoolVar(&c.visibleOnly, "visible-only", false, "leave out rows hidden or filtered out in the workbook (default: they are converted, and the summary counts them)")
	fs.BoolVar(&c.decimalComma, "decimal-comma", false, "typed numbers use a decimal comma (1.234,5; 1,234 is 1.234)")
	fs.BoolVar(&c.decimalPoint, "decimal-point", false, "typed numbers use a decimal point (1,234 is 1234); without either, a number is read as it or its column shows, and one that reads both ways is refused")
	fs.StringVar(&c.maxPartSize, "max-part-size", "", "the most one workbook part may inflate to, a `SIZE` such as 8GiB (default 4GiB)")
	reading := fs.Section()
	fs.Brief("")
	fs.StringVar(&c.statuses, "statuses", "", "the organization's custom statuses, a comma-separated `LIST` that replaces AchieveIt's seven")
	fs.IntVar(&c.maxComment, "max-comment", 0, "the longest comment, `N` characters (default 32767, the API's)")
	fs.Brief(reading)
	return c
}

// Options checks the flags and returns them as convert.Options; a bad
// value is a *cli.UsageError.
func (c *Flags) Options() (convert.Options, error) {
	var o convert.Options
	o.Sheet = c.sheet
	o.PercentPoints = c.percentPoints
	o.VisibleOnly = c.visibleOnly
	if c.headerRow < 0 {
		return o, cli.Usagef("--header-row %d: expected a row number from 1", c.headerRow)
	}
	o.HeaderRow = c.headerRow
	for i, f := range c.maps.Values {
		if _, err := convert.ParseField(f); err != nil {
			return o, cli.Usagef("--map %s=%s: %v", c.maps.Keys[i], f, err)
		}
	}
	o.Columns = c.maps.Map()
	o.StatusMap = c.statusMaps.Map()
	if c.statuses != "" {
		st, err := schema.ParseStatuses(c.statuses)
		if err != nil {
			return o, cli.Usagef("--statuses: %v", err)
		}
		o.Statuses = st
	}
	for i, to := range c.statusMaps.Values {
		if _, ok := o.StatusesOrDefault().Canonical(to); !ok {
			return o, cli.Usagef("--status-map %s=%s: %q is not a status; expected one of %s", c.statusMaps.Keys[i], to, to, o.StatusesOrDefault())
		}
	}
	if c.dateOrder != "" {
		d, err := convert.ParseDateOrder(c.dateOrder)
		if err != nil {
			return o, cli.Usagef("--date-order: %v", err)
		}
		o.DateOrder = d
	}
	if c.asOf != "" {
		d, err := convert.NormalizeDate(c.asOf, o.DateOrder)
		if err != nil {
			return o, cli.Usagef("--as-of %q: %v", c.asOf, err)
		}
		o.AsOf = d
	}
	switch {
	case c.decimalComma && c.decimalPoint:
		return o, cli.Usagef("--decimal-comma and --decimal-point: give one")
	case c.decimalComma:
		o.Decimal = convert.SepComma
	case c.decimalPoint:
		o.Decimal = convert.SepPoint
	}
	if c.maxComment < 0 {
		return o, cli.Usagef("--max-comment %d: expected a number of characters", c.maxComment)
	}
	if c.maxComment > 0 {
		o.MaxComment = c.maxComment
		// A reader holds one cell of up to 4 bytes a character, and more
		// for the escapes it was written with.
		o.Limits.MaxCellBytes = max(sheet.DefaultLimits.MaxCellBytes, 8*c.maxComment+4096)
		o.Limits.MaxRowBytes = max(sheet.DefaultLimits.MaxRowBytes, 2*o.Limits.MaxCellBytes)
	}
	if c.maxPartSize != "" {
		n, err := cli.ParseSize(c.maxPartSize)
		if err != nil || n <= 0 {
			return o, cli.Usagef("--max-part-size %q: expected a size such as 4GiB or 500MB", c.maxPartSize)
		}
		o.Limits.MaxPartSize = n
	}
	if err := o.Check(); err != nil {
		return o, &cli.UsageError{Err: err}
	}
	return o, nil
}

// OpenInput opens a command's input: the file named, or standard input
// for "-". Its error prints the choices of a refusal as flags.
func OpenInput(ctx context.Context, name string, stdin io.Reader, opts convert.Options) (*convert.Reader, error) {
	var r *convert.Reader
	var err error
	if name == "-" {
		r, err = convert.NewReader(ctx, "<stdin>", stdin, opts)
	} else {
		r, err = convert.Open(ctx, name, opts)
	}
	return r, Rendered(err)
}

// statusPairs is --status-map: one FROM=TO pair, or several separated by
// commas ("3=Off Track,1=On Track"). A value whose pieces are not all
// pairs is one pair whose word has a comma in it.
type statusPairs struct{ *cli.Pairs }

func (p statusPairs) Set(v string) error {
	pieces := strings.Split(v, ",")
	for _, piece := range pieces {
		if !strings.Contains(piece, "=") || strings.TrimSpace(piece) == "" {
			return p.Pairs.Set(v)
		}
	}
	for _, piece := range pieces {
		if err := p.Pairs.Set(piece); err != nil {
			return err
		}
	}
	return nil
}
