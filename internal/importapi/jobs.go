package importapi

import (
	"encoding/binary"
	"sort"
	"time"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
)

// Job is a submission the API answered with a jobId: accepted (and then
// Queued, Processing, Completed or Failed), or rejected with a 400 (its
// status is Failed, with the same errors). What a Store keeps of it is
// this, without its records, which it keeps apart until the job ends.
type Job struct {
	ID      string          `json:"jobId"`
	Created time.Time       `json:"created"`
	Records []schema.Update `json:"-"`     // given to Store.Add; filled by Server.Jobs
	Count   int             `json:"count"` // how many records it holds
	// Errors are a rejected or failed job's, for its status: those of its
	// first keptErrors records; ErrorRecords counts them all.
	Errors       []validate.RecordErrors `json:"errors,omitempty"`
	ErrorRecords int                     `json:"errorRecords,omitempty"`
	Rejected     bool                    `json:"rejected,omitempty"`
	Applied      bool                    `json:"applied"` // it ended: imported, or Failed
	Failed       bool                    `json:"failed"`
	Seq          int64                   `json:"seq"`    // answer order
	EndSeq       int64                   `json:"endSeq"` // the order jobs ended in: the import order
}

// keptErrors is how many records' errors a rejected or failed job keeps
// for its status.
var keptErrors = 10_000 // a variable for tests

// Store keeps the jobs, their records until they end, and the updates
// imported, so that a server of one's own (ait-server --data) loses
// nothing on a restart and holds none of it in memory. The server calls
// it under its lock, one call at a time. Every write is durable when it
// returns, since the answer that tells of it follows.
type Store interface {
	// Add stores a new job and, for an accepted one, its records, which
	// records gives one at a time (nil for a rejected job).
	Add(j *Job, records func(fn func(schema.Update) error) error) error
	// Job returns the job with this ID, or nil.
	Job(id string) (*Job, error)
	// Records calls fn with each record of a job that has not ended, in
	// order.
	Records(j *Job, fn func(i int, u schema.Update) error) error
	// End stores that a job ended (j is its new state: Applied, Failed or
	// not), and, unless it Failed, appends its records to the imported
	// updates; its records are then no longer kept as a job's.
	End(j *Job) error
	// Pending returns the accepted jobs that have not ended, in order.
	Pending() ([]*Job, error)
	// Updates calls fn with the imported updates that come after the one
	// at key after (nil: from the first), in import order, at most n of
	// them, and returns the key of the last one given (nil: none was left).
	// A caller reads them a page at a time, letting go of the server's
	// lock between pages.
	Updates(after []byte, n int, fn func(Imported) error) ([]byte, error)
	// Jobs calls fn with every job stored, in order: for tests.
	Jobs(fn func(*Job) error) error
	// Prune forgets the jobs created before t, with their records and the
	// updates they imported; it returns how many jobs it forgot.
	Prune(before time.Time) (int, error)
	// LastSeq is the highest Seq or EndSeq stored.
	LastSeq() (int64, error)
}

// memoryStore keeps everything in memory: the store of a test fake
// (submittest), never of ait-server.
type memoryStore struct {
	jobs    []*Job // in Seq order
	byID    map[string]*Job
	records map[string][]schema.Update
	updates []Imported
	seq     int64
}

func newMemoryStore() *memoryStore {
	return &memoryStore{byID: map[string]*Job{}, records: map[string][]schema.Update{}}
}

func (m *memoryStore) Add(j *Job, records func(fn func(schema.Update) error) error) error {
	var recs []schema.Update
	if records != nil {
		if err := records(func(u schema.Update) error { recs = append(recs, u); return nil }); err != nil {
			return err
		}
	}
	c := *j
	c.Records = nil
	m.jobs = append(m.jobs, &c)
	m.byID[j.ID] = &c
	if !j.Rejected {
		m.records[j.ID] = recs
	}
	m.seq = max(m.seq, j.Seq)
	return nil
}

func (m *memoryStore) Job(id string) (*Job, error) {
	if j, ok := m.byID[id]; ok {
		c := *j
		return &c, nil
	}
	return nil, nil
}

func (m *memoryStore) Records(j *Job, fn func(int, schema.Update) error) error {
	for i, u := range m.records[j.ID] {
		if err := fn(i, u); err != nil {
			return err
		}
	}
	return nil
}

func (m *memoryStore) End(j *Job) error {
	old, ok := m.byID[j.ID]
	if !ok {
		return nil
	}
	*old = *j
	old.Records = nil
	if !j.Failed {
		for _, u := range m.records[j.ID] {
			m.updates = append(m.updates, Imported{JobID: j.ID, Update: u})
		}
	}
	delete(m.records, j.ID)
	m.seq = max(m.seq, j.EndSeq)
	return nil
}

