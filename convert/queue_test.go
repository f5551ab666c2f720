package convert

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// TestQueueCodecFields: the queue's file holds every field of an item.
// When item (or what it holds) gains a field, this fails: write it in
// encodeItem and read it in decodeItem, then add it here.
func TestQueueCodecFields(t *testing.T) {
	want := []struct {
		v      any
		fields string
	}{
		{item{}, "rec errs skip blank waitDate date dateRaw datePlc waitMetric metric metricPlc"},
		{Record{}, "Update Place"},
		{schema.Update{}, "ExternalID Status MetricValue AsOfDate Comment"},
		{sheet.Place{}, "File Sheet Cell Line Index"},
		{FieldError{}, "Place Field Value Err"},
		{parsedDate{}, "y m d numeric a b dotted"},
		{numberText{}, "orig neg percent core shows either"},
		{valueError{}, "kind found expected hint"},
		{Refusal{}, "Question Place Message Choices"},
		{Choice{}, "Option Value Label Evidence"},
		{APIError{}, "Message Kind"},
	}
	for _, w := range want {
		typ, fields := reflect.TypeOf(w.v), w.fields
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if strings.Join(got, " ") != fields {
			t.Errorf("%s has the fields %q; the queue's codec knows %q", typ, got, fields)
		}
	}
}

// fieldErrorView is everything a caller can ask of a field error.
func fieldErrorView(fe *FieldError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%#v|%s|%q|%s|%s", fe.Place, fe.Field, fe.Value, fe.Error(), fe.Message())
	for _, k := range errorKinds {
		if errors.Is(fe, k) {
			fmt.Fprintf(&b, "|is %q", k)
		}
	}
	if r, ok := AsRefusal(fe); ok {
		fmt.Fprintf(&b, "|refusal %#v", *r)
	}
	if ve, ok := errors.AsType[*valueError](fe); ok {
		fmt.Fprintf(&b, "|value %q %q %q %q", ve.kind.Error(), ve.found, ve.expected, ve.hint)
	}
	if ae, ok := errors.AsType[*APIError](fe); ok {
		fmt.Fprintf(&b, "|api %q", ae.Message)
	}
	return b.String()
}

// refusalOf is an error that is a refusal and a value's error, as the
// package makes them.
type refusalOf struct {
	v *valueError
	r *Refusal
}

func (e *refusalOf) Error() string   { return e.v.Error() }
func (e *refusalOf) Unwrap() []error { return []error{e.v, e.r} }

// TestQueueRoundTrip: an item read back from the file is the item that
// went in, its errors included as far as anyone can ask them.
func TestQueueRoundTrip(t *testing.T) {
	place := sheet.CellPlace("t.xlsx", "Q'3", 17, 3)
	errs := []error{
		&valueError{kind: ErrNotNumber, found: "abc", expected: "a number", hint: "h"},
		&valueError{kind: errPrecision, found: "12345678901234567", expected: "fewer digits"},
		&valueError{kind: errors.New("a TRUE/FALSE cell"), found: "TRUE", expected: "text"},
		&refusalOf{&valueError{kind: ErrAmbiguousDate, found: "03/07/2025", expected: "a date whose order is plain", hint: "it reads two ways"},
			&Refusal{Question: AskDateOrder, Place: place, Message: "it reads two ways", Choices: []Choice{
				{Option: OptDateOrder, Value: "mdy", Label: "read 03/07/2025 as March 7", Evidence: "D9: 07/31/2025"},
				{Option: OptDateOrder, Value: "dmy", Label: "read 03/07/2025 as 3 July"}}}},
		&APIError{Message: "Status is invalid.", Kind: ErrBadStatus},
		fmt.Errorf("%w: A or B", ErrAmbiguousColumns),
		fmt.Errorf("the key %q is given twice", "status"),
	}
	it := item{
		rec:      Record{Update: u("ID-1", "On Track", "0.5", "", "a, \"b\"\nc"), Place: place},
		waitDate: true, date: parsedDate{y: 2025, numeric: true, a: 3, b: 7}, dateRaw: "03/07/2025", datePlc: sheet.LinePlace("t.csv", 9),
		waitMetric: true, metric: numberText{orig: "1,234", core: "1,234", either: ',', neg: true, percent: true, shows: SepComma}, metricPlc: sheet.RecordPlace("t.json", 4),
	}
	for i, err := range errs {
		it.errs = append(it.errs, &FieldError{Place: sheet.LinePlace("t.csv", i+2), Field: schema.Fields[i%len(schema.Fields)], Value: fmt.Sprint("v", i), Err: err})
	}
	back, err := decodeItem(encodeItem(nil, &it))
	if err != nil {
		t.Fatal(err)
	}
	for i := range it.errs {
		if got, want := fieldErrorView(back.errs[i]), fieldErrorView(it.errs[i]); got != want {
			t.Errorf("error %d:\n got %s\nwant %s", i, got, want)
		}
	}
	back.errs, it.errs = nil, nil
	if !reflect.DeepEqual(back, it) {
		t.Errorf("item:\n got %+v\nwant %+v", back, it)
	}
	// A damaged item is an error, not a panic.
	b := encodeItem(nil, &it)
	for n := range len(b) {
		if _, err := decodeItem(b[:n]); err == nil {
			t.Fatalf("an item cut to %d of %d bytes read back", n, len(b))
		}
	}
}

