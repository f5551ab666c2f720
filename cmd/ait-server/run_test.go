package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/submit/submittest"
)

func TestFlags(t *testing.T) {
	noEnv := func(string) string { return "" }
	tests := []struct {
		args []string
		code int
		says string
	}{
		{nil, 2, "no API key"},
		{[]string{"--api-key", "k", "--fail-rate", "2"}, 2, "--fail-rate"},
		{[]string{"--api-key", "k", "extra"}, 2, "unexpected argument"},
		{[]string{"--api-key", "k", "--ids", "no-such.csv"}, 2, "--ids"},
		{[]string{"--api-key", "k", "--addr", "256.0.0.1:1"}, 2, "listen"},
		{[]string{"-h"}, 0, "ait-server is a local"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := runEnv(context.Background(), tt.args, noEnv, &out, &errb)
		if code != tt.code || !strings.Contains(out.String()+errb.String(), tt.says) {
			t.Errorf("%v: exit %d, %s%s", tt.args, code, out.String(), errb.String())
		}
	}
}

func TestBoltStore(t *testing.T) {
	dir := t.TempDir()
	st, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("a second server opened the same data: %v", err)
	}
	j := &submittest.Job{ID: "j1", Created: time.Now().UTC(), Seq: 1, Records: []schema.Update{{ExternalID: "A", Status: "On Track", MetricValue: "0.5", AsOfDate: "2025-07-03"}}}
	st.Add(j)
	j.Applied, j.EndSeq = true, 2
	st.Ended(j)
	st.Add(&submittest.Job{ID: "j2", Created: time.Now().UTC(), Seq: 3})
	st.Close()
	st, err = openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	jobs, err := st.Load()
	if err != nil || len(jobs) != 2 || jobs[0].ID != "j1" || !jobs[0].Applied || jobs[0].Records[0].MetricValue != "0.5" || jobs[1].ID != "j2" {
		t.Errorf("Load = %+v, %v", jobs, err)
	}
	if _, err := openStore(filepath.Join(dir, "aitkit.db")); err == nil {
		t.Error("a file was taken for a directory")
	}
}
