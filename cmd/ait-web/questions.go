package main

import (
	"strings"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// questions gathers the refusals of a conversion's rows into the few
// questions they ask: a date order asked by ten thousand rows is one
// question. Unknown status words are each file's one status-map
// question, as convert.Reader.UnknownStatuses words it. It holds at most
// maxQuestions questions, however many rows ask.
type questions struct {
	statuses schema.Statuses
	list     []*refusalJSON
	byKey    map[string]*refusalJSON
}

const maxQuestions = 20

func newQuestions(st schema.Statuses) *questions {
	return &questions{statuses: st, byKey: map[string]*refusalJSON{}}
}

// add notes the refusal of one value's error, if it has one. A status
// word's is left to addStatuses, which has every word of the file.
func (q *questions) add(fe *record.FieldError, ref *refusalJSON) {
	if ref == nil || ref.Question == string(convert.AskStatusMap) {
		return
	}
	var key strings.Builder
	key.WriteString(ref.Question)
	for _, c := range ref.Choices {
		key.WriteString("\x00" + string(c.Option) + "=" + c.Value)
	}
	if x, ok := q.byKey[key.String()]; ok {
		x.Rows++
		return
	}
	if len(q.list) == maxQuestions {
		return
	}
	x := *ref
	x.Place = fe.Place.String()
	x.Rows = 1
	q.byKey[key.String()] = &x
	q.list = append(q.list, &x)
}

// addStatuses adds a file's unknown status words, the refusal of
// convert.Reader.UnknownStatuses, with the statuses to choose from and
// what each word usually means.
func (q *questions) addStatuses(file string, ref *convert.Refusal) {
	if ref == nil || len(q.list) == maxQuestions {
		return
	}
	x := refusalOf(ref)
	x.File = file
	x.Statuses = q.statuses.Names()
	x.Suggested = map[string]string{}
	for _, c := range ref.Choices {
		if to, ok := cli.SuggestStatus(strings.TrimSuffix(c.Value, "="), q.statuses); ok {
			x.Suggested[c.Value] = to
		}
	}
	q.list = append(q.list, x)
}

// all returns the questions.
func (q *questions) all() []*refusalJSON {
	if q.list == nil {
		return []*refusalJSON{}
	}
	return q.list
}