// waitingCSV is a tracker of n rows whose every date reads two ways until
// the last row shows the order, with errors of many kinds on the way.
func waitingCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("External ID,Status,Metric Value,As Of Date,Comment\n")
	for i := range n - 1 {
		status, metric := "On Track", fmt.Sprintf("%d.%d%%", i%100, i%10)
		switch i % 97 {
		case 5:
			status = "Green"
		case 11:
			metric = "abc"
		case 13:
			metric = "12345678901234567"
		case 17:
			status = ""
		}
		fmt.Fprintf(&b, "ID-%d,%s,%s,%02d/%02d/2025,\"note %d, line\nand more\"\n", i, status, metric, i%12+1, (i+5)%12+1, i)
	}
	b.WriteString("ID-last,Achieved,1,31/12/2025,\n")
	return b.Bytes()
}

// decimalsCSV is a tracker of n rows whose metrics read two ways (1,234)
// until the last, last.
func decimalsCSV(n int, last string) []byte {
	var b bytes.Buffer
	b.WriteString("External ID,Status,Metric Value,As Of Date\n")
	for i := range n - 1 {
		fmt.Fprintf(&b, "D-%d,On Track,\"%d,%03d\",2025-07-03\n", i, 1+i%9, i%1000)
	}
	fmt.Fprintf(&b, "D-last,On Track,%s,2025-07-03\n", last)
	return b.Bytes()
}

// readEverything reads an input to its end as a caller sees it: every
// record, every error (as fieldErrorView), the counts and the decisions.
func readEverything(t *testing.T, name string, in []byte, opts Options) (string, *Reader) {
	t.Helper()
	r, err := NewReader(context.Background(), name, bytes.NewReader(in), opts)
	if err != nil {
		return "open: " + err.Error(), nil
	}
	var b strings.Builder
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if re, ok := errors.AsType[*RowError](err); ok {
			fmt.Fprintf(&b, "row %v %q:\n", re.Place, re.ExternalID)
			for _, fe := range re.Errors {
				b.WriteString("  " + fieldErrorView(fe) + "\n")
			}
			continue
		}
		if err != nil {
			fmt.Fprintf(&b, "fatal: %v\n", err)
			break
		}
		fmt.Fprintf(&b, "%v %+v\n", rec.Place, rec.Update)
	}
	e := r.Explain()
	fmt.Fprintf(&b, "%+v\n%+v\n%+v\n%+v\n", r.Stats(), e.Dates, e.Numbers, e.Rows)
	return b.String(), r
}

