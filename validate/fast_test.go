package validate

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

var (
	pairOnce sync.Once
	fastV    *Validator
	slowV    *Validator
	pairErr  error
)

// bothValidators are the embedded checker and jsonschema/v5 on the same
// schema (given as a schema of its own, it is not judged by the checker),
// made once.
func bothValidators(t testing.TB) (fast, slow *Validator) {
	pairOnce.Do(func() {
		if fastV, pairErr = New(Options{}); pairErr == nil {
			slowV, pairErr = New(Options{Schema: schema.JSON})
		}
	})
	if pairErr != nil {
		t.Fatal(pairErr)
	}
	if !fastV.embedded || slowV.embedded {
		t.Fatal("expected one validator with the embedded checker and one without")
	}
	return fastV, slowV
}

type verdict struct {
	Errors []string
	Update schema.Update
}

func verdictOf(v *Validator, w *record.Written) verdict {
	errs, u := v.Check(w)
	var out verdict
	for _, e := range errs {
		out.Errors = append(out.Errors, e.Field+" | "+e.Value+" | "+e.Message())
	}
	out.Update = u
	return out
}

func agree(t *testing.T, fast, slow *Validator, w *record.Written) {
	t.Helper()
	f, s := verdictOf(fast, w), verdictOf(slow, w)
	if !reflect.DeepEqual(f, s) {
		t.Fatalf("record %+v:\nembedded checker: %q\njsonschema/v5:    %q", *w, f, s)
	}
}

var (
	sampleTexts = []string{"", " ", "\t\n", "\v", "\u00a0", "\f\r", "x", " a ", "2025-07-03", "2025-02-30", "20250703",
		"2025-W27-4", "2025-184", "2025-07-03T10:00Z", "2025-07-03 ", " 2025-07-03", "July 3", "0.5", " 0.5 ", "1e400",
		"-0", "5e-1", "12345678901234567890", "abc", "On Track", "on track", "OnTrack", "NaN", "AA-1", "\"", "é",
		strings.Repeat("a", 300)}
	sampleNumbers = []string{"0", "-0", "0.5", "5e-1", "1E+2", "12345678901234567890", "1e400", "1e-400", "100"}
	sampleKeys    = []string{"foo", "", "externalId ", "Comment", "(column 6)", "foo", "bar"}
)

func randomValue(r *rand.Rand) jsonarray.Value {
	switch r.IntN(8) {
	case 0, 1, 2:
		return jsonarray.Value{Kind: jsonarray.String, Text: sampleTexts[r.IntN(len(sampleTexts))]}
	case 3:
		return jsonarray.Value{Kind: jsonarray.Number, Text: sampleNumbers[r.IntN(len(sampleNumbers))]}
	case 4:
		return jsonarray.Value{Kind: jsonarray.Bool, Text: []string{"true", "false"}[r.IntN(2)]}
	case 5:
		return jsonarray.Value{Kind: jsonarray.Null, Text: "null"}
	case 6:
		return jsonarray.Value{Kind: jsonarray.Object, Text: "{"}
	}
	return jsonarray.Value{Kind: jsonarray.Array, Text: "["}
}

// TestEmbeddedAgrees: on records of every shape (each field missing, or a
// value of each JSON type, text that is blank in each way, dates in and
// out of the pattern, unknown keys given once or twice, CSV records whose
// values are all text), the embedded checker and jsonschema/v5 give the
// same errors in the same words, and the same record to send.
func TestEmbeddedAgrees(t *testing.T) {
	fast, slow := bothValidators(t)
	r := rand.New(rand.NewPCG(7, 8))
	n := 50000
	if testing.Short() {
		n = 5000
	}
	for range n {
		var w record.Written
		w.Text = r.IntN(4) == 0
		for i := range w.Fields {
			if r.IntN(4) == 0 {
				continue
			}
			v := randomValue(r)
			if w.Text && v.Kind != jsonarray.String {
				v = jsonarray.Value{Kind: jsonarray.String, Text: v.Text}
			}
			w.Fields[i] = jsonarray.Member{Key: schema.Fields[i], Value: v}
		}
		for k := r.IntN(4) - 1; k > 0; k-- {
			w.Unknown = append(w.Unknown, jsonarray.Member{Key: sampleKeys[r.IntN(len(sampleKeys))], Value: randomValue(r)})
		}
		agree(t, fast, slow, &w)
	}
}

// FuzzEmbeddedAgrees reads the input as a JSON array of records and as an
// import CSV, as ait-validate does, and compares the two checkers on every
// record read.
func FuzzEmbeddedAgrees(f *testing.F) {
	f.Add(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03","metricValue":0.5,"comment":"x"}]`)
	f.Add(`[{"externalId":" ","status":1,"asOfDate":"2025-W27-4T10","foo":null,"foo":[1]},{"comment":{}}]`)
	f.Add("External ID,Status,Metric Value,As Of Date,Comment\nA,On Track, 0.5 ,2025-07-03,\n\v,x,abc,2025-02-30,y,extra\n")
	f.Add("A,On Track,,20250703\n")
	f.Fuzz(func(t *testing.T, in string) {
		fast, slow := bothValidators(t)
		for _, format := range []record.Format{record.JSON, record.CSV} {
			r, err := record.NewReader("in", strings.NewReader(in), format, record.Options{})
			if err != nil {
				continue
			}
			for {
				w, err := r.Next()
				if err != nil {
					break
				}
				agree(t, fast, slow, w)
			}
			r.Close()
		}
	})
}
