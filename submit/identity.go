package submit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// Identity is what makes a submission the same submission: its records in
// canonical form, in order, and its target; never the body's bytes or
// format. The same records sent as JSON or CSV, pretty-printed or not,
// converted from a workbook or read from a file, to https://API.x/ or
// https://api.x:443, have one Identity.
type Identity struct {
	Target  string
	URL     string     // the base URL as the user gave it, for messages; not part of the identity
	ID      [32]byte   // the submission: target and every record, in order
	Records [][16]byte // each record, with the target
}

// Hex is the submission's ID as the journal shows it.
func (id *Identity) Hex() string { return hex.EncodeToString(id.ID[:]) }

// Identify computes the identity of records sent to target (a Target).
func Identify(target string, records []schema.Update) *Identity {
	b := NewIdentifier(target)
	for _, u := range records {
		b.Add(u)
	}
	return b.Identity()
}

// Identifier computes an identity from records given one at a time, so
// that they need not all be in memory: it keeps 16 bytes a record.
type Identifier struct {
	id  Identity
	sub hash.Hash
	buf []byte
}

// NewIdentifier starts the identity of records sent to target (a Target).
func NewIdentifier(target string) *Identifier {
	b := &Identifier{id: Identity{Target: target}, sub: sha256.New()}
	writeField(b.sub, target)
	return b
}

// Add adds the next record.
func (b *Identifier) Add(u schema.Update) {
	b.buf = appendCanonical(b.buf[:0], u)
	b.sub.Write(b.buf)
	h := sha256.New()
	writeField(h, b.id.Target)
	h.Write(b.buf)
	var r [16]byte
	copy(r[:], h.Sum(nil))
	b.id.Records = append(b.id.Records, r)
}

// Identity is the identity of the records added so far.
func (b *Identifier) Identity() *Identity {
	id := b.id
	copy(id.ID[:], b.sub.Sum(nil))
	return &id
}

// appendCanonical appends a record in canonical form: each of its five
// fields as the API reads it (the status in its canonical spelling, which
// validation gave it; the metric as its shortest number, so that 0.90 and
// 0.9 are one; the date as YYYY-MM-DD; the comment's line ends as "\n",
// record.CanonicalComment), each prefixed by its length, so that no two
// records share a form.
func appendCanonical(b []byte, u schema.Update) []byte {
	metric := u.MetricValue
	if m, err := record.PlainNumber(metric); err == nil && metric != "" {
		metric = m
	}
	date := u.AsOfDate
	if d, err := record.ISODate(date); err == nil {
		date = d
	}
	for _, f := range [...]string{u.ExternalID, u.Status, metric, date, record.CanonicalComment(u.Comment)} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

func writeField(h interface{ Write([]byte) (int, error) }, s string) {
	h.Write(binary.AppendUvarint(nil, uint64(len(s))))
	h.Write([]byte(s))
}
