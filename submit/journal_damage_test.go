package submit

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/storefile"
	"github.com/aitkit/aitkit/schema"
	bolt "go.etcd.io/bbolt"
)

// journalWith makes a journal that recorded a submission of n records.
func journalWith(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "journal.db")
	var recs []schema.Update
	for i := range n {
		recs = append(recs, schema.Update{ExternalID: fmt.Sprintf("ID-%05d", i), Status: "On Track", AsOfDate: "2025-07-03"})
	}
	j := OpenJournal(path)
	sub, err := j.Begin(Identify("https://api.x:443", recs), "json", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Record(sub, "job-1", StatusCompleted); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestDamagedJournal: a journal that is empty, truncated, overwritten,
// damaged inside or not a journal is refused by every use, naming the file
// and how to move it aside, without a panic; the file is left as it was
// and nothing is begun.
func TestDamagedJournal(t *testing.T) {
	damage := map[string]func(t *testing.T, path string){
		"empty": func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) },
		"truncated": func(t *testing.T, path string) {
			st, _ := os.Stat(path)
			os.Truncate(path, st.Size()/2)
		},
		"cut inside its first page": func(t *testing.T, path string) { os.Truncate(path, 100) },
		"overwritten with text": func(t *testing.T, path string) {
			os.WriteFile(path, bytes.Repeat([]byte("not a journal\n"), 1000), 0o600)
		},
		"pages overwritten": func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			for i := 2 * 4096; i < len(b); i++ {
				b[i] = byte(i * 7)
			}
			os.WriteFile(path, b, 0o600)
		},
		"a page inside overwritten": func(t *testing.T, path string) {
			b, _ := os.ReadFile(path)
			mid := len(b) / 2 / 4096 * 4096
			for i := mid; i < mid+4096; i++ {
				b[i] = byte(i * 13)
			}
			os.WriteFile(path, b, 0o600)
		},
		"another bbolt file": func(t *testing.T, path string) {
			os.Remove(path)
			db, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
			db.Close()
		},
	}
	for name, fn := range damage {
		t.Run(name, func(t *testing.T) {
			path := journalWith(t, 3000)
			fn(t, path)
			before, _ := os.ReadFile(path)
			j := OpenJournal(path)
			id := Identify("https://api.x:443", recs("NEW"))
			_, err1 := j.Begin(id, "json", false)
			_, err2 := j.Check(id)
			_, err3 := j.Submissions()
			for i, err := range []error{err1, err2, err3} {
				var je *JournalError
				if !errors.As(err, &je) || !storefile.IsDamaged(err) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "Move it aside") {
					t.Errorf("use %d: %v; want a damaged journal naming %s", i, err, path)
				}
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the damaged journal was rewritten")
			}
		})
	}
}

// TestNewJournalIsWhole: a journal that does not exist is created whole
// by the first write, and a read before that sees an empty history
// without creating anything.
func TestNewJournalIsWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "journal.db")
	j := OpenJournal(path)
	if subs, err := j.Submissions(); err != nil || len(subs) != 0 {
		t.Fatalf("Submissions = %v, %v", subs, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a read created the journal")
	}
	if _, err := j.Begin(Identify("https://api.x:443", recs("A")), "json", false); err != nil {
		t.Fatal(err)
	}
	if err := storefile.Check(path, "journal"); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left beside the journal: %v", entries)
	}
}
