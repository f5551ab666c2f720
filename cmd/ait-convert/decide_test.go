package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestDecisions: what ait-convert decides is visible, and where it cannot
// be sure it refuses, naming the choices and the flag (issue 16).
func TestDecisions(t *testing.T) {
	csv := func(s string) []byte { return []byte(s) }
	var green strings.Builder
	green.WriteString("External ID,Status,As Of Date\n")
	for i := range 2000 {
		green.WriteString("G-" + strings.Repeat("0", 4-len(itoa(i))) + itoa(i) + ",Green,2025-07-03\n")
	}
	green.WriteString("A-1,Amber,2025-07-03\nA-2,Purple,2025-07-03\n")
	lock := td + "lock/~$tracker.xlsx" // what Excel keeps beside an open workbook
	clitest.Golden(t, run, filepath.Join(td, "golden", "cli"), *update, []clitest.Scenario{
		clitest.Case("explain-tracker", nil, "--explain", td+"xlsx/tracker.xlsx"),
		clitest.Case("explain-tracker-json", nil, "--explain=json", td+"xlsx/tracker.xlsx"),
		clitest.Case("explain-european-csv", nil, "--explain", td+"csv/lo-european.csv"),
		clitest.Case("value-and-date-are-weak", nil, "--explain", td+"xlsx/issue-tracker.xlsx"),
		clitest.Case("two-aliases-refused", csv("External ID,Status,Progress,Metric,Date\nA,On Track,0.5,3,2025-07-03\n"), "-"),
		clitest.Case("two-aliases-mapped", csv("External ID,Status,Progress,Metric,Date\nA,On Track,0.5,3,2025-07-03\n"), "--map", "Progress=metricValue", "-"),
		clitest.Case("unknown-id-header", csv("Item ID,Status,Metric Value,As Of Date\nA,On Track,0.5,2025-07-03\n"), "-"),
		clitest.Case("headerless-first-row-data", csv("A-1,on track,54%,2025-07-03\nA-2,Achieved,1,2025-07-04,done\n"), "-f", "csv", "-"),
		clitest.Case("formulas-computed", nil, "--skip-invalid", td+"xlsx/formulas.xlsx"),
		clitest.Case("european-csv", nil, "-f", "csv", td+"csv/lo-european.csv"),
		clitest.Case("comma-reads-both-ways", csv("ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\n"), "-"),
		clitest.Case("comma-decimal-flag", csv("ID;Status;Metric;Date\nA;On Track;1,234;2025-07-03\n"), "--decimal-comma", "-"),
		clitest.Case("dotted-date-day-first", csv("ID,Status,Date\nA,On Track,03.07.2025\n"), "-"),
		clitest.Case("status-spellings", csv("ID,Status,Date\nA,OnTrack,2025-07-03\nB,on-track,2025-07-03\nC,ON_TRACK,2025-07-03\nD,notstarted,2025-07-03\n"), "-"),
		clitest.Case("green-2000-grouped", csv(green.String()), "-"),
		clitest.Case("xlsx-output-refused", nil, "-o", "updates.xlsx", td+"xlsx/tracker.xlsx"),
		clitest.Case("lock-file-skipped", nil, lock, td+"xlsx/date1904.xlsx"),
	})
}

func itoa(i int) string {
	s := ""
	for {
		s = string(rune('0'+i%10)) + s
		if i /= 10; i == 0 {
			return s
		}
	}
}
