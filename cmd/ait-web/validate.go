package main

import (
	"context"
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

// checkedInput is an upload's files read as ait-validate and ait-submit
// read their input (convert.ViewAsWritten: records in the import API's
// own format as written, anything else converted), one after the other,
// as one source of records: with one file, exactly ait-validate's input.
type checkedInput struct {
	ctx   context.Context
	up    *upload
	opts  convert.Options
	next  int
	in    *os.File
	rd    *convert.Reader
	src   record.Source
	ended bool
}

func openChecked(ctx context.Context, up *upload, opts convert.Options) *checkedInput {
	opts.View = convert.ViewAsWritten
	return &checkedInput{ctx: ctx, up: up, opts: opts}
}

// Next returns the next record as written, opening the next file when one
// ends. A file that cannot be read ends the input with its error.
func (c *checkedInput) Next() (*record.Written, error) {
	for {
		if c.src == nil {
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
			c.in, c.rd, c.src = in, rd, rd.Written()
		}
		w, err := c.src.Next()
		if err == io.EOF {
			c.closeFile()
			continue
		}
		return w, err
	}
}

func (c *checkedInput) closeFile() {
	if c.rd != nil {
		c.rd.Close()
		c.in.Close()
		c.rd, c.in, c.src = nil, nil, nil
	}
}

// check runs the validator over the upload, calling fn with each record.
func check(ctx context.Context, up *upload, flags *convertFlags, fn func(*validate.Checked) error) (*validate.Report, *validate.Validator, error) {
	v, err := validate.New(validate.Options{Statuses: flags.opts.Statuses, MaxComment: flags.opts.MaxComment})
	if err != nil {
		return nil, nil, &cli.UsageError{Err: err}
	}
	in := openChecked(ctx, up, flags.opts)
	defer in.closeFile()
	rep, err := v.Run(ctx, in, fn)
	return rep, v, err
}

// checkRequest reads a request's form as /api/convert does (files, or an
// earlier upload, and flags).
func (s *server) checkRequest(w http.ResponseWriter, r *http.Request) (*upload, *convertFlags, bool) {
	up, fields, err := s.readForm(r)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return nil, nil, false
	}
	fields, uploadID := takeField(fields, "upload")
	switch {
	case len(up.files) > 0:
		s.addUpload(up)
	case uploadID != "":
		if up, err = s.findUpload(uploadID); err != nil {
			s.fail(w, http.StatusNotFound, "%v", err)
			return nil, nil, false
		}
	default:
		s.fail(w, http.StatusBadRequest, "no file: send the files as parts named \"file\", or name an earlier upload in the field \"upload\"")
		return nil, nil, false
	}
	flags, err := parseConvertFlags(fields, s.o)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "%v", err)
		return nil, nil, false
	}
	return up, flags, true
}

// inputFailed answers an input that could not be read: 422, with its
// refusals.
func (s *server) inputFailed(w http.ResponseWriter, err error) {
	body := map[string]any{"error": err.Error()}
	if refs := convert.Refusals(err); len(refs) > 0 {
		body["refusal"] = refusalOf(refs[0])
	}
	s.writeJSON(w, http.StatusUnprocessableEntity, body)
}

// validate answers POST /api/validate: ait-validate's --report json body,
// byte for byte, for the files (or upload) and flags of the form.
func (s *server) validate(w http.ResponseWriter, r *http.Request) {
	up, flags, ok := s.checkRequest(w, r)
	if !ok {
		return
	}
	out, err := cli.NewSpool()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	defer out.Close()
	rw := validate.NewReportWriter(out)
	rep, _, err := check(r.Context(), up, flags, rw.Add)
	if err == nil {
		err = rw.Close(rep)
	}
	if err != nil {
		if _, ok := errors.AsType[*cli.UsageError](err); ok {
			s.fail(w, http.StatusBadRequest, "%v", err)
		} else {
			s.inputFailed(w, err)
		}
		return
	}
	body, err := out.Reader()
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "%v", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Aitkit-Exit", exitOf(rep))
	io.Copy(w, body)
}

func exitOf(rep *validate.Report) string {
	if rep.OK() {
		return "0"
	}
	return "1"
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
	rep, _, err := check(r.Context(), c.up, c.flags, func(ch *validate.Checked) error {
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
		s.inputFailed(w, err)
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
	io.Copy(w, body)
}
