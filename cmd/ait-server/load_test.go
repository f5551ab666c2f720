package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/submit"
)

var fullLoad = flag.Bool("load", false, "run the load test at full size: 50 clients of 20 submissions each")

// TestLoadWithFaults: concurrent submit clients, each with submissions of
// 100 records, against the real ait-server answering a fifth of the import
// requests 503. Every submission is imported exactly once, none is lost,
// and the server's memory stays bounded. It logs submissions per second
// and the server's peak memory. By default 10 clients of 4 submissions;
// go test -v -run Load ./cmd/ait-server -load runs 50 of 20.
func TestLoadWithFaults(t *testing.T) {
	clients, subs, recs := 10, 4, 100
	if *fullLoad {
		clients, subs = 50, 20
	}
	bin := buildBinaries(t)
	s := startServer(t, bin, "--fail-rate", "0.2", "--processing-delay", "0", "-q", "--max-body", "1048576")
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted := map[string]int{} // jobId -> client*subs+sub
	failures := 0
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl, err := submit.NewClient(s.url, "e2e-key-0123")
			if err != nil {
				t.Error(err)
				return
			}
			cl.MinBackoff, cl.MaxBackoff, cl.MaxRetries = 10*time.Millisecond, 200*time.Millisecond, 30
			for n := range subs {
				body := loadBody(c, n, recs)
				acc, err := cl.Submit(context.Background(), body, submit.JSON, recs)
				if err != nil {
					mu.Lock()
					failures++
					mu.Unlock()
					t.Errorf("client %d submission %d: %v", c, n, err)
					continue
				}
				st, err := cl.Wait(context.Background(), acc.JobID, time.Minute)
				if err != nil || st.Status != submit.StatusCompleted {
					t.Errorf("job %s: %v %v", acc.JobID, st, err)
				}
				mu.Lock()
				accepted[acc.JobID] = c*subs + n
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if failures > 0 || len(accepted) != clients*subs {
		t.Fatalf("%d submissions accepted, %d failed; want %d accepted", len(accepted), failures, clients*subs)
	}
	var updates []struct {
		JobID      string `json:"jobId"`
		ExternalID string `json:"externalId"`
	}
	s.get(t, "/updates", &updates)
	seen := map[string]bool{}
	for _, u := range updates {
		if seen[u.ExternalID] {
			t.Fatalf("%s imported twice", u.ExternalID)
		}
		seen[u.ExternalID] = true
		if _, ok := accepted[u.JobID]; !ok {
			t.Fatalf("%s imported by job %s, which no client was told of", u.ExternalID, u.JobID)
		}
	}
	if len(updates) != clients*subs*recs {
		t.Fatalf("%d updates imported, want %d", len(updates), clients*subs*recs)
	}
	t.Logf("%d submissions of %d records by %d clients with --fail-rate 0.2: %.1f s, %.0f submissions/s, %.0f records/s",
		clients*subs, recs, clients, elapsed.Seconds(), float64(clients*subs)/elapsed.Seconds(), float64(clients*subs*recs)/elapsed.Seconds())
	t.Run("peak memory", func(t *testing.T) {
		peak, err := peakRSS(s.cmd.Process.Pid)
		if err != nil {
			t.Skip(err)
		}
		t.Logf("server peak RSS %d MB", peak>>20)
		if peak > 512<<20 {
			t.Errorf("the server's peak memory was %d MB, over 512 MB", peak>>20)
		}
	})
	s.stop(t)
}

func loadBody(client, sub, n int) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"externalId":"L%d-%d-%d","status":"On Track","metricValue":0.%d,"asOfDate":"2025-07-03","comment":"load test"}`, client, sub, i, i%10)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// peakRSS reads a running process's peak resident memory, in bytes, from
// /proc (Linux); elsewhere an error that says it cannot.
func peakRSS(pid int) (int64, error) {
	if runtime.GOOS != "linux" {
		return 0, fmt.Errorf("the peak memory of a running process is read from /proc, which %s does not have", runtime.GOOS)
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil || kb == 0 {
				return 0, fmt.Errorf("VmHWM %q: not a peak", v)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("/proc/%d/status has no VmHWM", pid)
}
