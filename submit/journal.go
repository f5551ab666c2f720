package submit

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aitkit/aitkit/internal/storefile"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Journal states besides the job statuses (Queued, Processing, Completed,
// Failed).
const (
	StateSending  = "Sending"  // written before the POST: its outcome is not known yet
	StateUnknown  = "Unknown"  // the POST may have arrived
	StateNotSent  = "NotSent"  // the POST certainly did not arrive, or was refused before any import
	StateRejected = "Rejected" // the API answered 400: nothing was imported
)

// JournalVersion is the version of the journal's format (see the README).
const JournalVersion = 2

// Submission is one submission as the journal knows it. It is stored as
// JSON under its ID in the journal's "submissions" bucket.
type Submission struct {
	Version int       `json:"v"`
	ID      string    `json:"id"`            // hex SHA-256 of the target and the records in canonical form
	Seq     uint64    `json:"seq"`           // the order submissions were begun in
	Target  string    `json:"target"`        // the normalized base URL
	URL     string    `json:"url,omitempty"` // the base URL as it was given
	Records int       `json:"records"`
	Sent    time.Time `json:"sent"` // when it was begun, before the POST
	Updated time.Time `json:"updated"`
	JobID   string    `json:"jobId,omitempty"`
	Status  string    `json:"status"`
	Format  string    `json:"format,omitempty"` // the body's format: json or csv
	Note    string    `json:"note,omitempty"`   // what else the journal should say of it
}

// mayHaveImported tells whether a submission in this state may have been,
// or may yet be, imported: then its records must not be sent again.
func (s *Submission) mayHaveImported() bool {
	switch s.Status {
	case StateNotSent, StateRejected, StatusFailed:
		return false
	}
	return true
}

// what says what became of a submission, for messages.
// where is the API a submission went to, as the user named it when the
// journal knows that, with the normalized target when the two differ.
func (s *Submission) where() string {
	if s.URL == "" || s.URL == s.Target {
		return s.Target
	}
	return fmt.Sprintf("%s (the API %s)", s.URL, s.Target)
}

func (s *Submission) what() string {
	switch {
	case s.JobID != "":
		return fmt.Sprintf("job %s (sent %s, last status %s)", s.JobID, s.Sent.Local().Format("2006-01-02 15:04"), s.Status)
	}
	return fmt.Sprintf("a submission sent %s whose outcome is not known (%s)", s.Sent.Local().Format("2006-01-02 15:04"), s.Status)
}

// Journal records every submission before it is sent and each outcome
// after, so that the same records are never sent twice to the same API.
// It is a bbolt database (an embedded key-value store: one file, every
// write a transaction synced to disk) that several processes may use at
// once: each holds it, locked, only for the moment of a read or a write.
type Journal struct {
	Path    string
	Now     func() time.Time
	Timeout time.Duration // how long to wait for another process's lock; 0 means 30 s
	checked atomic.Bool   // the whole file was checked once (storefile.Deep)
}

// The journal's buckets. A seq is 8 bytes, big-endian.
var (
	bucketMeta = []byte("meta")        // "version" -> "2"
	bucketSubs = []byte("submissions") // seq -> Submission (JSON)
	bucketIDs  = []byte("ids")         // submission ID (32) + seq -> nothing
	bucketRecs = []byte("records")     // record hash (16) + seq -> nothing
)

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// JournalError: the journal could not be read or written. Before a POST
// it means nothing was sent; after an acceptance, that the acceptance is
// not on record (After).
type JournalError struct {
	Path  string
	Err   error
	After bool   // the submission was accepted before the journal failed
	JobID string // with After: the job
}

func (e *JournalError) Error() string {
	if storefile.IsDamaged(e.Err) {
		return e.Err.Error() // it names the journal
	}
	return "journal " + e.Path + ": " + e.Err.Error()
}
func (e *JournalError) Unwrap() error { return e.Err }

// DefaultJournalPath is where the journal lives: $XDG_STATE_HOME/aitkit,
// else ~/.local/state/aitkit, and %LocalAppData%\aitkit on Windows.
func DefaultJournalPath() (string, error) {
	dir, err := stateDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "aitkit", "journal.db"), nil
}

func stateDir() (string, error) {
	if runtime.GOOS == "windows" {
		if d := os.Getenv("LocalAppData"); d != "" {
			return d, nil
		}
	}
	if d := os.Getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for the journal; give --journal PATH: %w", err)
	}
	return filepath.Join(home, ".local", "state"), nil
}

// OpenJournal returns the journal at path.
func OpenJournal(path string) *Journal { return &Journal{Path: path} }

func (j *Journal) now() time.Time {
	if j.Now != nil {
		return j.Now().UTC()
	}
	return time.Now().UTC()
}

// with opens the journal, runs fn in one transaction (read-only unless
// write), and closes it: the file is locked only for that long. A journal
// that is not there is created whole by a write (a read sees none: fn(nil));
// one that is damaged, truncated, empty or not a journal is refused
// (a *JournalError holding a *storefile.DamagedError) and left as it is.
func (j *Journal) with(write bool, fn func(tx *bolt.Tx) error) error {
	return j.withTxs(write, fn)
}

