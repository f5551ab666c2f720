package fidelity

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The SPEC's readings of a shown value, written apart from the converter's
// (see the package comment). Each returns the field's value as the user
// means it, or an error that says why the SPEC refuses it; errCannotJudge
// marks a shown value this harness does not know how to read, which is a
// fault of the fixture, not of ait-convert.

var errCannotJudge = errors.New("the harness cannot judge this shown value; keep fixtures to the forms read.go knows")

// statuses are AchieveIt's seven, by their folded spelling.
var statuses = map[string]string{
	"notstarted": "Not Started", "ontrack": "On Track", "offtrack": "Off Track", "atrisk": "At Risk",
	"achieved": "Achieved", "notachieved": "Not Achieved", "canceled": "Canceled", "cancelled": "Canceled",
}

func foldStatus(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' || r == '\t' {
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// readStatus is the status a shown status means, through the run's status
// map first (its keys compared without regard to case).
func readStatus(shown string, statusMap map[string]string) (string, error) {
	s := strings.TrimSpace(shown)
	if s == "" {
		return "", errors.New("status is required")
	}
	for from, to := range statusMap {
		if strings.EqualFold(strings.TrimSpace(from), s) {
			s = to
			break
		}
	}
	if st, ok := statuses[foldStatus(s)]; ok {
		return st, nil
	}
	return "", fmt.Errorf("%q is not a status", shown)
}

// decimalText is the exact decimal a plain number text holds, in its
// shortest form ("0.5400" is "0.54"), or false.
func decimalText(s string) (string, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return "", false
	}
	return ratText(r), true
}

// ratText writes a rational that is a finite decimal without exponent.
func ratText(r *big.Rat) string {
	for prec := 0; prec <= 400; prec++ {
		s := r.FloatString(prec)
		if back, _ := new(big.Rat).SetString(s); back.Cmp(r) == 0 {
			return s
		}
	}
	return r.FloatString(400)
}

// shift divides a decimal text by 100, exactly.
func shift(dec string) string {
	r, _ := new(big.Rat).SetString(dec)
	return ratText(r.Quo(r, big.NewRat(100, 1)))
}

// doubleText is a double's shortest decimal text, without exponent.
func doubleText(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var numberShape = regexp.MustCompile(`^[+-]?\$?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$`)

// plainNumber reads a shown number: a sign, a dollar sign, grouping
// commas, a decimal point, an exponent; U+2212 as minus. It returns the
// exact decimal and how many decimals were shown.
func plainNumber(s string) (dec string, decimals int, ok bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\u2212", "-")
	if s == "" || !numberShape.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
		return "", 0, false
	}
	body := strings.NewReplacer(",", "", "$", "", "+", "").Replace(s)
	mant := body
	if i := strings.IndexAny(body, "eE"); i >= 0 {
		mant, decimals = body[:i], 20 // an exponent: judged by the relative tolerance alone
	}
	if i := strings.IndexByte(mant, '.'); i >= 0 && decimals == 0 {
		decimals = len(mant) - i - 1
	}
	dec, ok = decimalText(body)
	return dec, decimals, ok
}

// readMetricText reads a metric typed as text: "54%", "54.3 %", "0.5",
// "1,234.5", "$1,234.50".
func readMetricText(shown string) (string, error) {
	s := strings.TrimSpace(shown)
	pct := strings.HasSuffix(s, "%")
	if pct {
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	dec, _, ok := plainNumber(s)
	if !ok {
		return "", fmt.Errorf("%q is not a number", shown)
	}
	if pct {
		return shift(dec), nil
	}
	return dec, nil
}

// readMetricNumber reads a number cell: its value, which the shown text
// must be a rounding of. A shown percent sign is a percent format (the
// shown number is the value times 100: the value is the fraction) or a
// literal one (0"%" or 0\% shows 54% for 54: the fraction is 0.54).
func readMetricNumber(v float64, shown string) (string, error) {
	s := strings.TrimSpace(shown)
	pct := strings.HasSuffix(s, "%")
	if pct {
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		s = "-" + s[1:len(s)-1] // a format that shows negative numbers in brackets
	}
	dec, decimals, ok := plainNumber(s)
	if !ok {
		return "", fmt.Errorf("number %v shown as %q: %w", v, shown, errCannotJudge)
	}
	n, _ := strconv.ParseFloat(dec, 64)
	near := func(a, b float64) bool {
		tol := 0.5*math.Pow(10, -float64(decimals)) + 1e-9*math.Max(math.Abs(a), math.Abs(b))
		return math.Abs(a-b) <= tol
	}
	switch {
	case !pct && near(v, n):
		return doubleText(v), nil
	case pct && near(v*100, n):
		return doubleText(v), nil
	case pct && near(v, n):
		return shift(doubleText(v)), nil
	}
	return "", fmt.Errorf("number %v shown as %q: %w", v, shown, errCannotJudge)
}

var (
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$`)
	slashDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	dotDate   = regexp.MustCompile(`^(\d{1,2})\.(\d{1,2})\.(\d{4})$`)
	namedDate = regexp.MustCompile(`^([A-Z][a-z]{2}) (\d{1,2}), (\d{4})$`)
)

// readDateText reads a date typed as text, in the forms the fixtures use:
// ISO (a time part dropped), a slashed date whose order its numbers show,
// a dotted day-first date, "Jul 3, 2025".
func readDateText(shown string) (string, error) {
	s := strings.TrimSpace(shown)
	valid := func(y, m, d string) (string, error) {
		t, err := time.Parse("2006-1-2", y+"-"+m+"-"+d)
		if err != nil {
			return "", fmt.Errorf("%q is not a date", shown)
		}
		return t.Format("2006-01-02"), nil
	}
	if m := isoDate.FindStringSubmatch(s); m != nil {
		return valid(m[1], m[2], m[3])
	}
	if m := dotDate.FindStringSubmatch(s); m != nil {
		return valid(m[3], m[2], m[1])
	}
	if m := slashDate.FindStringSubmatch(s); m != nil {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		switch {
		case a > 12 && b <= 12:
			return valid(m[3], m[2], m[1])
		case b > 12 && a <= 12:
			return valid(m[3], m[1], m[2])
		case a == b:
			return valid(m[3], m[1], m[2])
		}
		return "", fmt.Errorf("%q: %w", shown, errCannotJudge)
	}
	if m := namedDate.FindStringSubmatch(s); m != nil {
		t, err := time.Parse("Jan 2, 2006", s)
		if err != nil {
			return "", fmt.Errorf("%q is not a date", shown)
		}
		return t.Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("%q: %w", shown, errCannotJudge)
}
