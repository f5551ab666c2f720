package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const td = "../../testdata/"

// result is what one run printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func runWith(t *testing.T, stdin []byte, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &out, &errb)
	return result{out.String(), errb.String(), code}
}

func (r result) String() string {
	return fmt.Sprintf("%s-- stderr --\n%s-- exit %d --\n", r.stdout, r.stderr, r.code)
}

// TestScenarios runs ait-convert as a user would, one scenario per flag,
// and compares everything it printed with testdata/golden/cli/NAME.txt.
func TestScenarios(t *testing.T) {
	csv := func(s string) []byte { return []byte(s) }
	tests := []struct {
		name  string
		args  []string
		stdin []byte
	}{
		{"tracker-no-flags", []string{td + "xlsx/tracker.xlsx"}, nil},
		{"tracker-csv", []string{"-f", "csv", td + "xlsx/tracker.xlsx"}, nil},
		{"tracker-quiet", []string{"-q", td + "xlsx/tracker.xlsx"}, nil},
		{"bad-values", []string{td + "xlsx/bad-values.xlsx"}, nil},
		{"bad-values-skip-invalid", []string{"--skip-invalid", td + "xlsx/bad-values.xlsx"}, nil},
		{"sheet-hidden-by-name", []string{"--sheet", "Old", td + "xlsx/tracker.xlsx"}, nil},
		{"sheet-unknown", []string{"--sheet", "Plans", td + "xlsx/tracker.xlsx"}, nil},
		{"header-row", []string{"--header-row", "3", "--sheet", "Updates", td + "xlsx/tracker.xlsx"}, nil},
		{"map", []string{"--map", "Key=externalId", "--map", "Score=Metric Value", "-"}, csv("Key,Status,Score,Date\nK1,On Track,3,2025-07-03\n")},
		{"map-bad-field", []string{"--map", "Key=owner", "-"}, nil},
		{"status-map", []string{"--status-map", "Green=On Track", "--status-map", "RED=off track", "-"}, csv("ID,Status,Date\nA,green,2025-07-03\nB,Red,2025-07-03\n")},
		{"status-map-bad-target", []string{"--status-map", "Green=Fine", "-"}, nil},
		{"statuses", []string{"--statuses", "Planned,Underway,Completed", "-"}, csv("ID,Status,Date\nA,underway,2025-07-03\nB,On Track,2025-07-03\n")},
		{"date-order-missing", []string{"-"}, csv("ID,Status,Date\nA,On Track,03/07/2025\n")},
		{"date-order-dmy", []string{"--date-order", "dmy", "-"}, csv("ID,Status,Date\nA,On Track,03/07/2025\n")},
		{"date-order-bad", []string{"--date-order", "ymd", "-"}, nil},
		{"as-of", []string{"--as-of", "Jul 3, 2025", "-"}, csv("ID,Status,Date\nA,On Track,\nB,On Track,2025-08-01\n")},
		{"as-of-bad", []string{"--as-of", "soon", "-"}, nil},
		{"percent-points", []string{"--percent-points", "-"}, csv("ID,Status,Progress,Date\nA,On Track,54,2025-07-03\nB,On Track,54.3%,2025-07-03\n")},
		{"stdin-workbook", []string{}, mustRead(t, td+"xlsx/sheetjs-tracker.xlsx")},
		{"stdin-json", []string{"-f", "csv"}, csv(`[{"External ID":"A","Status":"achieved","asOfDate":"2025-07-03","comment":"ok"}]`)},
		{"many-files-joined", []string{td + "xlsx/sheetjs-1904.xlsx", td + "xlsx/date1904.xlsx"}, nil},
		{"many-files-one-bad", []string{td + "xlsx/date1904.xlsx", td + "xlsx/bad-values.xlsx", "missing.csv"}, nil},
		{"xls-refused", []string{td + "xlsx/legacy.xls"}, nil},
		{"xls-renamed-on-stdin", []string{}, mustRead(t, td+"xlsx/legacy.xls")},
		{"missing-file", []string{"no-such.csv"}, nil},
		{"empty-stdin", []string{"-"}, nil},
		{"bad-flag", []string{"--bogus"}, nil},
		{"version", []string{"--version"}, nil},
		{"help", []string{"-h"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runWith(t, tt.stdin, tt.args...).String()
			golden := filepath.Join(td, "golden", "cli", tt.name+".txt")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./cmd/ait-convert -update writes it)", err)
			}
			if got != string(want) {
				t.Errorf("ait-convert %s:\n--- got\n%s--- want\n%s", strings.Join(tt.args, " "), got, want)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "updates.csv")
	r := runWith(t, nil, td+"xlsx/tracker.xlsx", "-o", out)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	b := mustRead(t, out)
	if !strings.HasPrefix(string(b), "External ID,Status,Metric Value,As Of Date,Comment\nAA-001,On Track,0.54,2025-07-03,Ahead of plan\n") {
		t.Errorf("-o updates.csv did not write CSV:\n%s", b)
	}
	assertNoTemp(t, dir)
}

func TestFailedRunLeavesOldOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "updates.json")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	r := runWith(t, nil, td+"xlsx/bad-values.xlsx", "-o", out)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	if b := mustRead(t, out); string(b) != "previous\n" {
		t.Errorf("a failed run changed the output: %q", b)
	}
	assertNoTemp(t, dir)
}

func TestOutputNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "u.json")
	orig := `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`
	os.WriteFile(in, []byte(orig), 0o644)
	r := runWith(t, nil, in, "-o", in)
	if r.code != 2 || !strings.Contains(r.stderr, "would overwrite the input") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if string(mustRead(t, in)) != orig {
		t.Error("the input was changed")
	}
}

func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	outDir := filepath.Join(dir, "out")
	r := runWith(t, nil, "-o", outDir+"/", "-f", "csv", td+"xlsx/tracker.xlsx", td+"xlsx/bad-values.xlsx", td+"xlsx/date1904.xlsx")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (the worst); stderr %s", r.code, r.stderr)
	}
	for name, want := range map[string]bool{"tracker.csv": true, "date1904.csv": true, "bad-values.csv": false} {
		_, err := os.Stat(filepath.Join(outDir, name))
		if (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}
	assertNoTemp(t, outDir)
	// Two inputs with one output name are refused before anything runs.
	r = runWith(t, nil, "-o", outDir, td+"xlsx/tracker.xlsx", td+"golden/../xlsx/tracker.xlsx")
	if r.code != 2 || !strings.Contains(r.stderr, "would both be written") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestNamedPipeOutput(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	r := runWith(t, nil, td+"xlsx/date1904.xlsx", "-o", fifo)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if b := <-got; !strings.Contains(string(b), `"M-1"`) {
		t.Errorf("pipe got %q", b)
	}
	if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the named pipe was renamed over")
	}
}

func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "u.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	code := run(ctx, []string{td + "xlsx/tracker.xlsx", "-o", out}, nil, &o, &e)
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an interrupted run wrote its output")
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
