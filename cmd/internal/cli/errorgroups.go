package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/internal/extsort"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// GroupLimit is how many errors of one kind (same field, same problem,
// same value) are shown with their places before the rest are counted.
const GroupLimit = 20

// The bounds that keep the grouping's memory flat, however many kinds of
// error a run has (a million rows, each with a status word of its own):
const (
	// maxKinds is how many kinds of error are grouped one by one. The
	// errors of further kinds are grouped by field: the first GroupLimit
	// of them shown, the rest counted.
	maxKinds = 100
	// shownWords is how many unknown status words the summary names (the
	// most frequent, with their counts); the others are counted.
	shownWords = 20
	// wordsInMemory is how many distinct unknown status words are counted
	// in memory; words first seen after that are counted on disk.
	wordsInMemory = 10_000
)

// groupLimits are the bounds, lowered by the tests.
type groupLimits struct{ kinds, shown, words, sortBudget int }

var defaultGroupLimits = groupLimits{kinds: maxKinds, shown: shownWords, words: wordsInMemory, sortBudget: extsort.DefaultBudget}

// ErrorGroups prints a run's errors on stderr as they come, the first
// GroupLimit of each kind, and at the end counts the rest of each kind
// with the range of their places, and sums up the unknown status words
// with a ready --status-map line. Every error is still found; only their
// printing is grouped (--report json lists them all). Its memory is
// bounded: past maxKinds kinds, errors are grouped by field; past
// wordsInMemory distinct status words, words are counted on disk. Every
// count it prints is exact. Close removes what it kept on disk.
type ErrorGroups struct {
	// AsWritten: the records are judged as written, so that --status-map
	// does not apply; the table says to convert them with it.
	AsWritten bool
	w         io.Writer
	lim       groupLimits
	groups    map[string]*errorGroup // by kind
	order     []string
	others    map[string]*errorGroup // by field, the kinds past lim.kinds
	othersOf  []string
	words     extsort.Counter // unknown status words
}

type errorGroup struct {
	field, value string
	n            int
	first, last  sheet.Place // of those not shown
}

// NewErrorGroups prints to w.
func NewErrorGroups(w io.Writer) *ErrorGroups {
	return newErrorGroups(w, defaultGroupLimits)
}

func newErrorGroups(w io.Writer, lim groupLimits) *ErrorGroups {
	return &ErrorGroups{w: w, lim: lim, groups: map[string]*errorGroup{}, others: map[string]*errorGroup{},
		words: extsort.Counter{MaxInMemory: lim.words, Budget: lim.sortBudget}}
}

// Add prints line, the error's own line, unless GroupLimit of its kind
// were printed already.
func (g *ErrorGroups) Add(fe *record.FieldError, line string) {
	if fe.Field == schema.FieldStatus && errors.Is(fe.Err, record.ErrBadStatus) && fe.Value != "" {
		g.words.Add(fe.Value)
	}
	key := fe.Field + "\x00" + fe.Message() + "\x00" + fe.Value
	gr, ok := g.groups[key]
	if !ok && len(g.groups) < g.lim.kinds {
		gr = &errorGroup{field: fe.Field, value: fe.Value}
		g.groups[key] = gr
		g.order = append(g.order, key)
	} else if !ok {
		gr, ok = g.others[fe.Field]
		if !ok {
			gr = &errorGroup{field: fe.Field}
			g.others[fe.Field] = gr
			g.othersOf = append(g.othersOf, fe.Field)
		}
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
// words; statuses are the ones the run reads, for the suggestions. It
// removes what was kept on disk.
func (g *ErrorGroups) Flush(name string, statuses schema.Statuses) {
	defer g.Close()
	for _, key := range g.order {
		gr := g.groups[key]
		if more := gr.n - GroupLimit; more > 0 {
			fmt.Fprintf(g.w, "... and %s more %s with %s %q (%s)\n", sheet.Count(int64(more)), pluralWord(more, "row"), fieldName(gr.field), gr.value, placeRange(gr.first, gr.last))
		}
	}
	for _, field := range g.othersOf {
		gr := g.others[field]
		if more := gr.n - GroupLimit; more > 0 {
			fmt.Fprintf(g.w, "... and %s more %s with other %s errors (%s)\n", sheet.Count(int64(more)), pluralWord(more, "row"), fieldName(gr.field), placeRange(gr.first, gr.last))
		}
	}
	rows := g.words.Total()
	if rows == 0 {
		return
	}
	top, distinct, err := g.words.Top(g.lim.shown)
	if err != nil {
		fmt.Fprintf(g.w, "%s: %s with unknown status words (they could not be counted one by one: %v)\n", name, Plural(int(rows), "row"), err)
		return
	}
	var counts, maps, open []string
	for _, wc := range top {
		counts = append(counts, fmt.Sprintf("%q (%s)", wc.Value, Plural(int(wc.N), "row")))
		if to, ok := suggestStatus(wc.Value, statuses); ok {
			maps = append(maps, fmt.Sprintf("--status-map '%s=%s'", shellSafe(wc.Value), to))
		} else {
			open = append(open, strconv.Quote(wc.Value))
		}
	}
	if distinct > int64(len(top)) {
		shownRows := int64(0)
		for _, wc := range top {
			shownRows += wc.N
		}
		fmt.Fprintf(g.w, "%s: %s unknown status words in %s; the %d most frequent: %s; and %s more %s in %s\n", name, sheet.Count(distinct), Plural(int(rows), "row"),
			len(top), strings.Join(counts, ", "), sheet.Count(distinct-int64(len(top))), pluralWord(int(distinct)-len(top), "word"), Plural(int(rows-shownRows), "row"))
	} else {
		fmt.Fprintf(g.w, "%s: unknown status words: %s\n", name, strings.Join(counts, ", "))
	}
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

// Close removes the words counted on disk; Flush calls it.
func (g *ErrorGroups) Close() { g.words.Close() }

func fieldName(f string) string {
	if f == "" {
		return "record"
	}
	return f
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

// SuggestStatus is the status a tracker's own word usually means ("Green":
// On Track), if statuses has it: what the summary suggests for
// --status-map, and what ait-web offers first.
func SuggestStatus(word string, statuses schema.Statuses) (string, bool) {
	return suggestStatus(word, statuses)
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
