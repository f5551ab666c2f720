package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"sync"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// conversion is one conversion of an upload with a set of flags: its
// rows in a rowStore, and what became of each file.
type conversion struct {
	id    string
	seq   uint64 // the order conversions were made in
	up    *upload
	flags *convertFlags
	rows  *rowStore
	files []*fileResult
	asks  *questions
	code  int // ait-convert's exit status for the same files and flags
	// include says which files' records count: those that were read.
	include []bool
	// errs are the first maxErrors errors, of rows and of files, in
	// order; nerrs counts them all.
	errs  []errorJSON
	nerrs int

	mu     sync.RWMutex // held to read rows; close takes it whole
	closed bool
}

// fileResult is what became of one file.
type fileResult struct {
	Name string `json:"name"`
	// Code is ait-convert's exit status for this file alone: 0 converted,
	// 1 rows with errors, 2 not read (Error says why).
	Code  int    `json:"code"`
	Error string `json:"error,omitempty"`
	// Refusals are the questions that stopped the reading of the file,
	// each with its choices.
	Refusals    []*refusalJSON       `json:"refusals,omitempty"`
	Explain     *convert.Explanation `json:"explain,omitempty"`
	ExplainText string               `json:"explainText,omitempty"`
	// ErrorText is Error as ait-convert prints it, the choices as flags.
	ErrorText string     `json:"errorText,omitempty"`
	Stats     *statsJSON `json:"stats,omitempty"`
	// FirstRow and Rows place the file's rows in the conversion's.
	FirstRow int `json:"firstRow"`
	Rows     int `json:"rows"`
	fatal    bool
	// asWritten: the file is in the import format, which ait-validate
	// and ait-submit read as written (not converted).
	asWritten bool
}

// refusalJSON is a refusal as the page shows it: the question and the
// choices that settle it, each {"flag", "value", "label", "evidence"}
// (convert.Choice's own JSON).
type refusalJSON struct {
	Question string           `json:"question"`
	Message  string           `json:"message"`
	Place    string           `json:"place,omitempty"`
	File     string           `json:"file,omitempty"` // the file a question of a whole file is about
	Choices  []convert.Choice `json:"choices"`
	// Statuses are the statuses a status-map question's words can be
	// translated into, and Suggested what each word usually means.
	Statuses  []string          `json:"statuses,omitempty"`
	Suggested map[string]string `json:"suggested,omitempty"`
	// Rows counts the rows that asked it.
	Rows int `json:"rows,omitempty"`
}

func refusalOf(r *convert.Refusal) *refusalJSON {
	choices := r.Choices
	if choices == nil {
		choices = []convert.Choice{}
	}
	return &refusalJSON{Question: string(r.Question), Message: r.Message, Place: r.Place.String(), Choices: choices}
}

// fieldErrorJSON is one error of a row: where (its cell, line or
// record), which field, the value found and the message, the API's way
// ("Status is invalid.") and in full as ait-convert's library words it;
// and the refusal it holds, if any.
type fieldErrorJSON struct {
	Place   string       `json:"place"`
	Cell    string       `json:"cell,omitempty"`
	Field   string       `json:"field"`
	Value   string       `json:"value"`
	Message string       `json:"message"`
	Text    string       `json:"text"`
	Refusal *refusalJSON `json:"refusal,omitempty"`
}

func fieldErrorOf(fe *record.FieldError) fieldErrorJSON {
	e := fieldErrorJSON{Place: fe.Place.String(), Cell: fe.Place.Cell, Field: fe.Field, Value: fe.Value, Message: fe.Message(), Text: fe.Error()}
	if r, ok := convert.AsRefusal(fe); ok {
		e.Refusal = refusalOf(r)
	}
	return e
}

