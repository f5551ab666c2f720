package schema

import (
	"fmt"
	"strings"
	"unicode"
)

// The seven statuses of AchieveIt, in their canonical spelling.
const (
	StatusNotStarted  = "Not Started"
	StatusOnTrack     = "On Track"
	StatusOffTrack    = "Off Track"
	StatusAtRisk      = "At Risk"
	StatusAchieved    = "Achieved"
	StatusNotAchieved = "Not Achieved"
	StatusCanceled    = "Canceled"
)

// MaxCustomStatusLen is the longest custom status AchieveIt allows.
const MaxCustomStatusLen = 25

// Statuses is the list of statuses an organization uses. The zero value is
// empty; use [DefaultStatuses] or [ParseStatuses].
type Statuses struct {
	names []string          // canonical spellings, in order
	index map[string]string // folded spelling -> canonical
}

// DefaultStatuses returns AchieveIt's seven statuses.
func DefaultStatuses() Statuses {
	s, _ := NewStatuses([]string{StatusNotStarted, StatusOnTrack, StatusOffTrack,
		StatusAtRisk, StatusAchieved, StatusNotAchieved, StatusCanceled})
	return s
}

// NewStatuses returns the statuses named, in the spelling given. It fails on
// an empty, duplicate or over-long name.
func NewStatuses(names []string) (Statuses, error) {
	s := Statuses{index: make(map[string]string, len(names))}
	for _, n := range names {
		n = CollapseSpace(n)
		if n == "" {
			return Statuses{}, fmt.Errorf("empty status in list")
		}
		if len([]rune(n)) > MaxCustomStatusLen {
			return Statuses{}, fmt.Errorf("status %q is longer than %d characters", n, MaxCustomStatusLen)
		}
		k := FoldStatus(n)
		if _, dup := s.index[k]; dup {
			return Statuses{}, fmt.Errorf("status %q is listed twice", n)
		}
		s.index[k] = n
		s.names = append(s.names, n)
	}
	if len(s.names) == 0 {
		return Statuses{}, fmt.Errorf("no statuses in list")
	}
	return s, nil
}

// ParseStatuses reads a comma-separated list such as "Red,Amber,Green", the
// form the --statuses flag takes.
func ParseStatuses(list string) (Statuses, error) {
	return NewStatuses(strings.Split(list, ","))
}

// Canonical returns the canonical spelling of s: matched without regard to
// case or runs of white space, with "Cancelled" read as "Canceled" when the
// list has "Canceled".
func (st Statuses) Canonical(s string) (string, bool) {
	k := FoldStatus(s)
	if c, ok := st.index[k]; ok {
		return c, true
	}
	if k == "cancelled" {
		c, ok := st.index["canceled"]
		return c, ok
	}
	return "", false
}

// Names returns the canonical spellings, in order.
func (st Statuses) Names() []string { return append([]string(nil), st.names...) }

// String returns the names joined by ", ", for messages.
func (st Statuses) String() string { return strings.Join(st.names, ", ") }

// FoldStatus returns the form statuses are compared in: lower case, runs of
// white space made one space, trimmed.
func FoldStatus(s string) string { return strings.ToLower(CollapseSpace(s)) }

// CollapseSpace trims s and turns every run of white space into one space.
func CollapseSpace(s string) string {
	// Fast path: nothing to do.
	clean := true
	prevSpace := true
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
