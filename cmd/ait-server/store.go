package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/aitkit/aitkit/internal/importapi"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

var bucketJobs = []byte("jobs")

// boltStore keeps jobs in a bbolt file, keyed by acceptance order. Every
// write is one transaction, fsynced before it returns: a job is durable
// before its 200 is answered.
type boltStore struct {
	db *bolt.DB
}

func openStore(dir string) (*boltStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "aitkit.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		if errors.Is(err, berrors.ErrTimeout) {
			return nil, fmt.Errorf("%s is in use by another ait-server", path)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketJobs)
		return err
	}); err != nil {
		db.Close()
		return nil, err
	}
	return &boltStore{db: db}, nil
}

func seqKey(seq int64) []byte {
	k := make([]byte, 8)
	binary.BigEndian.PutUint64(k, uint64(seq))
	return k
}

func (s *boltStore) put(j *importapi.Job) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketJobs).Put(seqKey(j.Seq), b) })
}

func (s *boltStore) Add(j *importapi.Job) error   { return s.put(j) }
func (s *boltStore) Ended(j *importapi.Job) error { return s.put(j) }

func (s *boltStore) Load() ([]*importapi.Job, error) {
	var jobs []*importapi.Job
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJobs).ForEach(func(k, v []byte) error {
			var j importapi.Job
			if err := json.Unmarshal(v, &j); err != nil {
				return fmt.Errorf("job %x: %w", k, err)
			}
			jobs = append(jobs, &j)
			return nil
		})
	})
	return jobs, err
}

func (s *boltStore) Close() error { return s.db.Close() }

var _ importapi.Store = (*boltStore)(nil)
