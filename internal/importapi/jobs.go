package importapi

import (
	"time"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/validate"
)

// Job is a submission the API answered with a jobId: accepted (and then
// Queued, Processing, Completed or Failed), or rejected with a 400 (its
// status is Failed, with the same errors).
type Job struct {
	ID       string                  `json:"jobId"`
	Created  time.Time               `json:"created"`
	Records  []schema.Update         `json:"records,omitempty"`
	Errors   []validate.RecordErrors `json:"errors,omitempty"` // a rejected job's, or a failed one's
	Rejected bool                    `json:"rejected,omitempty"`
	Applied  bool                    `json:"applied"` // it ended: imported, or Failed
	Failed   bool                    `json:"failed"`
	Seq      int64                   `json:"seq"`    // acceptance order
	EndSeq   int64                   `json:"endSeq"` // the order jobs ended in: the import order
}

// Store keeps the jobs, so that a server of one's own (ait-server --data)
// loses nothing on a restart. The server calls it under its lock, one call
// at a time.
type Store interface {
	// Load returns the jobs stored, in the order they were answered.
	Load() ([]*Job, error)
	// Add stores a job; it must be durable when Add returns, since the 200
	// (or 400) is answered after it.
	Add(j *Job) error
	// Ended stores that a job ended (Applied, and Failed or imported).
	Ended(j *Job) error
}

type memoryStore struct{}

func (memoryStore) Load() ([]*Job, error) { return nil, nil }
func (memoryStore) Add(*Job) error        { return nil }
func (memoryStore) Ended(*Job) error      { return nil }

// Imported is one update the server imported, and the job it came with.
// In JSON it is the record, with the API's keys, and its jobId.
type Imported struct {
	JobID string
	schema.Update
}

// MarshalJSON writes {"jobId":...,"externalId":...,...}.
func (im Imported) MarshalJSON() ([]byte, error) {
	b := convert.AppendJSONString([]byte(`{"jobId":`), im.JobID)
	b = append(b, ',')
	return append(b, convert.AppendJSON(nil, &im.Update)[1:]...), nil
}

// status moves a job along its life cycle by the clock, importing its
// records once when it completes, and returns its status. The caller holds
// s.mu.
func (s *Server) status(j *Job) string {
	switch {
	case j.Rejected:
		return "Failed"
	case j.Applied && j.Failed:
		return "Failed"
	case j.Applied:
		return "Completed"
	}
	age := s.opts.Now().Sub(j.Created)
	switch {
	case age < s.opts.QueuedFor:
		return "Queued"
	case age < s.opts.QueuedFor+s.opts.ProcessingFor:
		return "Processing"
	}
	ended := *j
	ended.Applied = true
	for i, u := range j.Records {
		if s.opts.FailIDs[u.ExternalID] {
			ended.Failed = true
			ended.Errors = append(ended.Errors, validate.RecordErrors{Position: i, ExternalID: u.ExternalID,
				Errors: []*convert.FieldError{{Field: schema.FieldExternalID, Value: u.ExternalID, Err: &convert.APIError{Message: schema.MsgUnknownID}}}})
		}
	}
	ended.EndSeq = s.seq + 1
	if err := s.opts.Store.Ended(&ended); err != nil {
		return "Processing" // not durable yet: the next look tries again
	}
	s.seq++
	*j = ended
	if !j.Failed { // all or nothing
		for _, u := range j.Records {
			s.imp = append(s.imp, Imported{JobID: j.ID, Update: u})
		}
	}
	if j.Failed {
		return "Failed"
	}
	return "Completed"
}
