package formula

import (
	"strconv"
	"strings"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tStr
	tIdent // a name, a reference, TRUE
	tRef   // an OpenFormula reference, [ ... ] without its brackets
	tErr   // #DIV/0!
	tOp    // + - * / ^ & = <> < > <= >= % :
	tLParen
	tRParen
	tSep // an argument separator
	tBad
)

type token struct {
	kind tokKind
	text string
	num  float64
}

var errorLiterals = []string{"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}

// next reads the next token.
func (p *parser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r' || p.src[p.pos] == '\t') {
		p.pos++
	}
	if p.pos >= len(p.src) {
		p.tok = token{kind: tEOF}
		return
	}
	s, c := p.src[p.pos:], p.src[p.pos]
	switch {
	case c >= '0' && c <= '9' || c == '.' && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
		n := numberLen(s)
		// "1:3" is a range of rows, read as a name.
		if n < len(s) && s[n] == ':' && p.syntax == Excel && !strings.ContainsAny(s[:n], ".eE") {
			p.ident()
			return
		}
		f, err := strconv.ParseFloat(s[:n], 64)
		if err != nil {
			p.tok = token{kind: tBad, text: s[:n]}
		} else {
			p.tok = token{kind: tNum, text: s[:n], num: f}
		}
		p.pos += n
	case c == '"':
		var b strings.Builder
		i := 1
		for {
			if i >= len(s) {
				p.tok = token{kind: tBad, text: s}
				p.pos = len(p.src)
				return
			}
			if s[i] == '"' {
				if i+1 < len(s) && s[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				break
			}
			b.WriteByte(s[i])
			i++
		}
		p.tok = token{kind: tStr, text: b.String()}
		p.pos += i + 1
	case c == '#':
		for _, e := range errorLiterals {
			if strings.HasPrefix(strings.ToUpper(s), e) {
				p.tok = token{kind: tErr, text: e}
				p.pos += len(e)
				return
			}
		}
		p.tok = token{kind: tBad, text: s[:1]}
		p.pos++
	case c == '[' && p.syntax == OpenFormula:
		end := strings.IndexByte(s, ']')
		if end < 0 {
			p.tok = token{kind: tBad, text: s}
			p.pos = len(p.src)
			return
		}
		p.tok = token{kind: tRef, text: s[1:end]}
		p.pos += end + 1
	case c == '(':
		p.tok = token{kind: tLParen, text: "("}
		p.pos++
	case c == ')':
		p.tok = token{kind: tRParen, text: ")"}
		p.pos++
	case c == ',' && p.syntax == Excel, c == ';' && p.syntax == OpenFormula:
		p.tok = token{kind: tSep, text: s[:1]}
		p.pos++
	case strings.HasPrefix(s, "<>") || strings.HasPrefix(s, "<=") || strings.HasPrefix(s, ">="):
		p.tok = token{kind: tOp, text: s[:2]}
		p.pos += 2
	case strings.IndexByte("+-*/^&=<>%:", c) >= 0:
		p.tok = token{kind: tOp, text: s[:1]}
		p.pos++
	case c == '\'' && p.syntax == Excel:
		// A quoted sheet name: 'My Sheet'!A1.
		i := 1
		for i < len(s) {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					i += 2
					continue
				}
				break
			}
			i++
		}
		if i >= len(s) || i+1 >= len(s) || s[i+1] != '!' {
			p.tok = token{kind: tBad, text: s}
			p.pos = len(p.src)
			return
		}
		p.pos += i + 2
		rest := p.src[p.pos:]
		n := identLen(rest)
		p.tok = token{kind: tIdent, text: s[:i+2] + rest[:n]}
		p.pos += n
	case isIdentStart(c):
		p.ident()
	default:
		p.tok = token{kind: tBad, text: s[:1]}
		p.pos++
	}
}

// ident reads a name, a reference (A1, $A$1, Sheet1!A1, A:A, 1:1) or a
// function's name.
func (p *parser) ident() {
	s := p.src[p.pos:]
	n := identLen(s)
	if n < len(s) && s[n] == '!' { // Sheet1!A1
		m := identLen(s[n+1:])
		n += 1 + m
	}
	p.tok = token{kind: tIdent, text: s[:n]}
	p.pos += n
}

func isIdentStart(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == '$' || c == '\\' || c >= 0x80
}

func identLen(s string) int {
	i := 0
	for i < len(s) {
		c := s[i]
		if isIdentStart(c) || c >= '0' && c <= '9' || c == '.' {
			i++
			continue
		}
		break
	}
	return i
}

func numberLen(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	return i
}
