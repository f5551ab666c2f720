package importapi

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aitkit/aitkit/internal/storefile"
	"github.com/aitkit/aitkit/schema"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// StoreFile is the name of the store in its directory.
const StoreFile = "aitkit.db"

// storeVersion is the version of the store's layout. Version 1 (aitkit
// 1.0) kept each job whole, records and all, in one bucket "jobs".
const storeVersion = "2"

// The store's buckets. A seq is 8 bytes, big-endian; a record's index in
// its job, 4.
var (
	bMeta     = []byte("meta")    // "version" -> storeVersion, "seq" -> the highest seq
	bJobs     = []byte("job")     // seq -> Job (JSON, without records or errors)
	bIDs      = []byte("jobid")   // jobId -> seq
	bPending  = []byte("pending") // seq -> nothing: accepted jobs not yet ended
	bRecords  = []byte("records") // seq + index -> record: the bodies of jobs not yet ended
	bErrors   = []byte("errors")  // seq -> []validate.RecordErrors (JSON): a rejected or failed job's
	bUpdates  = []byte("updates") // endSeq + index -> jobId and record: the imported updates
	bucketsV2 = [][]byte{bMeta, bJobs, bIDs, bPending, bRecords, bErrors, bUpdates}
	bJobsV1   = []byte("jobs")
)

// BoltStore is a Store in a bbolt file: one transaction per write, synced
// before it returns. It holds nothing in memory.
type BoltStore struct {
	db *bolt.DB
}