// convert answers POST /api/convert: the files of the form (or of an
// earlier upload, named by the field "upload") converted with the flags
// of its other fields.
func (s *server) convert(w http.ResponseWriter, r *http.Request) {
	up, fields, err := s.readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return
	}
	up, flags, ok := s.uploadAndFlags(w, up, fields)
	if !ok {
		return
	}
	c, err := s.runConversion(r.Context(), up, flags)
	if err != nil {
		if r.Context().Err() != nil {
			return // ait-web is stopping, or the page went away
		}
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	limit := pageLimit(r.URL.Query().Get("limit"), pageSize)
	s.answerConversion(w, c, limit)
}

// takeField removes the fields named n and returns the last one's value.
func takeField(fields []field, n string) ([]field, string) {
	var v string
	out := fields[:0]
	for _, f := range fields {
		if f.name == n {
			v = f.value
			continue
		}
		out = append(out, f)
	}
	return out, v
}

// runConversion converts the upload's files one after the other, in the
// order they came, as ait-convert converts them.
func (s *server) runConversion(ctx context.Context, up *upload, flags *convertFlags) (*conversion, error) {
	id, err := newID()
	if err != nil {
		return nil, err
	}
	rows, err := newRowStore(up.dir)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.seq++
	seq := s.seq
	s.mu.Unlock()
	c := &conversion{id: id, seq: seq, up: up, flags: flags, rows: rows, asks: newQuestions(flags.opts.StatusesOrDefault())}
	for i, f := range up.files {
		res := c.convertFile(ctx, i, f)
		c.files = append(c.files, res)
		if err := ctx.Err(); err != nil {
			c.close()
			return nil, err
		}
		c.code = cli.Worst(c.code, res.Code)
	}
	c.include = make([]bool, len(c.files))
	for i, f := range c.files {
		c.include[i] = !f.fatal
	}
	if err := rows.finish(c.include); err != nil {
		c.close()
		return nil, err
	}
	s.addConversion(c)
	return c, nil
}

// convertFile converts one file into the conversion's rows.
func (c *conversion) convertFile(ctx context.Context, i int, f uploaded) *fileResult {
	res := &fileResult{Name: f.name, FirstRow: c.rows.len()}
	defer func() { res.Rows = c.rows.len() - res.FirstRow }()
	fail := func(err error) *fileResult {
		res.fatal = true
		res.Code = cli.ExitCode(err)
		res.Error = err.Error()
		for _, ref := range convert.Refusals(err) {
			res.Refusals = append(res.Refusals, refusalOf(ref))
		}
		res.ErrorText = convertcli.ErrorText(err)
		e := errorJSON{File: i, fieldErrorJSON: fieldErrorJSON{Place: f.name, Message: res.Error, Text: res.ErrorText}}
		if len(res.Refusals) > 0 {
			e.Refusal = res.Refusals[0]
		}
		c.addError(e)
		return res
	}
	in, err := os.Open(f.path)
	if err != nil {
		return fail(err)
	}
	defer in.Close()
	rd, err := convert.NewReader(ctx, f.name, in, c.flags.opts)
	if err != nil {
		return fail(err)
	}
	defer rd.Close()
	res.asWritten = readAsWritten(ctx, f, c.flags.opts)
	var first []schema.Update
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return fail(ctx.Err())
		}
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if re, ok := errors.AsType[*record.RowError](err); ok {
			if err := c.addFailed(i, re); err != nil {
				return fail(err)
			}
			continue
		}
		if err != nil {
			fail(err)
			break
		}
		if len(first) < 3 {
			first = append(first, rec.Update)
		}
		if err := c.rows.add(&row{File: i, Place: rec.Place, Record: rec.Update}); err != nil {
			return fail(err)
		}
	}
	c.asks.addStatuses(f.name, rd.UnknownStatuses())
	st := rd.Stats()
	e := rd.Explain()
	e.First = first
	res.Explain = e
	res.Stats = &statsJSON{Sheet: st.Sheet, HeaderRow: st.HeaderRow, Rows: st.Rows, Records: st.Records, Skipped: st.Skipped,
		Invalid: st.Invalid, Hidden: st.Hidden, LeftOut: st.LeftOut, Computed: st.Computed, Columns: convertcli.ColumnsUsed(e)}
	var text bytes.Buffer
	if convertcli.PrintExplanations(&text, []*convert.Explanation{e}, cli.ExplainFlag{On: true, Config: c.flags.config}) == nil {
		res.ExplainText = text.String()
	}
	if !res.fatal && st.Invalid > 0 {
		res.Code = cli.ExitRejected
	}
	return res
}

