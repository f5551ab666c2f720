package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
)

// Checked is one record and its verdict.
type Checked struct {
	Position   int           // 0-based index in what would be submitted
	Source     string        // where the record is in the input
	Place      convert.Place // the same, as a place, for a converted row (its External ID cell)
	ExternalID string
	Update     schema.Update // the record as it would be sent (valid records only)
	Errors     []FieldError
	Warnings   []string // what the API accepts but the user should see
}

// Run checks every record of src in order, calls fn for each (fn may be
// nil) and returns the report. An error from src or fn ends the run.
// Warnings about one record are in its Checked; those that need the whole
// input (duplicate pairs) are in the report's Warnings, at the end.
//
// Records are read in batches and checked on every core; fn sees them in
// input order, one at a time.
//
// Run returns only when it no longer uses src, so that the caller may close
// it. When ctx ends, Run returns ctx's error as soon as a pending read of
// src returns (at once for standard input as cli.Stdin gives it).
func (v *Validator) Run(ctx context.Context, src Source, fn func(*Checked) error) (*Report, error) {
	rep := &Report{Errors: []RecordErrors{}}
	dups := newDupFinder()
	defer dups.close()
	warned := map[string]bool{} // External IDs already warned about

	batches, stop := v.checkParallel(src)
	defer stop()
	for {
		var b *batch
		var ok bool
		select {
		case b, ok = <-batches:
		case <-ctx.Done():
			return rep, ctx.Err()
		}
		if !ok {
			break
		}
		for i := range b.checked {
			c := &b.checked[i]
			valid := len(c.Errors) == 0
			if err := dups.add(valid, c.Update.ExternalID, c.Update.AsOfDate, c.Source); err != nil {
				return rep, err
			}
			if valid {
				if w := idWarning(c.ExternalID); w != "" && !warned[c.ExternalID] {
					warned[c.ExternalID] = true
					c.Warnings = append(c.Warnings, w)
				}
			}
			rep.add(c)
			if fn != nil {
				if err := fn(c); err != nil {
					return rep, err
				}
			}
		}
		if b.err != nil {
			if b.err != io.EOF {
				return rep, b.err
			}
			break
		}
	}
	if err := ctx.Err(); err != nil {
		return rep, err
	}
	ws, err := dups.finish()
	rep.Warnings = ws
	return rep, err
}

// batch is a run of consecutive records, checked; err ends the input.
type batch struct {
	seq     int
	items   []Item
	checked []Checked
	err     error
	done    chan struct{}
}

const batchSize = 256

