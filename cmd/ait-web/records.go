package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/cmd/internal/convertcli"
	"github.com/aitkit/aitkit/record"
)

// rowJSON is one row of the grid: a record exactly as ait-convert writes
// it, or a row that did not convert with its values and its errors; each
// with its file (the index of its part) and place.
type rowJSON struct {
	N          int             `json:"n"`
	File       int             `json:"file"`
	Place      string          `json:"place"`
	Record     json.RawMessage `json:"record,omitempty"`
	ExternalID string          `json:"externalId,omitempty"`
	Values     *valuesJSON     `json:"values,omitempty"`
	Errors     json.RawMessage `json:"errors,omitempty"`
}

// valuesJSON are the values of a row that did not convert, keyed as the
// record's fields, all text: a field that converted as the record writes
// it (a metric's decimal text, the date as YYYY-MM-DD), a field that
// failed as its cell was found (record.RowError.Values).
type valuesJSON struct {
	ExternalID  string `json:"externalId"`
	Status      string `json:"status"`
	MetricValue string `json:"metricValue"`
	AsOfDate    string `json:"asOfDate"`
	Comment     string `json:"comment"`
}

// page reads the rows from offset on, at most limit of them.
func (c *conversion) page(offset, limit int) ([]rowJSON, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, errGone
	}
	out := []rowJSON{}
	err := c.rows.each(offset, limit, func(i int, r *row) error {
		j := rowJSON{N: i, File: r.File, Place: r.Place.String()}
		if r.Failed {
			v := &r.Record
			j.ExternalID, j.Errors = r.ID, r.Errors
			j.Values = &valuesJSON{ExternalID: v.ExternalID, Status: v.Status, MetricValue: v.MetricValue, AsOfDate: v.AsOfDate, Comment: v.Comment}
		} else {
			j.Record = record.AppendJSON(nil, &r.Record)
		}
		out = append(out, j)
		return nil
	})
	return out, err
}

var errGone = fmt.Errorf("this conversion is no longer kept (a newer one replaced it): convert again")

// pageLimit reads a limit: def when it is not given, at most maxPage.
func pageLimit(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return def
	}
	return min(n, maxPage)
}

// A page of records or rows: pageSize unless the request says how many,
// at most maxPage.
const (
	pageSize = 1000
	maxPage  = 10000
)

// recordPage reads the records from offset on, at most limit of them,
// each exactly as ait-convert writes it in a JSON array.
func (c *conversion) recordPage(offset, limit int) ([]json.RawMessage, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, errGone
	}
	out := []json.RawMessage{}
	err := c.rows.eachRecord(c.include, offset, limit, func(r *row) error {
		out = append(out, record.AppendJSON(nil, &r.Record))
		return nil
	})
	return out, err
}

// answer is the body of /api/convert.
type answer struct {
	ID     string `json:"id"`
	Upload string `json:"upload"`
	// Command is the ait-convert command line that writes these records
	// (JSON on standard output); Commands the ones for each download and
	// for ait-validate and ait-submit.
	Command  string            `json:"command"`
	Commands map[string]string `json:"commands"`
	Config   string            `json:"config,omitempty"`
	// Code is ait-convert's exit status for these files and flags.
	Code  int           `json:"code"`
	Files []*fileResult `json:"files"`
	// Refusal is the first question the files leave open, Questions all
	// of them.
	Refusal   *refusalJSON   `json:"refusal,omitempty"`
	Questions []*refusalJSON `json:"questions"`
	// Download says whether ait-convert would write the records (and
	// so whether they can be downloaded), and why not.
	Download downloadJSON `json:"download"`
	// Total counts the records; Records are the first of them, as
	// ait-convert -f json writes them (with rows that fail: those it
	// writes with --skip-invalid). GET /api/records pages through them.
	Total   int               `json:"total"`
	Offset  int               `json:"offset"`
	Records []json.RawMessage `json:"records"`
	// Errors are the first errors of every file (ErrorCount counts them
	// all).
	Errors     []errorJSON `json:"errors"`
	ErrorCount int         `json:"errorCount"`
	// RowTotal counts the grid's rows (records and rows that failed, in
	// input order), Rows are the first; GET /api/rows pages through them.
	RowTotal int       `json:"rowTotal"`
	Rows     []rowJSON `json:"rows"`
}

