package tempfile

import (
	"io"
	"os"
	"runtime"
	"testing"
)

// TestNoName: the file reads back what was written, and no name of it is
// left in its folder, open or closed.
func TestNoName(t *testing.T) {
	dir := t.TempDir()
	f, err := New(dir, "aitkit-test-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("spooled"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil || string(b) != "spooled" {
		t.Fatalf("%q %v", b, err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 && !windowsWhileOpen() {
		t.Errorf("left a name while open: %v", ents)
	}
	f.Close()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}

// windowsWhileOpen: on Windows the name stays until the handle closes.
func windowsWhileOpen() bool { return runtime.GOOS == "windows" }
