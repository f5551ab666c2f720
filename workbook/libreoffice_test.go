package workbook

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestLibreOfficeOpensWhatWeWrite: LibreOffice (headless, in a profile of
// its own) opens an annotated copy and a template, and reads in them what
// we wrote: the Validation sheet first, the marks as notes (the user's own
// note kept), the red fill, the template's rows. It skips, saying so, where
// LibreOffice is not installed.
func TestLibreOfficeOpensWhatWeWrite(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not on PATH: skipping the check that LibreOffice opens the annotated copy and the template")
	}
	t.Parallel()
	dir := t.TempDir()
	// An annotated copy of a workbook with a note of the user's.
	src := filepath.Join(dir, "in.xlsx")
	f, err := excelize.OpenFile("../testdata/xlsx/bad-values.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f.AddComment("Updates", excelize.Comment{Cell: "C2", Author: "Ann", Paragraph: []excelize.RichTextRun{{Text: "check with Bob"}}})
	f.SaveAs(src)
	f.Close()
	var out bytes.Buffer
	marks := []Mark{
		{Sheet: "Updates", Cell: "C2", Field: "metricValue", Value: "abc", Message: "MetricValue must be a number."},
		{Sheet: "Updates", Cell: "B3", Field: "status", Value: "Green", Message: "Status is invalid."},
		{Sheet: "Updates", Cell: "D7", Field: "asOfDate", Message: "AsOfDate is required."}, // an empty cell
	}
	if err := Annotate(src, &out, marks, Counts{Total: 6, Valid: 4, Invalid: 2}); err != nil {
		t.Fatal(err)
	}
	annotated := filepath.Join(dir, "annotated.xlsx")
	os.WriteFile(annotated, out.Bytes(), 0o644)
	template := filepath.Join(dir, "template.xlsx")
	tf, _ := os.Create(template)
	if err := WriteTemplate(tf, &genExport{n: 500}, TemplateOptions{AsOf: "2025-07-03"}); err != nil {
		t.Fatal(err)
	}
	tf.Close()

	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		defer cancel()
	}
	outDir := filepath.Join(dir, "out")
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--norestore", "--convert-to", "fods", "--outdir", outDir, annotated, template)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil {
			t.Fatalf("LibreOffice did not convert it: %v", err)
		}
		return string(b)
	}
	doc := read("annotated.fods")
	tables := regexp.MustCompile(`<table:table table:name="([^"]*)"`).FindAllStringSubmatch(doc, -1)
	if len(tables) != 2 || tables[0][1] != ValidationSheet || tables[1][1] != "Updates" {
		t.Errorf("LibreOffice sees the sheets %q", tables)
	}
	notes := regexp.MustCompile(`(?s)<office:annotation\b.*?</office:annotation>`).FindAllString(doc, -1)
	if len(notes) != 3 {
		t.Errorf("LibreOffice sees %d notes, want 3", len(notes))
	}
	merged := false
	for _, n := range notes {
		if strings.Contains(n, "check with Bob") && strings.Contains(n, "MetricValue must be a number.") {
			merged = true
		}
	}
	if !merged {
		t.Errorf("no note holds the user's text and ours: %q", notes)
	}
	if !strings.Contains(strings.ToLower(doc), `fo:background-color="#ffc7ce"`) {
		t.Error("LibreOffice sees no red fill")
	}
	for _, want := range []string{"Status is invalid.", "With errors", "AsOfDate is required."} {
		if !strings.Contains(doc, want) {
			t.Errorf("LibreOffice does not show %q", want)
		}
	}
	tdoc := read("template.fods")
	if !strings.Contains(tdoc, "item-0000500") || !strings.Contains(tdoc, `table:name="Tracker"`) {
		t.Error("LibreOffice does not read the template's last item")
	}
}
