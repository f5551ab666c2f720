package convert

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// readAll converts in and returns the records and every error, as text.
func readAll(t *testing.T, name string, in []byte, opts Options) ([]schema.Update, []string, error) {
	t.Helper()
	r, err := NewReader(context.Background(), name, bytes.NewReader(in), opts)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var recs []schema.Update
	var errs []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs, nil
		}
		var re *RowError
		if errors.As(err, &re) {
			for _, fe := range re.Errors {
				errs = append(errs, fe.Error()+choicesOf(fe))
			}
			continue
		}
		if err != nil {
			return recs, errs, err
		}
		recs = append(recs, rec.Update)
	}
}

// choicesOf renders the choices of the refusals in err as " {option
// value; ...}", so that tests hold the choices as data.
func choicesOf(err error) string {
	var cs []string
	for _, r := range Refusals(err) {
		for _, c := range r.Choices {
			cs = append(cs, strings.TrimSpace(string(c.Option)+" "+c.Value))
		}
	}
	if len(cs) == 0 {
		return ""
	}
	return " {" + strings.Join(cs, "; ") + "}"
}

func u(id, status, metric, date, comment string) schema.Update {
	return schema.Update{ExternalID: id, Status: status, MetricValue: metric, AsOfDate: date, Comment: comment}
}