// OpenBoltStore opens (or creates) the store in dir. A store that is
// damaged, cut short or empty is refused (a *storefile.DamagedError), and
// so is one that another process holds; a store of aitkit 1.0 is brought
// to this layout.
func OpenBoltStore(dir string) (*BoltStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, StoreFile)
	db, err := storefile.Open(path, "store", &bolt.Options{Timeout: time.Second}, true, true, initStore)
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("%s is in use by another ait-server", path)
		}
		if !storefile.IsDamaged(err) {
			err = fmt.Errorf("%s: %w", path, err)
		}
		return nil, err
	}
	s := &BoltStore{db: db}
	if err := s.guard(func() error {
		return db.Update(func(tx *bolt.Tx) error {
			if err := s.upgrade(tx); err != nil {
				return err
			}
			return s.dropOrphans(tx)
		})
	}); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func initStore(tx *bolt.Tx) error {
	for _, b := range bucketsV2 {
		if _, err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	return tx.Bucket(bMeta).Put([]byte("version"), []byte(storeVersion))
}

// upgrade checks the layout, bringing a version 1 store to version 2.
func (s *BoltStore) upgrade(tx *bolt.Tx) error {
	if m := tx.Bucket(bMeta); m != nil {
		if v := m.Get([]byte("version")); string(v) != storeVersion {
			return fmt.Errorf("%s: version %q of the store's layout is not this aitkit's (%s)", s.db.Path(), v, storeVersion)
		}
		for _, b := range bucketsV2 {
			if tx.Bucket(b) == nil {
				return &storefile.DamagedError{Path: s.db.Path(), What: "store", Reason: fmt.Sprintf("its %q bucket is missing", b)}
			}
		}
		return nil
	}
	old := tx.Bucket(bJobsV1)
	if old == nil {
		return &storefile.DamagedError{Path: s.db.Path(), What: "store", Reason: "it is a bbolt file without ait-server's buckets"}
	}
	if err := initStore(tx); err != nil {
		return err
	}
	type v1 struct {
		Job
		Records []schema.Update `json:"records"`
	}
	err := old.ForEach(func(k, v []byte) error {
		var j v1
		if err := json.Unmarshal(v, &j); err != nil {
			return &storefile.DamagedError{Path: s.db.Path(), What: "store", Reason: fmt.Sprintf("job %x: %v", k, err)}
		}
		j.Count = len(j.Records)
		each := func(fn func(schema.Update) error) error {
			for _, u := range j.Records {
				if err := fn(u); err != nil {
					return err
				}
			}
			return nil
		}
		if err := s.add(tx, &j.Job, each); err != nil {
			return err
		}
		if j.Applied {
			if _, err := s.end(tx, &j.Job, 0); err != nil {
				return err
			}
			return s.finish(tx, &j.Job)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tx.DeleteBucket(bJobsV1)
}

// guard turns a panic or a fault in bbolt into an error naming the store.
func (s *BoltStore) guard(fn func() error) error { return storefile.Guard(s.db.Path(), "store", fn) }

func (s *BoltStore) update(fn func(tx *bolt.Tx) error) error {
	return s.guard(func() error { return s.db.Update(fn) })
}

func (s *BoltStore) view(fn func(tx *bolt.Tx) error) error {
	return s.guard(func() error { return s.db.View(fn) })
}

func seqKey(seq int64) []byte { return binary.BigEndian.AppendUint64(nil, uint64(seq)) }

func recKey(seq int64, i int) []byte {
	return binary.BigEndian.AppendUint32(seqKey(seq), uint32(i))
}

// appendRecord writes a record as five fields, each with its length.
func appendRecord(b []byte, u *schema.Update) []byte {
	for _, f := range [...]string{u.ExternalID, u.Status, u.MetricValue, u.AsOfDate, u.Comment} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// readFields reads n fields written by appendRecord.
func readFields(b []byte, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		l, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < l {
			return nil, errors.New("a record that does not read")
		}
		out[i] = string(b[k : k+int(l)])
		b = b[k+int(l):]
	}
	return out, nil
}

func readRecord(b []byte) (schema.Update, error) {
	f, err := readFields(b, 5)
	if err != nil {
		return schema.Update{}, err
	}
	return schema.Update{ExternalID: f[0], Status: f[1], MetricValue: f[2], AsOfDate: f[3], Comment: f[4]}, nil
}

func (s *BoltStore) putJob(tx *bolt.Tx, j *Job) error {
	meta := *j
	meta.Records, meta.Errors = nil, nil
	b, err := json.Marshal(&meta)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bJobs).Put(seqKey(j.Seq), b); err != nil {
		return err
	}
	if len(j.Errors) > 0 {
		e, err := json.Marshal(j.Errors)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bErrors).Put(seqKey(j.Seq), e); err != nil {
			return err
		}
	}
	m := tx.Bucket(bMeta)
	last := int64(0)
	if v := m.Get([]byte("seq")); len(v) == 8 {
		last = int64(binary.BigEndian.Uint64(v))
	}
	return m.Put([]byte("seq"), seqKey(max(last, j.Seq, j.EndSeq)))
}

func (s *BoltStore) add(tx *bolt.Tx, j *Job, records func(fn func(schema.Update) error) error) error {
	if err := s.putJob(tx, j); err != nil {
		return err
	}
	if err := tx.Bucket(bIDs).Put([]byte(j.ID), seqKey(j.Seq)); err != nil {
		return err
	}
	if j.Rejected {
		return nil
	}
	if err := tx.Bucket(bPending).Put(seqKey(j.Seq), nil); err != nil {
		return err
	}
	if records == nil {
		return nil
	}
	recs := tx.Bucket(bRecords)
	recs.FillPercent = 0.9 // keys in order
	i := 0
	return records(func(u schema.Update) error {
		// A new slice each: bbolt keeps the value until the commit.
		err := recs.Put(recKey(j.Seq, i), appendRecord(nil, &u))
		i++
		return err
	})
}

// Add stores a new job and its records: the records first, in
// transactions of storeBatch (bbolt holds a transaction's writes in
// memory until it commits), then the job itself, which makes them its
// own. Records whose job was never stored (a crash in between) are
// removed when the store is opened.
func (s *BoltStore) Add(j *Job, records func(fn func(schema.Update) error) error) error {
	if records != nil && !j.Rejected {
		var batch []schema.Update
		i := 0
		flush := func() error {
			err := s.update(func(tx *bolt.Tx) error {
				recs := tx.Bucket(bRecords)
				recs.FillPercent = 0.9 // keys in order
				for k := range batch {
					// A new slice each: bbolt keeps the value until the commit.
					if err := recs.Put(recKey(j.Seq, i+k), appendRecord(nil, &batch[k])); err != nil {
						return err
					}
				}
				return nil
			})
			i += len(batch)
			batch = batch[:0]
			return err
		}
		err := records(func(u schema.Update) error {
			if batch = append(batch, u); len(batch) == storeBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err != nil {
			s.update(func(tx *bolt.Tx) error { return deletePrefix(tx.Bucket(bRecords), seqKey(j.Seq)) })
			return err
		}
	}
	return s.update(func(tx *bolt.Tx) error { return s.add(tx, j, nil) })
}

// storeBatch is how many records a transaction writes or moves.
var storeBatch = 10_000

// dropOrphans removes records whose job was never stored.
func (s *BoltStore) dropOrphans(tx *bolt.Tx) error {
	jobs := tx.Bucket(bJobs)
	c := tx.Bucket(bRecords).Cursor()
	for k, _ := c.First(); k != nil; {
		prefix := append([]byte(nil), k[:8]...)
		if jobs.Get(prefix) != nil {
			k, _ = c.Seek(binary.BigEndian.AppendUint64(nil, binary.BigEndian.Uint64(prefix)+1))
			continue
		}
		if err := deletePrefix(tx.Bucket(bRecords), prefix); err != nil {
			return err
		}
		k, _ = c.Seek(prefix)
	}
	return nil
}

// Job returns the job with this ID, or nil.
func (s *BoltStore) Job(id string) (*Job, error) {
	var j *Job
	err := s.view(func(tx *bolt.Tx) error {
		k := tx.Bucket(bIDs).Get([]byte(id))
		if k == nil {
			return nil
		}
		var err error
		j, err = s.readJob(tx, k)
		return err
	})
	return j, err
}

func (s *BoltStore) readJob(tx *bolt.Tx, k []byte) (*Job, error) {
	v := tx.Bucket(bJobs).Get(k)
	if v == nil {
		return nil, nil
	}
	j := new(Job)
	if err := json.Unmarshal(v, j); err != nil {
		return nil, fmt.Errorf("job %x: %w", k, err)
	}
	if e := tx.Bucket(bErrors).Get(k); e != nil {
		if err := json.Unmarshal(e, &j.Errors); err != nil {
			return nil, fmt.Errorf("errors of job %s: %w", j.ID, err)
		}
	}
	return j, nil
}

// Records calls fn with each record of a job not yet ended.
func (s *BoltStore) Records(j *Job, fn func(int, schema.Update) error) error {
	return s.view(func(tx *bolt.Tx) error {
		prefix := seqKey(j.Seq)
		c := tx.Bucket(bRecords).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			u, err := readRecord(v)
			if err != nil {
				return fmt.Errorf("job %s: %w", j.ID, err)
			}
			if err := fn(int(binary.BigEndian.Uint32(k[8:])), u); err != nil {
				return err
			}
		}
		return nil
	})
}

// end moves at most n of a job's records (all when n is 0) to the
// imported updates, or drops them when it failed, and tells whether none
// are left.
func (s *BoltStore) end(tx *bolt.Tx, j *Job, n int) (bool, error) {
	recs, ups := tx.Bucket(bRecords), tx.Bucket(bUpdates)
	ups.FillPercent = 0.9
	prefix := seqKey(j.Seq)
	c := recs.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Seek(prefix) {
		if n > 0 {
			if n--; n == 0 {
				return false, nil
			}
		}
		if !j.Failed {
			u, err := readRecord(v)
			if err != nil {
				return false, fmt.Errorf("job %s: %w", j.ID, err)
			}
			if err := ups.Put(recKey(j.EndSeq, int(binary.BigEndian.Uint32(k[8:]))), appendImported(nil, j.ID, u)); err != nil {
				return false, err
			}
		}
		if err := c.Delete(); err != nil {
			return false, err
		}
	}
	return true, nil
}

// finish stores a job's end: its new state, no longer pending.
func (s *BoltStore) finish(tx *bolt.Tx, j *Job) error {
	if err := s.putJob(tx, j); err != nil {
		return err
	}
	return tx.Bucket(bPending).Delete(seqKey(j.Seq))
}

func appendImported(b []byte, jobID string, u schema.Update) []byte {
	b = binary.AppendUvarint(b, uint64(len(jobID)))
	b = append(b, jobID...)
	return appendRecord(b, &u)
}

// End stores that a job ended, and imports its records unless it failed:
// first its end sequence, so that the moves can be taken up again after a
// crash with the same one, then its records in transactions of
// storeBatch, then its new state.
func (s *BoltStore) End(j *Job) error {
	ending := *j
	ending.Applied, ending.Failed, ending.Errors = false, false, nil
	if err := s.update(func(tx *bolt.Tx) error { return s.putJob(tx, &ending) }); err != nil {
		return err
	}
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			var err error
			done, err = s.end(tx, j, storeBatch+1)
			return err
		})
		if err != nil {
			return err
		}
	}
	return s.update(func(tx *bolt.Tx) error { return s.finish(tx, j) })
}

