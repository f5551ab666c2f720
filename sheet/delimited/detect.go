package delimited

import "bytes"

// Delimiters detected in delimited text, most likely first.
var delimiters = []byte{',', ';', '\t', '|'}

// DetectDelimiter picks the delimiter of delimited text from its first
// bytes: the one of , ; tab | whose count per line is the most consistent
// over the first lines, counting outside quotes. tsv prefers tab on a tie.
func DetectDelimiter(head []byte, tsv bool) rune {
	lines := splitLogicalLines(head, 20)
	best, bestScore := byte(','), -1
	if tsv {
		best = '\t'
	}
	for _, d := range delimiters {
		counts := map[int]int{}
		for _, l := range lines {
			if n := countOutsideQuotes(l, d); n > 0 {
				counts[n]++
			}
		}
		mode, freq := 0, 0
		for n, f := range counts {
			if f > freq || f == freq && n > mode {
				mode, freq = n, f
			}
		}
		if freq == 0 {
			continue
		}
		score := freq*1000 + mode
		if score > bestScore || score == bestScore && tsv && d == '\t' {
			best, bestScore = d, score
		}
	}
	return rune(best)
}

// splitLogicalLines splits text at line ends outside quotes, at most n
// lines.
func splitLogicalLines(b []byte, n int) [][]byte {
	var lines [][]byte
	inQ := false
	start := 0
	for i := 0; i < len(b) && len(lines) < n; i++ {
		switch b[i] {
		case '"':
			inQ = !inQ
		case '\n':
			if !inQ {
				if l := bytes.TrimRight(b[start:i], "\r"); len(bytes.TrimSpace(l)) > 0 {
					lines = append(lines, l)
				}
				start = i + 1
			}
		}
	}
	if len(lines) == 0 && start < len(b) {
		lines = append(lines, b[start:])
	}
	return lines
}

func countOutsideQuotes(l []byte, d byte) int {
	n := 0
	inQ := false
	for _, c := range l {
		switch {
		case c == '"':
			inQ = !inQ
		case c == d && !inQ:
			n++
		}
	}
	return n
}
