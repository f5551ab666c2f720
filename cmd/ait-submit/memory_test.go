package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// peakWriter is a stdout that samples the heap in use every 256 KiB
// written, keeping the most seen.
type peakWriter struct {
	n, next int
	peak    uint64
}

func (p *peakWriter) Write(b []byte) (int, error) {
	p.n += len(b)
	if p.n >= p.next {
		p.next = p.n + 256<<10
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		p.peak = max(p.peak, m.HeapInuse)
	}
	return len(b), nil
}

// TestDryRunMemoryFlat: a dry run of 60,000 records holds none of them (nor
// the body) in memory: the heap in use while the body streams out stays
// within a few MB of where it started, where holding the records, their
// sources and the body took some 150 MB.
func TestDryRunMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 records")
	}
	path := filepath.Join(t.TempDir(), "many.json")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	w.WriteString("[")
	for i := range 60_000 {
		if i > 0 {
			w.WriteString(",\n")
		}
		fmt.Fprintf(w, `{"externalId":"ID-%06d","status":"On Track","metricValue":0.%d,"asOfDate":"2025-07-03","comment":"%s"}`, i, i%100, strings.Repeat("c", 40))
	}
	w.WriteString("]")
	w.Flush()
	f.Close()
	getenv := func(k string) string { return map[string]string{"ACHIEVEIT_API_KEY": key}[k] }
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.HeapInuse
	out := &peakWriter{}
	code := runEnv(context.Background(), []string{"--dry-run", "-q", path}, getenv, nil, nil, out, io.Discard)
	if code != 0 || out.n < 6<<20 {
		t.Fatalf("exit %d after %d bytes", code, out.n)
	}
	if grew := int64(out.peak) - int64(before); grew > 24<<20 {
		t.Errorf("the heap grew by %d MB during a dry run of 60,000 records", grew>>20)
	}
}
