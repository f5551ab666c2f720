package jsonarray

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
)

// readAll reads every element; each object as its members.
func readAll(in []byte) ([][]Member, []Value, []string, error) {
	return readFrom(bytes.NewReader(in))
}

// readFrom is readAll from a reader.
func readFrom(in io.Reader) ([][]Member, []Value, []string, error) {
	r, err := NewReader("t.json", in, Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	var objs [][]Member
	var vals []Value
	var dups []string
	for {
		el, err := r.Next()
		if err == io.EOF {
			return objs, vals, dups, nil
		}
		if err != nil {
			return objs, vals, dups, err
		}
		objs = append(objs, append([]Member(nil), el.Members...))
		vals = append(vals, el.Value)
		dups = append(dups, el.Duplicate)
	}
}

func TestRead(t *testing.T) {
	in := `
	[ {"externalId": "A1", "status": "On Track", "metricValue": 0.54, "asOfDate": "2025-07-03", "comment": "a \"b\" \u00e9 \ud83d\ude42 \n"},
	  {"n": -1.5e-7, "t": true, "f": false, "z": null, "o": {"x": [1, 2, {"y": "z"}]}, "a": []},
	  5, "text", {"k": 1, "k": 2}, {} ]  `
	objs, vals, dups, err := readAll([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) != 6 {
		t.Fatalf("%d elements", len(objs))
	}
	if got := objs[0][4].Value.Text; got != "a \"b\" é 🙂 \n" {
		t.Errorf("comment %q", got)
	}
	if m := objs[0][2]; m.Key != "metricValue" || m.Value != (Value{Number, "0.54"}) {
		t.Errorf("metric %+v", m)
	}
	want := []Value{{Number, "-1.5e-7"}, {Bool, "true"}, {Bool, "false"}, {Null, "null"}, {Object, "{…}"}, {Array, "[…]"}}
	for i, w := range want {
		if objs[1][i].Value != w {
			t.Errorf("member %d: %+v, want %+v", i, objs[1][i].Value, w)
		}
	}
	if vals[2] != (Value{Number, "5"}) || vals[3] != (Value{String, "text"}) {
		t.Errorf("non-objects: %+v %+v", vals[2], vals[3])
	}
	if dups[4] != "k" || dups[0] != "" {
		t.Errorf("duplicates %q", dups)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		msg      string
	}{
		{"empty", "", sheet.ErrEmpty, "t.json: empty input"},
		{"object", `{"a":1}`, sheet.ErrUnsupported, "array of records"},
		{"truncated", `[{"a":1},{"b`, sheet.ErrMalformed, "ends early, after 1 records"},
		{"invalid utf-8", "[{\"id\":\"AA-\xff1\"}]", sheet.ErrMalformed, "invalid UTF-8 (byte 0xff; JSON must be UTF-8) at byte 11 (record 0)"},
		{"latin-1 text", "[{\"c\":\"caf\xe9\"}]", sheet.ErrMalformed, "invalid UTF-8"},
		{"lone surrogate", `[{"a":"\ud800x"}]`, sheet.ErrMalformed, "lone UTF-16 surrogate"},
		{"trailing data", `[{"a":1}] x`, sheet.ErrMalformed, "data after the end"},
		{"trailing comma", `[{"a":1},]`, sheet.ErrMalformed, "comma before the closing bracket"},
		{"bad number", `[{"a":01}]`, sheet.ErrMalformed, "unexpected '1'"},
		{"control character", "[{\"a\":\"x\ty\"}]", sheet.ErrMalformed, "control character"},
		{"deep", `[{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}]`, sheet.ErrTooLarge, "nesting deeper than 64"},
		{"long string", `[{"a":"` + strings.Repeat("x", 2<<20) + `"}]`, sheet.ErrTooLarge, "limit MaxCellBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := readAll([]byte(tt.in))
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v; want %v saying %q", err, tt.want, tt.msg)
			}
		})
	}
}

