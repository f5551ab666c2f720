package convert

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/xuri/excelize/v2"
)

// The converter's side of SPEC "What spreadsheet programs write", rule by
// rule, on small workbooks made here with excelize.

// testSheet is a worksheet of a workbook made for a test.
type testSheet struct {
	name   string
	rows   [][]any
	state  string         // "", "hidden" or "veryHidden"
	styles map[string]int // cell -> a built-in number format (9 is 0%)
}

// makeWorkbook writes the sheets, in order, as an .xlsx.
func makeWorkbook(t *testing.T, sheets ...testSheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for cell, numFmt := range sh.styles {
			st, err := f.NewStyle(&excelize.Style{NumFmt: numFmt})
			if err != nil {
				t.Fatal(err)
			}
			f.SetCellStyle(sh.name, cell, cell, st)
		}
	}
	for i, sh := range sheets {
		if sh.state == "" {
			f.SetActiveSheet(i) // a hidden sheet cannot be the active one
			break
		}
	}
	for _, sh := range sheets {
		if sh.state != "" {
			if err := f.SetSheetVisible(sh.name, false, sh.state == "veryHidden"); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// table is a sheet's rows: a header, then data.
func table(header string, rows ...string) [][]any {
	var out [][]any
	for _, line := range append([]string{header}, rows...) {
		var row []any
		for _, c := range strings.Split(line, ",") {
			row = append(row, c)
		}
		out = append(out, row)
	}
	return out
}

// TestSheetChoice: the default sheet is the one visible worksheet with a
// table of updates; several are a refusal naming each with its row count
// and a ready sheet choice; hidden sheets are never the default; a line of
// instructions that says "External ID" is no table.
func TestSheetChoice(t *testing.T) {
	tracker := testSheet{name: "Tracker", rows: table("External ID,Status,As Of Date", "A-1,On Track,2025-07-03", "A-2,At Risk,2025-07-03", "A-3,Achieved,2025-07-03")}
	example := testSheet{name: "Instructions", rows: append([][]any{{"How to fill this tracker"}, {}},
		table("External ID,Status,As Of Date", "EX-000,On Track,2025-01-01", "EX-001,Off Track,2025-01-01")...)}
	q := func(name string, n int) testSheet {
		rows := table("External ID,Status,As Of Date")
		for i := range n {
			rows = append(rows, []any{name + "-" + string(rune('a'+i)), "On Track", "2025-07-03"})
		}
		return testSheet{name: name, rows: rows}
	}
	howTo := testSheet{name: "How to fill", rows: [][]any{{"Column", "What to put in it"}, {"External ID", "AchieveIt's identifier; do not change it"}, {"Status", "One of the seven statuses"}}}
	cover := testSheet{name: "Cover", rows: [][]any{{"Strategy tracker 2025"}, {"Prepared by the PMO"}}}
	var titled [][]any // a title block of 24 lines above the table
	for i := range 24 {
		titled = append(titled, []any{"Title line " + string(rune('a'+i))})
	}
	titled = append(titled, tracker.rows...)
	tests := []struct {
		name    string
		sheets  []testSheet
		opts    Options
		sheet   string // the sheet read; "" for a refusal
		kind    error
		ask     Question
		choices string // the refusal's choices, as choicesOf renders them
		labels  []string
	}{
		{name: "an instructions sheet with an example table", sheets: []testSheet{example, tracker},
			kind: ErrSeveralSheets, ask: AskSheet, choices: " {sheet Instructions; sheet Tracker}",
			labels: []string{`read sheet "Instructions", 2 rows`, `read sheet "Tracker", 3 rows`}},
		{name: "Q1, Q2, Q3", sheets: []testSheet{q("Q1", 4), q("Q2", 2), q("Q3", 1)},
			kind: ErrSeveralSheets, ask: AskSheet, choices: " {sheet Q1; sheet Q2; sheet Q3}",
			labels: []string{`read sheet "Q1", 4 rows`, `read sheet "Q2", 2 rows`, `read sheet "Q3", 1 row`}},
		{name: "the sheet named settles it", sheets: []testSheet{q("Q1", 4), q("Q2", 2), q("Q3", 1)}, opts: Options{Sheet: "q2"}, sheet: "Q2"},
		{name: "a hidden sheet is never the default", sheets: []testSheet{{name: "Old", rows: tracker.rows, state: "hidden"}, tracker}, sheet: "Tracker"},
		{name: "nor a very hidden one", sheets: []testSheet{{name: "Old", rows: tracker.rows, state: "veryHidden"}, tracker}, sheet: "Tracker"},
		{name: "only hidden sheets have a table", sheets: []testSheet{cover, {name: "Data", rows: tracker.rows, state: "hidden"}},
			kind: ErrNoHeader, ask: AskHeaderRow, choices: " {header-row; sheet Data}"},
		{name: "a line of instructions is no table", sheets: []testSheet{howTo, tracker}, sheet: "Tracker"},
		{name: "a cover sheet alone asks for the header row, never a map", sheets: []testSheet{cover},
			kind: ErrNoHeader, ask: AskHeaderRow, choices: " {header-row}"},
		{name: "a cover sheet and a header past row 20 ask for the sheet as well as the row", sheets: []testSheet{cover, {name: "Tracker", rows: titled}},
			kind: ErrNoHeader, ask: AskHeaderRow, choices: " {header-row; sheet Cover; sheet Tracker}"},
		{name: "the sheet given, its header past row 20 asks for the row", sheets: []testSheet{cover, {name: "Tracker", rows: titled}}, opts: Options{Sheet: "Tracker"},
			kind: ErrNoHeader, ask: AskHeaderRow, choices: " {header-row; sheet Cover}"},
		{name: "and with the row, it is read", sheets: []testSheet{cover, {name: "Tracker", rows: titled}}, opts: Options{Sheet: "Tracker", HeaderRow: 25}, sheet: "Tracker"},
		{name: "a header without an ID column asks which column is the ID", sheets: []testSheet{cover, {name: "Data", rows: table("Key,Status,As Of Date", "K,On Track,2025-07-03")}},
			kind: ErrNoHeader, ask: AskColumn, choices: " {map Key=externalId}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := makeWorkbook(t, tt.sheets...)
			r, err := NewReader(context.Background(), "t.xlsx", bytes.NewReader(wb), tt.opts)
			if tt.sheet != "" {
				if err != nil {
					t.Fatal(err)
				}
				defer r.Close()
				if r.Stats().Sheet != tt.sheet {
					t.Errorf("read sheet %q, want %q", r.Stats().Sheet, tt.sheet)
				}
				return
			}
			ref, ok := AsRefusal(err)
			if !errors.Is(err, tt.kind) || !ok || ref.Question != tt.ask || choicesOf(err) != tt.choices {
				t.Fatalf("%v%s; want a %s refusal with%s", err, choicesOf(err), tt.ask, tt.choices)
			}
			for i, l := range tt.labels {
				if ref.Choices[i].Label != l {
					t.Errorf("choice %d: label %q, want %q", i, ref.Choices[i].Label, l)
				}
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("the message names a flag: %v", err)
			}
		})
	}
}

// TestHeaderNotes: a note in brackets is set aside to match the field; a
// note that states a date order or percentage points is evidence for that
// reading, and shown in the explanation.
func TestHeaderNotes(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []schema.Update
		errs      []string
		notes     string // the explanation's notes: column, note, evidence
	}{
		{"the SPEC's three", "External ID,Status,Metric Value (%),As Of Date (MM/DD/YYYY),Comment (optional)\nA,On Track,0.54,03/07/2025,hi\n",
			[]schema.Update{u("A", "On Track", "0.54", "2025-03-07", "hi")}, nil, "C % percent; D MM/DD/YYYY month/day/year; E optional"},
		{"a day-first note", "External ID,Status,As Of Date (dd/mm/yyyy)\nA,On Track,03/07/2025\n",
			[]schema.Update{u("A", "On Track", "", "2025-07-03", "")}, nil, "C dd/mm/yyyy day/month/year"},
		{"a dotted note in square brackets", "External ID,Status,Update Date [DD.MM.YY]\nA,On Track,03/07/2025\n",
			[]schema.Update{u("A", "On Track", "", "2025-07-03", "")}, nil, "C DD.MM.YY day/month/year"},
		{"a note that says points", "External ID,Status,Progress (0-100),Date\nA,On Track,54,2025-07-03\nB,On Track,12.5,2025-07-03\n",
			[]schema.Update{u("A", "On Track", "0.54", "2025-07-03", ""), u("B", "On Track", "0.125", "2025-07-03", "")}, nil, "C 0-100 percentage points"},
		{"a cell that contradicts the note", "External ID,Status,As Of Date (MM/DD/YYYY)\nA,On Track,31/07/2025\nB,On Track,03/07/2025\n",
			[]schema.Update{u("A", "On Track", "", "2025-07-31", "")},
			[]string{`t.csv:3: asOfDate "03/07/2025": ambiguous date; expected a date whose order is plain (it reads two ways, and the column has both month-first dates (t.csv:1: As Of Date (MM/DD/YYYY)) and day-first dates (t.csv:2: 31/07/2025)) {date-order mdy; date-order dmy}`}, "C MM/DD/YYYY month/day/year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), "t.csv", strings.NewReader(tt.csv), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			recs, errs := drain(t, r)
			if !equalUpdates(recs, tt.want) || strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("records %+v, errors %q\nwant %+v, %q", recs, errs, tt.want, tt.errs)
			}
			var notes []string
			for _, n := range r.Explain().Notes {
				notes = append(notes, strings.TrimSpace(n.Column+" "+n.Note+" "+n.Evidence))
			}
			if got := strings.Join(notes, "; "); got != tt.notes {
				t.Errorf("notes %q, want %q", got, tt.notes)
			}
		})
	}
}

