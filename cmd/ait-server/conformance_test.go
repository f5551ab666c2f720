package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aitkit/aitkit/internal/conformance"
	"github.com/aitkit/aitkit/submit"
)

// TestConformanceEndToEnd POSTs every case of the conformance table to the
// real ait-server binary.
func TestConformanceEndToEnd(t *testing.T) {
	bin := buildBinaries(t)
	conformance.Test(t, func(t *testing.T, statuses string) conformance.Poster {
		args := []string{"--ids", conformance.IDs, "-q"}
		if statuses != "" {
			args = append(args, "--statuses", statuses)
		}
		s := startServer(t, bin, args...)
		return conformance.HTTP(http.DefaultClient, s.url, "e2e-key-0123")
	})
}

// TestFailIDs: jobs holding an ID given to --fail-ids end Failed, with the
// record's error, and import nothing; a 400's jobId answers its errors.
func TestFailIDs(t *testing.T) {
	bin := buildBinaries(t)
	list := filepath.Join(t.TempDir(), "fail.txt")
	os.WriteFile(list, []byte("A-2\n\nA-9\n"), 0o644)
	for _, flag := range []string{"A-2,A-9", list} {
		s := startServer(t, bin, "--fail-ids", flag, "--processing-delay", "0", "-q")
		c, err := submit.NewClient(s.url, "e2e-key-0123")
		if err != nil {
			t.Fatal(err)
		}
		c.MinBackoff, c.MaxBackoff = time.Millisecond, 5*time.Millisecond
		body := []byte(`[{"externalId":"A-1","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"A-2","status":"On Track","asOfDate":"2025-07-03"}]`)
		acc, err := c.Submit(context.Background(), body, submit.JSON, 2)
		if err != nil {
			t.Fatal(err)
		}
		st, err := c.Wait(context.Background(), acc.JobID, time.Minute)
		if _, ok := errors.AsType[*submit.JobFailedError](err); !ok || len(st.Errors) != 1 || st.Errors[0].Position != 1 {
			t.Errorf("--fail-ids %s: %+v, %v", flag, st, err)
		}
		_, err = c.Submit(context.Background(), []byte(`[{"externalId":"A-1","status":"Green","asOfDate":"2025-07-03"}]`), submit.JSON, 1)
		rej, ok := errors.AsType[*submit.RejectedError](err)
		if !ok {
			t.Fatalf("a 400: %v", err)
		}
		st, err = c.Status(context.Background(), rej.JobID)
		if err != nil || st.Status != "Failed" || len(st.Errors) != 1 || st.Errors[0].Errors[0].Message() != "Status is invalid." {
			t.Errorf("the status of a 400's job: %+v, %v", st, err)
		}
	}
}
