package fidelity

import (
	"errors"
	"strings"
	"testing"
)

func TestReadMetricNumber(t *testing.T) {
	for _, c := range []struct {
		v     float64
		shown string
		want  string
		bad   bool
	}{
		{0.54, "54%", "0.54", false},                   // a percent format
		{0.543, "54%", "0.543", false},                 // shown rounded: the value counts
		{0.54300000000000004, "54.3%", "0.543", false}, // the shortest text of the double
		{54, "54%", "0.54", false},                     // 0"%" and 0\%: a literal sign
		{54.5, "55%", "0.545", false},                  // literal, rounded in the display
		{1234.5, "1,234.50", "1234.5", false},
		{1e-07, "1E-07", "0.0000001", false},
		{0, "0%", "0", false},
		{0.3, "30%", "0.3", false},
		{7, "PLAN-007", "", true}, // not a number shown: the harness cannot judge
		{0.5, "12%", "", true},    // a shown value that is no rounding of the number
	} {
		got, err := readMetricNumber(c.v, c.shown)
		if c.bad {
			if !errors.Is(err, errCannotJudge) {
				t.Errorf("%v shown %q: %q, %v; want errCannotJudge", c.v, c.shown, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%v shown %q: %q, %v; want %q", c.v, c.shown, got, err, c.want)
		}
	}
}

func TestReadMetricText(t *testing.T) {
	for shown, want := range map[string]string{
		"54%": "0.54", "54 %": "0.54", "54.3%": "0.543", "1,234.5": "1234.5", "$1,234.50": "1234.5",
		"+0.5": "0.5", "\u22120.25": "-0.25", "0.5": "0.5", "abc": "", "12..5": "", "1,23": "",
	} {
		got, err := readMetricText(shown)
		if (want == "") != (err != nil) || got != want {
			t.Errorf("%q: %q, %v; want %q", shown, got, err, want)
		}
	}
}

func TestReadDateText(t *testing.T) {
	for shown, want := range map[string]string{
		"2025-07-03": "2025-07-03", "2025-07-03 10:00": "2025-07-03", "07/31/2025": "2025-07-31",
		"31/07/2025": "2025-07-31", "03.07.2025": "2025-07-03", "Jul 3, 2025": "2025-07-03",
		"2025-02-30": "", "13/13/2025": "",
	} {
		got, err := readDateText(shown)
		if (want == "") != (err != nil) || got != want {
			t.Errorf("%q: %q, %v; want %q", shown, got, err, want)
		}
	}
	if _, err := readDateText("03/07/2025"); !errors.Is(err, errCannotJudge) {
		t.Errorf("03/07/2025: %v; want errCannotJudge (its order is the converter's question)", err)
	}
}

func TestReadStatus(t *testing.T) {
	m := map[string]string{"1": "On Track", "green": "at risk"}
	for shown, want := range map[string]string{
		"on track": "On Track", "OnTrack": "On Track", "off-track": "Off Track", "Cancelled": "Canceled",
		"1": "On Track", "Green": "At Risk", "2": "", "": "", "Done": "",
	} {
		got, err := readStatus(shown, m)
		if (want == "") != (err != nil) || got != want {
			t.Errorf("%q: %q, %v; want %q", shown, got, err, want)
		}
	}
}

func TestParseRun(t *testing.T) {
	r, err := ParseRun([]string{"--sheet", "Q3", "--visible-only", "--status-map", "1=On Track,2=At Risk"})
	if err != nil || r.Sheet != "Q3" || !r.VisibleOnly || r.StatusMap["2"] != "At Risk" || len(r.StatusMap) != 2 {
		t.Errorf("%+v, %v", r, err)
	}
	if _, err := ParseRun([]string{"--decimal-comma"}); err == nil {
		t.Error("a flag the harness does not judge was taken")
	}
}

func text(s string) *Cell { return &Cell{Shown: s, Kind: "text"} }

func num(v float64, shown, date string) *Cell {
	return &Cell{Shown: shown, Kind: "number", Value: &v, Date: date}
}

var head = []*Cell{text("External ID"), text("Status"), text("Metric Value"), text("As Of Date"), text("Comment")}

func TestExpect(t *testing.T) {
	o := &Oracle{Sheets: []Sheet{
		{Name: "Old", Visible: false, Rows: [][]*Cell{head, {text("OLD")}}},
		{Name: "Tracker", Visible: true, HiddenRows: []int{4}, HiddenCols: []string{"B"}, Rows: [][]*Cell{
			{text("External ID"), text("Status"), text("Status"), text("Metric Value"), text("As Of Date")},
			{num(123, "00123", ""), text("Off"), text("on track"), num(54, "54%", ""), num(45841.99999999999, "2025-07-04", "2025-07-04")},
			{text("A-2"), text("Off"), text("Green"), nil, num(45841, "45841", "")},
			{text("A-3"), text("Off"), text("at risk"), text("54.3 %"), text("2025-07-03")},
			{text("A-4")}, // an item without an update
			{},
		}},
	}}
	e, err := Expect(o, Run{})
	if err != nil || e.Refuse != "" || e.Sheet != "Tracker" || e.Columns != [5]int{0, 2, 3, 4, -1} {
		t.Fatalf("%+v, %v", e, err)
	}
	if len(e.Rows) != 3 || e.Skipped != 2 {
		t.Fatalf("rows %+v, skipped %d", e.Rows, e.Skipped)
	}
	if got := e.Rows[0].Record; got != (Record{"00123", "On Track", "0.54", "2025-07-04", ""}) {
		t.Errorf("row 2: %v", got)
	}
	if r := e.Rows[1]; len(r.Refused) != 2 || r.Refused[0].Cell != "C3" || r.Refused[1].Cell != "E3" {
		t.Errorf("row 3: the unknown status and the number not shown as a date are refused: %+v", r.Refused)
	}
	if r := e.Rows[2]; !r.Hidden || r.Record != (Record{"A-3", "At Risk", "0.543", "2025-07-03", ""}) {
		t.Errorf("row 4: %+v", r)
	}
	e, _ = Expect(o, Run{VisibleOnly: true})
	if len(e.Rows) != 2 {
		t.Errorf("--visible-only: %d rows, want the hidden row left out", len(e.Rows))
	}
	o.Sheets[0].Visible = true
	e, _ = Expect(o, Run{})
	if e.Refuse == "" || strings.Join(e.Words, " ") != "Old Tracker --sheet" {
		t.Errorf("two visible sheets with a header: %+v", e)
	}
	o.Sheets[1].HiddenCols = nil
	e, _ = Expect(o, Run{Sheet: "Tracker"})
	if e.Refuse == "" || strings.Join(e.Words, " ") != "--map B C" {
		t.Errorf("two visible Status columns: %+v", e)
	}
}

func TestCompare(t *testing.T) {
	e := &Expectation{Sheet: "U", Rows: []Row{
		{Number: 2, Record: Record{"A", "On Track", "0.54", "2025-07-03", ""}, Cells: [5]string{"A2", "B2", "C2", "D2", "E2"}},
		{Number: 3, Record: Record{"B", "On Track", "0.5", "2025-07-03", ""}, Cells: [5]string{"A3", "B3", "C3", "D3", "E3"}},
		{Number: 4, Refused: []FieldRefusal{{3, "D4", "not a date"}}, Cells: [5]string{"A4", "B4", "C4", "D4", "E4"}},
		{Number: 5, Record: Record{"C", "At Risk", "", "2025-07-03", "x"}, Cells: [5]string{"A5", "B5", "C5", "D5", "E5"}},
	}}
	good := Outcome{Code: 1, Stdout: `[{"externalId":"A","status":"On Track","metricValue":0.540,"asOfDate":"2025-07-03"},
{"externalId":"C","status":"At Risk","asOfDate":"2025-07-03","comment":"x"}]`, Stderr: "f.xlsx!U!B3: status: ...\nf.xlsx!U!D4: asOfDate\n"}
	tl := Compare(e, good)
	if tl.Agree != 2 || tl.Refused != 1 || tl.RefusedAsSpec != 1 || tl.Disagree != 0 || len(tl.Problems) != 0 {
		t.Errorf("good: %+v", tl)
	}
	bad := Outcome{Stdout: `[{"externalId":"A","status":"On Track","metricValue":5.4e-1,"asOfDate":"2025-07-03"},
{"externalId":"B","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"},
{"externalId":"D","status":"On Track","asOfDate":"2025-07-03"}]`}
	tl = Compare(e, bad)
	// A's metric in E-notation, D written where the SPEC refuses, C missing.
	if tl.Agree != 1 || tl.Disagree != 3 || len(tl.Problems) != 3 {
		t.Errorf("bad: %+v", tl)
	}
	whole := &Expectation{Refuse: "several sheets", Words: []string{"Q1", "Q2", "--sheet"}}
	if tl := Compare(whole, Outcome{Code: 2, Stderr: "sheets Q1 and Q2: choose one with --sheet"}); tl.InputRefusals != 1 || len(tl.Problems) != 0 {
		t.Errorf("whole refusal: %+v", tl)
	}
	if tl := Compare(whole, Outcome{Code: 0, Stdout: `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`}); tl.Disagree != 1 {
		t.Errorf("records where the SPEC refuses: %+v", tl)
	}
}

func TestShownCSV(t *testing.T) {
	s := &Sheet{Rows: [][]*Cell{head[:2], {text("a,b"), nil, text(` "q" `)}}}
	if got := string(ShownCSV(s)); got != "External ID,Status\r\n\"a,b\",,\" \"\"q\"\" \"\r\n" {
		t.Errorf("%q", got)
	}
}

func TestPercentColumn(t *testing.T) {
	sheet := func(header string, metrics ...*Cell) *Oracle {
		rows := [][]*Cell{{text("External ID"), text("Status"), text(header), text("As Of Date")}}
		for _, m := range metrics {
			rows = append(rows, []*Cell{text("A"), text("On Track"), m, text("2025-07-03")})
		}
		return &Oracle{Sheets: []Sheet{{Name: "S", Visible: true, Rows: rows}}}
	}
	pct := num(0.54, "54%", "")
	bare := num(54, "54", "")
	frac := num(0.5, "0.5", "")
	for _, c := range []struct {
		name   string
		o      *Oracle
		run    Run
		refuse string // words, "" for records
		want   string // the metrics, when not refused
	}{
		{"points refused", sheet("% Complete", bare, frac), Run{}, "--percent-points", ""},
		{"points read", sheet("% Complete", bare, pct, text("20")), Run{Points: true}, "", "0.54 0.54 0.2"},
		{"big numbers under a plain header", sheet("Metric Value", bare, frac), Run{}, "", "54 0.5"},
		{"three kinds", sheet("Metric Value", pct, bare, frac), Run{}, "C2 C3 C4", ""},
		{"percent and fractions", sheet("Metric Value", pct, frac), Run{}, "", "0.54 0.5"},
	} {
		e, err := Expect(c.o, c.run)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range e.Rows {
			got = append(got, r.Record[2])
		}
		if strings.Join(e.Words, " ") != c.refuse || (c.refuse == "" && strings.Join(got, " ") != c.want) {
			t.Errorf("%s: refuse %q %q, metrics %q", c.name, e.Refuse, e.Words, got)
		}
	}
}

func TestNotJudged(t *testing.T) {
	o := &Oracle{Sheets: []Sheet{{Name: "S", Visible: true, Rows: [][]*Cell{head,
		{text("A"), text("On Track"), nil, text("03/07/2025")},
		{text("B"), text("On Track"), nil, text("2025-07-03")},
	}}}}
	e, err := Expect(o, Run{})
	if err != nil || e.NotJudged != 1 || e.Rows[0].NotJudged == "" {
		t.Fatalf("%+v, %v", e, err)
	}
	// Its record, whatever it holds, is passed over; the next is compared.
	tl := Compare(e, Outcome{Stdout: `[{"externalId":"A","status":"On Track","asOfDate":"2025-03-07"},{"externalId":"B","status":"On Track","asOfDate":"2025-07-03"}]`})
	if tl.NotJudged != 1 || tl.Agree != 1 || len(tl.Problems) != 0 {
		t.Errorf("%+v", tl)
	}
}

func TestPlaceRE(t *testing.T) {
	re := placeRE("Hand & Made")
	for s, want := range map[string]string{
		"f.xlsx!'Hand & Made'!C5: metricValue": "5",
		"f.xlsx!Hand & Made!C12: x":            "12",
		"f.xlsx!Hand!C5":                       "",
	} {
		got := ""
		if m := re.FindStringSubmatch(s); m != nil {
			got = m[2]
		}
		if got != want {
			t.Errorf("%q: row %q, want %q", s, got, want)
		}
	}
}