// TestPercentColumns: a metric column whose header says percent and
// holds bare numbers over 1 is refused as a whole, naming the
// percentage-points choice, unless it is given; a column that mixes
// percents, bare numbers over 1 and fractions is refused naming one cell
// of each.
func TestPercentColumns(t *testing.T) {
	tests := []struct {
		name, csv string
		opts      Options
		metrics   []string
		refusal   string // the input's refusal, with its choices
	}{
		{"% Complete holding points", "External ID,Status,% Complete,Date\nB,On Track,0.5,2025-07-03\nA,On Track,54,2025-07-03\n", Options{},
			nil, `t.csv: the metric column C holds a bare number above 1 (line 3: 54), and the header "% Complete" says percent: 54 is 54% as percentage points, 5400% as a fraction {percent-points true}`},
		{"the option given", "External ID,Status,% Complete,Date\nA,On Track,54,2025-07-03\nB,On Track,0.5,2025-07-03\n", Options{PercentPoints: true},
			[]string{"0.54", "0.005"}, ""},
		{"Percent and Pct say percent", "External ID,Status,Pct Complete,Date\nA,On Track,20,2025-07-03\n", Options{},
			nil, `t.csv: the metric column C holds a bare number above 1 (line 2: 20), and the header "Pct Complete" says percent: 20 is 20% as percentage points, 2000% as a fraction {percent-points true}`},
		{"a note says percent", "External ID,Status,Metric Value (%),Date\nA,On Track,54,2025-07-03\n", Options{},
			nil, `t.csv: the metric column C holds a bare number above 1 (line 2: 54), and the header "Metric Value (%)" says percent: 54 is 54% as percentage points, 5400% as a fraction {percent-points true}`},
		{"fractions under a percent header", "External ID,Status,% Complete,Date\nA,On Track,0.54,2025-07-03\nB,On Track,1,2025-07-03\n", Options{},
			[]string{"0.54", "1"}, ""},
		{"a count is no percent", "External ID,Status,Metric,Date\nA,On Track,54,2025-07-03\nB,On Track,0.5,2025-07-03\n", Options{},
			[]string{"54", "0.5"}, ""},
		{"percents and counts", "External ID,Status,Metric,Date\nA,On Track,54%,2025-07-03\nB,On Track,1234.5,2025-07-03\n", Options{},
			[]string{"0.54", "1234.5"}, ""},
		{"percents, points and fractions mixed", "External ID,Status,Progress,Date\nA,On Track,54%,2025-07-03\nB,On Track,20,2025-07-03\nC,On Track,0.5,2025-07-03\n", Options{},
			nil, `t.csv: the metric column mixes percents (line 2: 54%), bare numbers above 1 (line 3: 20), fractions (line 4: 0.5): write them one way {percent-points true}`},
		{"the mix, with the option", "External ID,Status,Progress,Date\nA,On Track,0.5,2025-07-03\nB,On Track,54%,2025-07-03\nC,On Track,20,2025-07-03\n", Options{PercentPoints: true},
			[]string{"0.005", "0.54", "0.2"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs, err := readAll(t, "t.csv", []byte(tt.csv), tt.opts)
			var got []string
			for _, r := range recs {
				got = append(got, r.MetricValue)
			}
			if tt.refusal != "" {
				if !errors.Is(err, ErrPercentColumn) || err.Error()+choicesOf(err) != tt.refusal {
					t.Errorf("%v%s\nwant %s", err, choicesOf(err), tt.refusal)
				}
				return
			}
			if err != nil || len(errs) > 0 || strings.Join(got, " ") != strings.Join(tt.metrics, " ") {
				t.Errorf("metrics %q, errors %q, %v; want %q", got, errs, err, tt.metrics)
			}
		})
	}
	// Percent cells of a workbook count as percents.
	wb := makeWorkbook(t, testSheet{name: "Updates", rows: [][]any{
		{"External ID", "Status", "Progress", "Date"},
		{"A", "On Track", 0.54, "2025-07-03"},
		{"B", "On Track", 20, "2025-07-03"},
		{"C", "On Track", 0.5, "2025-07-03"},
	}, styles: map[string]int{"C2": 9}})
	_, _, err := readAll(t, "t.xlsx", wb, Options{})
	if want := `t.xlsx: sheet "Updates": the metric column mixes percents (C2: 0.54), bare numbers above 1 (C3: 20), fractions (C4: 0.5): write them one way`; !errors.Is(err, ErrPercentColumn) || err.Error() != want {
		t.Errorf("%v\nwant %s", err, want)
	}
}

