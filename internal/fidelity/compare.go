package fidelity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Outcome is what one run of ait-convert printed and returned.
type Outcome struct {
	Stdout, Stderr string
	Code           int
}

// Problem is one disagreement with LibreOffice as the SPEC reads it.
type Problem struct {
	Cell string // "C7"; "" for the input as a whole
	Msg  string
}

func (p Problem) String() string {
	if p.Cell == "" {
		return p.Msg
	}
	return p.Cell + ": " + p.Msg
}

// Tally counts one comparison. A row is one expected record (or expected
// refusal); its cells are its five fields.
type Tally struct {
	Rows, Cells int
	// Agree: rows written as the user means them; AgreeCells their cells,
	// plus the matching cells of rows written with a wrong field.
	Agree, AgreeCells int
	// Refused: rows ait-convert left out naming one of their cells,
	// where LibreOffice shows values the SPEC reads.
	Refused int
	// RefusedAsSpec: rows the SPEC refuses, and ait-convert too.
	RefusedAsSpec int
	// InputRefusals: whole inputs refused as the SPEC refuses them (several
	// sheets, ambiguous columns); InputRefused: whole inputs refused where
	// the SPEC reads records, naming the sheet or a column.
	InputRefusals, InputRefused int
	// Disagree: rows written otherwise than the user means them, rows
	// written where the SPEC refuses, rows missing without a word, extra
	// records, inputs not refused where the SPEC refuses.
	Disagree int
	// NotJudged: rows the harness cannot judge (Row.NotJudged).
	NotJudged int
	// Problems are the disagreements; Notes the refusals of what the user
	// sees (acceptable, but each a value the user does not get).
	Problems, Notes []Problem
}

// Add sums tallies.
func (t *Tally) Add(u Tally) {
	t.Rows += u.Rows
	t.Cells += u.Cells
	t.Agree += u.Agree
	t.AgreeCells += u.AgreeCells
	t.Refused += u.Refused
	t.RefusedAsSpec += u.RefusedAsSpec
	t.InputRefusals += u.InputRefusals
	t.InputRefused += u.InputRefused
	t.Disagree += u.Disagree
	t.NotJudged += u.NotJudged
	t.Problems = append(t.Problems, u.Problems...)
	t.Notes = append(t.Notes, u.Notes...)
}

func (t *Tally) problem(cell, format string, args ...any) {
	t.Problems = append(t.Problems, Problem{cell, fmt.Sprintf(format, args...)})
}

// ParseRecords reads ait-convert's JSON output: each record's fields as
// text, the metric as the number's text as written.
func ParseRecords(stdout string) ([]Record, error) {
	if strings.TrimSpace(stdout) == "" {
		return nil, nil
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	dec.UseNumber()
	var raw []map[string]any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("ait-convert's output is not a JSON array of records: %w", err)
	}
	var recs []Record
	for _, m := range raw {
		var r Record
		for f, name := range Fields {
			switch v := m[name].(type) {
			case nil:
			case string:
				r[f] = v
			case json.Number:
				r[f] = v.String()
			default:
				return nil, fmt.Errorf("record %v: %s is %T", m, name, v)
			}
		}
		recs = append(recs, r)
	}
	return recs, nil
}

// placeRE finds the cells that ait-convert's errors name on a sheet:
// file!Sheet!C7, or file!'Sheet name'!C7 with quotes doubled inside.
func placeRE(sheet string) *regexp.Regexp {
	quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	return regexp.MustCompile(`!(?:` + regexp.QuoteMeta(sheet) + `|` + regexp.QuoteMeta(quoted) + `)!([A-Z]{1,3})([0-9]+)\b`)
}

