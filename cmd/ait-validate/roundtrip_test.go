package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/workbook"
	"github.com/xuri/excelize/v2"
)

// TestAnnotateStory is the story: a tracker from the export, a few
// rows filled (one date mistyped), --annotate shows that one cell in red,
// and once fixed the tracker gives exactly the filled rows.
func TestAnnotateStory(t *testing.T) {
	dir := t.TempDir()
	table, err := convert.ReadTable(context.Background(), td+"xlsx/export.xlsx", convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := workbook.WriteTemplate(&buf, workbook.TableExport(table), workbook.TemplateOptions{}); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetSheetRow("Tracker", "E2", &[]any{"On Track", 0.5, 45841.0, "first"})
	f.SetCellStyle("Tracker", "G2", "G2", date)
	f.SetSheetRow("Tracker", "E3", &[]any{"At Risk", 0.25, "2025-07-32"}) // the mistyped date
	tracker := filepath.Join(dir, "tracker.xlsx")
	f.SaveAs(tracker)

	checked := filepath.Join(dir, "checked.xlsx")
	r := clitest.Run(run, nil, "--annotate", checked, "--ids", td+"xlsx/export.xlsx", tracker)
	if r.Code != 1 || !strings.Contains(r.Stderr, `tracker.xlsx!Tracker!G3: asOfDate "2025-07-32"`) || strings.Count(r.Stderr, "Tracker!") != 1 {
		t.Fatalf("annotate: %s", r)
	}
	g, err := excelize.OpenFile(checked)
	if err != nil {
		t.Fatal(err)
	}
	id, _ := g.GetCellStyle("Tracker", "G3")
	if s, _ := g.GetStyle(id); len(s.Fill.Color) == 0 || s.Fill.Color[0] != "FFC7CE" {
		t.Errorf("G3 is not red")
	}
	// Fix it, in the tracker the user filled, and go on.
	f.SetCellValue("Tracker", "G3", "2025-07-31")
	f.SaveAs(tracker)
	r = clitest.Run(run, nil, "--ids", td+"xlsx/export.xlsx", tracker)
	want := `[
{"externalId":"AA-001","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03","comment":"first"},
{"externalId":"AA-002","status":"At Risk","metricValue":0.25,"asOfDate":"2025-07-31"}
]
`
	if r.Code != 0 || r.Stdout != want {
		t.Errorf("fixed: %s", r)
	}
	if _, err := os.Stat(checked); err != nil {
		t.Error(err)
	}
}

func TestAnnotateRefuses(t *testing.T) {
	for _, args := range [][]string{
		{"--annotate", "x.xlsx", td + "validate/fixed.json"},
		{"--annotate", td + "xlsx/tracker.xlsx", td + "xlsx/tracker.xlsx"},
	} {
		if r := clitest.Run(run, nil, args...); r.Code != 2 || !strings.Contains(r.Stderr, "--annotate") {
			t.Errorf("%v: %s", args, r)
		}
	}
	// Standard input that is not a workbook.
	json, _ := os.ReadFile(td + "validate/fixed.json")
	out := filepath.Join(t.TempDir(), "x.xlsx")
	if r := clitest.Run(run, json, "--annotate", out); r.Code != 2 || !strings.Contains(r.Stderr, "standard input is not an .xlsx workbook") {
		t.Errorf("json on stdin: %s", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an annotated copy was written for a refused input")
	}
}

// TestAnnotateStdin: a workbook on standard input is marked as the same
// file named on the command line is, with its cells named for <stdin>.
func TestAnnotateStdin(t *testing.T) {
	dir := t.TempDir()
	in := td + "xlsx/bad-values.xlsx"
	body, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	fromFile, fromStdin := filepath.Join(dir, "file.xlsx"), filepath.Join(dir, "stdin.xlsx")
	a := clitest.Run(run, nil, "--annotate", fromFile, in)
	b := clitest.Run(run, body, "--annotate", fromStdin, "-")
	if a.Code != 1 || b.Code != 1 {
		t.Fatalf("exit codes %d and %d:\n%s\n%s", a.Code, b.Code, a, b)
	}
	if want := strings.ReplaceAll(a.Stderr, in, "<stdin>"); strings.ReplaceAll(b.Stderr, fromStdin, fromFile) != want {
		t.Errorf("stderr from stdin:\n%s\nwant (from the file):\n%s", b.Stderr, want)
	}
	marks := func(path string) map[string]string {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got := map[string]string{}
		for _, sheet := range f.GetSheetList() {
			comments, _ := f.GetComments(sheet)
			for _, c := range comments {
				got[sheet+"!"+c.Cell] = c.Text
			}
		}
		return got
	}
	ma, mb := marks(fromFile), marks(fromStdin)
	if len(ma) == 0 || len(ma) != len(mb) {
		t.Fatalf("%d marks from the file, %d from stdin", len(ma), len(mb))
	}
	for k, v := range ma {
		if mb[k] != v {
			t.Errorf("%s: %q from stdin, %q from the file", k, mb[k], v)
		}
	}
}