func TestUTF16(t *testing.T) {
	in := []byte{0xff, 0xfe}
	for _, c := range `[{"a":"é"}]` {
		in = append(in, byte(c), byte(c>>8))
	}
	objs, _, _, err := readAll(in)
	if err != nil || len(objs) != 1 || objs[0][0].Value.Text != "é" {
		t.Fatalf("%+v, %v", objs, err)
	}
	// Without a byte-order mark, told by its zero bytes, in either order.
	for _, be := range []bool{false, true} {
		var in []byte
		for _, c := range `[{"a":"é"}]` {
			if be {
				in = append(in, byte(c>>8), byte(c))
			} else {
				in = append(in, byte(c), byte(c>>8))
			}
		}
		objs, _, _, err := readAll(in)
		if err != nil || len(objs) != 1 || objs[0][0].Value.Text != "é" {
			t.Errorf("big-endian %v: %+v, %v", be, objs, err)
		}
	}
	// A lone surrogate is an error, never U+FFFD.
	in = []byte{0xff, 0xfe}
	for _, c := range `[{"a":"x` {
		in = append(in, byte(c), 0)
	}
	in = append(in, 0x00, 0xd8, '"', 0, '}', 0, ']', 0)
	if objs, _, _, err := readAll(in); !errors.Is(err, sheet.ErrMalformed) || !strings.Contains(err.Error(), "not valid UTF-16") {
		t.Errorf("lone surrogate: %+v, %v", objs, err)
	}
}

// FuzzDifferential: on any bytes, this reader agrees with encoding/json.
// Where encoding/json reads an array, this reader reads the same elements,
// unless the text is not valid UTF-8 or has a lone surrogate (which this
// one refuses), or nests deeper than 64; where this reader reads it,
// encoding/json does too.
func FuzzDifferential(f *testing.F) {
	for _, s := range []string{`[]`, `[{"a":1,"b":"x","c":[1,{"d":null}],"e":true}]`, `[1,"2",null,{"a":{}}]`,
		`[{"a":"\u00e9\ud83d\ude42\n\"\\"}]`, `[{"a":1,"a":2}]`, `[{"n":-0.5e+10}]`, `[ ]`, `[{"a":01}]`, "[{\"a\":\"\xff\"}]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		objs, vals, dups, err := readAll(in)
		// Read a byte at a time, the same elements and the same error.
		o1, v1, d1, err1 := readFrom(iotest.OneByteReader(bytes.NewReader(in)))
		if !reflect.DeepEqual([]any{objs, vals, dups, fmt.Sprint(err)}, []any{o1, v1, d1, fmt.Sprint(err1)}) {
			t.Fatalf("%q read a byte at a time: %v %v, whole: %v %v", in, v1, err1, vals, err)
		}
		var want []any
		werr := json.Unmarshal(in, &want)
		if werr != nil {
			if err == nil {
				t.Fatalf("read %q, which encoding/json refuses: %v", in, werr)
			}
			return
		}
		if err != nil {
			if !utf8.Valid(in) || bytes.Contains(in, []byte(`\u`)) || bytes.Count(in, []byte("[")) > 64 || bytes.Count(in, []byte("{")) > 64 || bytes.HasPrefix(in, []byte("\xef\xbb\xbf")) {
				return
			}
			t.Fatalf("refused %q, which encoding/json reads: %v", in, err)
		}
		if len(objs) != len(want) {
			t.Fatalf("%d elements, encoding/json %d", len(objs), len(want))
		}
		for i, w := range want {
			m, isObj := w.(map[string]any)
			if isObj != (vals[i].Kind == Object) {
				t.Fatalf("element %d: %v, encoding/json %T", i, vals[i].Kind, w)
			}
			if !isObj {
				continue
			}
			seen := map[string]bool{}
			for _, mb := range objs[i] {
				seen[mb.Key] = true
				if mb.Value.Kind == String {
					// encoding/json keeps the last of a duplicate key.
					last := mb.Value.Text
					for _, other := range objs[i] {
						if other.Key == mb.Key && other.Value.Kind == String {
							last = other.Value.Text
						}
					}
					if s, ok := m[mb.Key].(string); ok && s != last {
						t.Fatalf("element %d key %q: %q, encoding/json %q", i, mb.Key, last, s)
					}
				}
			}
			if len(seen) != len(m) {
				t.Fatalf("element %d: keys %v, encoding/json %v", i, seen, m)
			}
		}
	})
}

// TestSplitCharacters: a character of two, three or four bytes split
// between two reads (a read may give one byte) is read whole.
func TestSplitCharacters(t *testing.T) {
	var doc strings.Builder
	doc.WriteString(`[`)
	for i := 0; i < 3000; i++ {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"c":"%s","%s":1}`, strings.Repeat("é—😀", i%7+1), strings.Repeat("ü", i%3+1))
	}
	doc.WriteString(`]`)
	want, _, _, err := readAll([]byte(doc.String()))
	if err != nil || len(want) != 3000 {
		t.Fatalf("read whole: %d elements, %v", len(want), err)
	}
	for name, r := range map[string]io.Reader{
		"a byte at a time":  iotest.OneByteReader(strings.NewReader(doc.String())),
		"half of each read": iotest.HalfReader(strings.NewReader(doc.String())),
	} {
		got, _, _, err := readFrom(r)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d elements, %v", name, len(got), err)
		}
	}
}
