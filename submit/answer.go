package submit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/validate"
)

// What the client reads of an answer, unless its fields say otherwise: a
// status body or a 400 is read as a stream, as far as defaultMaxBody, one
// value at a time of at most maxValue bytes, and the first
// defaultMaxErrors records' errors are kept; the others are counted.
const (
	defaultMaxBody   = 64 << 20
	defaultMaxErrors = 1000
	maxValue         = 4 << 20
	shownBody        = 64 << 10 // what of another answer is read for its message
)

// ErrValueTooLong: one value of an answer is longer than the client reads.
var ErrValueTooLong = errors.New("a value in the answer is over 4 MiB")

// boundedBody reads at most max bytes of an answer and tells whether there
// was more. It also refuses to let the JSON decoder buffer one value of
// more than maxValue bytes.
type boundedBody struct {
	r    io.Reader
	left int64
	cut  bool // there was more than max
	read int64
	dec  *json.Decoder // when set: its offset bounds what it buffers
}

func newBoundedBody(r io.Reader, max int64) *boundedBody { return &boundedBody{r: r, left: max} }

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.dec != nil && b.read-b.dec.InputOffset() > maxValue {
		return 0, ErrValueTooLong
	}
	if b.left <= 0 {
		var one [1]byte
		if n, _ := io.ReadFull(b.r, one[:]); n > 0 {
			b.cut = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	b.read += int64(n)
	return n, err
}

// errorList is the "errors" array of an answer: the first max records'
// errors, and how many there were.
type errorList struct {
	kept  []validate.RecordErrors
	count int
	max   int
}

// decodeAnswer reads a JSON object from b as a stream, calling field for
// each member but "errors", whose elements it keeps or counts in errs.
// field decodes the member's value from dec, or skips it (nil error from
// skip). A body cut at its limit is read as far as it goes: cut tells so,
// and err is nil when the object's start was read.
func decodeAnswer(b *boundedBody, errs *errorList, field func(dec *json.Decoder, name string) error) (cut bool, err error) {
	dec := json.NewDecoder(b)
	b.dec = dec
	defer func() {
		if err != nil && b.cut && !errors.Is(err, ErrValueTooLong) {
			cut, err = true, nil
		}
	}()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		if err == nil {
			err = fmt.Errorf("not a JSON object")
		}
		return false, err
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return false, err
		}
		name, _ := t.(string)
		if name != "errors" {
			if err := field(dec, name); err != nil {
				return false, err
			}
			continue
		}
		if t, err := dec.Token(); err != nil {
			return false, err
		} else if t == nil {
			continue // "errors": null
		} else if t != json.Delim('[') {
			return false, fmt.Errorf("errors is not an array")
		}
		for dec.More() {
			if len(errs.kept) < errs.max {
				var re validate.RecordErrors
				if err := dec.Decode(&re); err != nil {
					return false, err
				}
				errs.kept = append(errs.kept, re)
			} else if err := dec.Decode(&struct{}{}); err != nil {
				return false, err
			}
			errs.count++
		}
		if _, err := dec.Token(); err != nil {
			return false, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return false, err
	}
	return b.cut, nil
}

// skip reads past one value.
func skip(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}

// decodeStatus reads a status answer.
func (c *Client) decodeStatus(b *boundedBody) (*JobStatus, error) {
	st := &JobStatus{}
	errs := errorList{max: c.maxErrors()}
	cut, err := decodeAnswer(b, &errs, func(dec *json.Decoder, name string) error {
		switch name {
		case "jobId":
			return dec.Decode(&st.JobID)
		case "created":
			return dec.Decode(&st.Created)
		case "status":
			return dec.Decode(&st.Status)
		}
		return skip(dec)
	})
	if err != nil {
		return nil, err
	}
	st.Errors, st.ErrorCount, st.Cut = errs.kept, errs.count, cut
	return st, nil
}

// decodeReport reads a 400: the API's report, its jobId and message.
func (c *Client) decodeReport(b *boundedBody) (*RejectedError, error) {
	rej := &RejectedError{}
	errs := errorList{max: c.maxErrors()}
	cut, err := decodeAnswer(b, &errs, func(dec *json.Decoder, name string) error {
		switch name {
		case "jobId":
			return dec.Decode(&rej.JobID)
		case "message":
			return dec.Decode(&rej.Message)
		case "totalRecords":
			return dec.Decode(&rej.Report.TotalRecords)
		case "errorRecords":
			return dec.Decode(&rej.Report.ErrorRecords)
		case "validRecords":
			return dec.Decode(&rej.Report.ValidRecords)
		}
		return skip(dec)
	})
	if err != nil {
		return nil, err
	}
	rej.Report.Errors, rej.Listed, rej.Cut = errs.kept, errs.count, cut
	if rej.Report.Errors == nil {
		rej.Report.Errors = []validate.RecordErrors{}
	}
	return rej, nil
}
