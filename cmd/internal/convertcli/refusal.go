package convertcli

import (
	"errors"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
)

// The command line's rendering of refusals (convert.Refusal): the library
// asks its question in plain words and carries the choices that settle it
// as data; here each choice becomes the flag that gives it.

// Flag is a choice as the command line gives it: --date-order mdy,
// --map 'Progress=metricValue', --percent-points, and for a value the
// user completes, a placeholder: --header-row N, --as-of YYYY-MM-DD,
// --status-map 'Green=STATUS'.
func Flag(c convert.Choice) string {
	flag := "--" + string(c.Option)
	v := c.Value
	switch {
	case v == "true":
		return flag
	case v == "" && c.Option == convert.OptHeaderRow:
		v = "N"
	case v == "" && c.Option == convert.OptAsOf:
		v = "YYYY-MM-DD"
	case v == "":
		v = "VALUE"
	case strings.HasSuffix(v, "=") && c.Option == convert.OptStatusMap:
		v += "STATUS"
	}
	return flag + " " + shellWord(v)
}

// toFill tells whether the user completes the choice's value.
func toFill(c convert.Choice) bool { return c.Value == "" || strings.HasSuffix(c.Value, "=") }

// ChoicesOf renders a refusal's choices: "choose with --date-order mdy (read
// 03/07/2025 as March 7) or --date-order dmy (read 03/07/2025 as 3 July)",
// or "give --as-of YYYY-MM-DD" for one.
func ChoicesOf(r *convert.Refusal) string {
	if len(r.Choices) == 0 {
		return ""
	}
	var parts []string
	for _, c := range r.Choices {
		p := Flag(c)
		// The label, unless the value is the user's to fill in, or the
		// question names the value already ("Q1" (40 rows)).
		if c.Label != "" && !toFill(c) && !strings.Contains(r.Message, strconv.Quote(c.Value)) {
			p += " (" + c.Label + ")"
		}
		parts = append(parts, p)
	}
	verb := "choose with "
	if len(parts) == 1 {
		verb = "give "
	}
	return verb + strings.Join(parts, " or ")
}

// WithChoices is text (an error's line) with the choices of err's
// refusals written as flags right after each refusal's question, or at
// the end when text does not hold it.
func WithChoices(text string, err error) string {
	for _, r := range convert.Refusals(err) {
		choices := ChoicesOf(r)
		if choices == "" {
			continue
		}
		i := -1
		if r.Message != "" {
			i = strings.Index(text, r.Message)
		}
		if i < 0 {
			text += " (" + strings.TrimSuffix(r.Message, ".") + ": " + choices + ")"
			if r.Message == "" {
				text = strings.Replace(text, " (: ", " (", 1)
			}
			continue
		}
		end := i + len(r.Message)
		sep := "; "
		if strings.HasPrefix(text[end:], ")") {
			sep = ": " // inside the value error's brackets
		}
		text = text[:end] + sep + choices + text[end:]
	}
	if fe, ok := errors.AsType[*convert.FieldError](err); ok && fe.Field == schema.FieldComment && errors.Is(err, convert.ErrTooLong) {
		text = strings.Replace(text, "a longer limit can be given", "--max-comment N takes longer ones", 1)
	}
	return text
}

// ErrorText is err's text with its refusals' choices as flags.
func ErrorText(err error) string { return WithChoices(err.Error(), err) }

// ShellWord is s as a shell reads it back: quoted when it holds anything
// but letters, digits and - _ . , : / @ % +. ait-web writes the file names
// of its command lines with it.
func ShellWord(s string) string { return shellWord(s) }

// shellWord quotes s for a shell when it holds anything but letters,
// digits and - _ . , : / @ % +.
func shellWord(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,:/@%+", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Rendered is err as the commands print it: its text with the choices of
// its refusals as flags (ErrorText), still err to errors.Is and As. An
// error without a refusal is returned as it is.
func Rendered(err error) error {
	if err == nil || len(convert.Refusals(err)) == 0 {
		return err
	}
	if _, done := err.(*rendered); done {
		return err // rendered once already (OpenInput renders): the choices are in its text
	}
	return &rendered{err: err, text: ErrorText(err)}
}

type rendered struct {
	err  error
	text string
}

func (e *rendered) Error() string { return e.text }
func (e *rendered) Unwrap() error { return e.err }
