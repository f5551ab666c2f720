package convert

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Delimiters detected in delimited text, most likely first.
var delimiters = []byte{',', ';', '\t', '|'}

// delimitedSource reads rows of delimited text with encoding/csv. Parsing
// runs on its own goroutine, a batch of rows ahead, so that it and the
// normalizing and writing use two cores.
type delimitedSource struct {
	name    string
	cr      *csv.Reader
	batches chan rowBatch
	quit    chan struct{}
	cur     rowBatch
	i       int
	started bool
	oneCore bool   // parse on the caller's goroutine
	slab    []Cell // cells for the rows to come, cut off a row at a time
}

// rowBatch is a run of rows; err, after them, ends the input.
type rowBatch struct {
	rows []row
	err  error
}

const rowBatchSize = 512

func (s *delimitedSource) start() {
	s.started = true
	s.batches = make(chan rowBatch, 4)
	s.quit = make(chan struct{})
	go func() {
		defer close(s.batches)
		for {
			b := rowBatch{rows: make([]row, 0, rowBatchSize)}
			for len(b.rows) < rowBatchSize {
				r, err := s.read()
				if err != nil {
					b.err = err
					break
				}
				b.rows = append(b.rows, r)
			}
			select {
			case s.batches <- b:
			case <-s.quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
}

// read parses one record into a row of its own.
func (s *delimitedSource) read() (row, error) {
	rec, err := s.cr.Read()
	if err != nil {
		if err == io.EOF {
			return row{}, io.EOF
		}
		return row{}, CSVError(err)
	}
	line, _ := s.cr.FieldPos(0)
	// One allocation for many rows' cells (each row keeps only its own
	// part, which nobody appends to).
	if cap(s.slab)-len(s.slab) < len(rec) {
		s.slab = make([]Cell, 0, max(256*len(rec), 1024))
	}
	n := len(s.slab)
	s.slab = s.slab[:n+len(rec)]
	cells := s.slab[n : n+len(rec) : n+len(rec)]
	for i, f := range rec {
		cells[i] = Cell{Value: f}
	}
	return row{cells: cells, num: line}, nil
}

func (s *delimitedSource) next() (row, error) {
	if s.oneCore {
		return s.read()
	}
	if !s.started {
		s.start()
	}
	for s.i >= len(s.cur.rows) {
		if s.cur.err != nil {
			return row{}, s.cur.err
		}
		b, ok := <-s.batches
		if !ok {
			return row{}, io.EOF
		}
		s.cur, s.i = b, 0
	}
	r := s.cur.rows[s.i]
	s.cur.rows[s.i] = row{}
	s.i++
	return r, nil
}

func (s *delimitedSource) place(num, col int) Place {
	return Place{File: s.name, Line: num, Index: -1}
}

// close tells the parsing goroutine to stop. It does not wait: the
// goroutine may be blocked reading a terminal or a pipe that has not ended,
// and only it touches its reader, so it ends at its next read or send.
func (s *delimitedSource) close() error {
	if s.started {
		close(s.quit)
	}
	return nil
}

// openDelimited sets up a delimited-text source and finds its header, or
// reads it as headerless in the article's column order.
func (r *Reader) openDelimited(br *bufio.Reader, m *HeaderMatcher, opts Options) error {
	text := bufio.NewReaderSize(decodeText(br), 64<<10)
	head, _ := text.Peek(64 << 10)
	if len(bytes.TrimSpace(head)) == 0 {
		return ErrEmpty
	}
	cr := NewCSVReader(text, detectDelimiter(head, strings.HasSuffix(strings.ToLower(r.name), ".tsv")))
	cr.ReuseRecord = true // read copies the fields into cells at once
	src := &delimitedSource{name: r.name, cr: cr, oneCore: opts.OneCore}
	r.src = src
	cols, rest, seen, err := findHeader(src, m, opts.HeaderRow)
	switch {
	case err == nil:
		r.cols, r.src = cols, rest
		r.stats.HeaderRow = cols.row
		return nil
	case errors.Is(err, ErrNoHeader) && opts.HeaderRow == 0 && headerless(rest.buf):
		r.cols = columns{index: map[string]int{}, header: defaultOrderHeader()}
		for i, f := range defaultOrder() {
			r.cols.index[f] = i
		}
		r.src = rest
		return nil
	case errors.Is(err, ErrNoHeader):
		return fmt.Errorf("%w (%s); name the ID column with --map 'COLUMN=externalId', or give --header-row N", ErrNoHeader, describeHeaders(seen))
	}
	return err
}

// headerless tells whether rows without a header can be read in the default
// column order: the first row with values has 4 or 5 columns.
func headerless(rows []row) bool {
	for _, r := range rows {
		if rowBlank(&r) {
			continue
		}
		n := len(r.cells)
		for n > 0 && r.cells[n-1].empty() {
			n--
		}
		return len(r.cells) == 4 || len(r.cells) == 5 || n == 4 || n == 5
	}
	return false
}

// detectDelimiter picks the delimiter whose count per line is the most
// consistent over the first lines, counting outside quotes.
func detectDelimiter(head []byte, tsv bool) rune {
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

// splitLogicalLines splits text at line ends outside quotes, at most n lines,
// dropping the last one when it may be cut short.
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
