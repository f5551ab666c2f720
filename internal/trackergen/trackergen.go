// Package trackergen writes large trackers for benchmarks, with data that
// looks like the trackers people keep, not data that flatters a cache:
//
//   - External IDs as AchieveIt exports them: UUIDs, and a fifth numeric
//     (stored as number cells in a workbook, as Excel keeps them after
//     opening an export);
//   - As Of Dates spread over five years, a fifth of them typed as text in
//     mixed forms (2024-03-15, Mar 15, 2024, 15 March 2024, 15.03.2024,
//     3/15/2024);
//   - metrics as Excel stores them: percent cells holding doubles written
//     with 17 digits (0.54300000000000004), "54%" and "54.5%" typed as
//     text, plain fractions (0.54 in a cell without a percent format),
//     and some left empty;
//   - statuses: the seven standard ones, or with Options.Custom an
//     organization's own (CustomStatuses);
//   - comments of 0-400 characters with quotes, commas, line breaks and
//     non-ASCII text, a fifth of them empty.
//
// The rows come from a seeded generator, so a seed gives the same tracker
// as xlsx and as CSV, every time.
package trackergen

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Statuses are the seven standard statuses.
var Statuses = []string{"Not Started", "On Track", "Off Track", "At Risk", "Achieved", "Not Achieved", "Cancelled"}

// CustomStatuses are an organization's own statuses, for trackers made
// with Options.Custom (ait-convert --statuses takes them).
var CustomStatuses = []string{"Ahead", "On Plan", "Behind", "Blocked", "Done"}

// Columns is the header of the generated tracker.
var Columns = []string{"External ID", "Plan Item", "Status", "% Complete", "As Of Date", "Comments"}

// Options shape a generated tracker.
type Options struct {
	Rows   int
	Seed   uint64
	Inline bool // xlsx: each row's strings inline, not shared
	Custom bool // statuses from CustomStatuses
	// Items is how many plan items the rows update, each row one drawn at
	// random; 0 gives every row an item of its own. WriteIDs writes the
	// External IDs export of the same items.
	Items int
	// UnknownStatuses gives every row a status word of its own ("Phase
	// 0000042"), none of them a status: every row is an error of its own
	// kind, the worst case for error grouping and --annotate.
	UnknownStatuses bool
	// DatesSettledLast types every row's As Of Date as text D/M/YYYY with
	// the day and the month both 12 or less, so that the column's order
	// stays open, until the last row (31/12/2024) settles it day-first:
	// every row waits, the worst case for the converter's waiting queue.
	DatesSettledLast bool
}

// WriteXLSX writes a workbook with a header row and n data rows.
func WriteXLSX(w io.Writer, n int) error { return Write(w, "xlsx", Options{Rows: n}) }

// WriteXLSXInline writes the same workbook with each row's strings inline,
// as some writers do: the shared strings then hold only the header and the
// statuses, whatever n is.
func WriteXLSXInline(w io.Writer, n int) error {
	return Write(w, "xlsx", Options{Rows: n, Inline: true})
}

// WriteCSV writes the same tracker as CSV, as a spreadsheet exports it.
func WriteCSV(w io.Writer, n int) error { return Write(w, "csv", Options{Rows: n}) }

// Write writes a tracker in format "xlsx" or "csv".
func Write(w io.Writer, format string, o Options) error {
	switch format {
	case "xlsx":
		return writeXLSX(w, o)
	case "csv":
		return writeCSV(w, o)
	}
	return fmt.Errorf("trackergen: no format %q", format)
}

// metricKind is how a row's metric is kept.
type metricKind uint8

const (
	metricEmpty   metricKind = iota
	metricPercent            // a percent cell holding a fraction
	metricText               // "54%" typed as text
	metricNumber             // a plain number
)

// row is one generated tracker row, before it is written in a format.
type row struct {
	id        string
	numericID bool
	item      string
	status    string
	metric    metricKind
	value     float64 // the fraction (percent) or the number
	textValue string  // the metric typed as text
	day       time.Time
	textDate  string // the date typed as text, or "" for a date cell
	comment   string
}

// gen makes rows from a seed.
type gen struct {
	r        *rand.Rand
	seed     uint64
	items    int
	statuses []string
	unknown  bool
	rows     int
	datesDMY bool // DatesSettledLast
	buf      strings.Builder
}