type downloadJSON struct {
	OK        bool   `json:"ok"`
	Why       string `json:"why,omitempty"`
	Annotated bool   `json:"annotated"` // one .xlsx: ait-validate --annotate can mark it
}

func (s *server) answerConversion(w http.ResponseWriter, c *conversion, limit int) {
	records, err := c.recordPage(0, limit)
	if err != nil {
		s.fail(w, http.StatusGone, "%v", err)
		return
	}
	rows, err := c.page(0, limit)
	if err != nil {
		s.fail(w, http.StatusGone, "%v", err)
		return
	}
	_, why := c.downloadable()
	errs := c.errs
	if errs == nil {
		errs = []errorJSON{}
	}
	a := answer{
		ID: c.id, Upload: c.up.id, Code: c.code, Files: c.files, Questions: c.questions(),
		Command:  c.command(),
		Commands: c.commands(),
		Config:   c.flags.config,
		Download: downloadJSON{OK: why == "", Why: why, Annotated: c.annotatable()},
		Total:    c.rows.records, Records: records,
		Errors: errs, ErrorCount: c.nerrs,
		RowTotal: c.rows.len(), Rows: rows,
	}
	if len(a.Questions) > 0 {
		a.Refusal = a.Questions[0]
	}
	s.writeJSON(w, http.StatusOK, a)
}

// command is the ait-convert command line that writes the conversion's
// records.
func (c *conversion) command() string {
	return c.flags.commandLine("ait-convert", c.up.names(), true)
}

// commands are the command lines of the downloads, of the check and of
// the submission.
func (c *conversion) commands() map[string]string {
	names := c.up.names()
	m := map[string]string{
		"json":     c.flags.commandLine("ait-convert -o "+shellName(c.recordsName(record.JSON)), names, true),
		"csv":      c.flags.commandLine("ait-convert -o "+shellName(c.recordsName(record.CSV)), names, true),
		"validate": c.validateCommand(),
	}
	if c.annotatable() {
		m["annotate"] = c.flags.commandLine("ait-validate --annotate "+shellName(stem(names[0])+"-annotated.xlsx"), names, false)
	}
	return m
}

// questions are every question the conversion leaves open: the files'
// refusals, then the rows'.
func (c *conversion) questions() []*refusalJSON {
	all := []*refusalJSON{}
	for _, f := range c.files {
		for _, r := range f.Refusals {
			x := *r
			x.File = f.Name
			all = append(all, &x)
		}
	}
	return append(all, c.asks.all()...)
}

// shellName is a file name as a shell reads it.
func shellName(n string) string { return convertcli.ShellWord(n) }

// names are the upload's file names, in order.
func (up *upload) names() []string {
	var out []string
	for _, f := range up.files {
		out = append(out, f.name)
	}
	return out
}

// recordsName is the name a download of the records is given: the file's
// own with "-updates" (so that tracker.csv's records are not written over
// it), or updates for several files.
func (c *conversion) recordsName(f record.Format) string {
	if len(c.up.files) != 1 {
		return "updates." + string(f)
	}
	return stem(c.up.files[0].name) + "-updates." + string(f)
}

// stem is a file name without its extension.
func stem(n string) string { return strings.TrimSuffix(n, filepath.Ext(n)) }

// records answers GET /api/records?id=&offset=&limit=: a page of a
// conversion's records (the latest conversion's without id), each as
// ait-convert writes it.
func (s *server) records(w http.ResponseWriter, r *http.Request) {
	c, offset, limit, ok := s.pageRequest(w, r)
	if !ok {
		return
	}
	records, err := c.recordPage(offset, limit)
	if err != nil {
		s.fail(w, http.StatusGone, "%v", err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"id": c.id, "command": c.command(), "total": c.rows.records, "offset": offset, "records": records})
}

// rows answers GET /api/rows?id=&offset=&limit=: a page of the grid's
// rows, records and rows that failed with their errors, in input order.
func (s *server) rows(w http.ResponseWriter, r *http.Request) {
	c, offset, limit, ok := s.pageRequest(w, r)
	if !ok {
		return
	}
	rows, err := c.page(offset, limit)
	if err != nil {
		s.fail(w, http.StatusGone, "%v", err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"id": c.id, "command": c.command(), "total": c.rows.len(), "offset": offset, "rows": rows})
}

