package submit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit/submittest"
)

func guard(t *testing.T) context.Context { return submittest.Guard(t) }

// scripted is a client on a script, with instant sleeps.
func scripted(t *testing.T) (*Client, *submittest.Script) {
	t.Helper()
	sc := submittest.NewScript(t)
	c, _, _ := fastClient(t, "https://api.example.com")
	c.HTTP = sc.Client()
	return c, sc
}

const accepted1 = `{"jobId":"j1","totalRecords":1,"errorRecords":0,"validRecords":1}`

// TestStatusOfAnotherJob: a status answer about another job, even one that
// Completed, is an error naming both jobs, never the status of the job
// asked.
func TestStatusOfAnotherJob(t *testing.T) {
	c, sc := scripted(t)
	sc.Expect("POST", "/imports/progress-updates", submittest.Reply(200, accepted1))
	sc.Expect("GET", "/imports/status/j1", submittest.Reply(200, `{"jobId":"j2","created":"2025-07-03T10:00:00","status":"Completed","errors":[]}`))
	acc, err := c.Submit(guard(t), body, JSON, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait(guard(t), acc.JobID, time.Minute)
	var mm *JobMismatchError
	if !errors.As(err, &mm) || mm.Asked != "j1" || mm.Answered != "j2" || st != nil {
		t.Fatalf("Wait = %+v, %v; want a JobMismatchError", st, err)
	}
	if !strings.Contains(err.Error(), "j1") || !strings.Contains(err.Error(), `"j2"`) {
		t.Errorf("the error does not name both jobs: %v", err)
	}
}

// TestWaitBoundsAHungStatus: --wait bounds all the waiting, a status
// request that never answers included (the request timeout is an hour).
func TestWaitBoundsAHungStatus(t *testing.T) {
	c, sc := scripted(t)
	c.Timeout = time.Hour
	sc.Expect("GET", "/imports/status/j1", submittest.Reply(200, `{"jobId":"j1","status":"Queued"}`))
	sc.Expect("GET", "/imports/status/j1", submittest.Hang())
	c.Sleep = nil // real, short sleeps: the wait is 50ms
	c.MinBackoff, c.MaxBackoff = time.Millisecond, time.Millisecond
	st, err := c.Wait(guard(t), "j1", 50*time.Millisecond)
	var wt *WaitTimeoutError
	if !errors.As(err, &wt) || wt.JobID != "j1" || st == nil || st.Status != StatusQueued {
		t.Fatalf("Wait = %+v, %v; want a WaitTimeoutError after Queued", st, err)
	}
	if !strings.Contains(err.Error(), "job j1 is still Queued") {
		t.Errorf("error %q", err)
	}
}

// TestWaitBoundsTheFirstStatus: the first status request hangs: the wait
// still ends, naming the job and that no status came.
func TestWaitBoundsTheFirstStatus(t *testing.T) {
	c, sc := scripted(t)
	c.Timeout = time.Hour
	sc.Expect("GET", "/imports/status/j1", submittest.Hang())
	_, err := c.Wait(guard(t), "j1", 20*time.Millisecond)
	var wt *WaitTimeoutError
	if !errors.As(err, &wt) || wt.Last != nil || !strings.Contains(err.Error(), "job j1: no status could be read within 20ms") {
		t.Fatalf("Wait: %v", err)
	}
}

// TestKeyInJobID: a jobId that holds the key is never shown as is: not in
// the errors, not by Shown, which ait-submit prints and journals.
func TestKeyInJobID(t *testing.T) {
	c, sc := scripted(t)
	evil := "job-" + testKey
	sc.Expect("POST", "/imports/progress-updates", submittest.Reply(200, fmt.Sprintf(`{"jobId":%q,"totalRecords":1}`, evil)))
	sc.Expect("GET", "/imports/status/"+evil, submittest.Reply(200, fmt.Sprintf(`{"jobId":%q,"status":"Failed","errors":[{"position":0,"externalId":%q,"errors":[{"field":"status","value":%q,"message":"no %s"}]}]}`, evil, testKey, testKey, testKey)))
	acc, err := c.Submit(guard(t), body, JSON, 1)
	if err != nil {
		t.Fatal(err)
	}
	if acc.JobID != evil {
		t.Fatalf("the jobId to ask about is %q", acc.JobID)
	}
	if c.Shown(acc.JobID) != "job-"+Redacted {
		t.Errorf("Shown = %q", c.Shown(acc.JobID))
	}
	st, err := c.Wait(guard(t), acc.JobID, time.Minute)
	if err == nil || st == nil {
		t.Fatal("a Failed job did not fail")
	}
	shown := fmt.Sprintf("%v %+v %s %s %s", err, st.Errors[0], st.Errors[0].ExternalID, st.Errors[0].Errors[0].Value, st.Errors[0].Errors[0].Message())
	if strings.Contains(shown, testKey[:8]) {
		t.Errorf("the key shows: %s", shown)
	}
}

// bigStatus is a status body of n records' errors, written as it is read.
func bigStatus(job string, n int) func() io.Reader {
	return func() io.Reader {
		pr, pw := io.Pipe()
		go func() {
			fmt.Fprintf(pw, `{"jobId":%q,"created":"2025-07-03T10:00:00","status":"Failed","errors":[`, job)
			for i := range n {
				if i > 0 {
					io.WriteString(pw, ",")
				}
				fmt.Fprintf(pw, `{"position":%d,"externalId":"ID-%d","errors":[{"field":"status","value":"Green %d","message":"Status is invalid."}]}`, i, i, i)
			}
			io.WriteString(pw, `]}`)
			pw.Close()
		}()
		return pr
	}
}

// TestLargeStatusBounded: of a status that lists many records' errors,
// the client keeps the first MaxErrors and counts them all; of a body
// longer than MaxBody it reads only that far, and says so.
func TestLargeStatusBounded(t *testing.T) {
	c, sc := scripted(t)
	c.MaxErrors = 10
	sc.Expect("GET", "/imports/status/j1", submittest.ReplyFrom(200, bigStatus("j1", 5000)))
	st, err := c.Status(guard(t), "j1")
	if err != nil || len(st.Errors) != 10 || st.ErrorCount != 5000 || st.Cut || st.Errors[9].ExternalID != "ID-9" {
		t.Fatalf("Status = %d kept of %d, cut %v, %v", len(st.Errors), st.ErrorCount, st.Cut, err)
	}

	c.MaxBody = 100 << 10
	sc.Expect("GET", "/imports/status/j1", submittest.ReplyFrom(200, bigStatus("j1", 5000)))
	st, err = c.Status(guard(t), "j1")
	if err != nil || !st.Cut || st.Status != StatusFailed || st.ErrorCount >= 5000 || st.ErrorCount < 500 || len(st.Errors) != 10 {
		t.Fatalf("a body past MaxBody: %+v, %v", st, err)
	}
}

// TestLargeRejectionBounded: a 400 listing many records' errors keeps the
// first MaxErrors, with the count.
func TestLargeRejectionBounded(t *testing.T) {
	c, sc := scripted(t)
	c.MaxErrors = 3
	sc.Expect("POST", "/imports/progress-updates", submittest.ReplyFrom(400, func() io.Reader {
		var b strings.Builder
		b.WriteString(`{"jobId":"j9","totalRecords":2000,"errorRecords":2000,"validRecords":0,"errors":[`)
		for i := range 2000 {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"position":%d,"externalId":"X","errors":[{"field":"status","value":"Green","message":"Status is invalid."}]}`, i)
		}
		b.WriteString("]}")
		return strings.NewReader(b.String())
	}))
	_, err := c.Submit(guard(t), body, JSON, 2000)
	var rej *RejectedError
	if !errors.As(err, &rej) || len(rej.Report.Errors) != 3 || rej.Listed != 2000 || rej.Report.ErrorRecords != 2000 || rej.JobID != "j9" {
		t.Fatalf("Submit: %v %+v", err, rej)
	}
}

// TestRefusedConnection: a refused connection is one on every system
// (WSAECONNREFUSED on Windows): retried, with the hint for a local server.
func TestRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = net.Dial("tcp", addr)
	if err == nil {
		t.Skip("the closed port was taken again")
	}
	if !refused(err) {
		t.Fatalf("%v (%T) is not a refused connection", err, errors.Unwrap(err))
	}
	if again, hint := connectionProblem(err, "http://"+addr); !again || !strings.Contains(hint, "is ait-server running") {
		t.Errorf("connectionProblem = %v, %q", again, hint)
	}
}

// TestRetryAfterCappedScripted: a Retry-After over MaxRetryAfter gives up
// at once, not sent, without sleeping.
func TestRetryAfterCappedScripted(t *testing.T) {
	c, sc := scripted(t)
	c.MaxRetryAfter = 5 * time.Second
	sc.Expect("POST", "/imports/progress-updates", submittest.Reply(503, `{"message":"busy"}`, "Retry-After", "86400"))
	var slept []time.Duration
	c.Sleep = func(_ context.Context, d time.Duration) error { slept = append(slept, d); return nil }
	_, err := c.Submit(guard(t), body, JSON, 1)
	var ns *NotSentError
	if !errors.As(err, &ns) || !strings.Contains(err.Error(), "asked to wait 24h0m0s before trying again, longer than ait-submit waits (5s)") || len(slept) != 0 {
		t.Errorf("Submit: %v; slept %v", err, slept)
	}
}
