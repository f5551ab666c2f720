package cli

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

func statusError(row int, word string) *record.FieldError {
	return &record.FieldError{Place: sheet.CellPlace("t.xlsx", "Updates", row, 3), Field: schema.FieldStatus, Value: word, Err: &record.APIError{Message: "Status is invalid.", Kind: record.ErrBadStatus}}
}

// TestErrorGroupsUnderTheirLimits: a few kinds, a few words: every kind
// grouped on its own, every word named.
func TestErrorGroupsUnderTheirLimits(t *testing.T) {
	var out strings.Builder
	g := NewErrorGroups(&out)
	row := 2
	for range 25 {
		fe := statusError(row, "Green")
		g.Add(fe, fe.Error())
		row++
	}
	fe := statusError(row, "Blocked")
	g.Add(fe, fe.Error())
	g.Flush("t.xlsx", schema.DefaultStatuses())
	want := []string{
		`... and 5 more rows with status "Green" (D22-D26)`,
		`t.xlsx: unknown status words: "Green" (25 rows), "Blocked" (1 row)`,
		`t.xlsx: to read them as the statuses they usually mean, add: --status-map 'Green=On Track'`,
		`t.xlsx: and say what "Blocked" means with --status-map 'WORD=STATUS'`,
	}
	for _, w := range want {
		if !strings.Contains(out.String(), w) {
			t.Errorf("no %q in\n%s", w, out.String())
		}
	}
	if n := strings.Count(out.String(), "Status is invalid."); n != 21 {
		t.Errorf("%d error lines, want 21", n)
	}
}

// TestErrorGroupsStayBounded: with the limits lowered, a run where every
// row has a status word of its own keeps no more kinds and words in memory
// than its limits, and still prints exact counts and the exact most
// frequent words, even those first seen after the limits were reached.
func TestErrorGroupsStayBounded(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	var out strings.Builder
	lim := groupLimits{kinds: 3, shown: 2, words: 4, sortBudget: 512}
	g := newErrorGroups(&out, lim)
	const distinct = 1000
	row := 2
	add := func(word string) {
		fe := statusError(row, word)
		g.Add(fe, fe.Error())
		row++
		if len(g.groups) > lim.kinds || len(g.order) > lim.kinds || len(g.others) > 1 {
			t.Fatalf("%d kinds held, limit %d", len(g.groups), lim.kinds)
		}
		if g.words.InMemory() > lim.words {
			t.Fatalf("%d words held in memory, limit %d", g.words.InMemory(), lim.words)
		}
	}
	for i := range distinct {
		add(fmt.Sprintf("word %04d", i))
	}
	// Two words seen late, after every limit was reached, and often.
	for range 7 {
		add("Amber")
	}
	for range 9 {
		add("Zebra")
	}
	if g.words.Total() != distinct+16 {
		t.Fatalf("%d words counted", g.words.Total())
	}
	if g.words.OnDisk() == 0 {
		t.Fatal("nothing was counted on disk: the test does not reach the limit")
	}
	g.Flush("t.xlsx", schema.DefaultStatuses())
	got := out.String()
	// 3 kinds shown one by one (1 line each), then the other status
	// errors: GroupLimit shown, the rest counted.
	if n := strings.Count(got, "Status is invalid."); n != 3+GroupLimit {
		t.Errorf("%d error lines, want %d:\n%s", n, 3+GroupLimit, got)
	}
	last := row - 1
	more := distinct + 16 - 3 - GroupLimit
	first := 2 + 3 + GroupLimit
	for _, w := range []string{
		fmt.Sprintf(`... and %s more rows with other status errors (D%d-D%d)`, sheet.Count(int64(more)), first, last),
		fmt.Sprintf(`t.xlsx: 1,002 unknown status words in 1,016 rows; the 2 most frequent: "Zebra" (9 rows), "Amber" (7 rows); and 1,000 more words in 1,000 rows`),
		`t.xlsx: to read them as the statuses they usually mean, add: --status-map 'Amber=At Risk'`,
		`t.xlsx: and say what "Zebra" means`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("no %q in\n%s", w, got)
		}
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("Flush left %v behind", left)
	}
}
