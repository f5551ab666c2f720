package convert

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// JSONArray reads the elements of a JSON array one at a time, so that a
// million records never sit in memory, and names what is wrong with an
// array that is not one: a truncated file, broken JSON, data after the end.
type JSONArray struct {
	dec   *json.Decoder
	index int
}

// NewJSONArray reads the opening bracket of an array of text (already
// decoded to UTF-8). With useNumber, numbers decode as json.Number.
func NewJSONArray(r io.Reader, useNumber bool) (*JSONArray, error) {
	dec := json.NewDecoder(r)
	if useNumber {
		dec.UseNumber()
	}
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, ErrEmpty
	}
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '[' {
		return nil, fmt.Errorf("%w: JSON input must be an array of records, [ {...}, ... ]", ErrUnsupported)
	}
	return &JSONArray{dec: dec}, nil
}

// Index is the index of the element Next reads next.
func (a *JSONArray) Index() int { return a.index }

// Next decodes the next element into v; io.EOF after the last. Its errors
// wrap ErrMalformed; an element of the wrong JSON type is a
// *json.UnmarshalTypeError, and the array goes on after it.
func (a *JSONArray) Next(v any) error {
	if !a.dec.More() {
		if _, err := a.dec.Token(); err != nil { // the closing ]
			return a.syntax(err)
		}
		if _, err := a.dec.Token(); err != io.EOF {
			return fmt.Errorf("%w: data after the end of the JSON array", ErrMalformed)
		}
		return io.EOF
	}
	err := a.dec.Decode(v)
	var ute *json.UnmarshalTypeError
	switch {
	case err == nil, errors.As(err, &ute):
		a.index++
		return err
	}
	return a.syntax(err)
}

func (a *JSONArray) syntax(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("%w: invalid JSON at byte %d (in or after record %d): %v", ErrMalformed, se.Offset, a.index, err)
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return fmt.Errorf("%w: the JSON array ends early, after %d records (a truncated file?)", ErrMalformed, a.index)
	}
	return fmt.Errorf("%w: %v", ErrMalformed, err)
}
