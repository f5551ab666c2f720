package convertcli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/sheet"
)

// PrintExplanations writes what the readers decided, and the configuration
// file whose defaults they read with: JSON (one object, or an array for
// several inputs), or text for a person.
func PrintExplanations(w io.Writer, exps []*convert.Explanation, how cli.ExplainFlag) error {
	if how.JSON {
		type withConfig struct {
			Config string `json:"config"`
			*convert.Explanation
		}
		out := make([]withConfig, len(exps))
		for i, e := range exps {
			out[i] = withConfig{how.Config, e}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if len(out) == 1 {
			return enc.Encode(out[0])
		}
		return enc.Encode(out)
	}
	for i, e := range exps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeExplanation(w, e, how.Config)
	}
	return nil
}

func writeExplanation(w io.Writer, e *convert.Explanation, config string) {
	line := func(label, format string, a ...any) {
		fmt.Fprintf(w, "  %-12s %s\n", label, fmt.Sprintf(format, a...))
	}
	more := func(format string, a ...any) { fmt.Fprintf(w, "  %-12s %s\n", "", fmt.Sprintf(format, a...)) }
	fmt.Fprintf(w, "%s (%s)\n", e.Input, e.Format)
	if config == "" {
		config = "none"
	}
	line("config", "%s", config)
	if e.Encoding != "" {
		text := fmt.Sprintf("%s, %s-separated", e.Encoding, e.Delimiter)
		if e.LineEnds != "" {
			text += ", lines ended by " + e.LineEnds
		}
		line("text", "%s", text)
	}
	if e.AsWritten {
		line("records", "in the import API's own format, read as written")
	}
	if e.Sheet != "" {
		line("sheet", "%q: %s", e.Sheet, e.SheetWhy)
	}
	for _, s := range e.SheetsPassed {
		more("passed over %q: %s", s.Name, s.Why)
	}
	if e.HeaderRow > 0 {
		line("header row", "%d: %s", e.HeaderRow, e.HeaderWhy)
	} else {
		line("header row", "%s", e.HeaderWhy)
	}
	for i, f := range e.Fields {
		label := ""
		if i == 0 {
			label = "columns"
		}
		where := "-"
		if f.Column != "" {
			where = fmt.Sprintf("%s %q", f.Column, f.Header)
		} else if f.Header != "" {
			where = fmt.Sprintf("%q", f.Header)
		}
		fmt.Fprintf(w, "  %-12s %-12s %-24s %s\n", label, f.Field, where, f.How)
		for _, p := range f.PassedOver {
			more("%-12s   passed over %s %q: %s", "", p.Column, p.Header, p.Why)
		}
	}
	if len(e.Ignored) > 0 {
		var cols []string
		for _, c := range e.Ignored {
			cols = append(cols, fmt.Sprintf("%s %q", c.Column, c.Header))
		}
		line("ignored", "%s", strings.Join(cols, ", "))
	}
	if e.AsWritten {
		line("values", "judged as the import API reads them: dates in ISO 8601, metrics as JSON numbers (or CSV text that reads as one), statuses spelled exactly")
	} else {
		line("dates", "%s: %s", e.Dates.As, e.Dates.Why)
		line("numbers", "%s: %s", e.Numbers.As, e.Numbers.Why)
	}
	metric := e.Metric
	if len(e.MetricCells) > 0 {
		var kinds []string
		for _, k := range []string{"percent cell", "text with %", "bare number", "number typed as text"} {
			if n := e.MetricCells[k]; n > 0 {
				kinds = append(kinds, countOf(n, k))
			}
		}
		metric += " (" + strings.Join(kinds, ", ") + ")"
	}
	if !e.AsWritten {
		line("metric", "%s", metric)
	}
	for i, s := range e.Statuses {
		label := ""
		if i == 0 {
			label = "statuses"
		}
		becomes := s.Status
		if becomes == "" {
			becomes = "unknown: --status-map 'WORD=STATUS' says what it means"
		} else {
			becomes += " (" + s.How + ")"
		}
		fmt.Fprintf(w, "  %-12s %-24s %6s  -> %s\n", label, fmt.Sprintf("%q", s.Word), "x"+sheet.Count(int64(s.Count)), becomes)
	}
	if e.OtherWords > 0 {
		more("and %s words of other spellings", sheet.Count(int64(e.OtherWords)))
	}
	if e.Formulas > 0 {
		line("formulas", "%s computed: the workbook was saved without their values", sheet.Count(int64(e.Formulas)))
	}
	line("rows", "%s read: %s would convert, %s without an update skipped, %s with errors",
		sheet.Count(int64(e.Rows.Read)), sheet.Count(int64(e.Rows.Convert)), sheet.Count(int64(e.Rows.Skipped)), sheet.Count(int64(e.Rows.Failed)))
	for i := range e.First {
		label := ""
		if i == 0 {
			label = "first"
		}
		line(label, "%s", record.AppendJSON(nil, &e.First[i]))
	}
}

// ColumnsUsed names the columns a conversion reads, for its summary line:
// "A External ID, B Status, D % Complete, F Update Date".
func ColumnsUsed(e *convert.Explanation) string {
	var cols []string
	for _, f := range e.Fields {
		if f.Column != "" {
			cols = append(cols, f.Column+" "+f.Header)
		}
	}
	return strings.Join(cols, ", ")
}

// countOf says "1 text with %" or "2 texts with %".
func countOf(n int, what string) string {
	if n != 1 {
		what = map[string]string{"percent cell": "percent cells", "text with %": "texts with %", "bare number": "bare numbers",
			"number typed as text": "numbers typed as text"}[what]
	}
	return sheet.Count(int64(n)) + " " + what
}