// readAsWritten tells whether ait-validate and ait-submit read the file
// as written: records in the import API's own format, not converted.
func readAsWritten(ctx context.Context, f uploaded, opts convert.Options) bool {
	if format, _ := convert.FormatOf(f.name); format.Workbook() {
		return false
	}
	in, err := os.Open(f.path)
	if err != nil {
		return false
	}
	defer in.Close()
	opts.View = convert.ViewAsWritten
	rd, err := convert.NewReader(ctx, f.name, in, opts)
	if err != nil {
		return false
	}
	defer rd.Close()
	return rd.AsWritten()
}

// addFailed adds a row that did not convert, with its errors, and notes
// the questions they ask.
func (c *conversion) addFailed(file int, re *record.RowError) error {
	errs := make([]fieldErrorJSON, len(re.Errors))
	for k, fe := range re.Errors {
		errs[k] = fieldErrorOf(fe)
		c.asks.add(fe, errs[k].Refusal)
		c.addError(errorJSON{File: file, ExternalID: re.ExternalID, fieldErrorJSON: errs[k]})
	}
	b, err := json.Marshal(errs)
	if err != nil {
		return err
	}
	v := &re.Values
	return c.rows.add(&row{File: file, Place: re.Place, Failed: true, Errors: b, ID: re.ExternalID,
		Record: schema.Update{ExternalID: v[schema.IndexExternalID], Status: v[schema.IndexStatus],
			MetricValue: v[schema.IndexMetricValue], AsOfDate: v[schema.IndexAsOfDate], Comment: v[schema.IndexComment]}})
}

// errorJSON is one error of a conversion: a value's (its row's place,
// External ID, field, value and message) or a whole file's (its name and
// why it was not read); each with the index of its file part.
type errorJSON struct {
	File       int    `json:"file"`
	ExternalID string `json:"externalId,omitempty"`
	fieldErrorJSON
}

// maxErrors is how many errors an answer lists; the grid's rows hold
// every one.
const maxErrors = 1000

func (c *conversion) addError(e errorJSON) {
	c.nerrs++
	if len(c.errs) < maxErrors {
		c.errs = append(c.errs, e)
	}
}

// statsJSON are a file's counts (convert.Stats).
type statsJSON struct {
	Sheet     string `json:"sheet,omitempty"`
	HeaderRow int    `json:"headerRow,omitempty"`
	Rows      int    `json:"rows"`     // data rows read after the header
	Records   int    `json:"records"`  // records that converted
	Skipped   int    `json:"skipped"`  // rows without an update
	Invalid   int    `json:"invalid"`  // rows with errors
	Hidden    int    `json:"hidden"`   // hidden or filtered-out rows, converted
	LeftOut   int    `json:"leftOut"`  // hidden or filtered-out rows left out (--visible-only)
	Computed  int    `json:"computed"` // formulas saved without their values, computed
	Columns   string `json:"columns,omitempty"`
}

// close removes the conversion's rows, once no page is being read.
func (c *conversion) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.closed {
		c.closed = true
		c.rows.close()
	}
}

// keptConversions is how many conversions are kept for their pages and
// downloads.
const keptConversions = 4

func (s *server) addConversion(c *conversion) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.convs[c.id] = c
	s.latest = c.id
	if len(s.convs) > keptConversions {
		var oldest *conversion
		for _, x := range s.convs {
			if x != c && (oldest == nil || x.seq < oldest.seq) {
				oldest = x
			}
		}
		if oldest != nil {
			delete(s.convs, oldest.id)
			go oldest.close() // waits for its readers
		}
	}
}
