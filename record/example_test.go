package record_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// Records are written as they come: CSV with the import header, or a JSON
// array; a missing metric or comment is left out of JSON.
func ExampleNewWriter() {
	updates := []schema.Update{
		{ExternalID: "A-1", Status: "On Track", MetricValue: "0.54", AsOfDate: "2025-07-03", Comment: "ahead, for once"},
		{ExternalID: "00123", Status: "Achieved", AsOfDate: "2025-07-03"},
	}
	for _, f := range []record.Format{record.CSV, record.JSON} {
		w := record.NewWriter(os.Stdout, f)
		for i := range updates {
			if err := w.Write(&updates[i]); err != nil {
				fmt.Println(err)
			}
		}
		if err := w.Close(); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// External ID,Status,Metric Value,As Of Date,Comment
	// A-1,On Track,0.54,2025-07-03,"ahead, for once"
	// 00123,Achieved,,2025-07-03,
	// [
	// {"externalId":"A-1","status":"On Track","metricValue":0.54,"asOfDate":"2025-07-03","comment":"ahead, for once"},
	// {"externalId":"00123","status":"Achieved","asOfDate":"2025-07-03"}
	// ]
}

// A request body is read as the import API reads it: each record as
// written, its keys as spelled and each value with its JSON type, for a
// checker to judge.
func ExampleNewReader() {
	body := `[{"externalId": "A-1", "Status": "On Track", "metricValue": "54%", "asOfDate": "2025-07-03", "owner": "Ann"}]`
	r, err := record.NewReader("body", strings.NewReader(body), record.JSON, record.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for {
		w, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, m := range w.Fields {
			fmt.Printf("%s: %q is %s\n", w.Place, m.Key, m.Value.Kind)
		}
		for _, m := range w.Unknown {
			fmt.Printf("%s: %q names no field\n", w.Place, m.Key)
		}
	}
	// Output:
	// body[0]: "externalId" is string
	// body[0]: "Status" is string
	// body[0]: "metricValue" is string
	// body[0]: "asOfDate" is string
	// body[0]: "" is missing
	// body[0]: "owner" names no field
}

// An error of a value reads with its place; Message words it as the
// import API words its own.
func ExampleFieldError_Message() {
	_, err := record.ISODate("2025-02-30")
	fe := &record.FieldError{Field: schema.FieldAsOfDate, Value: "2025-02-30", Err: err}
	fmt.Println(errors.Is(fe, record.ErrNotDate))
	fmt.Println(fe.Message())
	// Output:
	// true
	// AsOfDate must be a date. Expected a day that exists, such as 2025-07-03.
}
