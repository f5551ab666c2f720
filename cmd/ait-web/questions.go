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
// question, and every unknown status word one choice of the one
// status-map question. It holds at most maxQuestions questions and
// maxWords words, however many rows ask.
type questions struct {
	statuses schema.Statuses
	list     []*refusalJSON
	byKey    map[string]*refusalJSON
	status   *refusalJSON
	words    map[string]int // a word's count of rows
}

const (
	maxQuestions = 20
	maxWords     = 100
)

func newQuestions(st schema.Statuses) *questions {
	return &questions{statuses: st, byKey: map[string]*refusalJSON{}, words: map[string]int{}}
}

// add notes the refusal of one value's error, if it has one.
func (q *questions) add(fe *record.FieldError, ref *refusalJSON) {
	if ref == nil {
		return
	}
	if ref.Question == string(convert.AskStatusMap) {
		q.addWord(ref)
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

// addWord adds a status word to the status-map question.
func (q *questions) addWord(ref *refusalJSON) {
	if q.status == nil {
		if len(q.list) == maxQuestions {
			return
		}
		q.status = &refusalJSON{Question: ref.Question, Message: ref.Message, Place: ref.Place,
			Statuses: q.statuses.Names(), Suggested: map[string]string{}, Choices: []convert.Choice{}}
		q.list = append(q.list, q.status)
	}
	q.status.Rows++
	for _, c := range ref.Choices {
		word := strings.TrimSuffix(c.Value, "=")
		if _, ok := q.words[word]; !ok && len(q.words) == maxWords {
			q.status.More++
			continue
		}
		if q.words[word] == 0 {
			q.status.Choices = append(q.status.Choices, c)
			if to, ok := cli.SuggestStatus(word, q.statuses); ok {
				q.status.Suggested[c.Value] = to
			}
		}
		q.words[word]++
	}
}

// all returns the questions, each status word's choice saying how many
// rows hold it.
func (q *questions) all() []*refusalJSON {
	if q.status != nil {
		for i, c := range q.status.Choices {
			n := q.words[strings.TrimSuffix(c.Value, "=")]
			q.status.Choices[i].Evidence = cli.Plural(n, "row")
		}
	}
	if q.list == nil {
		return []*refusalJSON{}
	}
	return q.list
}