func (m *memoryStore) Pending() ([]*Job, error) {
	var out []*Job
	for _, j := range m.jobs {
		if !j.Rejected && !j.Applied {
			c := *j
			out = append(out, &c)
		}
	}
	return out, nil
}

func (m *memoryStore) Updates(after []byte, n int, fn func(Imported) error) ([]byte, error) {
	i := 0
	if after != nil {
		i = int(binary.BigEndian.Uint64(after)) + 1
	}
	var last []byte
	for ; i < len(m.updates) && n > 0; i, n = i+1, n-1 {
		if err := fn(m.updates[i]); err != nil {
			return last, err
		}
		last = binary.BigEndian.AppendUint64(nil, uint64(i))
	}
	return last, nil
}

func (m *memoryStore) Prune(before time.Time) (int, error) {
	gone := map[string]bool{}
	kept := m.jobs[:0]
	for _, j := range m.jobs {
		if j.Created.Before(before) {
			gone[j.ID] = true
			delete(m.byID, j.ID)
			delete(m.records, j.ID)
			continue
		}
		kept = append(kept, j)
	}
	m.jobs = kept
	ups := m.updates[:0]
	for _, u := range m.updates {
		if !gone[u.JobID] {
			ups = append(ups, u)
		}
	}
	m.updates = ups
	return len(gone), nil
}

func (m *memoryStore) LastSeq() (int64, error) { return m.seq, nil }

var _ Store = (*memoryStore)(nil)

// Imported is one update the server imported, and the job it came with.
// In JSON it is the record, with the API's keys, and its jobId.
type Imported struct {
	JobID string
	schema.Update
}

// MarshalJSON writes {"jobId":...,"externalId":...,...}.
func (im Imported) MarshalJSON() ([]byte, error) {
	b := record.AppendJSONString([]byte(`{"jobId":`), im.JobID)
	b = append(b, ',')
	return append(b, record.AppendJSON(nil, &im.Update)[1:]...), nil
}

// status moves a job along its life cycle by the clock, ending it once
// (its records checked against FailIDs, then imported or not) when its
// time has come, and returns its status. The caller holds s.mu.
func (s *Server) status(j *Job) (string, error) {
	switch {
	case j.Rejected:
		return "Failed", nil
	case j.Applied && j.Failed:
		return "Failed", nil
	case j.Applied:
		return "Completed", nil
	}
	age := s.opts.Now().Sub(j.Created)
	switch {
	case age < s.opts.QueuedFor:
		return "Queued", nil
	case age < s.opts.QueuedFor+s.opts.ProcessingFor:
		return "Processing", nil
	}
	ended := *j
	ended.Applied = true
	if len(s.opts.FailIDs) > 0 {
		err := s.opts.Store.Records(j, func(i int, u schema.Update) error {
			if s.opts.FailIDs[u.ExternalID] {
				ended.Failed = true
				ended.ErrorRecords++
				if len(ended.Errors) < keptErrors {
					ended.Errors = append(ended.Errors, validate.RecordErrors{Position: i, ExternalID: u.ExternalID,
						Errors: []*record.FieldError{{Field: schema.FieldExternalID, Value: u.ExternalID, Err: &record.APIError{Message: schema.MsgUnknownID}}}})
				}
			}
			return nil
		})
		if err != nil {
			return "Processing", err
		}
	}
	if ended.EndSeq == 0 { // else an end taken up again after a crash
		ended.EndSeq = s.seq + 1
	}
	if err := s.opts.Store.End(&ended); err != nil {
		return "Processing", err // not durable yet: the next look tries again
	}
	s.seq = max(s.seq, ended.EndSeq)
	*j = ended
	delete(s.pending, j.ID)
	if j.Failed {
		return "Failed", nil
	}
	return "Completed", nil
}

// endDue ends every pending job whose time has come, in order, so that
// the updates are imported in the order the jobs end. The caller holds
// s.mu.
func (s *Server) endDue() error {
	ids := make([]*Job, 0, len(s.pending))
	for _, j := range s.pending {
		ids = append(ids, j)
	}
	sort.Slice(ids, func(a, b int) bool { return ids[a].Seq < ids[b].Seq })
	for _, j := range ids {
		if _, err := s.status(j); err != nil {
			return err
		}
	}
	return nil
}

// Jobs calls fn with every job, in order.
func (m *memoryStore) Jobs(fn func(*Job) error) error {
	for _, j := range m.jobs {
		c := *j
		if err := fn(&c); err != nil {
			return err
		}
	}
	return nil
}
