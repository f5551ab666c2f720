package convert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// TestDelimitedText: the SPEC's "What spreadsheet programs write" ->
// "Delimited text", row for row.
func TestDelimitedText(t *testing.T) {
	const std = "External ID,Status,Metric Value,As Of Date,Comment\n"
	tests := []struct {
		name  string
		in    string
		opts  Options
		want  []schema.Update
		errs  []string
		fatal string // an error of the whole input
	}{
		{name: "text formula keeps leading zeros", in: std + "=\"00123\",On Track,,2025-07-03,\n\"=\"\"007\"\"\",On Track,,2025-07-03,=\"a, b\"\n",
			want: []schema.Update{u("00123", "On Track", "", "2025-07-03", ""), u("007", "On Track", "", "2025-07-03", "a, b")}},
		{name: "an ID in E-notation has lost its digits", in: std + "1.23457E+15,On Track,,2025-07-03,\n1E+20,On Track,,2025-07-03,\nA-1E+5,On Track,,2025-07-03,\n",
			want: []schema.Update{u("A-1E+5", "On Track", "", "2025-07-03", "")},
			errs: []string{
				`t.csv:2: externalId "1.23457E+15": an External ID in E-notation, its digits lost; expected the External ID with all its digits (this is how a spreadsheet shows a number too long for its cell, and how Excel saved it: the other digits are gone; in Excel, format the ID column as Text, enter the IDs again, and save)`,
				`t.csv:3: externalId "1E+20": an External ID in E-notation, its digits lost; expected the External ID with all its digits (this is how a spreadsheet shows a number too long for its cell, and how Excel saved it: the other digits are gone; in Excel, format the ID column as Text, enter the IDs again, and save)`,
			}},
		{name: "a number of 17 digits is refused", in: std + "A1,On Track,12345678901234567,2025-07-03,\nA2,On Track,0.1234567890123456,2025-07-03,\n",
			want: []schema.Update{u("A2", "On Track", "0.1234567890123456", "2025-07-03", "")},
			errs: []string{`t.csv:2: metricValue "12345678901234567": more digits than a number keeps; expected a number of at most 16 significant digits (it has 17; the rest would be changed without a word)`}},
		{name: "a number of 16 digits a number does not keep", in: std + "A1,On Track,9007199254740993,2025-07-03,\n",
			errs: []string{`t.csv:2: metricValue "9007199254740993": more digits than a number keeps; expected a number of at most 16 significant digits (it has 16, and a number does not keep these: it would be written 9007199254740992)`}},
		{name: "bytes that are not UTF-8 in a UTF-8 file", in: std + "A1,On Track,,2025-07-03,Café\nA2,On Track,,2025-07-03,caf\xe9\n",
			fatal: `t.csv:3: malformed input: the byte 0xE9 is not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings, or is damaged; save the file again as "CSV UTF-8"`},
		{name: "utf-16 without a byte-order mark", in: string(utf16LE(std + "A1,On Track,,2025-07-03,Café\n")),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "Café")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs, err := readAll(t, "t.csv", []byte(tt.in), tt.opts)
			if tt.fatal != "" {
				if err == nil || err.Error() != tt.fatal || !errors.Is(err, sheet.ErrMalformed) {
					t.Fatalf("error %v, want %q", err, tt.fatal)
				}
				return
			}
			checkRead(t, got, errs, err, tt.want, tt.errs)
		})
	}
}

