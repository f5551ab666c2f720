package convertcli

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
)

// TestFlag: a choice is the flag that gives it, quoted for a shell, with a
// placeholder for what the user completes.
func TestFlag(t *testing.T) {
	for _, tt := range []struct {
		c    convert.Choice
		want string
	}{
		{convert.Choice{Option: convert.OptDateOrder, Value: "mdy"}, "--date-order mdy"},
		{convert.Choice{Option: convert.OptPercentPoints, Value: "true"}, "--percent-points"},
		{convert.Choice{Option: convert.OptMap, Value: "Progress=metricValue"}, "--map 'Progress=metricValue'"},
		{convert.Choice{Option: convert.OptMap, Value: "Owner's date=asOfDate"}, `--map 'Owner'\''s date=asOfDate'`},
		{convert.Choice{Option: convert.OptSheet, Value: "Q1"}, "--sheet Q1"},
		{convert.Choice{Option: convert.OptSheet, Value: "Q1 2025"}, "--sheet 'Q1 2025'"},
		{convert.Choice{Option: convert.OptHeaderRow}, "--header-row N"},
		{convert.Choice{Option: convert.OptAsOf}, "--as-of YYYY-MM-DD"},
		{convert.Choice{Option: convert.OptStatusMap, Value: "Green="}, "--status-map 'Green=STATUS'"},
	} {
		if got := Flag(tt.c); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.c, got, tt.want)
		}
	}
}

// TestRefusalsAsFlags: every refusal of the converter is printed with the
// flags that settle it, and only those; the library's own message names
// none.
func TestRefusalsAsFlags(t *testing.T) {
	tests := []struct {
		name, csv string
		want      string // the line, as printed
		none      []string
	}{
		{"ambiguous date", "ID,Status,Date\nA,On Track,03/07/2025\n",
			"(03/07 could be month/day or day/month and nothing else in the column settles it: choose with --date-order mdy (read 03/07/2025 as March 7) or --date-order dmy (read 03/07/2025 as 3 July))", []string{"--map", "--sheet"}},
		{"decimal separator", "ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\n",
			"choose with --decimal-point (read 1,234 as 1234) or --decimal-comma (read 1,234 as 1.234))", []string{"--map", "--date-order"}},
		{"percent points", "ID,Status,% Complete,Date\nA,On Track,54,2025-07-03\n",
			`the metric column C holds a bare number above 1 (line 2: 54), and the header "% Complete" says percent: 54 is 54% as percentage points, 5400% as a fraction; give --percent-points (read bare numbers as percentage points)`, []string{"--map", "--decimal"}},
		{"unknown status", "ID,Status,Date\nA,Green,2025-07-03\n",
			"(translate the tracker's own words into statuses: give --status-map 'Green=STATUS')", []string{"--map"}},
		{"no date", "ID,Status,Date\nA,On Track,\n",
			"(rows without a date can be given one: give --as-of YYYY-MM-DD)", []string{"--map"}},
		{"no header", "Title of the tracker\n\nKey,Owner\nA,Ann\n",
			"give --header-row N", []string{"--map", "--sheet"}},
		{"header without an ID", "Key,Status,Date\nA,On Track,2025-07-03\n",
			"names fields but no External ID column; give --map 'Key=externalId' (read A \"Key\" as the External ID)", []string{"--header-row"}},
		{"ambiguous columns", "External ID,Status,Progress,Metric,Date\nA,On Track,0.5,0.5,2025-07-03\n",
			`C "Progress" or D "Metric" could be metricValue (none is named "Metric Value"); choose with --map 'Progress=metricValue' (read C "Progress" as metricValue) or --map 'Metric=metricValue' (read D "Metric" as metricValue)`, []string{"--header-row"}},
		{"no date column", "External ID,Status,Owner\nA,On Track,Ann\n",
			`the header row ("External ID", "Status", "Owner") has no As Of Date column; choose with --as-of YYYY-MM-DD or --map 'Owner=asOfDate' (read C "Owner" as asOfDate)`, []string{"--header-row"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, lib := convertErrors(t, tt.csv)
			if !strings.Contains(text, tt.want) {
				t.Errorf("printed %q\nwant it to hold %q", text, tt.want)
			}
			for _, flag := range tt.none {
				if strings.Contains(text, flag) {
					t.Errorf("printed %q: it names %s, which does not settle it", text, flag)
				}
			}
			if strings.Contains(lib, "--") {
				t.Errorf("the library's message names a flag: %q", lib)
			}
		})
	}
}

// convertErrors converts csv and returns its errors as the commands print
// them, and as the library words them.
func convertErrors(t *testing.T, csv string) (printed, library string) {
	t.Helper()
	r, err := convert.NewReader(context.Background(), "t.csv", strings.NewReader(csv), convert.Options{})
	if err != nil {
		return ErrorText(err), err.Error()
	}
	defer r.Close()
	var p, l []string
	for {
		_, err := r.Next()
		if err == nil {
			continue
		}
		re, ok := errors.AsType[*convert.RowError](err)
		if !ok {
			if err != io.EOF {
				p, l = append(p, ErrorText(err)), append(l, err.Error())
			}
			break
		}
		for _, fe := range re.Errors {
			p = append(p, WithChoices(fe.Error(), fe))
			l = append(l, fe.Error())
		}
	}
	return strings.Join(p, "\n"), strings.Join(l, "\n")
}

// TestStatusMapPairs: --status-map takes one pair, or several separated
// by commas; a word with a comma in it is still one pair.
// TestRenderedOnce: rendering an error rendered already (OpenInput's)
// adds its choices no second time (--explain printed them twice).
func TestRenderedOnce(t *testing.T) {
	_, err := OpenInput(context.Background(), "-", strings.NewReader("Title of the tracker\n\nKey,Owner\nA,Ann\n"), convert.Options{})
	if err == nil {
		t.Fatal("no refusal")
	}
	if got := Rendered(err).Error(); strings.Count(got, "--header-row N") != 1 {
		t.Errorf("rendered twice: %s", got)
	}
}

func TestStatusMapPairs(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want map[string]string
	}{
		{[]string{"--status-map", "3=Off Track,1=On Track"}, map[string]string{"3": "Off Track", "1": "On Track"}},
		{[]string{"--status-map", "Green=On Track", "--status-map", "Red=Off Track"}, map[string]string{"Green": "On Track", "Red": "Off Track"}},
		{[]string{"--status-map", "Done, checked=Achieved"}, map[string]string{"Done, checked": "Achieved"}},
	} {
		fs := cli.NewFlagSet("t")
		c := AddFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		o, err := c.Options()
		if err != nil {
			t.Fatal(err)
		}
		if len(o.StatusMap) != len(tt.want) {
			t.Errorf("%q: %v, want %v", tt.args, o.StatusMap, tt.want)
		}
		for k, v := range tt.want {
			if o.StatusMap[k] != v {
				t.Errorf("%q: %v, want %v", tt.args, o.StatusMap, tt.want)
			}
		}
	}
	fs := cli.NewFlagSet("t")
	c := AddFlags(fs)
	fs.Parse([]string{"--status-map", "1=On Track,2=Fine"})
	if _, err := c.Options(); err == nil || !strings.Contains(err.Error(), `--status-map 2=Fine: "Fine" is not a status`) {
		t.Errorf("a bad target: %v", err)
	}
}
