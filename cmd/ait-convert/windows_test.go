//go:build windows

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWindowsGlob: cmd.exe and PowerShell pass trackers\*.csv through as
// typed; ait-convert expands it itself, in name order.
func TestWindowsGlob(t *testing.T) {
	dir := t.TempDir()
	for name, row := range map[string]string{"b.csv": "B-1,On Track,2025-07-03", "a.csv": "A-1,At Risk,2025-07-03"} {
		os.WriteFile(filepath.Join(dir, name), []byte("External ID,Status,As Of Date\r\n"+row+"\r\n"), 0o644)
	}
	r := runWith(t, nil, filepath.Join(dir, "*.csv"))
	if r.Code != 0 || strings.Index(r.Stdout, "A-1") < 0 || strings.Index(r.Stdout, "A-1") > strings.Index(r.Stdout, "B-1") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
	r = runWith(t, nil, filepath.Join(dir, "*.xlsx"))
	if r.Code != 2 || !strings.Contains(r.Stderr, "no file matches") {
		t.Errorf("no match: exit %d, stderr %q", r.Code, r.Stderr)
	}
}