// checkRead compares what readAll read with the records and errors
// wanted; any fatal error fails.
func checkRead(t *testing.T, got []schema.Update, errs []string, err error, want []schema.Update, wantErrs []string) {
	t.Helper()
	if err != nil {
		t.Fatalf("fatal error: %v", err)
	}
	if !equalUpdates(got, want) {
		t.Errorf("records:\n got %+v\nwant %+v", got, want)
	}
	if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors:\n got %q\nwant %q", errs, wantErrs)
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xffff {
			panic("BMP only")
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestExponentID(t *testing.T) {
	for s, want := range map[string]bool{
		"1.23457E+15": true, "1E+20": true, "-2.5E-05": true, "9.99999e+11": true, "1.2E+123": true,
		"1.23457E15": false, "12E+5": false, "0E+1": false, "1.E+5": false, "A1E+5": false, "1.2E+": false,
		"1.2E+12345": false, "E+15": false, "1,2E+15": false, "123": false, "": false,
	} {
		if got := exponentID(s); got != want {
			t.Errorf("exponentID(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestDecimalSeparatorByColumn: the SPEC's rows on decimal separators.
// The separator of a number that reads both ways is decided from all the
// column's numbers: no row order changes it.
func TestDecimalSeparatorByColumn(t *testing.T) {
	type out struct{ metric, err string }
	tests := []struct {
		name string
		csv  string
		opts Options
		want map[string]out // by External ID
	}{
		{name: "a column that uses decimal commas", csv: "ID;Status;Metric;Date\nA;On Track;10,54;2025-07-03\nB;On Track;54,5;2025-07-03\nC;On Track;1.234,5;2025-07-03\nD;On Track;1.234;2025-07-03\n",
			want: map[string]out{"A": {metric: "10.54"}, "B": {metric: "54.5"}, "C": {metric: "1234.5"}, "D": {metric: "1234"}}},
		{name: "percents with decimal commas", csv: "ID;Status;Metric;Date\nA;On Track;0,54;2025-07-03\nB;On Track;0,5;2025-07-03\nC;On Track;0,125;2025-07-03\n",
			want: map[string]out{"A": {metric: "0.54"}, "B": {metric: "0.5"}, "C": {metric: "0.125"}}},
		{name: "percent text with a decimal comma", csv: "ID;Status;Metric;Date\nA;On Track;54,5 %;2025-07-03\nB;On Track;1,125 %;2025-07-03\n",
			want: map[string]out{"A": {metric: "0.545"}, "B": {metric: "0.01125"}}},
		{name: "1,234 where nothing shows which, with --decimal-comma", csv: "ID,Status,Metric,Date\nA,On Track,\"1,234\",2025-07-03\n", opts: Options{Decimal: SepComma},
			want: map[string]out{"A": {metric: "1.234"}}},
		{name: "1,234 where nothing shows which, without it", csv: "ID,Status,Metric,Date\nA,On Track,\"1,234\",2025-07-03\nB,On Track,1.234,2025-07-03\n",
			want: map[string]out{"A": {metric: "1234"}, "B": {metric: "1.234"}}},
		{name: "1,234 read as the column shows, wherever it shows it", csv: "ID,Status,Metric,Date\nA,On Track,\"1,234\",2025-07-03\nB,On Track,1.5,2025-07-03\nC,On Track,1.234,2025-07-03\n",
			want: map[string]out{"A": {metric: "1234"}, "B": {metric: "1.5"}, "C": {metric: "1.234"}}},
		{name: "1.234 in a file of semicolons is refused", csv: "ID;Status;Metric;Date\nA;On Track;1.234;2025-07-03\nB;On Track;54%;2025-07-03\n",
			want: map[string]out{"A": {err: "ambiguous number: a decimal point or a decimal comma (the file looks European: its fields are separated by semicolons)"}, "B": {metric: "0.54"}}},
		{name: "1.234 in a file of dotted dates is refused", csv: "ID,Status,Metric,Date\nA,On Track,1.234,03.07.2025\nB,On Track,,31.07.2025\n",
			want: map[string]out{"A": {err: "ambiguous number: a decimal point or a decimal comma (the file looks European: its dates are dotted (t.csv:2: 03.07.2025))"}, "B": {}}},
		{name: "1.234 in a European file whose column shows a decimal point", csv: "ID;Status;Metric;Date\nA;On Track;1.234;03.07.2025\nB;On Track;0.5;31.07.2025\n",
			want: map[string]out{"A": {metric: "1.234"}, "B": {metric: "0.5"}}},
		{name: "a column that mixes both readings", csv: "ID,Status,Metric,Date\nA,On Track,\"1,234\",2025-07-03\nB,On Track,\"0,54\",2025-07-03\nC,On Track,1.5,2025-07-03\nD,On Track,1.234,2025-07-03\n",
			want: map[string]out{"A": {err: "ambiguous number: a decimal point or a decimal comma (t.csv:4: 1.5 | t.csv:3: 0,54)"}, "B": {metric: "0.54"}, "C": {metric: "1.5"},
				"D": {err: "ambiguous number: a decimal point or a decimal comma (t.csv:4: 1.5 | t.csv:3: 0,54)"}}},
		{name: "a number against the separator given", csv: "ID,Status,Metric,Date\nA,On Track,\"0,54\",2025-07-03\n", opts: Options{Decimal: SepPoint},
			want: map[string]out{"A": {err: "ambiguous number: a decimal point or a decimal comma ( | t.csv:2: 0,54)"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The rows in their order, then backwards: the same values.
			lines := strings.Split(strings.TrimSuffix(tt.csv, "\n"), "\n")
			for _, backwards := range []bool{false, true} {
				rows := slices.Clone(lines[1:])
				if backwards {
					slices.Reverse(rows)
				}
				in := lines[0] + "\n" + strings.Join(rows, "\n") + "\n"
				got := map[string]out{}
				r, err := NewReader(context.Background(), "t.csv", strings.NewReader(in), tt.opts)
				if err != nil {
					t.Fatal(err)
				}
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if re, ok := errors.AsType[*RowError](err); ok {
						for _, fe := range re.Errors {
							got[re.ExternalID] = out{err: refusalSummary(t, fe)}
						}
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					got[rec.Update.ExternalID] = out{metric: rec.Update.MetricValue}
				}
				r.Close()
				// Places name lines, which move when the rows do.
				if !backwards && !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got  %q\nwant %q", got, tt.want)
				}
				for id, o := range got {
					if (o.err == "") != (tt.want[id].err == "") || o.metric != tt.want[id].metric {
						t.Errorf("backwards: %s is %q, want %q", id, o, tt.want[id])
					}
				}
			}
		})
	}
}

// refusalSummary checks that a field error about a decimal separator is a
// refusal asking for one, and sums it up: its kind, its choices and the
// evidence of each.
func refusalSummary(t *testing.T, fe *FieldError) string {
	t.Helper()
	r, ok := AsRefusal(fe)
	if !ok || !errors.Is(fe, ErrAmbiguousNumber) || r.Question != AskDecimal || r.Place != fe.Place || len(r.Choices) != 2 || strings.Contains(r.Message, "--") {
		t.Fatalf("%v: not a refusal asking for the decimal separator at its cell: %+v", fe, r)
	}
	var words []string
	var evidence []string
	for _, c := range r.Choices {
		if c.Value != "true" || !strings.HasPrefix(c.Label, "read "+fe.Value+" as ") && !strings.HasPrefix(c.Label, "a decimal ") {
			t.Errorf("choice %+v", c)
		}
		words = append(words, map[Option]string{OptDecimalPoint: "a decimal point", OptDecimalComma: "a decimal comma"}[c.Option])
		evidence = append(evidence, c.Evidence)
	}
	ev := strings.Join(evidence, " | ")
	if evidence[0] == "" && strings.HasPrefix(evidence[1], "the file looks European: ") {
		ev = strings.TrimPrefix(evidence[1], "the file looks European: ")
		ev = "the file looks European: " + ev
	}
	return "ambiguous number: " + strings.Join(words, " or ") + " (" + ev + ")"
}

// TestDateOrderRefusals: a date whose order the column leaves open, or
// shows both ways, is a refusal asking for the order at its cell, each
// choice read out for the value and with the cell that shows it.
func TestDateOrderRefusals(t *testing.T) {
	const head = "External ID,Status,As Of Date\n"
	tests := []struct {
		name, csv string
		want      []Choice
	}{
		{"nothing settles it", head + "A,On Track,03/07/2025\nB,On Track,2025-07-03\n", []Choice{
			{Option: OptDateOrder, Value: "mdy", Label: "read 03/07/2025 as March 7"},
			{Option: OptDateOrder, Value: "dmy", Label: "read 03/07/2025 as 3 July"}}},
		{"the column shows both", head + "A,On Track,07/31/2025\nB,On Track,31/07/2025\nC,On Track,03/07/2025\n", []Choice{
			{Option: OptDateOrder, Value: "mdy", Label: "read 03/07/2025 as March 7", Evidence: "t.csv:2: 07/31/2025"},
			{Option: OptDateOrder, Value: "dmy", Label: "read 03/07/2025 as 3 July", Evidence: "t.csv:3: 31/07/2025"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), "t.csv", strings.NewReader(tt.csv), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var found bool
			for {
				_, err := r.Next()
				if err == io.EOF {
					break
				}
				re, ok := errors.AsType[*RowError](err)
				if !ok {
					continue
				}
				fe := re.Errors[0]
				ref, ok := AsRefusal(fe)
				if !ok || !errors.Is(fe, ErrAmbiguousDate) || ref.Question != AskDateOrder || ref.Place != fe.Place || strings.Contains(ref.Message, "--") {
					t.Fatalf("%v: not a refusal asking for the order at its cell: %+v", fe, ref)
				}
				if fe.Value == "03/07/2025" {
					found = true
					if !reflect.DeepEqual(ref.Choices, tt.want) {
						t.Errorf("choices\n got %+v\nwant %+v", ref.Choices, tt.want)
					}
				}
			}
			if !found {
				t.Error("03/07/2025 was not refused")
			}
		})
	}
}

// TestDecimalOrderNeverMatters: columns of numbers in many orders give
// each number the same value, or the same refusal, in every order.
func TestDecimalOrderNeverMatters(t *testing.T) {
	// Numbers over 1 only: a column that mixes them with fractions is
	// refused as a whole (the percent rule), whatever their separators.
	pool := []string{"1,234", "1.234", "10,54", "1.5", "12", "1.234,5", "1,234.5", "2,000", "12,5", "3.000.000"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		n := 2 + rng.IntN(5)
		vals := make([]string, n)
		for i := range vals {
			vals[i] = pool[rng.IntN(len(pool))]
		}
		sep := []string{",", ";"}[rng.IntN(2)]
		read := func(order []int) map[int]string {
			var b strings.Builder
			b.WriteString("ID" + sep + "Status" + sep + "Metric" + sep + "Date\n")
			for _, i := range order {
				fmt.Fprintf(&b, "%d%sOn Track%s\"%s\"%s2025-07-03\n", i, sep, sep, vals[i], sep)
			}
			recs, errs, err := readAll(t, "t.csv", []byte(b.String()), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]string{-1: fmt.Sprint(len(errs))}
			for _, r := range recs {
				got[atoi(r.ExternalID)] = r.MetricValue
			}
			return got
		}
		order := rng.Perm(n)
		first := read(order)
		slices.Reverse(order)
		if again := read(order); !reflect.DeepEqual(first, again) {
			t.Fatalf("%s-separated %q: in one order %v, in another %v", sep, vals, first, again)
		}
	}
}