func newGen(o Options) *gen {
	g := &gen{r: rand.New(rand.NewPCG(o.Seed, o.Seed^0x9e3779b97f4a7c15)), seed: o.Seed, items: o.Items, statuses: Statuses, unknown: o.UnknownStatuses, rows: o.Rows, datesDMY: o.DatesSettledLast}
	if o.Custom {
		g.statuses = CustomStatuses
	}
	return g
}

var firstDay = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

const fiveYears = 5*365 + 1

var words = []string{
	"budget", "milestone", "review", "the", "team", "and", "on", "schedule", "delayed", "vendor",
	"Q3", "pilot", "rollout", "staffing", "approved", "pending", "board", "risk", "mitigation", "plan",
	"Überprüfung", "réunion", "São Paulo", "naïve", "façade", "Zürich", "日本語のメモ", "Ελλάδα", "—", "€1,200",
	"\"quoted\"", "50%", "(see above)", "it's", "e.g.", "n/a", "12/2025", "#4711", "&", "<draft>",
}

func (g *gen) next(i int) row {
	r := g.r
	var rw row
	item := i
	if g.items > 0 {
		item = r.IntN(g.items)
	}
	rw.id, rw.numericID, rw.item = itemOf(g.seed, item)
	rw.status = g.statuses[r.IntN(len(g.statuses))]
	if g.unknown {
		rw.status = fmt.Sprintf("Phase %07d", i)
	}
	switch k := r.IntN(20); {
	case k < 14:
		rw.metric, rw.value = metricPercent, float64(r.IntN(1001))/1000
	case k < 17:
		rw.metric = metricText
		if r.IntN(2) == 0 {
			rw.textValue = strconv.Itoa(r.IntN(101)) + "%"
		} else {
			rw.textValue = strconv.Itoa(r.IntN(100)) + "." + strconv.Itoa(1+r.IntN(9)) + "%"
		}
	case k < 19:
		// A fraction typed into a cell without a percent format, as
		// people do in a "% Complete" column: never a bare number above
		// 1, which such a column refuses (it could be percentage points).
		rw.metric, rw.value = metricNumber, float64(r.IntN(1001))/1000
	}
	rw.day = firstDay.AddDate(0, 0, r.IntN(fiveYears))
	if r.IntN(5) == 0 {
		y, m, d := rw.day.Date()
		switch r.IntN(5) {
		case 0:
			rw.textDate = rw.day.Format("2006-01-02")
		case 1:
			rw.textDate = rw.day.Format("Jan 2, 2006")
		case 2:
			rw.textDate = rw.day.Format("2 January 2006")
		case 3:
			rw.textDate = fmt.Sprintf("%02d.%02d.%d", d, m, y)
		default:
			rw.textDate = fmt.Sprintf("%d/%d/%d", m, d, y)
		}
	}
	if g.datesDMY {
		if i == g.rows-1 {
			rw.day = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
		} else {
			rw.day = time.Date(2021+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(12), 0, 0, 0, 0, time.UTC)
		}
		y, m, d := rw.day.Date()
		rw.textDate = fmt.Sprintf("%d/%d/%d", d, m, y)
	}
	if r.IntN(5) != 0 {
		n := r.IntN(401)
		b := &g.buf
		b.Reset()
		for b.Len() < n {
			if b.Len() > 0 {
				switch r.IntN(12) {
				case 0:
					b.WriteString(", ")
				case 1:
					b.WriteString(". ")
				case 2:
					b.WriteString("\n")
				default:
					b.WriteByte(' ')
				}
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		rw.comment = strings.TrimSpace(b.String())
	}
	return rw
}

// itemOf is plan item k of a seed: its External ID (a UUID, or for a
// fifth of the items a number), and its name.
func itemOf(seed uint64, k int) (id string, numeric bool, name string) {
	r := rand.New(rand.NewPCG(seed^0x5851f42d4c957f2d, uint64(k)))
	name = fmt.Sprintf("%s %d: %s %s", []string{"Objective", "Strategy", "Action", "KPI"}[r.IntN(4)], k+1, words[r.IntN(20)], words[r.IntN(20)])
	if r.IntN(5) == 0 {
		return strconv.Itoa(1_000_000 + k), true, name
	}
	var b [16]byte
	for j := 0; j < 16; j += 8 {
		v := r.Uint64()
		for n := 0; n < 8; n++ {
			b[j+n] = byte(v >> (8 * n))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), false, name
}

// WriteIDs writes the External IDs export of the items of o (o.Items of
// them, or o.Rows when it is 0) as CSV: External ID, Name.
func WriteIDs(w io.Writer, o Options) error {
	n := o.Items
	if n == 0 {
		n = o.Rows
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("External ID,Name\r\n")
	for k := 0; k < n; k++ {
		id, _, name := itemOf(o.Seed, k)
		fmt.Fprintf(bw, "%s,\"%s\"\r\n", id, strings.ReplaceAll(name, `"`, `""`))
	}
	return bw.Flush()
}

// serial is a day as Excel's 1900-system serial number.
func serial(t time.Time) int {
	return int(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// excelDouble writes a double as Excel stores it: 17 significant digits,
// so 0.543 is 0.54300000000000004.
func excelDouble(b []byte, v float64) []byte {
	if v == math.Trunc(v) {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, v, 'g', 17, 64)
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func writeXLSX(w io.Writer, o Options) error {
	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	// Shared strings are written in the order the sheet first uses them,
	// as Excel does: the header, the statuses, then each row's strings.
	// The sheet is written to a temporary buffer of cells per row, so both
	// parts come from one pass of the generator: the strings go to the
	// shared-strings part first (a zip writes one part at a time), so the
	// rows are generated twice from the same seed.
	g := newGen(o)
	fixed := map[string]int{}
	var shared []string
	intern := func(s string) int {
		if i, ok := fixed[s]; ok {
			return i
		}
		shared = append(shared, s)
		return len(shared) - 1
	}
	for _, s := range Columns {
		fixed[s] = intern(s)
	}
	for _, s := range g.statuses {
		fixed[s] = intern(s)
	}
	nfixed := len(shared)
	// Count the row strings first so that the part's counts are right.
	count := 0
	if !o.Inline {
		for i := 0; i < o.Rows; i++ {
			count += len(rowStrings(g.next(i)))
		}
	}
	ss, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	sb := bufio.NewWriterSize(ss, 1<<16)
	fmt.Fprintf(sb, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, nfixed+count, nfixed+count)
	writeSI := func(s string) {
		if strings.TrimSpace(s) != s || strings.Contains(s, "\n") {
			sb.WriteString(`<si><t xml:space="preserve">`)
		} else {
			sb.WriteString(`<si><t>`)
		}
		xmlEscaper.WriteString(sb, s)
		sb.WriteString(`</t></si>`)
	}
	for _, s := range shared {
		writeSI(s)
	}
	if !o.Inline {
		g = newGen(o)
		for i := 0; i < o.Rows; i++ {
			for _, s := range rowStrings(g.next(i)) {
				writeSI(s)
			}
		}
	}
	sb.WriteString("</sst>")
	if err := sb.Flush(); err != nil {
		return err
	}
	sh, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(sh, 1<<16)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F` + strconv.Itoa(o.Rows+1) + `"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	bw.WriteString(`<row r="1" spans="1:6">`)
	for c := range Columns {
		fmt.Fprintf(bw, `<c r="%c1" t="s"><v>%d</v></c>`, 'A'+c, c)
	}
	bw.WriteString(`</row>`)
	next := nfixed
	var b []byte
	var r string
	cell := func(col byte, attrs string) {
		b = append(b, `<c r="`...)
		b = append(b, col)
		b = append(b, r...)
		b = append(b, '"')
		b = append(b, attrs...)
		b = append(b, '>')
	}
	text := func(col byte, s string) {
		if o.Inline {
			cell(col, ` t="inlineStr"`)
			b = append(b, `<is><t xml:space="preserve">`...)
			b = append(b, xmlEscaper.Replace(s)...)
			b = append(b, `</t></is></c>`...)
			return
		}
		cell(col, ` t="s"`)
		b = append(b, `<v>`...)
		b = strconv.AppendInt(b, int64(next), 10)
		b = append(b, `</v></c>`...)
		next++
	}
	g = newGen(o)
	for i := 0; i < o.Rows; i++ {
		rw := g.next(i)
		r = strconv.Itoa(i + 2)
		b = append(b[:0], `<row r="`...)
		b = append(b, r...)
		b = append(b, `" spans="1:6">`...)
		if rw.numericID {
			cell('A', "")
			b = append(b, `<v>`...)
			b = append(b, rw.id...)
			b = append(b, `</v></c>`...)
		} else {
			text('A', rw.id)
		}
		text('B', rw.item)
		cell('C', ` t="s"`)
		b = append(b, `<v>`...)
		b = strconv.AppendInt(b, int64(fixed[rw.status]), 10)
		b = append(b, `</v></c>`...)
		switch rw.metric {
		case metricPercent, metricNumber:
			style := ` s="1"`
			if rw.metric == metricNumber {
				style = ""
			}
			cell('D', style)
			b = append(b, `<v>`...)
			b = excelDouble(b, rw.value)
			b = append(b, `</v></c>`...)
		case metricText:
			text('D', rw.textValue)
		}
		if rw.textDate != "" {
			text('E', rw.textDate)
		} else {
			cell('E', ` s="2"`)
			b = append(b, `<v>`...)
			b = strconv.AppendInt(b, int64(serial(rw.day)), 10)
			b = append(b, `</v></c>`...)
		}
		if rw.comment != "" {
			text('F', rw.comment)
		}
		b = append(b, `</row>`...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	bw.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// rowStrings are a row's shared strings in the order its cells use them.
func rowStrings(rw row) []string {
	s := make([]string, 0, 5)
	if !rw.numericID {
		s = append(s, rw.id)
	}
	s = append(s, rw.item)
	if rw.metric == metricText {
		s = append(s, rw.textValue)
	}
	if rw.textDate != "" {
		s = append(s, rw.textDate)
	}
	if rw.comment != "" {
		s = append(s, rw.comment)
	}
	return s
}

func writeCSV(w io.Writer, o Options) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(strings.Join(Columns, ",") + "\r\n")
	g := newGen(o)
	field := func(s string) {
		if strings.ContainsAny(s, "\",\r\n") {
			bw.WriteByte('"')
			bw.WriteString(strings.ReplaceAll(s, `"`, `""`))
			bw.WriteByte('"')
		} else {
			bw.WriteString(s)
		}
	}
	var b []byte
	for i := 0; i < o.Rows; i++ {
		rw := g.next(i)
		field(rw.id)
		bw.WriteByte(',')
		field(rw.item)
		bw.WriteByte(',')
		bw.WriteString(rw.status)
		bw.WriteByte(',')
		// As Excel's CSV export shows the cells: a percent cell as its
		// percentage with the format's digits, a number as stored.
		switch rw.metric {
		case metricPercent:
			b = strconv.AppendFloat(b[:0], rw.value*100, 'f', -1, 64)
			if len(b) > 6 {
				b = strconv.AppendFloat(b[:0], rw.value*100, 'f', 1, 64)
			}
			bw.Write(b)
			bw.WriteByte('%')
		case metricText:
			bw.WriteString(rw.textValue)
		case metricNumber:
			field(strconv.FormatFloat(rw.value, 'f', -1, 64))
		}
		bw.WriteByte(',')
		if rw.textDate != "" {
			field(rw.textDate)
		} else {
			y, m, d := rw.day.Date()
			fmt.Fprintf(bw, "%d/%d/%d", m, d, y)
		}
		bw.WriteByte(',')
		field(rw.comment)
		bw.WriteString("\r\n")
	}
	return bw.Flush()
}

// WriteHugeStrings writes a workbook of two records whose shared-strings
// part holds n strings of size bytes besides theirs: a file of a few
// megabytes that inflates to n*size bytes, for measuring memory.
func WriteHugeStrings(w io.Writer, n, size int) error {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" t="inlineStr"><is><t>2025-07-03</t></is></c></row>` +
			fmt.Sprintf(`<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" t="s"><v>%d</v></c></row>`, 6+n-1) +
			`</sheetData></worksheet>`},
	}
	for _, p := range parts {
		fw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, p.body); err != nil {
			return err
		}
	}
	fw, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fw, 1<<16)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, n+6, n+6)
	for _, s := range []string{"External ID", "Status", "As Of Date", "AA-1", "AA-2", "On Track"} {
		fmt.Fprintf(bw, "<si><t>%s</t></si>", s)
	}
	filler := strings.Repeat("x", size)
	for i := 0; i < n-1; i++ {
		fmt.Fprintf(bw, "<si><t>%s</t></si>", filler)
	}
	bw.WriteString("<si><t>2025-07-04</t></si></sst>")
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