// TestStatusCodes: numeric status cells are matched by the text they
// show against the status map; status words differing from a status or a
// mapped word only by case, spaces, - or _ are that status.
func TestStatusCodes(t *testing.T) {
	wb := makeWorkbook(t, testSheet{name: "Updates", rows: [][]any{
		{"External ID", "Status", "As Of Date"},
		{"A", 1, "2025-07-03"},
		{"B", 3, "2025-07-03"},
		{"C", 2, "2025-07-03"},
		{"D", "ON_TRACK", "2025-07-03"},
		{"E", "in-progress", "2025-07-03"},
		{"F", "In   Progress", "2025-07-03"},
	}})
	recs, errs, err := readAll(t, "t.xlsx", wb, Options{StatusMap: map[string]string{"1": "On Track", "3": "off track", "In Progress": "At Risk"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.ExternalID+"="+r.Status)
	}
	if want := "A=On Track B=Off Track D=On Track E=At Risk F=At Risk"; strings.Join(got, " ") != want {
		t.Errorf("statuses %q, want %q", got, want)
	}
	// The unknown words of the whole input, with their counts.
	wb = makeWorkbook(t, testSheet{name: "Updates", rows: table("External ID,Status,As Of Date",
		"A,Green,2025-07-03", "B,Amber,2025-07-03", "C,Green,2025-07-03", "D,On Track,2025-07-03")})
	r, err := NewReader(context.Background(), "t.xlsx", bytes.NewReader(wb), Options{})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, r)
	ref := r.UnknownStatuses()
	if ref == nil || ref.Question != AskStatusMap || ref.Message != `status words that are no status: "Green" (2 rows), "Amber" (1 row)` ||
		choicesOf(ref) != " {status-map Green=; status-map Amber=}" || ref.Choices[0].Label != `say which status "Green" means (2 rows)` {
		t.Errorf("unknown statuses: %+v", ref)
	}
	r.Close()
	want := `t.xlsx!Updates!B4: status "2": unknown status; expected one of Not Started, On Track, Off Track, At Risk, Achieved, Not Achieved, Canceled (translate the tracker's own words into statuses) {status-map 2=}`
	if len(errs) != 1 || errs[0] != want {
		t.Errorf("errors %q\nwant %q", errs, want)
	}
}

