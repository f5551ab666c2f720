package validate_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
)

// Every error of every record, each with its place, in the API's words.
func ExampleValidator_Run() {
	v, err := validate.New(validate.Options{KnownIDs: map[string]bool{"A-1": true, "A-2": true}})
	if err != nil {
		fmt.Println(err)
		return
	}
	in := `[
	{"externalId": "A-1", "status": "on track", "metricValue": 0.54, "asOfDate": "2025-07-03"},
	{"externalId": "A-9", "status": "Green", "asOfDate": "2025-02-30"}
]`
	src, err := record.NewReader("updates.json", strings.NewReader(in), record.JSON, record.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer src.Close()
	rep, err := v.Run(context.Background(), src, func(c *validate.Checked) error {
		if len(c.Errors) == 0 {
			fmt.Printf("%s: sent as %+v\n", c.Source, c.Update)
		}
		for _, fe := range c.Errors {
			fmt.Println(validate.Line(fe, c.Source))
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d records, %d invalid\n", rep.TotalRecords, rep.ErrorRecords)
	// Output:
	// updates.json[0]: sent as {ExternalID:A-1 Status:On Track MetricValue:0.54 AsOfDate:2025-07-03 Comment:}
	// updates.json[1]: externalId "A-9": External ID is invalid or its associated plan item has been deleted.
	// updates.json[1]: status "Green": Status is invalid.
	// updates.json[1]: asOfDate "2025-02-30": AsOfDate is not a real date.
	// 2 records, 1 invalid
}

// A request body judged as the import API itself judges it: keys spelled
// exactly, an empty CSV line refused. Each record is handed over as it is
// checked; nothing is kept.
func ExampleValidator_CheckBody() {
	v, err := validate.New(validate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	body := "External ID,Status,As Of Date\nA-1,On Track,2025-07-03\n"
	var valid []schema.Update
	rep, err := v.CheckBody(context.Background(), strings.NewReader(body), record.CSV, func(c *validate.Checked) error {
		if len(c.Errors) == 0 {
			valid = append(valid, c.Update)
		}
		return nil
	})
	fmt.Println(rep.ValidRecords, valid, err)
	_, err = v.CheckBody(context.Background(), strings.NewReader(body+"\nA-2,On Track,2025-07-03\n"), record.CSV, nil)
	fmt.Println(err)
	// Output:
	// 1 [{A-1 On Track  2025-07-03 }] <nil>
	// body:3: malformed input: an empty line; an import CSV has no empty rows
}
