package convert

import (
	"fmt"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// Options are the choices of a conversion, as the commands' flags give
// them. The zero value reads with the defaults (AchieveIt's seven
// statuses, every input converted).
type Options struct {
	Sheet         string            // worksheet name or 1-based number; "" finds it
	HeaderRow     int               // 1-based header row; 0 finds it
	Columns       map[string]string // source column -> field (--map)
	StatusMap     map[string]string // tracker status -> status (--status-map)
	Statuses      schema.Statuses   // the organization's statuses; zero means the default seven
	DateOrder     DateOrder         // how to read 03/07/2025
	Decimal       Separator         // how to read 1,234; SepUnknown reads what the value or its column shows
	AsOf          string            // YYYY-MM-DD for rows without a date
	PercentPoints bool              // bare metric numbers are percentage points
	VisibleOnly   bool              // leave out rows hidden or filtered out in a workbook
	Format        Format            // force a format; FormatAuto tells it from name and bytes
	View          View              // how to read records already in the import API's format
	Limits        sheet.Limits      // what a reader accepts; zero fields take their defaults
	MaxComment    int               // the longest comment, in characters; 0 means schema.DefaultMaxCommentLen
	// ReadAhead reads the input on goroutines of its own (inflating a
	// workbook's part, parsing delimited text) a few batches ahead of the
	// conversion, so that the two use two cores. It pays while a core
	// would be idle, and is overhead when every core converts an input of
	// its own: the caller, who knows how many inputs it reads at once,
	// decides.
	ReadAhead bool

	// queueLimit is how many rows that wait for their column (and the
	// rows after them) are kept in memory before the rest go to a
	// temporary file; 0 takes the default. Internal: tests lower it.
	queueLimit int
}

// View says how an input in the import API's own format (a JSON array of
// records, a CSV with the import header or none) is read.
type View int

// Views.
const (
	// ViewConvert converts every input: keys and headers are matched with
	// their aliases, values normalized ("54%" is 0.54). ait-convert's view.
	ViewConvert View = iota
	// ViewAsWritten reads an input in the API's format as it is written,
	// for a checker ([Reader.Written]), and converts any other input (a
	// workbook, a tracker CSV). ait-validate's and ait-submit's view. (The
	// import API's own view of a request body is record.NewReader.)
	ViewAsWritten
)

// Check reports options that cannot work, such as a --status-map whose
// target is not a status, before any input is read.
func (o Options) Check() error {
	_, err := newNormalizer(o)
	if err != nil {
		return err
	}
	_, err = NewHeaderMatcher(o.Columns)
	return err
}

// StatusesOrDefault is the statuses the options read: the organization's,
// or AchieveIt's seven.
func (o Options) StatusesOrDefault() schema.Statuses { return o.statuses() }

func (o Options) statuses() schema.Statuses {
	if len(o.Statuses.Names()) == 0 {
		return schema.DefaultStatuses()
	}
	return o.Statuses
}

func (o Options) checkAsOf() error {
	if o.AsOf == "" {
		return nil
	}
	if d, err := NormalizeDate(o.AsOf, OrderUnknown); err != nil || d != o.AsOf {
		return fmt.Errorf("as-of date %q: expected YYYY-MM-DD", o.AsOf)
	}
	return nil
}
