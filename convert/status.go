package convert

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// The status column: a status's name in any case and spacing, or a word
// or code of the tracker's own through the status map; the words the
// reader met, with their counts, for the explanation and the refusal of
// the unknown ones.

// status reads a status word of a row, and counts it.
func (n *normalizer) status(s string) (string, bool) {
	// A tracker repeats a few spellings: remember them (up to a bound),
	// with how often each came.
	if w, ok := n.statusCache[s]; ok {
		w.Count++
		return w.Status, w.Status != ""
	}
	w := n.readStatus(s)
	w.Count = 1
	if len(n.statusCache) < maxStatusWords {
		if n.statusCache == nil {
			n.statusCache = map[string]*StatusWord{}
		}
		w.Word = strings.Clone(s)
		n.statusCache[w.Word] = &w
	} else {
		n.otherWords++
	}
	return w.Status, w.Status != ""
}

// maxStatusWords is how many spellings of statuses a Reader keeps.
const maxStatusWords = 1024

// readStatus reads a status word: by the status map, else as a status's
// name in any case, spacing or punctuation.
func (n *normalizer) readStatus(s string) StatusWord {
	c, ok := n.statusMap[schema.FoldStatus(s)]
	if !ok {
		c, ok = n.statusMap[schema.LooseFold(s)]
	}
	if ok {
		return StatusWord{Status: c, How: "given", Given: &Given{Option: OptStatusMap, Value: strings.TrimSpace(s) + "=" + c}}
	}
	c, ok = n.statuses.Canonical(s)
	switch {
	case !ok:
		return StatusWord{How: "unknown"}
	case c == s:
		return StatusWord{Status: c, How: "its name"}
	case strings.EqualFold(c, s):
		return StatusWord{Status: c, How: "its name, in another case"}
	}
	return StatusWord{Status: c, How: "another spelling"}
}

// unknownStatus refuses a status word that is none of the statuses and
// not in the status map: which status does it mean?
func unknownStatus(word string, statuses schema.Statuses) error {
	const msg = "translate the tracker's own words into statuses"
	w := strings.TrimSpace(word)
	return refuse(&valueError{kind: ErrBadStatus, found: word, expected: "one of " + statuses.String(), hint: msg},
		&Refusal{Question: AskStatusMap, Message: msg, Choices: []Choice{{
			Option: OptStatusMap, Value: w + "=", Label: fmt.Sprintf("say which status %q means", w)}}})
}

// UnknownStatuses is the refusal of the status words read so far that
// are no status and not in the status map, a choice each ("Green=", for
// the user to complete) with how many rows hold it, most first; nil when
// there is none. Read the input to its end first: a front end offers it
// beside the rows' own errors, which name each word's cells.
func (r *Reader) UnknownStatuses() *Refusal {
	var words []*StatusWord
	for _, w := range r.norm.statusCache {
		if w.Status == "" && strings.TrimSpace(w.Word) != "" {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil
	}
	sort.Slice(words, func(a, b int) bool {
		if words[a].Count != words[b].Count {
			return words[a].Count > words[b].Count
		}
		return words[a].Word < words[b].Word
	})
	var names []string
	var choices []Choice
	for _, w := range words {
		word := strings.TrimSpace(w.Word)
		count := fmt.Sprintf("%s %s", sheet.Count(int64(w.Count)), pluralize(w.Count, "row"))
		names = append(names, fmt.Sprintf("%q (%s)", word, count))
		choices = append(choices, Choice{Option: OptStatusMap, Value: word + "=", Label: fmt.Sprintf("say which status %q means (%s)", word, count)})
	}
	msg := "status words that are no status: " + strings.Join(names, ", ")
	if r.norm.otherWords > 0 {
		msg += fmt.Sprintf(" (and %s rows of spellings past the first %s, not counted one by one)", sheet.Count(int64(r.norm.otherWords)), sheet.Count(maxStatusWords))
	}
	return &Refusal{Question: AskStatusMap, Place: sheet.Place{File: r.name, Index: -1}, Message: msg, Choices: choices}
}
