package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/validate"
	"github.com/aitkit/aitkit/workbook"
)

// checkedInput is an upload's files converted as ait-convert converts
// them (every row: a record, or a *record.RowError with the row's
// errors), one after the other, as one source of records for
// validate.Run: with one workbook, exactly what ait-validate reads.
type checkedInput struct {
	ctx       context.Context
	up        *upload
	opts      convert.Options
	next      int
	in        *os.File
	rd        *convert.Reader
	w         record.Written
	asWritten bool // a file is in the import format, which ait-validate reads as written
}

func openChecked(ctx context.Context, up *upload, opts convert.Options) *checkedInput {
	opts.View = convert.ViewConvert // as the page shows them
	return &checkedInput{ctx: ctx, up: up, opts: opts}
}

// Next returns the next record, opening the next file when one ends. A
// file that cannot be read ends the input with its error.
func (c *checkedInput) Next() (*record.Written, error) {
	for {
		if c.rd == nil {
			if c.next == len(c.up.files) {
				return nil, io.EOF
			}
			f := c.up.files[c.next]
			c.next++
			in, err := os.Open(f.path)
			if err != nil {
				return nil, err
			}
			rd, err := convert.NewReader(c.ctx, f.name, in, c.opts)
			if err != nil {
				in.Close()
				return nil, err
			}
			c.in, c.rd = in, rd
		}
		rec, err := c.rd.Next()
		if err == io.EOF {
			c.closeFile()
			continue
		}
		if err != nil {
			return nil, err
		}
		c.w = record.WrittenOf(rec.Update)
		c.w.Place = rec.Place
		return &c.w, nil
	}
}

func (c *checkedInput) closeFile() {
	if c.rd != nil {
		c.rd.Close()
		c.in.Close()
		c.rd, c.in = nil, nil
	}
}

// check runs the validator over an upload's files, converted, calling fn
// with each record (a row that did not convert is a record with its
// errors).
func check(ctx context.Context, up *upload, flags *convertFlags, fn func(*validate.Checked) error) (*validate.Report, error) {
	v, err := newValidator(flags)
	if err != nil {
		return nil, err
	}
	in := openChecked(ctx, up, flags.opts)
	defer in.closeFile()
	return v.Run(ctx, in, fn)
}

func newValidator(flags *convertFlags) (*validate.Validator, error) {
	v, err := validate.New(validate.Options{Statuses: flags.opts.Statuses, MaxComment: flags.opts.MaxComment})
	if err != nil {
		return nil, &cli.UsageError{Err: err}
	}
	return v, nil
}

// errNothing: ait-convert writes no records for the conversion, so there
// is nothing to check or send.
type errNothing struct{ why string }

func (e *errNothing) Error() string {
	return e.why + "; the records to check or send are the ones ait-convert writes"
}

// checkRecords runs the validator over the records ait-convert writes for
// the conversion, as ait-validate and ait-submit read them in a pipe
// (ait-convert FLAGS FILES | ait-validate), each at its place in the
// user's file, calling fn with each.
func checkRecords(ctx context.Context, c *conversion, fn func(*validate.Checked) error) (*validate.Report, error) {
	include, why := c.downloadable()
	if why != "" {
		return nil, &errNothing{why}
	}
	v, err := newValidator(c.flags)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return nil, errGone
	}
	cur, err := c.rows.cursor(0)
	if err != nil {
		return nil, err
	}
	return v.Run(ctx, &recordSource{c: cur, include: include}, fn)
}

// conversionFor returns the conversion a request's form names (the field
// "id"), or converts its files (or upload) with its flags, as
// /api/convert does.
func (s *server) conversionFor(w http.ResponseWriter, r *http.Request) (*conversion, bool) {
	up, fields, err := s.readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return nil, false
	}
	fields, id := takeField(fields, "id")
	if id != "" && len(up.files) == 0 {
		c, err := s.findConversion(id)
		if err != nil {
			s.fail(w, http.StatusNotFound, "%v", err)
			return nil, false
		}
		return c, true
	}
	up, flags, ok := s.uploadAndFlags(w, up, fields)
	if !ok {
		return nil, false
	}
	c, err := s.runConversion(r.Context(), up, flags)
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return nil, false
	}
	return c, true
}

// uploadAndFlags takes the upload of a form (its files, or the earlier
// upload its field "upload" names) and parses its other fields as
// ait-convert's flags.
func (s *server) uploadAndFlags(w http.ResponseWriter, up *upload, fields []field) (*upload, *convertFlags, bool) {
	fields, uploadID := takeField(fields, "upload")
	var err error
	switch {
	case len(up.files) > 0:
		s.addUpload(up)
	case uploadID != "":
		if up, err = s.findUpload(uploadID); err != nil {
			s.fail(w, http.StatusNotFound, "%v", err)
			return nil, nil, false
		}
	default:
		s.fail(w, http.StatusBadRequest, "no file: send the files as parts named \"file\", or name an earlier upload in the field \"upload\" (or a conversion in \"id\")")
		return nil, nil, false
	}
	flags, err := parseConvertFlags(fields, s.o)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return nil, nil, false
	}
	return up, flags, true
}