// pageRequest reads the conversion, offset and limit a page asks for.
func (s *server) pageRequest(w http.ResponseWriter, r *http.Request) (*conversion, int, int, bool) {
	q := r.URL.Query()
	c, err := s.findConversion(q.Get("id"))
	if err != nil {
		s.fail(w, http.StatusNotFound, "%v", err)
		return nil, 0, 0, false
	}
	offset := 0
	if v := q.Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			s.fail(w, http.StatusBadRequest, "offset %q: expected a number from 0", v)
			return nil, 0, 0, false
		}
	}
	if v := q.Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 {
			s.fail(w, http.StatusBadRequest, "limit %q: expected a number from 0 (at most %d are answered)", v, maxPage)
			return nil, 0, 0, false
		}
	}
	return c, offset, pageLimit(q.Get("limit"), pageSize), true
}

// findConversion returns the conversion with this id, or the latest for "".
func (s *server) findConversion(id string) (*conversion, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" {
		id = s.latest
	}
	if c, ok := s.convs[id]; ok {
		return c, nil
	}
	if id == "" {
		return nil, fmt.Errorf("nothing converted yet: POST /api/convert first")
	}
	return nil, errGone
}

// downloadable says which files' records ait-convert writes with these
// flags, or why it writes none: with one input, nothing when it failed
// or (without --skip-invalid) had rows with errors; with several, nothing
// when any failed without --skip-invalid, and with it the records of
// those that were read.
func (c *conversion) downloadable() (include []bool, why string) {
	include = make([]bool, len(c.files))
	invalid := 0
	for _, f := range c.files {
		if f.Stats != nil {
			invalid += f.Stats.Invalid
		}
	}
	switch {
	case len(c.files) == 1 && c.files[0].fatal:
		return nil, "ait-convert writes nothing: " + c.files[0].Name + " could not be read"
	case c.code != cli.ExitOK && !c.flags.skipInvalid && invalid > 0:
		return nil, fmt.Sprintf("ait-convert writes nothing: %s with errors (--skip-invalid writes the rows that convert)", cli.Plural(invalid, "row"))
	case c.code != cli.ExitOK && !c.flags.skipInvalid:
		return nil, "ait-convert writes nothing: a file could not be read (--skip-invalid writes the records of the others)"
	}
	for i, f := range c.files {
		include[i] = !f.fatal
	}
	return include, ""
}

// download answers GET /api/download?id=&format=csv|json|xlsx: the records
// byte for byte as ait-convert writes them with the same flags (-f csv or
// json, --bom, --skip-invalid), or the annotated workbook.
func (s *server) download(w http.ResponseWriter, r *http.Request) {
	c, err := s.findConversion(r.URL.Query().Get("id"))
	if err != nil {
		s.fail(w, http.StatusNotFound, "%v", err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "xlsx" {
		s.annotated(w, r, c)
		return
	}
	f, err := record.ParseFormat(format)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "format %q: expected csv, json or xlsx (the annotated workbook)", format)
		return
	}
	include, why := c.downloadable()
	if why != "" {
		s.writeJSON(w, http.StatusConflict, map[string]any{"error": why, "command": c.commands()[string(f)]})
		return
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		s.fail(w, http.StatusGone, "%v", errGone)
		return
	}
	ct := "application/json"
	if f == record.CSV {
		ct = "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", attachment(c.recordsName(f)))
	s.setCommand(w, c.commands()[string(f)])
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := writeRecords(bw, c, f, include); err != nil {
		s.logf("download: %v", err)
		return
	}
	bw.Flush()
}

// writeRecords writes the records of the included files through the
// record package's writer, as ait-convert does.
func writeRecords(w io.Writer, c *conversion, f record.Format, include []bool) error {
	if c.flags.bom && f == record.CSV {
		if _, err := io.WriteString(w, cli.ByteOrderMark); err != nil {
			return err
		}
	}
	rw := record.NewWriter(w, f)
	err := c.rows.each(0, -1, func(_ int, r *row) error {
		if r.Failed || !include[r.File] {
			return nil
		}
		return rw.Write(&r.Record)
	})
	if err != nil {
		return err
	}
	return rw.Close()
}

// attachment is a Content-Disposition that saves under name.
func attachment(name string) string {
	return fmt.Sprintf("attachment; filename=%q; filename*=UTF-8''%s", strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, name), urlEscape(name))
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
