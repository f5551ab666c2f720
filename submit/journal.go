package submit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Journal states besides the job statuses (Queued, Processing, Completed,
// Failed).
const (
	StateSending  = "Sending"  // written before the POST: its outcome is not known yet
	StateUnknown  = "Unknown"  // the POST may have arrived
	StateNotSent  = "NotSent"  // the POST certainly did not arrive, or was refused before any import
	StateRejected = "Rejected" // the API answered 400: nothing was imported
)

// Entry is one line of the journal. A submission has a line when it is
// about to be sent and one each time more is known; the last line of a
// (base URL, body) pair says where it stands.
type Entry struct {
	Time    time.Time `json:"time"`
	BaseURL string    `json:"baseUrl"`
	SHA256  string    `json:"sha256"`
	Records int       `json:"records"`
	JobID   string    `json:"jobId,omitempty"`
	Status  string    `json:"status"`
}

// mayHaveImported tells whether a submission in this state may have been,
// or may yet be, imported: then the same body must not be sent again.
func (e Entry) mayHaveImported() bool {
	switch e.Status {
	case StateNotSent, StateRejected, StatusFailed:
		return false
	}
	return true
}

// Journal is an append-only file of submissions, safe for several
// processes at once: every read-check-append holds an exclusive lock on the
// file.
type Journal struct {
	Path string
	Now  func() time.Time
}

// DefaultJournalPath is where the journal lives: $XDG_STATE_HOME/aitkit,
// else ~/.local/state/aitkit, and %LocalAppData%\aitkit on Windows.
func DefaultJournalPath() (string, error) {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return filepath.Join(d, "aitkit", "journal.jsonl"), nil
		}
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "aitkit", "journal.jsonl"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the journal; give --journal PATH: %w", err)
	}
	return filepath.Join(home, ".local", "state", "aitkit", "journal.jsonl"), nil
}

// BodyHash is the journal's fingerprint of a body.
func BodyHash(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:])
}

// DuplicateError: the same body was sent to the same API before, and may
// have been imported.
type DuplicateError struct {
	Earlier Entry
}

func (e *DuplicateError) Error() string {
	what := "were accepted as job " + e.Earlier.JobID
	if e.Earlier.JobID == "" {
		what = "were sent, and whether they arrived is not known"
	}
	return fmt.Sprintf("the same %d updates %s (%s, last status %s); not sending them twice (--force sends them anyway)",
		e.Earlier.Records, what, e.Earlier.Time.Local().Format("2006-01-02 15:04:05"), e.Earlier.Status)
}

func (j *Journal) now() time.Time {
	if j.Now != nil {
		return j.Now()
	}
	return time.Now()
}

// withLock opens the journal, locks it exclusively, and runs fn.
func (j *Journal) withLock(fn func(f *os.File) error) error {
	if err := os.MkdirAll(filepath.Dir(j.Path), 0o700); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(j.Path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		return fmt.Errorf("journal: lock %s: %w", j.Path, err)
	}
	defer unlockFile(f)
	return fn(f)
}

// Begin records that body is about to be sent to baseURL, unless the
// journal says the same body may already have been imported there: then it
// returns a *DuplicateError (force skips the check). Check and record
// happen under one lock, so two runs cannot both send it.
func (j *Journal) Begin(baseURL string, body []byte, records int, force bool) (Entry, error) {
	e := Entry{BaseURL: baseURL, SHA256: BodyHash(body), Records: records, Status: StateSending}
	err := j.withLock(func(f *os.File) error {
		if !force {
			last, ok, err := lastOf(f, baseURL, e.SHA256)
			if err != nil {
				return err
			}
			if ok && last.mayHaveImported() {
				return &DuplicateError{Earlier: last}
			}
		}
		e.Time = j.now().UTC()
		return appendEntry(f, e)
	})
	return e, err
}

// Record appends what is now known of a submission begun with Begin.
func (j *Journal) Record(e Entry, jobID, status string) error {
	e.Time = j.now().UTC()
	if jobID != "" {
		e.JobID = jobID
	}
	e.Status = status
	return j.withLock(func(f *os.File) error { return appendEntry(f, e) })
}

// Entries returns every line of the journal.
func (j *Journal) Entries() ([]Entry, error) {
	var out []Entry
	err := j.withLock(func(f *os.File) error {
		return scan(f, func(e Entry) { out = append(out, e) })
	})
	return out, err
}

// FindJob returns the last entry of a job, to name its submission.
func (j *Journal) FindJob(jobID string) (Entry, bool, error) {
	var last Entry
	found := false
	err := j.withLock(func(f *os.File) error {
		return scan(f, func(e Entry) {
			if e.JobID == jobID {
				last, found = e, true
			}
		})
	})
	return last, found, err
}

// lastOf returns the last entry of a (base URL, body) pair. An entry
// written as Sending and never followed up stays Sending: unknown.
func lastOf(f *os.File, baseURL, sum string) (Entry, bool, error) {
	var last Entry
	found := false
	err := scan(f, func(e Entry) {
		if e.BaseURL == baseURL && e.SHA256 == sum {
			last, found = e, true
		}
	})
	return last, found, err
}

func scan(f *os.File, fn func(Entry)) error {
	if _, err := f.Seek(0, 0); err != nil {
		return err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var e Entry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			continue // a torn or foreign line is skipped, not fatal
		}
		fn(e)
	}
	return sc.Err()
}

func appendEntry(f *os.File, e Entry) error {
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := f.Write(b); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return f.Sync()
}