// TestQueueSpillsTheSame: the same inputs read with the rows that wait
// kept in memory, and with all but a few of them in the file, give the
// same records, errors, counts and decisions, byte for byte.
func TestQueueSpillsTheSame(t *testing.T) {
	gen := func(format string, o trackergen.Options) []byte {
		var b bytes.Buffer
		if err := trackergen.Write(&b, format, o); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	inputs := []struct {
		name string
		in   []byte
	}{
		{"waiting.csv", waitingCSV(2000)},
		{"tracker.xlsx", gen("xlsx", trackergen.Options{Rows: 2000, Seed: 7})},
		{"tracker.csv", gen("csv", trackergen.Options{Rows: 2000, Seed: 8})},
		{"settled-last.xlsx", gen("xlsx", trackergen.Options{Rows: 1500, Seed: 9, DatesSettledLast: true})},
		{"settled-last.csv", gen("csv", trackergen.Options{Rows: 1500, Seed: 10, DatesSettledLast: true, UnknownStatuses: true})},
		{"decimals-settled-last.csv", decimalsCSV(1500, `"12,5"`)},
		{"decimals-never-settled.csv", decimalsCSV(1500, "")},
		{"decimals-mixed.csv", decimalsCSV(1500, "\"12,5\",2025-07-03\nZ,On Track,1.5")},
		{"settled-early.csv", []byte("External ID,Status,As Of Date\nA,On Track,03/07/2025\nB,On Track,31/07/2025\nC,x,04/07/2025\nD,On Track,07/31/2025\n")},
		{"never-settled.csv", []byte("External ID,Status,As Of Date\nA,On Track,03/07/2025\nB,On Track,2025-07-03\nC,On Track,04/07/2025\n")},
	}
	for _, in := range inputs {
		want, r := readEverything(t, in.name, in.in, Options{})
		if r != nil {
			r.Close()
		}
		for _, limit := range []int{1, 2, 3, 7} {
			got, r := readEverything(t, in.name, in.in, Options{queueLimit: limit})
			if got != want {
				t.Errorf("%s, %d rows in memory: differs\n%s", in.name, limit, firstDifference(got, want))
			}
			if r != nil {
				r.Close()
			}
		}
	}
}

func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// TestQueueIsBounded: rows that wait for the last row stay within the
// queue's bound in memory, the rest go through the file, and the file is
// gone after Close. A queue that holds every row again fails here.
func TestQueueIsBounded(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Setenv("TMP", dir) // Windows
	in := waitingCSV(5000)
	r, err := NewReader(context.Background(), "t.csv", bytes.NewReader(in), Options{queueLimit: 8})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if n++; n == 1 && r.queue.spilled < 4900 {
			t.Errorf("%d rows went through the file when the first came out; want nearly all 5,000", r.queue.spilled)
		}
	}
	if r.queue.peakMem > 8 {
		t.Errorf("%d rows in memory at once; the bound is 8", r.queue.peakMem)
	}
	if n != 5000 {
		t.Errorf("%d rows", n)
	}
	r.Close()
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestQueueMemory: with the default bound, 100,000 rows that wait for
// the last hold a few megabytes of memory, not the rows (about 60 MB).
func TestQueueMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	in := waitingCSV(100_000)
	r, err := NewReader(context.Background(), "t.csv", bytes.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Next(); err != nil {
		t.Fatal(err) // every row has waited: the first comes out now
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	live := int64(ms.HeapAlloc) - int64(len(in))
	if live > 24<<20 {
		t.Errorf("%d MB live with every row read and waiting; want the queue's bound, a few MB", live>>20)
	}
	t.Logf("%.1f MB live besides the input", float64(live)/(1<<20))
}

// TestQueueCanceled: a run stopped while the rows wait (Ctrl-C) returns
// the context's error, and Close leaves no file behind.
func TestQueueCanceled(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Setenv("TMP", dir)
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	go func() {
		in := waitingCSV(5000)
		// Every row but the last, which would settle the order: every row
		// waits. The cut is at a row's end (a cut inside a quoted comment
		// made the rows after the cancel a parse error, at times read
		// before the cancel was).
		pw.Write(in[:len(in)-len("ID-last,Achieved,1,31/12/2025,\n")])
		cancel()
		pw.Write(bytes.Repeat([]byte("A,On Track,,03/07/2025,\n"), 5000))
		pw.Close()
	}()
	// Read ahead, as the commands read a lone input.
	r, err := NewReader(ctx, "-", pr, Options{queueLimit: 4, ReadAhead: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Next = %v, want the cancel", err)
	}
	r.Close()
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
