package convert

import (
	"fmt"
	"time"
)

// The choices of the refusals about one value, shared by the refusals and
// the explanation.

// dateOrderChoices are the two readings of a numeric date whose day and
// month could be swapped: raw, with a and b its first two numbers ("" for
// the choices in general).
func dateOrderChoices(raw string, a, b int) []Choice {
	mdy, dmy := "month first: 03/07/2025 is March 7", "day first: 03/07/2025 is 3 July"
	if raw != "" && a >= 1 && a <= 12 && b >= 1 && b <= 12 {
		mdy = fmt.Sprintf("read %s as %s %d", raw, time.Month(a), b)
		dmy = fmt.Sprintf("read %s as %d %s", raw, a, time.Month(b))
	}
	return []Choice{
		{Option: OptDateOrder, Value: OrderMDY.String(), Label: mdy},
		{Option: OptDateOrder, Value: OrderDMY.String(), Label: dmy},
	}
}

// decimalChoices are the two readings of a number's separators: t's own
// (nil for the choices in general).
func decimalChoices(t *numberText) []Choice {
	point, comma := "a decimal point: 1,234.5 is 1234.5", "a decimal comma: 1.234,5 is 1234.5"
	if t != nil {
		if p, err := t.decimal(SepPoint); err == nil {
			if s, err := p.format(false); err == nil {
				point = fmt.Sprintf("read %s as %s", t.orig, s)
			}
		}
		if c, err := t.decimal(SepComma); err == nil {
			if s, err := c.format(false); err == nil {
				comma = fmt.Sprintf("read %s as %s", t.orig, s)
			}
		}
	}
	return []Choice{
		{Option: OptDecimalPoint, Value: "true", Label: point},
		{Option: OptDecimalComma, Value: "true", Label: comma},
	}
}

// pointsChoice reads bare metric numbers as percentage points.
func pointsChoice(evidence string) Choice {
	return Choice{Option: OptPercentPoints, Value: "true", Label: "read bare numbers as percentage points", Evidence: evidence}
}

// orderRefusal makes a date's error about its column's order a refusal
// that asks for the order; its hint is the question.
func orderRefusal(v *valueError) error {
	return refuse(v, &Refusal{Question: AskDateOrder, Message: v.hint, Choices: dateOrderChoices("", 0, 0)})
}

// decimalRefusal makes a number's error about its column's decimal
// separator a refusal that asks for the separator; its hint is the
// question, t the number.
func decimalRefusal(v *valueError, t *numberText) error {
	return refuse(v, &Refusal{Question: AskDecimal, Message: v.hint, Choices: decimalChoices(t)})
}
