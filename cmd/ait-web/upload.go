package main

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// upload is the files of one drop, kept in a folder of the temporary
// folder until a newer drop replaces them or ait-web ends.
type upload struct {
	id    string
	dir   string
	files []uploaded
}

// uploaded is one file: its name as the user's computer named it (what
// messages and command lines say) and where it is kept.
type uploaded struct {
	name string
	path string
}

// keptUploads is how many drops are kept, for conversions asked again
// with other flags.
const keptUploads = 4

// Limits of a request's form besides its files.
const (
	maxFiles      = 200
	maxFields     = 1000
	maxFieldBytes = 64 << 10
)

// readForm reads a multipart request: every "file" part is streamed to a
// file of a new folder (never held in memory), every other part is a
// field. Files with no content of their own come back as an upload with
// none.
func (s *server) readForm(r *http.Request) (*upload, []field, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil, nil, fmt.Errorf("expected a multipart/form-data body (file parts and fields), not %q", ct)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, err
	}
	id, err := newID()
	if err != nil {
		return nil, nil, err
	}
	up := &upload{id: id, dir: filepath.Join(s.tmp, "upload-"+id)}
	var fields []field
	fail := func(err error) (*upload, []field, error) {
		os.RemoveAll(up.dir)
		return nil, nil, err
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(fmt.Errorf("reading the form: %w", err))
		}
		if p.FormName() == "file" {
			if len(up.files) == maxFiles {
				return fail(fmt.Errorf("more than %d files in one drop", maxFiles))
			}
			f, err := s.keep(up, p)
			if err != nil {
				return fail(err)
			}
			up.files = append(up.files, f)
			continue
		}
		if len(fields) == maxFields {
			return fail(fmt.Errorf("more than %d fields", maxFields))
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
		if err != nil {
			return fail(fmt.Errorf("reading the field %q: %w", p.FormName(), err))
		}
		if len(b) > maxFieldBytes {
			return fail(fmt.Errorf("the field %q is longer than %d bytes", p.FormName(), maxFieldBytes))
		}
		fields = append(fields, field{p.FormName(), string(b)})
	}
	if len(up.files) == 0 {
		os.RemoveAll(up.dir)
		up.dir = ""
	}
	return up, fields, nil
}

// keep streams one file part to its own folder, under its own name.
func (s *server) keep(up *upload, p io.Reader) (uploaded, error) {
	name := "upload"
	if fp, ok := p.(interface{ FileName() string }); ok {
		name = cleanName(fp.FileName())
	}
	dir := filepath.Join(up.dir, strconv.Itoa(len(up.files)))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return uploaded{}, err
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return uploaded{}, err
	}
	_, err = io.Copy(f, p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return uploaded{}, fmt.Errorf("receiving %s: %w", name, err)
	}
	return uploaded{name: name, path: path}, nil
}

// cleanName is a file name as the user's computer gave it, without a
// folder (a browser may send one, with / or \), control characters or a
// name a file system refuses.
func cleanName(n string) string {
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	n = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, n)
	n = strings.TrimSpace(n)
	if n == "" || n == "." || n == ".." {
		return "upload"
	}
	return n
}

// newID returns a short random identifier.
func newID() (string, error) {
	t, err := newToken()
	if err != nil {
		return "", err
	}
	return t[:12], nil
}

// errNoUpload: a request names an upload that is not (or no longer) kept.
var errNoUpload = errors.New("no such upload (it was replaced by a newer one, or ait-web restarted): drop the files again")

// addUpload keeps an upload, letting go of the oldest beyond keptUploads.
func (s *server) addUpload(up *upload) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.uploads[up.id] = up
	s.order = append(s.order, up.id)
	for len(s.order) > keptUploads {
		old := s.uploads[s.order[0]]
		delete(s.uploads, s.order[0])
		s.order = s.order[1:]
		for id, c := range s.convs {
			if c.up == old {
				c.close()
				delete(s.convs, id)
			}
		}
		if old != nil {
			os.RemoveAll(old.dir)
		}
	}
}

// findUpload returns the upload with this id.
func (s *server) findUpload(id string) (*upload, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if up, ok := s.uploads[id]; ok {
		return up, nil
	}
	return nil, errNoUpload
}
