package submit

import (
	"strconv"
	"unicode/utf8"
)

// Redacted stands where a key was.
const Redacted = "[REDACTED]"

// minRun is the shortest part of a key that is redacted where it appears:
// a server that echoes the key cut short (a message truncated in the middle
// of it) still shows none of it that long.
const minRun = 6

// Redact replaces in s the key and every run of minRun or more of its
// characters, written as they are or JSON-escaped (\u0053 for S, \/ for
// /). A key shorter than minRun is replaced only whole.
func Redact(s, key string) string {
	if key == "" || s == "" {
		return s
	}
	// The text as decoded characters, each with the bytes of s it came
	// from.
	type ch struct {
		r          rune
		start, end int
	}
	chars := make([]ch, 0, len(s))
	for i := 0; i < len(s); {
		r, n := decodeEscaped(s[i:])
		chars = append(chars, ch{r, i, i + n})
		i += n
	}
	keyRunes := []rune(key)
	run := min(minRun, len(keyRunes))
	grams := map[string]bool{}
	for i := 0; i+run <= len(keyRunes); i++ {
		grams[string(keyRunes[i:i+run])] = true
	}
	covered := make([]bool, len(chars))
	buf := make([]rune, run)
	found := false
	for i := 0; i+run <= len(chars); i++ {
		for k := range run {
			buf[k] = chars[i+k].r
		}
		if grams[string(buf)] {
			found = true
			for k := range run {
				covered[i+k] = true
			}
		}
	}
	if !found {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(chars); {
		if !covered[i] {
			out = append(out, s[chars[i].start:chars[i].end]...)
			i++
			continue
		}
		for i < len(chars) && covered[i] {
			i++
		}
		out = append(out, Redacted...)
	}
	return string(out)
}

// decodeEscaped reads one character of s: a JSON escape (\uXXXX, \/,
// \") as the character it stands for, else the character as written.
func decodeEscaped(s string) (rune, int) {
	if len(s) >= 2 && s[0] == '\\' {
		switch s[1] {
		case 'u':
			if len(s) >= 6 {
				if v, err := strconv.ParseUint(s[2:6], 16, 32); err == nil {
					return rune(v), 6
				}
			}
		case '/', '"', '\\':
			return rune(s[1]), 2
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	return r, n
}
