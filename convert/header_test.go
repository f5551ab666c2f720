package convert

import (
	"errors"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// TestColumnChoice: a field takes its own name over an alias, an alias over
// a weak one; two at the best level are refused, with a map choice each.
func TestColumnChoice(t *testing.T) {
	tests := []struct {
		name, header string
		maps         map[string]string
		want         map[string]string // field -> letter
		err          string
		choices      []string // the refusal's map values
	}{
		{"the issue's tracker", "External ID,Status,Value,% Complete,Date,Update Date,Comment", nil,
			map[string]string{"externalId": "A", "status": "B", "metricValue": "D", "asOfDate": "F", "comment": "G"}, "", nil},
		{"own name over aliases", "ID,External ID,Status,Metric,Metric Value,As Of,As Of Date", nil,
			map[string]string{"externalId": "B", "metricValue": "E", "asOfDate": "G"}, "", nil},
		{"a weak alias alone is taken", "ID,Status,Value,Date", nil,
			map[string]string{"externalId": "A", "metricValue": "C", "asOfDate": "D"}, "", nil},
		{"two aliases", "External ID,Status,Progress,Metric,Date", nil, nil,
			`sheet "Updates": C "Progress" or D "Metric" could be metricValue (none is named "Metric Value")`, []string{"Progress=metricValue", "Metric=metricValue"}},
		{"two weak aliases", "External ID,Status,Date,Date", nil, nil,
			`sheet "Updates": C "Date" or D "Date" could be asOfDate (none is named "As Of Date")`, []string{"C=asOfDate", "D=asOfDate"}},
		{"two own names", "External ID,Status,Status,As Of Date", nil, nil,
			`sheet "Updates": B "Status" or C "Status" could be status (they are named alike)`, []string{"B=status", "C=status"}},
		{"--map settles two aliases", "External ID,Status,Progress,Metric,Date", map[string]string{"Progress": "metricValue"},
			map[string]string{"metricValue": "C", "asOfDate": "E"}, "", nil},
		{"--map by letter", "External ID,Status,Date,Date", map[string]string{"D": "As Of Date"},
			map[string]string{"asOfDate": "D"}, "", nil},
		// Headers with notes: the note in brackets is set aside.
		{"notes set aside", "External ID,Status,Metric Value (%),As Of Date (MM/DD/YYYY),Comment (optional)", nil,
			map[string]string{"externalId": "A", "status": "B", "metricValue": "C", "asOfDate": "D", "comment": "E"}, "", nil},
		{"a note in square brackets", "External ID [locked],Status,Progress [0-100],Update Date", nil,
			map[string]string{"externalId": "A", "metricValue": "C", "asOfDate": "D"}, "", nil},
		{"a note does not make a name exact", "External ID,Status (RAG),Status,Date", nil,
			nil, `sheet "Updates": B "Status (RAG)" or C "Status" could be status (they are named alike)`, []string{"Status (RAG)=status", "Status=status"}},
		{"--map names the header with its note", "External ID,Status,Progress (%),Metric,Date", map[string]string{"Progress (%)": "metricValue"},
			map[string]string{"metricValue": "C"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := NewHeaderMatcher(tt.maps)
			if err != nil {
				t.Fatal(err)
			}
			cols, err := m.mapHeader(headerCells{texts: strings.Split(tt.header, ","), num: 1, place: testPlace})
			if tt.err != "" {
				ref, ok := AsRefusal(err)
				if !errors.Is(err, ErrAmbiguousColumns) || !ok || ref.Message != tt.err || ref.Question != AskColumn {
					t.Fatalf("error %v; want a column refusal saying %q", err, tt.err)
				}
				var got []string
				for _, c := range ref.Choices {
					if c.Option != OptMap {
						t.Errorf("choice %+v: want a map", c)
					}
					got = append(got, c.Value)
				}
				if strings.Join(got, " | ") != strings.Join(tt.choices, " | ") {
					t.Errorf("choices %q, want %q", got, tt.choices)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for field, letter := range tt.want {
				if i, ok := cols.index[field]; !ok || letterOf(i) != letter {
					t.Errorf("%s: column %v, want %s", field, cols.index[field], letter)
				}
			}
		})
	}
}

func testPlace(col int) sheet.Place { return sheet.CellPlace("t.xlsx", "Updates", 1, col) }

func letterOf(i int) string { return string(rune('A' + i)) }

func TestJSONKeysAmbiguous(t *testing.T) {
	_, errs, err := readAll(t, "u.json", []byte(`[{"ID":"A","Status":"On Track","Progress":0.5,"Metric":0.6,"Date":"2025-07-03"}]`), Options{})
	if err != nil || len(errs) != 1 || !strings.Contains(errs[0], `the keys "Progress" and "Metric" could both be metricValue`) {
		t.Errorf("%v %q", err, errs)
	}
}

// TestHeaderless: a file is read without a header only when its first line
// is a record in the article's order. A header that names fields but no
// ID column asks which column is the ID (a map choice per other column);
// no header at all asks for the header row, never a map.
func TestHeaderless(t *testing.T) {
	recs, errs, err := readAll(t, "h.csv", []byte("A1,on track,54%,2025-07-03\nA2,Achieved,1,2025-07-04,done\n"), Options{})
	if err != nil || len(recs) != 2 || len(errs) != 0 || recs[1].Comment != "done" {
		t.Errorf("headerless: %+v %q %v", recs, errs, err)
	}
	for _, tt := range []struct {
		in       string
		question Question
		choices  string
	}{
		{"Item ID,Status,Metric Value,As Of Date\nA,On Track,0.5,2025-07-03\n", AskColumn, " {map Item ID=externalId}"},
		{"Key,Date,Status,Progress,Notes\nA,2025-07-03,On Track,0.5,x\n", AskColumn, " {map Key=externalId}"},
		{"A1,Green,54%,2025-07-03\n", AskHeaderRow, " {header-row}"},
		{"Title of the tracker\n\nKey,Owner\nA,Ann\n", AskHeaderRow, " {header-row}"},
	} {
		_, _, err := readAll(t, "h.csv", []byte(tt.in), Options{})
		ref, ok := AsRefusal(err)
		if !errors.Is(err, ErrNoHeader) || !ok || ref.Question != tt.question || choicesOf(err) != tt.choices {
			t.Errorf("%q: %v %s; want the no-header error asking %s%s", tt.in, err, choicesOf(err), tt.question, tt.choices)
		}
	}
}

// TestDecimalSeparators: a column's numbers are read with the separator
// the column shows; a number that reads both ways waits for it, and is
// refused when nothing shows it.
func TestDecimalSeparators(t *testing.T) {
	tests := []struct {
		name, csv string
		opts      Options
		metrics   []string
		errs      []string
	}{
		{"European file", "ID;Status;Metric;Date\nA;On Track;54,5 %;03.07.2025\nB;On Track;1.234,5;31.07.2025\n", Options{},
			[]string{"0.545", "1234.5"}, nil},
		{"1,234 read as the column shows, after it", "ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\nB;On Track;0,54;2025-07-03\n", Options{},
			[]string{"1.234", "0.54"}, nil},
		{"1,234 with a decimal point in the column", "ID,Status,Metric,Date\nA,On Track,\"1,234\",2025-07-03\nB,On Track,12.5,2025-07-03\n", Options{},
			[]string{"1234", "12.5"}, nil},
		{"1,234 alone", "ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\nB;On Track;54%;2025-07-03\n", Options{},
			[]string{"0.54"}, []string{`h.csv:2: metricValue "1,234": ambiguous number; expected a number whose decimal separator is plain (it reads as 1234 with a decimal point, 1.234 with a decimal comma; nothing else in the column shows which, and the file looks European: its fields are separated by semicolons) {decimal-point true; decimal-comma true}`}},
		{"--decimal-comma", "ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\n", Options{Decimal: SepComma}, []string{"1.234"}, nil},
		{"--decimal-point", "ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\n", Options{Decimal: SepPoint}, []string{"1234"}, nil},
		{"both in one column, each plain", "ID,Status,Metric,Date\nA,On Track,\"1,234.5\",2025-07-03\nB,On Track,\"12,5\",2025-07-03\n", Options{},
			[]string{"1234.5", "12.5"}, nil},
		{"both in one column, and one that reads both ways", "ID,Status,Metric,Date\nA,On Track,\"1,234.5\",2025-07-03\nB,On Track,\"12,5\",2025-07-03\nC,On Track,\"1,234\",2025-07-03\n", Options{},
			[]string{"1234.5", "12.5"}, []string{`h.csv:4: metricValue "1,234": ambiguous number; expected a number whose decimal separator is plain (it reads as 1234 with a decimal point, 1.234 with a decimal comma; the column shows both: a decimal point (h.csv:2: 1,234.5) and a decimal comma (h.csv:3: 12,5)) {decimal-point true; decimal-comma true}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs, err := readAll(t, "h.csv", []byte(tt.csv), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, r.MetricValue)
			}
			if strings.Join(got, " ") != strings.Join(tt.metrics, " ") || strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("metrics %q, errors %q\nwant %q, %q", got, errs, tt.metrics, tt.errs)
			}
		})
	}
}
