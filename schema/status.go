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
	index map[string]string // loosely folded spelling (LooseFold) -> canonical
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
		k := LooseFold(n)
		if other, dup := s.index[k]; dup {
			if strings.EqualFold(other, n) {
				return Statuses{}, fmt.Errorf("status %q is listed twice", n)
			}
			return Statuses{}, fmt.Errorf("statuses %q and %q differ only in spaces or punctuation; ait-convert could not tell them apart", other, n)
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

// Canonical returns the status s stands for, read as ait-convert reads a
// tracker's words: without regard to case, spaces, hyphens and underscores
// ("on track", "OnTrack", "on-track", "ON_TRACK"), with "Cancelled" read as
// "Canceled" when the list has "Canceled".
func (st Statuses) Canonical(s string) (string, bool) {
	k := LooseFold(s)
	if c, ok := st.index[k]; ok {
		return c, true
	}
	if k == "cancelled" {
		c, ok := st.index["canceled"]
		return c, ok
	}
	return "", false
}

// Exact returns the status s names as the import API reads it: without
// regard to case, but otherwise spelled exactly ("on track", not
// "on  track", " On Track" or "Cancelled").
func (st Statuses) Exact(s string) (string, bool) {
	c, ok := st.index[LooseFold(s)]
	if ok && strings.EqualFold(c, s) {
		return c, true
	}
	return "", false
}

// Names returns the canonical spellings, in order.
func (st Statuses) Names() []string { return append([]string(nil), st.names...) }

// String returns the names joined by ", ", for messages.
func (st Statuses) String() string { return strings.Join(st.names, ", ") }

// FoldStatus returns the form --status-map words are compared in: lower
// case, runs of white space made one space, trimmed.
func FoldStatus(s string) string { return strings.ToLower(CollapseSpace(s)) }

// LooseFold returns the form statuses are compared in by ait-convert:
// lower case, without white space, hyphens or underscores.
func LooseFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '-', r == '_':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

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