// Compare judges one run of ait-convert (with --skip-invalid and JSON
// output) against the expectation.
func Compare(e *Expectation, out Outcome) Tally {
	var t Tally
	recs, err := ParseRecords(out.Stdout)
	if err != nil {
		t.Disagree++
		t.problem("", "%v", err)
		return t
	}
	if e.Refuse != "" {
		var missing []string
		for _, w := range e.Words {
			if !strings.Contains(out.Stderr, w) {
				missing = append(missing, w)
			}
		}
		switch {
		case len(recs) > 0 || out.Code == 0:
			t.Disagree++
			t.problem("", "wrote %d records (exit %d) where the SPEC refuses: %s", len(recs), out.Code, e.Refuse)
		case len(missing) > 0:
			t.Disagree++
			t.problem("", "refused without naming %s (the SPEC refuses: %s): %s", strings.Join(missing, ", "), e.Refuse, firstLine(out.Stderr))
		default:
			t.InputRefusals++
		}
		return t
	}
	named := map[int]bool{}
	for _, m := range placeRE(e.Sheet).FindAllStringSubmatch(out.Stderr, -1) {
		n, _ := strconv.Atoi(m[2])
		named[n] = true
	}
	if len(recs) == 0 && len(named) == 0 && out.Code != 0 && len(e.Rows) > 0 {
		// The whole input refused: acceptable when it names the sheet.
		if strings.Contains(out.Stderr, e.Sheet) {
			t.InputRefused++
			t.Rows, t.Cells = len(e.Rows), 5*len(e.Rows)
			t.Refused = len(e.Rows)
			t.Notes = append(t.Notes, Problem{"", fmt.Sprintf("refused the input where LibreOffice shows %d rows: %s", len(e.Rows), firstLine(out.Stderr))})
			return t
		}
		t.Disagree++
		t.problem("", "refused the input without naming sheet %s: %s", e.Sheet, firstLine(out.Stderr))
		return t
	}
	next := 0
	for _, row := range e.Rows {
		if row.NotJudged != "" {
			t.NotJudged++
			if !named[row.Number] && next < len(recs) {
				next++ // its record, whatever it holds
			}
			continue
		}
		t.Rows++
		t.Cells += 5
		if named[row.Number] {
			if len(row.Refused) > 0 {
				t.RefusedAsSpec++
			} else {
				t.Refused++
				t.Notes = append(t.Notes, Problem{row.Cells[0], fmt.Sprintf("row %d refused where LibreOffice shows %v", row.Number, row.Record)})
			}
			continue
		}
		if next >= len(recs) {
			t.Disagree++
			t.problem(row.Cells[0], "row %d is missing from the output and no error names it (the user means %v)", row.Number, row.Record)
			continue
		}
		got := recs[next]
		next++
		if len(row.Refused) > 0 {
			t.Disagree++
			for _, r := range row.Refused {
				t.problem(r.Cell, "LibreOffice shows %q, which the SPEC refuses (%s); ait-convert wrote %s %q", row.Shown[r.Field], r.Why, Fields[r.Field], got[r.Field])
			}
			continue
		}
		ok := true
		for f := range Fields {
			if sameField(f, got[f], row.Record[f]) {
				t.AgreeCells++
				continue
			}
			ok = false
			t.problem(row.Cells[f], "LibreOffice shows %q, read as %s %q; ait-convert wrote %q", row.Shown[f], Fields[f], row.Record[f], got[f])
		}
		if ok {
			t.Agree++
		} else {
			t.Disagree++
		}
	}
	for ; next < len(recs); next++ {
		t.Disagree++
		t.problem("", "an extra record %v", recs[next])
	}
	return t
}

// sameField compares a written field with the expected one; metrics as
// exact decimals written plainly (no exponent).
func sameField(f int, got, want string) bool {
	if f != 2 || got == "" || want == "" {
		return got == want
	}
	if strings.ContainsAny(got, "eE") {
		return false
	}
	a, ok1 := new(big.Rat).SetString(got)
	b, ok2 := new(big.Rat).SetString(want)
	return ok1 && ok2 && a.Cmp(b) == 0
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// ShownCSV is the sheet as LibreOffice's "Text CSV" export writes it with
// "save cell contents as shown": each cell's shown text, comma-separated,
// quoted when needed.
func ShownCSV(s *Sheet) []byte {
	var b bytes.Buffer
	for _, row := range s.Rows {
		for i, c := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			if c == nil {
				continue
			}
			v := c.Shown
			if strings.ContainsAny(v, ",\"\n\r") || v != strings.TrimSpace(v) {
				v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			}
			b.WriteString(v)
		}
		b.WriteString("\r\n")
	}
	return b.Bytes()
}
