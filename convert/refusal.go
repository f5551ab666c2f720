package convert

import (
	"errors"

	"github.com/aitkit/aitkit/sheet"
)

// Option names a choice of [Options] that settles a refusal, spelled like
// the long flag that sets it on the command line ("date-order"), so that a
// front end can offer it: the commands as a flag, a web page as a button.
// The package's messages never name flags; they name Options.
type Option string

// The options a refusal can offer.
const (
	OptSheet         Option = "sheet"          // Options.Sheet
	OptHeaderRow     Option = "header-row"     // Options.HeaderRow
	OptMap           Option = "map"            // Options.Columns: "COLUMN=field"
	OptDateOrder     Option = "date-order"     // Options.DateOrder: "mdy" or "dmy"
	OptDecimalComma  Option = "decimal-comma"  // Options.Decimal = SepComma
	OptDecimalPoint  Option = "decimal-point"  // Options.Decimal = SepPoint
	OptPercentPoints Option = "percent-points" // Options.PercentPoints
	OptStatusMap     Option = "status-map"     // Options.StatusMap: "FROM=TO"
	OptAsOf          Option = "as-of"          // Options.AsOf: YYYY-MM-DD
)

// Question is the kind of decision a refusal asks the user to take.
type Question string

// The questions.
const (
	AskSheet         Question = "sheet"             // which worksheet
	AskHeaderRow     Question = "header-row"        // which row is the header
	AskColumn        Question = "column"            // which column is a field
	AskDateOrder     Question = "date-order"        // month or day first
	AskDecimal       Question = "decimal-separator" // comma or point
	AskPercentPoints Question = "percent-points"    // 54 means 54% or 5400%
	AskStatusMap     Question = "status-map"        // what a tracker's status word means
	AskAsOf          Question = "as-of"             // the date of rows that have none
)

// Choice is one answer to a refusal's question: the option that gives it
// and its value. Its JSON is the one a web page's refusal uses:
// {"flag", "value", "label", "evidence"}.
type Choice struct {
	Option Option `json:"flag"`
	// Value is the option's argument: "dmy", "Q2", "F=metricValue";
	// "true" for a switch; for a status map the word and "=" ("Green=")
	// for the user to complete with a status; "" for a value the user
	// gives (a header row, an as-of date).
	Value string `json:"value"`
	// Label says the choice in plain words: "read 03/07/2025 as March 7".
	Label string `json:"label"`
	// Evidence is what in the input points to this choice, if anything.
	Evidence string `json:"evidence,omitempty"`
}

// Refusal is a question the input leaves open and the package will not
// answer by guessing: which sheet, which column, which date order, which
// decimal separator, whether 54 means 54%, what a status word means. It
// carries the choices that settle it, as data. A refusal of the whole
// input comes back from [Open] and [NewReader]; a refusal about one value
// is the Err of that value's field error.
type Refusal struct {
	Question Question
	Place    sheet.Place // where it was found: a column's first cell, a sheet, a line
	Message  string      // the question in plain words; names no flags
	Choices  []Choice
}

func (r *Refusal) Error() string { return r.Message }

// AsRefusal returns the refusal in err's chain, if there is one.
func AsRefusal(err error) (*Refusal, bool) {
	var r *Refusal
	if errors.As(err, &r) {
		return r, true
	}
	return nil, false
}

// Refusals returns every refusal in err's tree, in order: an input can
// leave several questions open at once (two fields whose columns are
// ambiguous).
func Refusals(err error) []*Refusal {
	var out []*Refusal
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
			return
		case *Refusal:
			out = append(out, e)
			return
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(e.Unwrap())
		}
	}
	walk(err)
	return out
}

// refusalError is an error that is also a refusal: it reads as the
// refusal's message (or, about one value, as the value's error with what
// was expected), and unwraps to both its kind and the refusal, so that
// errors.Is finds the sentinel (ErrNoHeader, ErrAmbiguousDate) and
// errors.As the question.
type refusalError struct {
	kind error
	ref  *Refusal
}

func (e *refusalError) Error() string {
	if _, ok := e.kind.(*valueError); ok {
		return e.kind.Error()
	}
	return e.ref.Message
}

func (e *refusalError) Unwrap() []error { return []error{e.kind, e.ref} }

// refuse returns the refusal as an error that is kind too: a sentinel,
// or a value's error.
func refuse(kind error, r *Refusal) error { return &refusalError{kind: kind, ref: r} }