// Pending returns the accepted jobs that have not ended.
func (s *BoltStore) Pending() ([]*Job, error) {
	var out []*Job
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bPending).ForEach(func(k, _ []byte) error {
			j, err := s.readJob(tx, k)
			if j != nil {
				out = append(out, j)
			}
			return err
		})
	})
	return out, err
}

// Updates calls fn with at most n imported updates after the key after.
func (s *BoltStore) Updates(after []byte, n int, fn func(Imported) error) ([]byte, error) {
	var last []byte
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bUpdates).Cursor()
		k, v := c.First()
		if after != nil {
			if k, v = c.Seek(after); k != nil && bytes.Equal(k, after) {
				k, v = c.Next()
			}
		}
		for ; k != nil && n > 0; k, v = c.Next() {
			f, err := readFields(v, 6)
			if err != nil {
				return fmt.Errorf("update %x: %w", k, err)
			}
			if err := fn(Imported{JobID: f[0], Update: schema.Update{ExternalID: f[1], Status: f[2], MetricValue: f[3], AsOfDate: f[4], Comment: f[5]}}); err != nil {
				return err
			}
			last = append(last[:0], k...)
			n--
		}
		return nil
	})
	return last, err
}

// Jobs calls fn with every job, in order.
func (s *BoltStore) Jobs(fn func(*Job) error) error {
	return s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bJobs).ForEach(func(k, _ []byte) error {
			j, err := s.readJob(tx, k)
			if err != nil {
				return err
			}
			return fn(j)
		})
	})
}