func TestReadDelimited(t *testing.T) {
	utf16 := func(s string) []byte {
		b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp1252 := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const std = "External ID,Status,Metric Value,As Of Date,Comment\n"
	tests := []struct {
		name string
		in   []byte
		opts Options
		want []schema.Update
		errs []string
	}{
		{name: "comma", in: []byte(std + "A1,On Track,0.54,2025-07-03,hi\n"),
			want: []schema.Update{u("A1", "On Track", "0.54", "2025-07-03", "hi")}},
		{name: "semicolon and decimal text", in: []byte("External ID;Status;Metric;Date\nA1;on track;54 %;31.07.2025\nA2;Achieved;1,234.5;2025-07-03\n"),
			want: []schema.Update{u("A1", "On Track", "0.54", "2025-07-31", ""), u("A2", "Achieved", "1234.5", "2025-07-03", "")}},
		{name: "tab", in: []byte("ID\tStatus\tProgress\tAs Of\nA1\tAt Risk\t0.5\t2025-07-03\n"),
			want: []schema.Update{u("A1", "At Risk", "0.5", "2025-07-03", "")}},
		{name: "pipe", in: []byte("External ID|Status|Value|Update Date|Notes\nA1|Achieved|1|2025-07-03|a, b\n"),
			want: []schema.Update{u("A1", "Achieved", "1", "2025-07-03", "a, b")}},
		{name: "utf-8 bom", in: []byte("\xef\xbb\xbf" + std + "A1,On Track,,2025-07-03,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "")}},
		{name: "utf-16 with bom", in: utf16(std + "A1,On Track,,2025-07-03,Café\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "Café")}},
		{name: "windows-1252", in: cp1252(std + "A1,On Track,,2025-07-03,Café – “quoted”\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "Café – “quoted”")}},
		{name: "quoted comma and newline", in: []byte(std + "A1,On Track,,2025-07-03,\"one, two\nthree\"\nA2,Achieved,,2025-07-03,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "one, two\nthree"), u("A2", "Achieved", "", "2025-07-03", "")}},
		{name: "headerless in the default order", in: []byte("A1,On Track,0.54,2025-07-03,comment\nA2,Achieved,0.9,2025-08-15\n"),
			want: []schema.Update{u("A1", "On Track", "0.54", "2025-07-03", "comment"), u("A2", "Achieved", "0.9", "2025-08-15", "")}},
		{name: "title rows before the header", in: []byte("Q3 tracker,,,\n,,,\nExternal ID,Status,Metric,Date\nA1,On Track,1,2025-07-03\n"),
			want: []schema.Update{u("A1", "On Track", "1", "2025-07-03", "")}},
		{name: "rows without an update are skipped", in: []byte(std + "A1,,,,\nA2,,,2025-07-03,\n,,,,\nA3,On Track,,2025-07-03,\n"),
			want: []schema.Update{u("A3", "On Track", "", "2025-07-03", "")}},
		{name: "leading zeros kept", in: []byte(std + "00123,On Track,,2025-07-03,\n"),
			want: []schema.Update{u("00123", "On Track", "", "2025-07-03", "")}},
		{name: "column settles the date order later", in: []byte(std + "A1,On Track,,03/07/2025,\nA2,On Track,,04/08/2025,\nA3,On Track,,07/31/2025,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-03-07", ""), u("A2", "On Track", "", "2025-04-08", ""), u("A3", "On Track", "", "2025-07-31", "")}},
		{name: "column settles day first", in: []byte(std + "A1,On Track,,31/07/2025,\nA2,On Track,,03/07/2025,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-31", ""), u("A2", "On Track", "", "2025-07-03", "")}},
		{name: "nothing settles the order", in: []byte(std + "A1,On Track,,03/07/2025,\nA2,On Track,,2025-07-03,\n"),
			want: []schema.Update{u("A2", "On Track", "", "2025-07-03", "")},
			errs: []string{`t.csv:2: asOfDate "03/07/2025": ambiguous date; expected a date whose order is plain (03/07 could be month/day or day/month and nothing else in the column settles it) {date-order mdy; date-order dmy}`}},
		{name: "date order flag", in: []byte(std + "A1,On Track,,03/07/2025,\n"), opts: Options{DateOrder: OrderDMY},
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "")}},
		{name: "mixed orders after a guess are flagged", in: []byte(std + "A1,On Track,,07/31/2025,\nA2,On Track,,03/07/2025,\nA3,On Track,,31/07/2025,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-31", ""), u("A2", "On Track", "", "2025-03-07", "")},
			errs: []string{`t.csv:4: asOfDate "31/07/2025": ambiguous date; expected dates in one order (earlier dates were read as month/day/year because of t.csv:2: 07/31/2025) {date-order mdy; date-order dmy}`}},
		{name: "status map and as-of", in: []byte("External ID,Status,Metric\nA1,Green,0.5\nA2,amber,0.2\n"),
			opts: Options{StatusMap: map[string]string{"GREEN": "on track", "Amber": "At Risk"}, AsOf: "2025-07-03"},
			want: []schema.Update{u("A1", "On Track", "0.5", "2025-07-03", ""), u("A2", "At Risk", "0.2", "2025-07-03", "")}},
		{name: "custom statuses", in: []byte(std + "A1,completed,,2025-07-03,\nA2,On Track,,2025-07-03,\n"),
			opts: Options{Statuses: mustStatuses(t, "Planned,Underway,Completed")},
			want: []schema.Update{u("A1", "Completed", "", "2025-07-03", "")},
			errs: []string{`t.csv:3: status "On Track": unknown status; expected one of Planned, Underway, Completed (translate the tracker's own words into statuses) {status-map On Track=}`}},
		{name: "percent points", in: []byte(std + "A1,On Track,54,2025-07-03,\nA2,On Track,54.3%,2025-07-03,\n"), opts: Options{PercentPoints: true},
			want: []schema.Update{u("A1", "On Track", "0.54", "2025-07-03", ""), u("A2", "On Track", "0.543", "2025-07-03", "")}},
		{name: "map a column", in: []byte("Key,Status,Score,Date\nK1,On Track,3,2025-07-03\n"),
			opts: Options{Columns: map[string]string{"Key": "externalId", "Score": "Metric Value"}},
			want: []schema.Update{u("K1", "On Track", "3", "2025-07-03", "")}},
		{name: "every error of every row", in: []byte(std + ",Bogus,abc,soon,\nA2,On Track,1,2025-07-03,\n"),
			want: []schema.Update{u("A2", "On Track", "1", "2025-07-03", "")},
			errs: []string{
				`t.csv:2: externalId "": required; expected the plan item's External ID`,
				`t.csv:2: status "Bogus": unknown status; expected one of Not Started, On Track, Off Track, At Risk, Achieved, Not Achieved, Canceled (translate the tracker's own words into statuses) {status-map Bogus=}`,
				`t.csv:2: metricValue "abc": not a number; expected a number such as 0.54, 54%, or 1,234.5`,
				`t.csv:2: asOfDate "soon": not a date; expected a date such as 2025-07-03, Jul 3, 2025 or 07/03/2025`,
			}},
		{name: "lines count quoted newlines", in: []byte(std + "A1,On Track,,2025-07-03,\"a\nb\"\nA2,On Track,x,2025-07-03,\n"),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "a\nb")},
			errs: []string{`t.csv:4: metricValue "x": not a number; expected a number such as 0.54, 54%, or 1,234.5`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs, err := readAll(t, "t.csv", tt.in, tt.opts)
			checkRead(t, got, errs, err, tt.want, tt.errs)
		})
	}
}

func TestReadJSON(t *testing.T) {
	in := `[
 {"externalId": "A1", "status": "on track", "metricValue": 0.54, "asOfDate": "2025-07-03", "comment": "x"},
 {"External ID": 12345, "Status": "Achieved", "Metric Value": "54%", "As Of Date": "Jul 3, 2025"},
 {"external_id": "A3", "STATUS": "Canceled", "metricValue": null, "asOfDate": "2025-07-03T10:00:00Z", "extra": true},
 {"externalId": "A4"},
 {"externalId": "A5", "status": "On Track", "metricValue": "abc", "asOfDate": "2025-07-03"}
]`
	got, errs, err := readAll(t, "u.json", []byte(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []schema.Update{
		u("A1", "On Track", "0.54", "2025-07-03", "x"),
		u("12345", "Achieved", "0.54", "2025-07-03", ""),
		u("A3", "Canceled", "", "2025-07-03", ""),
	}
	if !equalUpdates(got, want) {
		t.Errorf("records:\n got %+v\nwant %+v", got, want)
	}
	wantErrs := []string{`u.json[4]: metricValue "abc": not a number; expected a number such as 0.54, 54%, or 1,234.5`}
	if strings.Join(errs, "\n") != strings.Join(wantErrs, "\n") {
		t.Errorf("errors:\n got %q\nwant %q", errs, wantErrs)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, file string
		in         []byte
		want       error
		msg        string
	}{
		{"empty", "e.csv", nil, sheet.ErrEmpty, "empty input"},
		{"blank", "e.csv", []byte("  \n\n"), sheet.ErrEmpty, "empty input"},
		{"xls that is text", "old.xls", []byte("anything"), sheet.ErrUnsupported, "no OLE2 signature"},
		{"xlsb name", "new.xlsb", []byte("PK\x03\x04rest"), sheet.ErrUnsupported, "save it as .xlsx"},
		{"damaged ole2", "old.xlsx", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), sheet.ErrMalformed, "OLE2"},
		{"damaged ole2 on stdin", "-", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), sheet.ErrMalformed, "OLE2"},
		{"ods that is xlsx", "t.ods", []byte("PK\x03\x04rest"), sheet.ErrUnsupported, "rename it to .xlsx"},
		{"csv that is a zip", "t.csv", []byte("PK\x03\x04rest"), sheet.ErrUnsupported, "rename it to .xlsx"},
		{"xlsx that is text", "t.xlsx", []byte("External ID,Status\n"), sheet.ErrUnsupported, "not a workbook"},
		{"json that is an object", "t.json", []byte(`{"externalId":"A"}`), sheet.ErrUnsupported, "array of records"},
		{"no header", "t.csv", []byte("a,b\nc,d\n"), ErrNoHeader, `first cells seen: "a", "b", "c", "d"`},
		{"no status column", "t.csv", []byte("External ID,Name\nA,B\n"), nil, "no Status column"},
		{"truncated json", "t.json", []byte(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"},{"exter`), sheet.ErrMalformed, "ends early"},
		{"broken quotes", "t.csv", []byte("External ID,Status,Date\nA,\"On Track,2025-07-03\nB\"x,On,2025\n"), sheet.ErrMalformed, "line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, tt.file, tt.in, Options{})
			if err == nil {
				t.Fatal("no error")
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *InputError: %v", err, err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

func mustStatuses(t *testing.T, list string) schema.Statuses {
	t.Helper()
	st, err := schema.ParseStatuses(list)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func equalUpdates(a, b []schema.Update) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestCloseDoesNotWaitForInput: closing a reader of delimited text whose
// input has not ended (a terminal, a pipe) returns at once.
func TestCloseDoesNotWaitForInput(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	// More than the 64 KiB the reader looks at to detect the delimiter, then
	// the pipe stays open, as a terminal or a slow producer does.
	go io.WriteString(pw, "External ID,Status,Date\n"+strings.Repeat("A,On Track,2025-07-03\n", 4000))
	r, err := NewReader(context.Background(), "-", pr, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := r.Next(); err != nil || rec.Update.ExternalID != "A" {
		t.Fatalf("Next = %+v, %v", rec, err)
	}
	done := make(chan struct{})
	go func() { r.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for input that never came")
	}
}
