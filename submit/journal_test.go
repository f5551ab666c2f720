package submit

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aitkit/aitkit/schema"
)

func recs(ids ...string) []schema.Update {
	out := make([]schema.Update, len(ids))
	for i, id := range ids {
		out[i] = schema.Update{ExternalID: id, Status: "On Track", MetricValue: "0.5", AsOfDate: "2025-07-03"}
	}
	return out
}

// TestIdentity: one identity whatever the form of the same records; any
// change of a record or the target is another.
func TestIdentity(t *testing.T) {
	base := Identify("https://api.x:443", recs("A", "B"))
	same := []*Identity{
		Identify("https://api.x:443", []schema.Update{
			{ExternalID: "A", Status: "On Track", MetricValue: "0.50", AsOfDate: "2025-07-03"},
			{ExternalID: "B", Status: "On Track", MetricValue: "5e-1", AsOfDate: "2025-07-03T10:00:00Z"},
		}),
	}
	crlf := Identify("https://api.x:443", []schema.Update{{ExternalID: "A", Status: "On Track", AsOfDate: "2025-07-03", Comment: "one\r\ntwo"}})
	if lf := Identify("https://api.x:443", []schema.Update{{ExternalID: "A", Status: "On Track", AsOfDate: "2025-07-03", Comment: "one\ntwo"}}); crlf.ID != lf.ID {
		t.Error("a comment's line ends make another submission")
	}
	for _, id := range same {
		if id.ID != base.ID || id.Records[0] != base.Records[0] || id.Records[1] != base.Records[1] {
			t.Errorf("the same records have another identity")
		}
	}
	other := map[string]*Identity{
		"another target":  Identify("https://gov-api.x:443", recs("A", "B")),
		"another order":   Identify("https://api.x:443", recs("B", "A")),
		"one record less": Identify("https://api.x:443", recs("A")),
		"another comment": Identify("https://api.x:443", []schema.Update{{ExternalID: "A", Status: "On Track", MetricValue: "0.5", AsOfDate: "2025-07-03", Comment: "x"}, recs("B")[0]}),
		"fields shifted":  Identify("https://api.x:443", []schema.Update{{ExternalID: "AOn Track", Status: "", MetricValue: "0.5", AsOfDate: "2025-07-03"}, recs("B")[0]}),
	}
	for name, id := range other {
		if id.ID == base.ID {
			t.Errorf("%s: the same identity", name)
		}
	}
	if other["another order"].Records[0] != base.Records[1] {
		t.Error("a record's identity depends on its position")
	}
}

func TestJournal(t *testing.T) {
	j := OpenJournal(filepath.Join(t.TempDir(), "sub", "journal.db"))
	target := "https://api.x:443"
	id := Identify(target, recs("A", "B"))
	sub, err := j.Begin(id, "json", false)
	if err != nil {
		t.Fatal(err)
	}
	// Sending, then nothing more: unknown, refused.
	if _, err := j.Begin(id, "csv", false); !errors.As(err, new(*DuplicateError)) {
		t.Errorf("a Sending submission did not refuse: %v", err)
	}
	// Another API, or other records, go.
	if _, err := j.Begin(Identify("https://gov-api.x:443", recs("A", "B")), "json", false); err != nil {
		t.Error(err)
	}
	if _, err := j.Begin(Identify(target, recs("C")), "json", false); err != nil {
		t.Error(err)
	}
	// NotSent frees it; accepted refuses again, naming the job.
	if err := j.Record(sub, "", StateNotSent); err != nil {
		t.Fatal(err)
	}
	sub2, err := j.Begin(id, "json", false)
	if err != nil {
		t.Fatalf("NotSent still refused: %v", err)
	}
	j.Record(sub2, "job-1", StatusCompleted)
	_, err = j.Begin(id, "json", false)
	var de *DuplicateError
	if !errors.As(err, &de) || de.Earlier.JobID != "job-1" || !strings.Contains(err.Error(), "job job-1") {
		t.Errorf("err = %v", err)
	}
	// Some of the records, with others: refused, naming how many and where.
	mixed := Identify(target, recs("X", "A", "Y", "C"))
	already, err := j.Check(mixed)
	var as *AlreadySentError
	if !errors.As(err, &as) || as.Already != 2 || as.Of != 4 || len(as.Earlier) != 2 || fmt.Sprint(already) != "[false true false true]" {
		t.Fatalf("Check = %v, %v", already, err)
	}
	if !strings.Contains(err.Error(), "2 of the 4 updates were sent before: ") || !strings.Contains(err.Error(), "1 in job job-1") || !strings.Contains(err.Error(), "--only-new") {
		t.Errorf("message %q", err)
	}
	if _, err := j.Begin(mixed, "json", false); !errors.As(err, &as) {
		t.Errorf("Begin sent records sent before: %v", err)
	}
	if _, err := j.Begin(mixed, "json", true); err != nil {
		t.Errorf("--force refused: %v", err)
	}
	if s, ok, _ := j.FindJob("job-1"); !ok || s.Status != StatusCompleted || s.Records != 2 || s.Version != JournalVersion {
		t.Errorf("FindJob = %+v, %v", s, ok)
	}
}

