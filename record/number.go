package record

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// maxDigits is the most significant digits a number someone wrote may
// have: a double holds 15 to 17, so any of 15 reads back as written, one
// of 16 only when the double happens to hold it, and one of 17 or more is
// refused (no run of digits that long is kept for sure).
const maxDigits = 16

// Kinds of number errors that are ErrNotNumber, worded for what they are.
var (
	errPrecision = &numberKind{"more digits than a number keeps"}
	errRange     = &numberKind{"out of a number's range"}
)

type numberKind struct{ msg string }

func (k *numberKind) Error() string { return k.msg }
func (k *numberKind) Unwrap() error { return ErrNotNumber }

// PlainNumber is a number as a record carries it: the shortest plain
// decimal that reads back as the same double ("0.9" for 0.90, "0.5" for
// 5e-1), never with an exponent. It takes what JSON writes as a number,
// with an optional + sign ([+-]digits[.digits][e[+-]digits]) and spaces
// around, and refuses
// with ErrNotNumber anything else, a number of more than 16 significant
// digits, or of 16 that a double does not keep (the rest would change
// without a word), and one a double cannot hold (1e400, 1e-400).
func PlainNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	neg, mant, exp, ok := parseNumber(s)
	if !ok {
		return "", &valueError{kind: ErrNotNumber, found: s, expected: "a number such as 0.54"}
	}
	sig, last := normal(mant, exp)
	if len(sig) > maxDigits {
		return "", precisionError(s, fmt.Sprintf("it has %d; the rest would be changed without a word", len(sig)))
	}
	if sig == "" {
		return "0", nil // never "-0"
	}
	b := make([]byte, 0, len(sig)+24)
	if neg {
		b = append(b, '-')
	}
	b = append(b, sig...)
	b = append(b, 'e')
	b = strconv.AppendInt(b, int64(last), 10)
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil && math.IsInf(f, 0):
		return "", &valueError{kind: errRange, found: s, expected: "a number within ±1.8e308"}
	case err != nil, math.Abs(f) < 0x1p-1022:
		// Below the smallest normal double a number loses digits, down to 0.
		return "", &valueError{kind: errRange, found: s, expected: "a number of magnitude 2.2e-308 or more, or 0", hint: "too small to be kept exactly"}
	}
	out := strconv.FormatFloat(f, 'f', -1, 64)
	// Sixteen digits: kept only when the double holds them.
	_, omant, oexp, _ := parseNumber(out)
	if osig, olast := normal(omant, oexp); osig != sig || olast != last {
		return "", precisionError(s, fmt.Sprintf("it has %d, and a number does not keep these: it would be written %s", len(sig), out))
	}
	return out, nil
}

func precisionError(s, hint string) error {
	return &valueError{kind: errPrecision, found: s, expected: fmt.Sprintf("a number of at most %d significant digits", maxDigits), hint: hint}
}

// normal is a number's digits without leading or trailing zeros, and the
// power of ten of the last of them; "" for zero.
func normal(mant string, exp int) (string, int) {
	m := strings.TrimLeft(mant, "0")
	t := strings.TrimRight(m, "0")
	return t, exp + len(m) - len(t)
}

// parseNumber reads [+-]digits[.digits][e[+-]digits], at least one digit
// before the exponent: the digits without the point (mant), and the
// power of ten they are multiplied by.
func parseNumber(s string) (neg bool, mant string, exp int, ok bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var digits []byte
	for i < len(s) && isDigit(s[i]) {
		digits = append(digits, s[i])
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			digits = append(digits, s[i])
			exp--
			i++
		}
	}
	if len(digits) == 0 {
		return false, "", 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start, e := i, 0
		for i < len(s) && isDigit(s[i]) {
			if e < 100000 {
				e = e*10 + int(s[i]-'0')
			}
			i++
		}
		if i == start {
			return false, "", 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	return neg, string(digits), exp, i == len(s)
}
