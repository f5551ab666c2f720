package workbook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/xuri/excelize/v2"
)

func exportTable(t *testing.T) *convert.Table {
	t.Helper()
	tb, err := convert.ReadTable(context.Background(), "../testdata/xlsx/export.xlsx", convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func convertAll(t *testing.T, path string) ([]schema.Update, []string) {
	t.Helper()
	r, err := convert.Open(context.Background(), path, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []schema.Update
	var errs []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		var re *convert.RowError
		if errors.As(err, &re) {
			errs = append(errs, re.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec.Update)
	}
}

// TestTemplateRoundTrip: a template from the fixture export, filled with
// excelize as a user fills it, converts with no flags to exactly the
// records that were filled.
func TestTemplateRoundTrip(t *testing.T) {
	for _, asOf := range []string{"", "2025-07-03"} {
		t.Run("as-of="+asOf, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTemplate(&buf, exportTable(t), TemplateOptions{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			empty := filepath.Join(dir, "template.xlsx")
			os.WriteFile(empty, buf.Bytes(), 0o644)
			// An empty template has no updates: every row is skipped.
			if recs, errs := convertAll(t, empty); len(recs) != 0 || len(errs) != 0 {
				t.Fatalf("an empty template gave %v %v", recs, errs)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.GetSheetList(); strings.Join(got, "|") != "Tracker|How to fill" {
				t.Errorf("sheets %v", got)
			}
			hdr, _ := f.GetRows(TrackerSheet)
			if strings.Join(hdr[0], "|") != "External ID|Name|Type|Path|Status|Metric Value|As Of Date|Comment" {
				t.Fatalf("header %q", hdr[0])
			}
			// Fill two rows, as a user would: a status from the list, a percent,
			// a date (or the prefilled one), a comment.
			f.SetCellValue(TrackerSheet, "E2", "On Track")
			f.SetCellValue(TrackerSheet, "F2", 0.54)
			f.SetCellValue(TrackerSheet, "H2", "Ahead of plan")
			f.SetCellValue(TrackerSheet, "E4", "Achieved")
			f.SetCellValue(TrackerSheet, "F4", 1)
			if asOf == "" {
				date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
				f.SetCellValue(TrackerSheet, "G2", 45841)
				f.SetCellValue(TrackerSheet, "G4", 45841)
				f.SetCellStyle(TrackerSheet, "G2", "G4", date)
			}
			filled := filepath.Join(dir, "filled.xlsx")
			if err := f.SaveAs(filled); err != nil {
				t.Fatal(err)
			}
			recs, errs := convertAll(t, filled)
			want := []schema.Update{
				{ExternalID: "AA-001", Status: "On Track", MetricValue: "0.54", AsOfDate: "2025-07-03", Comment: "Ahead of plan"},
				{ExternalID: "00123", Status: "Achieved", MetricValue: "1", AsOfDate: "2025-07-03"},
			}
			if len(errs) != 0 || len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
				t.Errorf("filled template gave\n%+v\n%v\nwant %+v", recs, errs, want)
			}
		})
	}
}

func TestTemplateSetUp(t *testing.T) {
	var buf bytes.Buffer
	st, _ := schema.ParseStatuses("Planned,Underway,Completed")
	if err := WriteTemplate(&buf, exportTable(t), TemplateOptions{Statuses: st, MetricNumber: true}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := f.GetDataValidations(TrackerSheet)
	if len(dvs) != 3 || dvs[0].Formula1 != `"Planned,Underway,Completed"` || dvs[0].PromptTitle == nil {
		t.Errorf("validations %+v", dvs)
	}
	panes, _ := f.GetPanes(TrackerSheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	for cell, locked := range map[string]bool{"A2": true, "B2": true, "E2": false, "F2": false, "G2": false, "H2": false} {
		id, _ := f.GetCellStyle(TrackerSheet, cell)
		s, _ := f.GetStyle(id)
		isLocked := s.Protection == nil || s.Protection.Locked
		if isLocked != locked {
			t.Errorf("%s locked = %v, want %v", cell, isLocked, locked)
		}
	}
	id, _ := f.GetCellStyle(TrackerSheet, "F2")
	if s, _ := f.GetStyle(id); s.CustomNumFmt == nil || strings.Contains(*s.CustomNumFmt, "%") {
		t.Errorf("--metric-format number left a percent format")
	}
}

func TestCarriedColumnsThatLookLikeFields(t *testing.T) {
	tb := &convert.Table{Header: []string{"ID", "Progress", "Owner"}, IDCol: 0, Rows: [][]string{{"A", "half", "Ann"}}}
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, tb, TemplateOptions{}); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	rows, _ := f.GetRows(TrackerSheet)
	if strings.Join(rows[0], "|") != "External ID|Progress (export)|Owner|Status|Metric Value|As Of Date|Comment" {
		t.Errorf("header %q", rows[0])
	}
}
