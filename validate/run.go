package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// Checked is one record and its verdict.
type Checked struct {
	Position   int         // 0-based index in what would be submitted
	Source     string      // where the record is in the input
	Place      sheet.Place // the same, as a place (a converted row: its External ID cell)
	ExternalID string
	Update     schema.Update // the record as it would be sent (valid records only)
	Errors     []*record.FieldError
	Warnings   []string // what the API accepts but the user should see
}

// item is one record read, to be checked: as written, or the errors of
// a record that could not be read (a row that did not convert).
type item struct {
	written *record.Written
	rowErr  *record.RowError
}

// next reads the next record of src as an item, copied out of what the
// source reuses.
func next(src record.Source) (item, error) {
	w, err := src.Next()
	if err != nil {
		if re, ok := errors.AsType[*record.RowError](err); ok {
			return item{rowErr: re}, nil
		}
		return item{}, err
	}
	c := *w
	c.Unknown = append([]jsonarray.Member(nil), w.Unknown...)
	return item{written: &c}, nil
}

// Run checks every record of src in order, calls fn for each (fn may be
// nil) and returns the report's counts (its errors are fn's to keep or
// write: see ReportWriter). An error from src or fn ends the run; a
// *record.RowError from src is a record with those errors (a row of a
// tracker that did not convert), and the run goes on. Warnings about one
// record are in its Checked; those that need the whole input (duplicate
// pairs) are in the report's Warnings, at the end.
//
// Records are read in batches and checked on every core; fn sees them in
// input order, one at a time. Run returns only when it no longer uses
// src, so that the caller may close it. When ctx ends, Run returns ctx's
// error as soon as a pending read of src returns.
func (v *Validator) Run(ctx context.Context, src record.Source, fn func(*Checked) error) (*Report, error) {
	return v.run(ctx, src, false, fn)
}

// run is Run; api judges as the import API does (see check).
func (v *Validator) run(ctx context.Context, src record.Source, api bool, fn func(*Checked) error) (*Report, error) {
	rep := &Report{}
	dups := newDupFinder()
	defer dups.close()
	warned := map[string]bool{} // External IDs already warned about

	batches, stop := v.checkParallel(src, api)
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
			if !api { // the API does not warn: no pairs to find
				if err := dups.add(valid, c.Update.ExternalID, c.Update.AsOfDate, c.Source); err != nil {
					return rep, err
				}
			}
			if valid && !api {
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
	if api {
		return rep, nil
	}
	ws, err := dups.finish()
	rep.Warnings = ws
	return rep, err
}

// batch is a run of consecutive records, checked; err ends the input.
type batch struct {
	items   []item
	checked []Checked
	err     error
	done    chan struct{}
}

const batchSize = 256

// checkParallel reads src in batches, checks them on every core, and
// yields them in input order. stop ends the reading early and returns once
// the reading goroutine has let go of src.
func (v *Validator) checkParallel(src record.Source, api bool) (<-chan *batch, func()) {
	quit := make(chan struct{})
	work := make(chan *batch, runtime.NumCPU())
	ordered := make(chan *batch, runtime.NumCPU())
	out := make(chan *batch, runtime.NumCPU())
	// Read: one goroutine, in order. stop waits for it, so that the caller
	// may close r as soon as Run returns.
	var reading sync.WaitGroup
	reading.Add(1)
	go func() {
		defer reading.Done()
		defer close(work)
		defer close(ordered)
		pos := 0
		for {
			b := &batch{done: make(chan struct{})}
			for len(b.items) < batchSize {
				it, err := next(src)
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
					b.checked[i] = v.checkItem(b.checked[i].Position, it, api)
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

// checkItem checks one item.
func (v *Validator) checkItem(pos int, it item, api bool) Checked {
	c := Checked{Position: pos}
	switch {
	case it.rowErr != nil:
		c.Place, c.ExternalID, c.Errors = it.rowErr.Place, it.rowErr.ExternalID, it.rowErr.Errors
	default:
		c.Place = it.written.Place
		c.Errors, c.Update = v.check(it.written, api)
		if id := it.written.Fields[schema.IndexExternalID].Value; id.Kind == jsonarray.String || id.Kind == jsonarray.Number {
			c.ExternalID = id.Text
		}
	}
	c.Source = c.Place.String()
	return c
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
// (format record.JSON) or an import CSV (record.CSV), read as the API
// reads one (record.NewReader: an empty line of a CSV is an error), keys
// and statuses spelled as the API spells them. It calls fn with each
// record checked, in order, and returns the report's counts; it keeps no
// record and no error (fn does what it needs with them). A body that does
// not parse is an error.
func (v *Validator) CheckBody(ctx context.Context, body io.Reader, format record.Format, fn func(*Checked) error) (*Report, error) {
	var opts record.Options
	if v.maxCmt > 0 {
		opts.Limits.MaxCellBytes = max(sheet.DefaultLimits.MaxCellBytes, 8*v.maxCmt+4096)
		opts.Limits.MaxRowBytes = max(sheet.DefaultLimits.MaxRowBytes, 2*opts.Limits.MaxCellBytes)
	}
	r, err := record.NewReader("body", body, format, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return v.run(ctx, r, true, fn)
}
