//go:build windows

package submit

import (
	"path/filepath"
	"testing"
)

// TestJournalPathWindows: the journal lives in %LocalAppData%\aitkit.
func TestJournalPathWindows(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LocalAppData", dir)
	got, err := DefaultJournalPath()
	if want := filepath.Join(dir, "aitkit", "journal.db"); err != nil || got != want {
		t.Errorf("DefaultJournalPath = %q, %v; want %q", got, err, want)
	}
}