// checkFailed answers a check that could not be made, with the command
// line that would have made it.
func (s *server) checkFailed(w http.ResponseWriter, command string, err error) {
	status := http.StatusUnprocessableEntity
	var nothing *errNothing
	switch {
	case errors.As(err, &nothing):
		status = http.StatusConflict
	case errors.Is(err, errGone):
		status = http.StatusGone
	default:
		if _, ok := errors.AsType[*cli.UsageError](err); ok {
			status = http.StatusBadRequest
		}
	}
	s.inputFailed(w, status, command, err)
}

// inputFailed answers an input that could not be read, with its refusal
// if it asks a question.
func (s *server) inputFailed(w http.ResponseWriter, status int, command string, err error) {
	body := map[string]any{"error": err.Error(), "command": command}
	if refs := convert.Refusals(err); len(refs) > 0 {
		body["refusal"] = refusalOf(refs[0])
	}
	s.writeJSON(w, status, body)
}

// validate answers POST /api/validate: ait-validate's --report json body
// (with the command line that writes it added first) for the form's files
// (or upload, or conversion) converted with its flags, every row checked:
// a row that did not convert is a record with its errors, as ait-validate
// reports a workbook's.
func (s *server) validate(w http.ResponseWriter, r *http.Request) {
	c, ok := s.conversionFor(w, r)
	if !ok {
		return
	}
	command := c.validateCommand()
	out, err := cli.NewSpool()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	defer out.Close()
	rw := validate.NewReportWriter(out)
	rep, err := check(r.Context(), c.up, c.flags, rw.Add)
	if err == nil {
		err = rw.Close(rep)
	}
	if err != nil {
		if r.Context().Err() == nil {
			s.checkFailed(w, command, err)
		}
		return
	}
	body, err := out.Reader()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	// The report is an object: "command" goes in first, and the rest is
	// ait-validate's, byte for byte.
	br := bufio.NewReader(body)
	if b, err := br.ReadByte(); err != nil || b != '{' {
		s.fail(w, http.StatusInternalServerError, "the report does not start with {")
		return
	}
	cmd, _ := json.Marshal(command)
	w.Header().Set("Content-Type", "application/json")
	s.setCommand(w, command)
	io.WriteString(w, "{\n  \"command\": "+s.redact(string(cmd))+",")
	io.Copy(w, br)
}

// validateCommand is the command line that checks the conversion's
// records: ait-validate on the file itself when it converts it (a
// workbook, a tracker), else ait-convert's output piped to it.
func (c *conversion) validateCommand() string {
	if len(c.files) == 1 && !c.files[0].asWritten {
		return c.flags.commandLine("ait-validate --report json", c.up.names(), false)
	}
	return c.flags.commandLine("ait-convert", c.up.names(), false) + " | ait-validate --report json"
}

// annotatable tells whether the conversion's input is one .xlsx workbook,
// which ait-validate --annotate marks.
func (c *conversion) annotatable() bool {
	if len(c.up.files) != 1 {
		return false
	}
	f, _ := convert.FormatOf(c.up.files[0].name)
	return f == convert.FormatXLSX
}

// annotated answers the annotated workbook: what ait-validate --annotate
// writes for the same file and flags.
func (s *server) annotated(w http.ResponseWriter, r *http.Request, c *conversion) {
	if !c.annotatable() {
		s.fail(w, http.StatusConflict, "the annotated workbook marks the errors in a copy of one .xlsx workbook; this upload is not one")
		return
	}
	marks := workbook.NewAnnotator()
	defer marks.Close()
	rep, err := check(r.Context(), c.up, c.flags, func(ch *validate.Checked) error {
		for _, fe := range ch.Errors {
			p := fe.Place
			if p.Sheet == "" {
				p = ch.Place // a check of the whole row: its External ID cell
			}
			if err := marks.Add(workbook.Mark{Sheet: p.Sheet, Cell: p.Cell, Field: fe.Field, Value: fe.Value, Message: fe.Message()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.inputFailed(w, http.StatusUnprocessableEntity, c.commands()["annotate"], err)
		return
	}
	out, err := cli.NewSpool()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	defer out.Close()
	counts := workbook.Counts{Total: rep.TotalRecords, Valid: rep.ValidRecords, Invalid: rep.ErrorRecords}
	if err := marks.Write(c.up.files[0].path, out, counts); err != nil {
		s.fail(w, http.StatusInternalServerError, "the annotated workbook: %v", err)
		return
	}
	body, err := out.Reader()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", attachment(stem(c.up.files[0].name)+"-annotated.xlsx"))
	s.setCommand(w, c.commands()["annotate"])
	io.Copy(w, body)
}
