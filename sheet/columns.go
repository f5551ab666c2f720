package sheet

import (
	"slices"
	"strings"
)

// ColumnSet is a set of columns (0-based), kept as sorted runs, so that a
// whole range of columns (a hidden run from C to XFD) costs one entry.
// The zero value is empty.
type ColumnSet struct {
	runs []colRun // sorted, not touching each other
}

type colRun struct{ first, last int }

// Add puts the columns first to last (0-based, both included) in the set.
func (s *ColumnSet) Add(first, last int) {
	if first < 0 {
		first = 0
	}
	if last < first {
		return
	}
	// The runs that touch or overlap [first, last] merge into one.
	i := 0
	for i < len(s.runs) && s.runs[i].last < first-1 {
		i++
	}
	j := i
	for j < len(s.runs) && s.runs[j].first <= last+1 {
		first, last = min(first, s.runs[j].first), max(last, s.runs[j].last)
		j++
	}
	s.runs = slices.Replace(s.runs, i, j, colRun{first, last})
}

// Has tells whether column col is in the set.
func (s ColumnSet) Has(col int) bool {
	i, _ := slices.BinarySearchFunc(s.runs, col, func(r colRun, c int) int {
		switch {
		case r.last < c:
			return -1
		case r.first > c:
			return 1
		}
		return 0
	})
	return i < len(s.runs) && s.runs[i].first <= col && col <= s.runs[i].last
}

// Empty tells whether the set has no column.
func (s ColumnSet) Empty() bool { return len(s.runs) == 0 }

// String lists the set by column letters: "B, D-F".
func (s ColumnSet) String() string {
	parts := make([]string, len(s.runs))
	for i, r := range s.runs {
		parts[i] = ColumnName(r.first)
		if r.last > r.first {
			parts[i] += "-" + ColumnName(r.last)
		}
	}
	return strings.Join(parts, ", ")
}
