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
		line("sheet", "%q: %s", e.Sheet, why(e.SheetWhy, e.SheetGiven))
	}
	for _, s := range e.SheetsPassed {
		more("passed over %q: %s", s.Name, s.Why)
	}
	if e.HeaderRow > 0 {
		line("header row", "%d: %s", e.HeaderRow, why(e.HeaderWhy, e.HeaderGiven))
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
		fmt.Fprintf(w, "  %-12s %-12s %-24s %s\n", label, f.Field, where, why(f.How, f.Given))
		for _, p := range f.PassedOver {
			more("%-12s   passed over %s %q: %s", "", p.Column, p.Header, p.Why)
		}
	}
	if len(e.Ignored) > 0 {
		var cols []string
		for _, c := range e.Ignored {
			col := fmt.Sprintf("%s %q", c.Column, c.Header)
			if c.Hidden {
				col += " (hidden)"
			}
			cols = append(cols, col)
		}
		line("ignored", "%s", strings.Join(cols, ", "))
	}
	for _, n := range e.Notes {
		text := fmt.Sprintf("%s %q: the note %q is set aside", n.Column, n.Header, n.Note)
		if n.Evidence != "" {
			text += ", and read as saying " + n.Evidence
		}
		line("note", "%s", text)
	}
	if e.AsWritten {
		line("values", "judged as the import API reads them: dates in ISO 8601, metrics as JSON numbers (or CSV text that reads as one), statuses spelled exactly")
	} else {
		line("dates", "%s", reading(e.Dates))
		line("numbers", "%s", reading(e.Numbers))
	}
	metric := reading(e.Metric)
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
		switch {
		case becomes == "":
			becomes = "unknown: " + Flag(convert.Choice{Option: convert.OptStatusMap, Value: s.Word + "="}) + " says what it means"
		case s.Given != nil:
			becomes += " (--" + string(s.Given.Option) + ")"
		default:
			becomes += " (" + s.How + ")"
		}
		fmt.Fprintf(w, "  %-12s %-24s %6s  -> %s\n", label, fmt.Sprintf("%q", s.Word), "x"+sheet.Count(int64(s.Count)), becomes)
	}
	if e.OtherWords > 0 {
		more("and %s words of other spellings", sheet.Count(int64(e.OtherWords)))
	}
	for _, s := range e.Shown {
		line("shown", "%s: %s read as the text its format shows (%s)", s.Field, cli.Plural(s.Count, "number"), s.Example)
	}
	if e.Formulas > 0 {
		line("formulas", "%s computed: the workbook was saved without their values", sheet.Count(int64(e.Formulas)))
	}
	line("rows", "%s read: %s would convert, %s without an update skipped, %s with errors",
		sheet.Count(int64(e.Rows.Read)), sheet.Count(int64(e.Rows.Convert)), sheet.Count(int64(e.Rows.Skipped)), sheet.Count(int64(e.Rows.Failed)))
	if e.Rows.Hidden > 0 {
		more("%s hidden or filtered out in the workbook, converted (--visible-only leaves them out)", cli.Plural(e.Rows.Hidden, "row"))
	}
	if e.Rows.LeftOut > 0 {
		more("%s hidden or filtered out, left out (--visible-only)", cli.Plural(e.Rows.LeftOut, "row"))
	}
	for i := range e.First {
		label := ""
		if i == 0 {
			label = "first"
		}
		line(label, "%s", record.AppendJSON(nil, &e.First[i]))
	}
}

// why is a decision's reason, with the flag that gave it.
func why(text string, g *convert.Given) string {
	if g == nil {
		return text
	}
	flag := Flag(convert.Choice{Option: g.Option, Value: g.Value})
	if text == "" || text == "given" {
		return flag
	}
	return text + " (" + flag + ")"
}

// reading says how values that read two ways are read, and what would
// read them otherwise.
func reading(r convert.Reading) string {
	text := r.As + ": " + why(r.Why, r.Given)
	if len(r.Choices) > 0 {
		text += "; " + ChoicesOf(&convert.Refusal{Choices: r.Choices})
	}
	return text
}

// ColumnsUsed names the columns a conversion reads, for its summary line:
// "A External ID, B Status, D % Complete, F Update Date".
func ColumnsUsed(e *convert.Explanation) string {
	var cols []string
	for _, f := range e.Fields {
		if f.Column != "" {
			col := f.Column + " " + f.Header
			if f.Hidden {
				col += " (a hidden column)"
			}
			cols = append(cols, col)
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