// withTxs is with for several transactions, run in turn under one hold of
// the file's lock: no other run reads or writes the journal between them.
func (j *Journal) withTxs(write bool, fns ...func(tx *bolt.Tx) error) error {
	if write {
		if err := os.MkdirAll(filepath.Dir(j.Path), 0o700); err != nil {
			return &JournalError{Path: j.Path, Err: err}
		}
	}
	timeout := j.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	db, err := storefile.Open(j.Path, "journal", &bolt.Options{Timeout: timeout, ReadOnly: !write}, write, !j.checked.Load(), initBuckets)
	switch {
	case !write && errors.Is(err, fs.ErrNotExist):
		for _, fn := range fns {
			if err := fn(nil); err != nil {
				return err
			}
		}
		return nil
	case errors.Is(err, berrors.ErrTimeout):
		return &JournalError{Path: j.Path, Err: fmt.Errorf("another ait-submit has held it for %s", timeout)}
	case err != nil:
		return &JournalError{Path: j.Path, Err: err}
	}
	j.checked.Store(true)
	defer db.Close()
	run := db.View
	if write {
		run = db.Update
	}
	err = storefile.Guard(j.Path, "journal", func() error {
		for _, fn := range fns {
			err := run(func(tx *bolt.Tx) error {
				for _, b := range [][]byte{bucketMeta, bucketSubs, bucketIDs, bucketRecs} {
					if tx.Bucket(b) == nil {
						return &storefile.DamagedError{Path: j.Path, What: "journal", Reason: fmt.Sprintf("it is a bbolt file without the journal's %q bucket: not an aitkit journal", b)}
					}
				}
				if v := tx.Bucket(bucketMeta).Get([]byte("version")); string(v) != fmt.Sprint(JournalVersion) {
					return fmt.Errorf("version %q of the journal's format is not this aitkit's (%d)", v, JournalVersion)
				}
				return fn(tx)
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		var de *DuplicateError
		var ae *AlreadySentError
		if errors.As(err, &de) || errors.As(err, &ae) {
			return err
		}
		if _, ok := err.(*JournalError); !ok {
			err = &JournalError{Path: j.Path, Err: err}
		}
	}
	return err
}

// initBuckets makes a new journal's buckets.
func initBuckets(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketMeta, bucketSubs, bucketIDs, bucketRecs} {
		if _, err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put([]byte("version"), []byte(fmt.Sprint(JournalVersion)))
}

// DuplicateError: the same records were sent to the same API before, and
// may have been imported.
type DuplicateError struct {
	Earlier Submission
}

func (e *DuplicateError) Error() string {
	return fmt.Sprintf("the same %d updates were sent to %s before: %s; not sending them twice (--force sends them anyway)",
		e.Earlier.Records, e.Earlier.where(), e.Earlier.what())
}

// AlreadySentError: some of the records were in earlier submissions to
// the same API that may have been imported.
type AlreadySentError struct {
	Already int          // how many of the records
	Of      int          // of how many
	Earlier []Submission // the submissions that hold them, oldest first
	Counts  []int        // how many of the records each holds
}

func (e *AlreadySentError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d of the %d updates were sent before", e.Already, e.Of)
	for i, s := range e.Earlier {
		if i == 5 {
			fmt.Fprintf(&b, "; and in %d more submissions", len(e.Earlier)-5)
			break
		}
		sep := ": "
		if i > 0 {
			sep = "; "
		}
		fmt.Fprintf(&b, "%s%d in %s", sep, e.Counts[i], s.what())
	}
	b.WriteString(". Not sending them twice: --only-new sends the others, --force sends all")
	return b.String()
}

// Check tells what the journal knows of records about to be sent: an
// earlier submission of the very same records that may have been imported
// (a *DuplicateError), or earlier submissions holding some of them (an
// *AlreadySentError, whose records are marked in already). It writes
// nothing.
func (j *Journal) Check(id *Identity) (already []bool, err error) {
	err = j.with(false, func(tx *bolt.Tx) error {
		already, err = check(tx, id)
		return err
	})
	return already, err
}

// check finds an earlier submission of id, or of some of its records,
// that may have been imported.
func check(tx *bolt.Tx, id *Identity) ([]bool, error) {
	already := make([]bool, len(id.Records))
	if tx == nil {
		return already, nil
	}
	subs := tx.Bucket(bucketSubs)
	bySeq := map[uint64]*Submission{}
	lookup := func(seq uint64) (*Submission, error) {
		if s, ok := bySeq[seq]; ok {
			return s, nil
		}
		var s *Submission
		if v := subs.Get(seqKey(seq)); v != nil {
			s = new(Submission)
			if err := json.Unmarshal(v, s); err != nil {
				return nil, err
			}
		}
		bySeq[seq] = s
		return s, nil
	}
	// The same records, sent before: the latest that may have imported.
	var same *Submission
	c := tx.Bucket(bucketIDs).Cursor()
	for k, _ := c.Seek(id.ID[:]); k != nil && bytes.HasPrefix(k, id.ID[:]); k, _ = c.Next() {
		s, err := lookup(binary.BigEndian.Uint64(k[32:]))
		if err != nil {
			return nil, err
		}
		if s != nil && s.mayHaveImported() {
			same = s
		}
	}
	if same != nil {
		return nil, &DuplicateError{Earlier: *same}
	}
	counts := map[uint64]int{}
	n := 0
	c = tx.Bucket(bucketRecs).Cursor()
	for i, h := range id.Records {
		for k, _ := c.Seek(h[:]); k != nil && bytes.HasPrefix(k, h[:]); k, _ = c.Next() {
			seq := binary.BigEndian.Uint64(k[16:])
			s, err := lookup(seq)
			if err != nil {
				return nil, err
			}
			if s != nil && s.mayHaveImported() {
				if !already[i] {
					already[i] = true
					n++
				}
				counts[seq]++
			}
		}
	}
	if n == 0 {
		return already, nil
	}
	e := &AlreadySentError{Already: n, Of: len(id.Records)}
	seqs := make([]uint64, 0, len(counts))
	for seq := range counts {
		seqs = append(seqs, seq)
	}
	sort.Slice(seqs, func(a, b int) bool { return seqs[a] < seqs[b] })
	for _, seq := range seqs {
		e.Earlier = append(e.Earlier, *bySeq[seq])
		e.Counts = append(e.Counts, counts[seq])
	}
	return already, e
}

// Begin records that the records of id are about to be sent, unless
// (without force) the journal says the same records, or some of them, may
// already have been imported there. Check and record happen in one
// transaction under the file's lock, so that two runs cannot both send
// them; the records' hashes follow, in transactions of recordsPerTx under
// the same hold of the lock (so that a million records do not make one
// transaction of a million keys in memory), before Begin returns and
// anything is sent. format is the body's format, for the record.
func (j *Journal) Begin(id *Identity, format string, force bool) (*Submission, error) {
	var sub *Submission
	begin := func(tx *bolt.Tx) error {
		if !force {
			if _, err := check(tx, id); err != nil {
				return err
			}
		}
		seq, err := tx.Bucket(bucketSubs).NextSequence()
		if err != nil {
			return err
		}
		now := j.now()
		sub = &Submission{Version: JournalVersion, ID: id.Hex(), Seq: seq, Target: id.Target, URL: id.URL, Records: len(id.Records),
			Sent: now, Updated: now, Status: StateSending, Format: format}
		if err := putSubmission(tx, sub); err != nil {
			return err
		}
		return tx.Bucket(bucketIDs).Put(append(id.ID[:], seqKey(seq)...), nil)
	}
	// In key order: bbolt writes sorted keys fastest.
	hashes := append([][16]byte(nil), id.Records...)
	sort.Slice(hashes, func(a, b int) bool { return bytes.Compare(hashes[a][:], hashes[b][:]) < 0 })
	txs := []func(*bolt.Tx) error{begin}
	for start := 0; start < len(hashes); start += recordsPerTx {
		batch := hashes[start:min(start+recordsPerTx, len(hashes))]
		txs = append(txs, func(tx *bolt.Tx) error {
			recs := tx.Bucket(bucketRecs)
			recs.FillPercent = 0.9
			key := seqKey(sub.Seq)
			for _, h := range batch {
				if err := recs.Put(append(h[:], key...), nil); err != nil {
					return err
				}
			}
			return nil
		})
	}
	err := j.withTxs(true, txs...)
	return sub, err
}

// recordsPerTx is how many records' hashes Begin writes a transaction.
var recordsPerTx = 50_000 // a variable for tests

func putSubmission(tx *bolt.Tx, s *Submission) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketSubs).Put(seqKey(s.Seq), b)
}

// Record writes what is now known of a submission begun with Begin.
func (j *Journal) Record(sub *Submission, jobID, status string) error {
	return j.with(true, func(tx *bolt.Tx) error {
		if jobID != "" {
			sub.JobID = jobID
		}
		sub.Status, sub.Updated = status, j.now()
		return putSubmission(tx, sub)
	})
}

// Submissions returns every submission, in the order they were begun.
func (j *Journal) Submissions() ([]Submission, error) {
	var out []Submission
	err := j.with(false, func(tx *bolt.Tx) error {
		if tx == nil {
			return nil
		}
		return tx.Bucket(bucketSubs).ForEach(func(_, v []byte) error {
			var s Submission
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	})
	return out, err
}

// FindJob returns the submission of a job, to name it.
func (j *Journal) FindJob(jobID string) (Submission, bool, error) {
	subs, err := j.Submissions()
	for i := len(subs) - 1; i >= 0; i-- {
		if subs[i].JobID == jobID {
			return subs[i], true, err
		}
	}
	return Submission{}, false, err
}
