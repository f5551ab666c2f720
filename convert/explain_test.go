package convert

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// TestExplainHoldsTheRun: what --explain says decided the result is what
// decided it. Every fixture is converted; then its rows are read again,
// straight from the sheet readers, with nothing but the explanation's
// decisions (the sheet, the header row, each field's column, the date
// order, the decimal separator, the reading of bare numbers, each status
// word's status, a date given for rows without one) and the package's
// public normalizers; each record must be what that reading gives.
func TestExplainHoldsTheRun(t *testing.T) {
	var inputs []string
	for _, pattern := range []string{"../testdata/xlsx/*.xlsx", "../testdata/csv/*.csv", "../testdata/legacy/*.*", "../testdata/fidelity/*/*.*"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if !strings.HasSuffix(f, ".json") && !strings.Contains(f, "hostile") && !strings.Contains(f, "encrypted") && !strings.HasSuffix(f, ".sh") {
				inputs = append(inputs, f)
			}
		}
	}
	optionSets := []Options{{}, {PercentPoints: true, DateOrder: OrderDMY}, {Decimal: SepComma, AsOf: "2025-07-03"}}
	checked, records := 0, 0
	for _, path := range inputs {
		for _, opts := range optionSets {
			n, ok := holdsTheRun(t, path, opts)
			records += n
			if ok {
				checked++
			}
		}
	}
	if checked < 60 || records < 500 {
		t.Errorf("only %d conversions (%d records) held to their explanation; the fixtures are missing", checked, records)
	}
	t.Logf("%d conversions, %d records held to what their explanation says", checked, records)
}

// holdsTheRun converts path with opts and checks each record against the
// explanation's reading; ok is false for an input refused as a whole.
func holdsTheRun(t *testing.T, path string, opts Options) (records int, ok bool) {
	t.Helper()
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	r, err := NewReader(context.Background(), name, bytes.NewReader(in), opts)
	if err != nil {
		return 0, false
	}
	defer r.Close()
	var recs []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if _, ok := errors.AsType[*RowError](err); ok {
			continue
		}
		if err != nil {
			return 0, false // refused as a whole: nothing to hold
		}
		recs = append(recs, rec)
	}
	e := r.Explain()
	if e.AsWritten || r.format == FormatJSON {
		return 0, false
	}
	if e.Rows.Convert != len(recs) {
		t.Errorf("%s %+v: the explanation counts %d records, the run gave %d", name, opts, e.Rows.Convert, len(recs))
	}
	rows := rowsAsExplained(t, name, in, r.format, e)
	for _, rec := range recs {
		where := rec.Place
		num := where.Line
		if where.Cell != "" {
			if where.Sheet != e.Sheet {
				t.Errorf("%s: a record of sheet %q; the explanation says %q", where, where.Sheet, e.Sheet)
			}
			col, _ := sheet.ColumnIndex(where.Cell)
			if id := e.Fields[0]; id.Column != "" && sheet.ColumnName(col) != id.Column {
				t.Errorf("%s: the External ID read from column %s; the explanation says %s", where, sheet.ColumnName(col), id.Column)
			}
			num, _ = strconv.Atoi(strings.TrimLeft(where.Cell, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
		}
		row, found := rows[num]
		if !found {
			t.Errorf("%s: a record of a row the explanation's reading does not hold (header row %d)", where, e.HeaderRow)
			continue
		}
		want, ok := explainedRecord(e, row)
		if !ok {
			continue // a formula the run computed
		}
		records++
		if want != rec.Update {
			t.Errorf("%s %+v: the run wrote %+v\nthe explanation's reading gives %+v", where, opts, rec.Update, want)
		}
	}
	return records, true
}

// rowsAsExplained reads the input again, the sheet and the rows after the
// header row that the explanation names, by row (or line) number.
func rowsAsExplained(t *testing.T, name string, in []byte, f Format, e *Explanation) map[int][]sheet.Cell {
	t.Helper()
	var src source
	if f.Workbook() {
		wb, err := openBook(context.Background(), f, name, bytes.NewReader(in), int64(len(in)), sheet.Limits{}.OrDefault(), false)
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		i := -1
		for j, sh := range wb.Sheets() {
			if sh.Name == e.Sheet {
				i = j
			}
		}
		if i < 0 {
			t.Fatalf("%s: the explanation's sheet %q is not in the workbook", name, e.Sheet)
		}
		rows, err := wb.Rows(i)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		src = rows
	} else {
		dr, err := delimited.NewReader(name, bytes.NewReader(in), delimited.Options{Limits: sheet.Limits{}.OrDefault()})
		if err != nil {
			t.Fatal(err)
		}
		src = dr
	}
	out := map[int][]sheet.Cell{}
	for {
		row, err := src.Next()
		if err != nil {
			return out
		}
		if row.Num > e.HeaderRow {
			out[row.Num] = row.Clone().Cells
		}
	}
}

// explainedRecord reads a row with the explanation's decisions alone; ok
// is false when a field's cell is a formula (the run computes it).
func explainedRecord(e *Explanation, cells []sheet.Cell) (u schema.Update, ok bool) {
	cell := func(f int) (sheet.Cell, bool) {
		col, ok := sheet.ColumnIndex(e.Fields[f].Column)
		if !ok || e.Fields[f].Column == "" {
			return sheet.Cell{}, false
		}
		if col >= len(cells) {
			return sheet.Cell{}, true
		}
		return cells[col], true
	}
	order, _ := ParseDateOrder(e.Dates.Value)
	sep := map[string]Separator{"comma": SepComma, "point": SepPoint}[e.Numbers.Value]
	points := e.Metric.Value == "points"
	statuses := map[string]string{}
	for _, w := range e.Statuses {
		statuses[w.Word] = w.Status
	}
	shown := func(c sheet.Cell) string {
		if c.Shown != "" {
			return strings.TrimSpace(c.Shown)
		}
		v, _ := NormalizeNumber(c.Value)
		return v
	}
	for f := range schema.Fields {
		c, has := cell(f)
		if c.Kind == sheet.Formula {
			return u, false
		}
		switch f {
		case 0:
			u.ExternalID = strings.TrimSpace(c.Value)
			if c.Kind != sheet.Text {
				u.ExternalID = shown(c)
			}
		case 1:
			word := c.Value
			if c.Kind != sheet.Text {
				word = shown(c)
			}
			u.Status = statuses[word]
		case 2:
			switch c.Kind {
			case sheet.Text:
				u.MetricValue, _ = NormalizeMetricSep(c.Value, points, sep)
			case sheet.Number:
				u.MetricValue, _ = NormalizeMetricNumber(c.Value, points, false)
			case sheet.Percent:
				u.MetricValue, _ = NormalizeNumber(c.Value)
			case sheet.LiteralPercent:
				u.MetricValue, _ = NormalizeMetricNumber(c.Value, true, false)
			}
		case 3:
			switch {
			case (!has || c.Empty()) && e.Fields[3].Given != nil:
				u.AsOfDate = e.Fields[3].Given.Value // as-of, or a date cell the run took as a date
			case c.Kind == sheet.Date:
				u.AsOfDate = c.Value
			default:
				u.AsOfDate, _ = NormalizeDate(c.Value, order)
			}
		case 4:
			switch c.Kind {
			case sheet.Text, sheet.Bool, sheet.Date:
				u.Comment = strings.TrimSpace(c.Value)
			default:
				u.Comment = shown(c)
			}
		}
	}
	return u, true
}
