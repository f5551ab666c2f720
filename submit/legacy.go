package submit

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"time"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// legacyEntry is a line of the journal of aitkit before version 2: JSON
// lines keyed by the SHA-256 of the body's bytes.
type legacyEntry struct {
	Time    time.Time `json:"time"`
	BaseURL string    `json:"baseUrl"`
	SHA256  string    `json:"sha256"`
	Records int       `json:"records"`
	JobID   string    `json:"jobId,omitempty"`
	Status  string    `json:"status"`
}

// legacyHashes are the SHA-256 of the bodies the records would have had
// in the earlier version, which hashed the body's bytes: JSON and CSV, as
// ait-submit wrote them.
func legacyHashes(records []schema.Update) map[string]bool {
	out := map[string]bool{}
	for _, f := range []record.Format{record.JSON, record.CSV} {
		var b bytes.Buffer
		w := record.NewWriter(&b, f)
		for i := range records {
			w.Write(&records[i])
		}
		w.Close()
		sum := sha256.Sum256(b.Bytes())
		out[hex.EncodeToString(sum[:])] = true
	}
	return out
}

// checkLegacy refuses records that the earlier version's journal says were
// sent to the same target and may have been imported.
func (j *Journal) checkLegacy(id *Identity) error {
	if j.Legacy == "" {
		return nil
	}
	f, err := os.Open(j.Legacy)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return &JournalError{Path: j.Legacy, Err: err}
	}
	defer f.Close()
	hashes := legacyHashes(id.records)
	last := map[string]legacyEntry{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e legacyEntry
		if json.Unmarshal([]byte(strings.TrimSpace(sc.Text())), &e) != nil || !hashes[e.SHA256] {
			continue
		}
		if t, err := Target(e.BaseURL); err == nil && t == id.Target {
			last[e.SHA256] = e
		}
	}
	if err := sc.Err(); err != nil {
		return &JournalError{Path: j.Legacy, Err: err}
	}
	for _, e := range last {
		s := Submission{Target: id.Target, Records: e.Records, Sent: e.Time, JobID: e.JobID, Status: e.Status}
		if s.mayHaveImported() {
			return &DuplicateError{Earlier: s}
		}
	}
	return nil
}
