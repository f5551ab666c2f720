package submit_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aitkit/aitkit/submit"
	"github.com/aitkit/aitkit/submit/submittest"
)

// Send records and follow their job to its end, here against the test
// server on loopback.
func Example() {
	api := submittest.NewServer(submittest.Options{APIKey: "demo-key"})
	defer api.Close()

	c, err := submit.NewClient(api.URL, "demo-key")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	body := []byte(`[{"externalId":"A-1","status":"On Track","metricValue":0.54,"asOfDate":"2025-07-03"}]`)
	acc, err := c.Submit(ctx, body, "application/json", 1) // POST /imports/progress-updates
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := c.Wait(ctx, acc.JobID, 10*time.Minute) // GET /imports/status/{jobId}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(acc.ValidRecords, "record accepted; the job is", st.Status)
	fmt.Println(len(api.Imported()), "update imported")
	// Output:
	// 1 record accepted; the job is Completed
	// 1 update imported
}

// The API's 400 answer is a *RejectedError holding its report.
func Example_rejected() {
	api := submittest.NewServer(submittest.Options{APIKey: "demo-key"})
	defer api.Close()
	c, err := submit.NewClient(api.URL, "demo-key")
	if err != nil {
		fmt.Println(err)
		return
	}
	body := []byte("External ID,Status,As Of Date\nA-1,Green,2025-07-03\n")
	_, err = c.Submit(context.Background(), body, "text/csv", 1)
	if re, ok := errors.AsType[*submit.RejectedError](err); ok {
		for _, rec := range re.Report.Errors {
			for _, fe := range rec.Errors {
				fmt.Printf("record %d: %s %q: %s\n", rec.Position, fe.Field, fe.Value, fe.Message())
			}
		}
	}
	// Output:
	// record 0: status "Green": Status is invalid.
}
