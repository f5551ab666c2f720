package cli

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// GroupLimit is how many errors of one kind (same field, same problem,
// same value) are shown with their places before the rest are counted.
const GroupLimit = 20

// ErrorGroups prints a run's errors on stderr as they come, the first
// GroupLimit of each kind, and at the end counts the rest of each kind
// with the range of their places, and sums up the unknown status words
// with a ready --status-map line. Every error is still found; only their
// printing is grouped (--report json lists them all).
type ErrorGroups struct {
	// AsWritten: the records are judged as written, so that --status-map
	// does not apply; the table says to convert them with it.
	AsWritten bool
	w         io.Writer
	groups    map[string]*errorGroup
	order     []string
	unknown   map[string]int // unknown status words and their counts
}

type errorGroup struct {
	field, value string
	n            int
	first, last  sheet.Place // of those not shown
}

// NewErrorGroups prints to w.
func NewErrorGroups(w io.Writer) *ErrorGroups {
	return &ErrorGroups{w: w, groups: map[string]*errorGroup{}, unknown: map[string]int{}}
}

// Add prints line, the error's own line, unless GroupLimit of its kind
// were printed already.
func (g *ErrorGroups) Add(fe *convert.FieldError, line string) {
	if fe.Field == schema.FieldStatus && errors.Is(fe.Err, convert.ErrBadStatus) && fe.Value != "" {
		g.unknown[fe.Value]++
	}
	key := fe.Field + "\x00" + fe.Message() + "\x00" + fe.Value
	gr, ok := g.groups[key]
	if !ok {
		gr = &errorGroup{field: fe.Field, value: fe.Value}
		g.groups[key] = gr
		g.order = append(g.order, key)
	}
	gr.n++
	if gr.n <= GroupLimit {
		fmt.Fprintln(g.w, line)
		return
	}
	if gr.n == GroupLimit+1 {
		gr.first = fe.Place
	}
	gr.last = fe.Place
}

// Flush prints what was counted rather than shown, and the unknown status
// words; statuses are the ones the run reads, for the suggestions.
func (g *ErrorGroups) Flush(name string, statuses schema.Statuses) {
	for _, key := range g.order {
		gr := g.groups[key]
		if more := gr.n - GroupLimit; more > 0 {
			field := gr.field
			if field == "" {
				field = "record"
			}
			fmt.Fprintf(g.w, "... and %s more %s with %s %q (%s)\n", sheet.Count(int64(more)), pluralWord(more, "row"), field, gr.value, placeRange(gr.first, gr.last))
		}
	}
	if len(g.unknown) == 0 {
		return
	}
	words := make([]string, 0, len(g.unknown))
	for w := range g.unknown {
		words = append(words, w)
	}
	sort.Slice(words, func(a, b int) bool {
		if g.unknown[words[a]] != g.unknown[words[b]] {
			return g.unknown[words[a]] > g.unknown[words[b]]
		}
		return words[a] < words[b]
	})
	var counts, maps, open []string
	for _, w := range words {
		counts = append(counts, fmt.Sprintf("%q (%s)", w, Plural(g.unknown[w], "row")))
		if to, ok := suggestStatus(w, statuses); ok {
			maps = append(maps, fmt.Sprintf("--status-map '%s=%s'", shellSafe(w), to))
		} else {
			open = append(open, strconv.Quote(w))
		}
	}
	fmt.Fprintf(g.w, "%s: unknown status words: %s\n", name, strings.Join(counts, ", "))
	if g.AsWritten {
		fmt.Fprintf(g.w, "%s: the import API takes the statuses %s, spelled as they are (case aside; --statuses sets custom ones)\n", name, statuses)
		if len(maps) > 0 {
			fmt.Fprintf(g.w, "%s: ait-convert translates the others: ait-convert %s FILE\n", name, strings.Join(maps, " "))
		}
		return
	}
	if len(maps) > 0 {
		fmt.Fprintf(g.w, "%s: to read them as the statuses they usually mean, add: %s\n", name, strings.Join(maps, " "))
	}
	if len(open) > 0 {
		verb := "means"
		if len(open) > 1 {
			verb = "mean"
		}
		fmt.Fprintf(g.w, "%s: and say what %s %s with --status-map 'WORD=STATUS' (the statuses: %s; --statuses sets custom ones)\n", name, strings.Join(open, ", "), verb, statuses)
	}
}

// suggestions are the status a tracker's own word usually means.
var suggestions = map[string]string{
	"green": schema.StatusOnTrack, "ontrack": schema.StatusOnTrack, "inprogress": schema.StatusOnTrack, "ongoing": schema.StatusOnTrack, "underway": schema.StatusOnTrack, "started": schema.StatusOnTrack,
	"amber": schema.StatusAtRisk, "yellow": schema.StatusAtRisk, "orange": schema.StatusAtRisk, "atrisk": schema.StatusAtRisk, "onhold": schema.StatusAtRisk,
	"red": schema.StatusOffTrack, "delayed": schema.StatusOffTrack, "late": schema.StatusOffTrack, "behind": schema.StatusOffTrack, "offtrack": schema.StatusOffTrack,
	"blue": schema.StatusAchieved, "done": schema.StatusAchieved, "complete": schema.StatusAchieved, "completed": schema.StatusAchieved, "finished": schema.StatusAchieved,
	"grey": schema.StatusNotStarted, "gray": schema.StatusNotStarted, "notyetstarted": schema.StatusNotStarted, "todo": schema.StatusNotStarted, "planned": schema.StatusNotStarted, "pending": schema.StatusNotStarted,
	"dropped": schema.StatusCanceled, "abandoned": schema.StatusCanceled, "withdrawn": schema.StatusCanceled,
	"missed": schema.StatusNotAchieved, "failed": schema.StatusNotAchieved,
}

// suggestStatus is the status a word usually means, if the run has it.
func suggestStatus(word string, statuses schema.Statuses) (string, bool) {
	to, ok := suggestions[schema.LooseFold(word)]
	if !ok {
		return "", false
	}
	return statuses.Canonical(to)
}

// shellSafe keeps a word inside single quotes.
func shellSafe(s string) string { return strings.ReplaceAll(s, "'", `'\''`) }

// placeRange names the first and last of a run of places: D22-D2001,
// lines 22-2001, records 21-2000.
func placeRange(a, b sheet.Place) string {
	switch {
	case a == b:
		return a.String()
	case a.Sheet != "" && a.Sheet == b.Sheet && a.File == b.File:
		return a.Cell + "-" + b.Cell
	case a.Line > 0 && b.Line > 0:
		return fmt.Sprintf("lines %d-%d", a.Line, b.Line)
	case a.Index >= 0 && b.Index >= 0 && a.Sheet == "" && a.Line == 0:
		return fmt.Sprintf("records %d-%d", a.Index, b.Index)
	}
	return a.String() + " to " + b.String()
}

func pluralWord(n int, w string) string {
	if n == 1 {
		return w
	}
	return w + "s"
}