// drain reads a Reader to its end: the records, and every error as text
// with its choices.
func drain(t *testing.T, r *Reader) ([]schema.Update, []string) {
	t.Helper()
	var recs []schema.Update
	var errs []string
	for {
		rec, err := r.Next()
		if err != nil {
			if re, ok := errors.AsType[*RowError](err); ok {
				for _, fe := range re.Errors {
					errs = append(errs, fe.Error()+choicesOf(fe))
				}
				continue
			}
			if err.Error() != "EOF" {
				t.Fatal(err)
			}
			return recs, errs
		}
		recs = append(recs, rec.Update)
	}
}

// TestHiddenThings: a hidden column is never taken over a visible
// candidate; one taken because it is the only candidate is said so;
// hidden rows are converted and counted, or left out with VisibleOnly; a
// chart sheet is passed over, and refused when named.
func TestHiddenThings(t *testing.T) {
	book := func(hide []string, hideRows []int, chart bool) []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetName("Sheet1", "Tracker")
		rows := table("External ID,Status,Current Status,As Of Date", "A,Off Track,On Track,2025-07-03", "B,Off Track,At Risk,2025-07-03", "C,Off Track,Achieved,2025-07-03")
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			f.SetSheetRow("Tracker", cell, &row)
		}
		for _, col := range hide {
			f.SetColVisible("Tracker", col, false)
		}
		for _, r := range hideRows {
			f.SetRowVisible("Tracker", r, false)
		}
		if chart {
			if err := f.AddChartSheet("Chart", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{{Name: "Tracker!$B$1", Categories: "Tracker!$A$2:$A$4", Values: "Tracker!$D$2:$D$4"}}}); err != nil {
				t.Fatal(err)
			}
		}
		var b bytes.Buffer
		f.WriteTo(&b)
		return b.Bytes()
	}
	read := func(wb []byte, opts Options) ([]schema.Update, *Explanation) {
		r, err := NewReader(context.Background(), "t.xlsx", bytes.NewReader(wb), opts)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		recs, errs := drain(t, r)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		return recs, r.Explain()
	}
	// B "Status" hidden, C "Current Status" visible: C, though B has the
	// better name.
	recs, e := read(book([]string{"B"}, nil, false), Options{})
	if recs[0].Status != "On Track" || e.Fields[1].Column != "C" || e.Fields[1].Hidden || len(e.Fields[1].PassedOver) != 1 || !e.Fields[1].PassedOver[0].Hidden {
		t.Errorf("hidden B over visible C: %+v %+v", recs[0], e.Fields[1])
	}
	// Both hidden: the better name, said to be hidden.
	recs, e = read(book([]string{"B", "C"}, nil, false), Options{})
	if recs[0].Status != "Off Track" || e.Fields[1].Column != "B" || !e.Fields[1].Hidden || !strings.Contains(e.Fields[1].How, "a hidden column") {
		t.Errorf("only hidden candidates: %+v %+v", recs[0], e.Fields[1])
	}
	// Hidden rows: converted and counted, or left out.
	recs, e = read(book(nil, []int{3}, false), Options{})
	if len(recs) != 3 || e.Rows.Hidden != 1 {
		t.Errorf("hidden row: %d records, %+v", len(recs), e.Rows)
	}
	recs, e = read(book(nil, []int{3}, false), Options{VisibleOnly: true})
	if len(recs) != 2 || recs[1].ExternalID != "C" || e.Rows.LeftOut != 1 {
		t.Errorf("--visible-only: %+v, %+v", recs, e.Rows)
	}
	// A chart sheet is passed over, with its reason; named, it is refused.
	wb := book(nil, nil, true)
	_, e = read(wb, Options{})
	if e.Sheet != "Tracker" || len(e.SheetsPassed) != 1 || e.SheetsPassed[0].Why != "a chart sheet, which holds no cells" {
		t.Errorf("chart sheet: %q %+v", e.Sheet, e.SheetsPassed)
	}
	_, err := NewReader(context.Background(), "t.xlsx", bytes.NewReader(wb), Options{Sheet: "Chart"})
	if ref, ok := AsRefusal(err); !ok || ref.Question != AskSheet || choicesOf(err) != " {sheet Tracker}" {
		t.Errorf("--sheet Chart: %v%s", err, choicesOf(err))
	}
}