// TestJournalConcurrent: of many runs beginning the same records at once,
// one goes and the others are refused.
func TestJournalConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	var wg sync.WaitGroup
	var mu sync.Mutex
	went := 0
	for i := range 16 {
		wg.Go(func() {
			j := OpenJournal(path)
			if _, err := j.Begin(Identify("https://api.x:443", recs("A")), "json", false); err == nil {
				mu.Lock()
				went++
				mu.Unlock()
			} else if !errors.As(err, new(*DuplicateError)) {
				t.Error(err)
			}
			// Other records all go.
			if _, err := j.Begin(Identify("https://api.x:443", recs(fmt.Sprint(i))), "json", false); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	subs, _ := OpenJournal(path).Submissions()
	if went != 1 || len(subs) != 17 {
		t.Errorf("%d runs went, %d submissions; want 1 and 17", went, len(subs))
	}
}

// TestJournalUnwritable: a journal that cannot be written is an error
// before anything could be sent.
func TestJournalUnwritable(t *testing.T) {
	dir := t.TempDir()
	asDir := filepath.Join(dir, "journal.db")
	os.Mkdir(asDir, 0o700)
	underFile := filepath.Join(dir, "file", "journal.db")
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	for _, p := range []string{asDir, underFile} {
		_, err := OpenJournal(p).Begin(Identify("https://api.x:443", recs("A")), "json", false)
		var je *JournalError
		if !errors.As(err, &je) || je.After {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestJournalHistory: with 100,000 records in its history, the journal
// finds the ones sent before at once; it logs how long that took.
func TestJournalHistory(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a journal with 100,000 records")
	}
	j := OpenJournal(filepath.Join(t.TempDir(), "journal.db"))
	target := "https://api.x:443"
	var week []schema.Update
	for w := range 10 {
		week = week[:0]
		for i := range 10_000 {
			week = append(week, schema.Update{ExternalID: fmt.Sprintf("ID-%05d", i), Status: "On Track", MetricValue: fmt.Sprint(w), AsOfDate: fmt.Sprintf("2025-%02d-01", w+1)})
		}
		sub, err := j.Begin(Identify(target, week), "json", false)
		if err != nil {
			t.Fatal(err)
		}
		j.Record(sub, fmt.Sprintf("job-%d", w), StatusCompleted)
	}
	// This week's tracker again, with 100 new rows.
	for i := range 100 {
		week = append(week, schema.Update{ExternalID: fmt.Sprintf("NEW-%03d", i), Status: "On Track", AsOfDate: "2025-10-01"})
	}
	start := time.Now()
	already, err := j.Check(Identify(target, week))
	took := time.Since(start)
	var as *AlreadySentError
	if !errors.As(err, &as) || as.Already != 10_000 || len(as.Earlier) != 1 || as.Earlier[0].JobID != "job-9" || already[10_000] {
		t.Fatalf("%v", err)
	}
	t.Logf("checked %d records against 100,000 in the journal in %v (%s)", len(week), took, runtime.GOARCH)
}

func TestDefaultJournalPath(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Setenv("LocalAppData", `C:\Users\u\AppData\Local`)
		if p, _ := DefaultJournalPath(); p != filepath.Join(`C:\Users\u\AppData\Local`, "aitkit", "journal.db") {
			t.Errorf("got %s", p)
		}
		return
	}
	t.Setenv("XDG_STATE_HOME", "/state")
	if p, _ := DefaultJournalPath(); p != filepath.Join("/state", "aitkit", "journal.db") {
		t.Errorf("got %s", p)
	}
	t.Setenv("XDG_STATE_HOME", "relative")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultJournalPath(); p != filepath.Join("/home/u", ".local", "state", "aitkit", "journal.db") {
		t.Errorf("got %s", p)
	}
}

// TestBeginInBatches: the records' hashes written over several
// transactions are all there: every record of the submission is found
// sent before.
func TestBeginInBatches(t *testing.T) {
	defer func(n int) { recordsPerTx = n }(recordsPerTx)
	recordsPerTx = 7
	j := OpenJournal(filepath.Join(t.TempDir(), "journal.db"))
	var ids []string
	for i := range 40 {
		ids = append(ids, fmt.Sprint("R", i))
	}
	if _, err := j.Begin(Identify("https://api.x:443", recs(ids...)), "json", false); err != nil {
		t.Fatal(err)
	}
	already, err := j.Check(Identify("https://api.x:443", recs(append([]string{"NEW"}, ids...)...)))
	var as *AlreadySentError
	if !errors.As(err, &as) || as.Already != 40 || already[0] {
		t.Errorf("Check = %v", err)
	}
}