// checkParallel reads src in batches, checks them on every core, and
// yields them in input order. stop ends the reading early and returns once
// the reading goroutine has let go of src.
func (v *Validator) checkParallel(src Source) (<-chan *batch, func()) {
	quit := make(chan struct{})
	work := make(chan *batch, runtime.NumCPU())
	ordered := make(chan *batch, runtime.NumCPU())
	out := make(chan *batch, runtime.NumCPU())
	// Read: one goroutine, in order. stop waits for it, so that the caller
	// may close src as soon as Run returns.
	var reading sync.WaitGroup
	reading.Add(1)
	go func() {
		defer reading.Done()
		defer close(work)
		defer close(ordered)
		pos := 0
		for seq := 0; ; seq++ {
			b := &batch{seq: seq, done: make(chan struct{})}
			for len(b.items) < batchSize {
				it, err := src.Next()
				if err != nil {
					b.err = err
					break
				}
				b.items = append(b.items, it)
			}
			first := pos
			pos += len(b.items)
			b.checked = make([]Checked, len(b.items))
			for i := range b.checked {
				b.checked[i].Position = first + i
			}
			select {
			case ordered <- b:
			case <-quit:
				return
			}
			select {
			case work <- b:
			case <-quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	// Check: one worker a core.
	for range runtime.NumCPU() {
		go func() {
			for b := range work {
				for i, it := range b.items {
					b.checked[i] = v.check(b.checked[i].Position, it)
				}
				b.items = nil
				close(b.done)
			}
		}()
	}
	// Yield in order, each batch once it is checked.
	go func() {
		defer close(out)
		for b := range ordered {
			select {
			case <-b.done:
			case <-quit:
				return
			}
			select {
			case out <- b:
			case <-quit:
				return
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() { close(quit) })
		reading.Wait()
	}
}

// check checks one item.
func (v *Validator) check(pos int, it Item) Checked {
	c := Checked{Position: pos, Source: it.Source, Place: it.Place}
	switch {
	case it.ConvErrors != nil:
		c.ExternalID = it.ExternalID
		for _, fe := range it.ConvErrors {
			c.Errors = append(c.Errors, FieldError{Field: fe.Field, Value: fe.Value, Message: conversionMessage(fe), Source: fe.Place.String(), Place: fe.Place})
		}
	case it.Update != nil:
		c.Errors, c.Update = v.CheckUpdate(*it.Update)
		c.ExternalID = it.Update.ExternalID
	default:
		c.Errors, c.Update = v.Check(it.Record)
		if obj, ok := it.Record.(map[string]any); ok {
			c.ExternalID = text(obj[schema.FieldExternalID])
		}
	}
	return c
}

// conversionMessage words a conversion error the way the API words its
// own, followed by what ait-convert found and expected.
func conversionMessage(fe *convert.FieldError) string {
	var api string
	switch {
	case errors.Is(fe.Err, convert.ErrRequired):
		return apiName(fe.Field) + " is required."
	case errors.Is(fe.Err, convert.ErrBadStatus):
		api = MsgStatusInvalid
	case errors.Is(fe.Err, convert.ErrNotNumber):
		api = apiName(fe.Field) + " must be a number."
	case errors.Is(fe.Err, convert.ErrNotDate):
		api = apiName(fe.Field) + " must be a date."
	case errors.Is(fe.Err, convert.ErrAmbiguousDate):
		api = apiName(fe.Field) + " is ambiguous."
	default:
		api = apiName(fe.Field) + " is invalid."
	}
	expected, hint, ok := convert.Expected(fe.Err)
	if !ok {
		detail := fe.Err.Error()
		return api + " " + strings.ToUpper(detail[:1]) + detail[1:] + "."
	}
	msg := api + " Expected " + expected
	if hint != "" {
		msg += " (" + hint + ")"
	}
	return msg + "."
}

// idWarning is the warning for an External ID that older AchieveIt imports
// refused: one with the word "external", a comma or a quotation mark.
func idWarning(id string) string {
	var what []string
	if strings.Contains(strings.ToLower(id), "external") {
		what = append(what, `the word "external"`)
	}
	if strings.Contains(id, ",") {
		what = append(what, "a comma")
	}
	if strings.ContainsAny(id, "\"“”") {
		what = append(what, "a quotation mark")
	}
	if len(what) == 0 {
		return ""
	}
	return fmt.Sprintf("External ID %q contains %s, which older AchieveIt imports refused", id, strings.Join(what, " and "))
}

// CheckBody checks a request body as the import API does: a JSON array
// (format FormatJSON) or an import CSV (FormatDelimited), read strictly. It
// returns the report and the records as they would be imported; a body that
// does not parse is an error.
func (v *Validator) CheckBody(ctx context.Context, body io.Reader, format convert.Format) (*Report, []schema.Update, error) {
	src, err := Open(ctx, "-", body, OpenOptions{Strict: true, Convert: convert.Options{Format: format}})
	if err != nil {
		return nil, nil, err
	}
	defer src.Close()
	var valid []schema.Update
	rep, err := v.Run(ctx, src, func(c *Checked) error {
		if len(c.Errors) == 0 {
			valid = append(valid, c.Update)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return rep, valid, nil
}