// Prune forgets the jobs created before t: their records, errors and
// imported updates go, one job a transaction; bbolt then reuses their
// pages, so that the file stops growing.
func (s *BoltStore) Prune(before time.Time) (int, error) {
	var old []Job
	err := s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bJobs).ForEach(func(k, v []byte) error {
			var j Job
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("job %x: %w", k, err)
			}
			if j.Created.Before(before) {
				old = append(old, Job{ID: j.ID, Seq: j.Seq, EndSeq: j.EndSeq, Applied: j.Applied})
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	for i, j := range old {
		err := s.update(func(tx *bolt.Tx) error {
			k := seqKey(j.Seq)
			for _, b := range [][]byte{bJobs, bPending, bErrors} {
				if err := tx.Bucket(b).Delete(k); err != nil {
					return err
				}
			}
			if err := tx.Bucket(bIDs).Delete([]byte(j.ID)); err != nil {
				return err
			}
			if err := deletePrefix(tx.Bucket(bRecords), k); err != nil {
				return err
			}
			if j.Applied {
				return deletePrefix(tx.Bucket(bUpdates), seqKey(j.EndSeq))
			}
			return nil
		})
		if err != nil {
			return i, err
		}
	}
	return len(old), nil
}

func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// LastSeq is the highest seq stored.
func (s *BoltStore) LastSeq() (int64, error) {
	var seq int64
	err := s.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get([]byte("seq")); len(v) == 8 {
			seq = int64(binary.BigEndian.Uint64(v))
		}
		return nil
	})
	return seq, err
}

// Close closes the file.
func (s *BoltStore) Close() error { return s.db.Close() }

var _ Store = (*BoltStore)(nil)
