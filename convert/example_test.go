package convert_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/convert"
)

// Open reads a workbook: the sheet and header row are found, each row
// becomes a record or a *RowError naming its cells.
func ExampleOpen() {
	r, err := convert.Open(context.Background(), "../testdata/xlsx/tracker.xlsx", convert.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		u := rec.Update
		fmt.Println(rec.Place.Cell, u.ExternalID, u.Status, u.MetricValue, u.AsOfDate)
	}
	s := r.Stats()
	fmt.Printf("sheet %q, header row %d: %d records\n", s.Sheet, s.HeaderRow, s.Records)
	// Output:
	// A4 AA-001 On Track 0.54 2025-07-03
	// A5 AA-002 At Risk 0.543 2025-07-31
	// A6 00123 Achieved 1 2025-07-03
	// A8 12345 Canceled  2025-07-03
	// A9 AA-006 Off Track 0.543 2025-07-03
	// A10 AA-007 Not Started 0 2025-03-07
	// sheet "Updates", header row 3: 6 records
}

// NewReader reads any input from an io.Reader; here a tracker's own CSV,
// with its status words mapped and its dates read as the column shows.
func ExampleNewReader() {
	in := strings.NewReader("Item ID,Status,% Complete,Update Date\n" +
		"A-1,Green,54%,03/07/2025\n" +
		"A-2,Red,12.5%,31/07/2025\n")
	opts := convert.Options{Columns: map[string]string{"Item ID": "externalId"}, StatusMap: map[string]string{"Green": "On Track", "Red": "Off Track"}}
	r, err := convert.NewReader(context.Background(), "tracker.csv", in, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		fmt.Printf("%+v\n", rec.Update)
	}
	fmt.Println("dates:", r.Explain().Dates.As, "("+r.Explain().Dates.Why+")")
	// Output:
	// {ExternalID:A-1 Status:On Track MetricValue:0.54 AsOfDate:2025-07-03 Comment:}
	// {ExternalID:A-2 Status:Off Track MetricValue:0.125 AsOfDate:2025-07-31 Comment:}
	// dates: day/month/year (shown by tracker.csv:3: 31/07/2025)
}

// A refusal of the whole input comes back from NewReader (or Open): the
// question, in words, and the choices that settle it, as data for any
// front end to offer.
func ExampleRefusal() {
	in := strings.NewReader("External ID,Status,Progress,Metric,Date\nA-1,On Track,0.5,0.6,2025-07-03\n")
	_, err := convert.NewReader(context.Background(), "tracker.csv", in, convert.Options{})
	ref, ok := convert.AsRefusal(err)
	if !ok {
		fmt.Println("no refusal:", err)
		return
	}
	fmt.Println(ref.Question, "-", ref.Message)
	for _, c := range ref.Choices {
		fmt.Printf("  %s %s: %s\n", c.Option, c.Value, c.Label)
	}
	fmt.Println(errors.Is(err, convert.ErrAmbiguousColumns))
	// Output:
	// column - C "Progress" or D "Metric" could be metricValue (none is named "Metric Value")
	//   map Progress=metricValue: read C "Progress" as metricValue
	//   map Metric=metricValue: read D "Metric" as metricValue
	// true
}

// A refusal about one value is the Err of that value's field error: the
// row is refused, the reading goes on.
func ExampleRefusal_value() {
	in := strings.NewReader("External ID,Status,As Of Date\nA-1,On Track,03/07/2025\n")
	r, err := convert.NewReader(context.Background(), "tracker.csv", in, convert.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	_, err = r.Next()
	var re *convert.RowError
	if errors.As(err, &re) {
		fe := re.Errors[0]
		ref, _ := convert.AsRefusal(fe)
		fmt.Println(fe.Place, fe.Field, ref.Question)
		for _, c := range ref.Choices {
			fmt.Printf("  %s %s: %s\n", c.Option, c.Value, c.Label)
		}
	}
	// Output:
	// tracker.csv:2 asOfDate date-order
	//   date-order mdy: read 03/07/2025 as March 7
	//   date-order dmy: read 03/07/2025 as 3 July
}
