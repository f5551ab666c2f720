package sheet

import "fmt"

// Excel's own limits on a worksheet.
const (
	MaxRows    = 1 << 20 // 1,048,576 rows
	MaxColumns = 1 << 14 // 16,384 columns, A to XFD
)

// Limits bound what a reader accepts, so that no input, however built,
// takes more memory or time than its real content needs. Each cap names
// itself in its error (see docs/limits.md). The zero value of a field
// means its default.
type Limits struct {
	// MaxPartSize is how many bytes one part of a workbook (a worksheet,
	// the shared strings) may inflate to; MaxRatio how many times its
	// compressed size. Past either the workbook is refused as a possible
	// zip bomb.
	MaxPartSize int64
	MaxRatio    int64
	// MaxSmallPart is how many bytes each structural part (the workbook,
	// its styles, relationships and content types) may inflate to.
	MaxSmallPart int64
	// MaxSheets, MaxStyles, MaxFormats and MaxStrings cap the number of
	// sheets, cell styles, number formats and shared strings of a
	// workbook: far above anything a spreadsheet program writes.
	MaxSheets  int
	MaxStyles  int
	MaxFormats int
	MaxStrings int
	// MaxRows and MaxColumns are Excel's own: 1,048,576 rows and 16,384
	// columns a sheet.
	MaxRows    int
	MaxColumns int
	// MaxCellBytes is the longest text one cell may hold, in bytes as
	// stored; MaxRowBytes the longest row of delimited text.
	MaxCellBytes int
	MaxRowBytes  int
	// StringsInMemory is how many bytes of a workbook's shared strings are
	// kept in memory (the first ones: headers and status words, which
	// every row uses); the rest go to a temporary file, removed when the
	// workbook is closed, and come back a block at a time.
	StringsInMemory int64
	// FormulaRows is how many rows above a formula saved without its value
	// it may refer to (besides the first 100 rows of its sheet): the rows
	// kept while the sheet streams.
	FormulaRows int
}

// DefaultLimits allow any workbook a spreadsheet program writes, several
// million rows included, and refuse what only a hostile file holds.
var DefaultLimits = Limits{
	MaxPartSize:  4 << 30,
	MaxRatio:     1000,
	MaxSmallPart: 64 << 20,
	MaxSheets:    10_000,
	MaxStyles:    1_000_000,
	MaxFormats:   100_000,
	MaxStrings:   1 << 24,
	MaxRows:      MaxRows,
	MaxColumns:   MaxColumns,
	MaxCellBytes: 1 << 20,
	MaxRowBytes:  16 << 20,

	StringsInMemory: 8 << 20,
	FormulaRows:     1000,
}

// OrDefault returns l with every zero field set to its default.
func (l Limits) OrDefault() Limits {
	d := DefaultLimits
	set64 := func(v *int64, def int64) {
		if *v <= 0 {
			*v = def
		}
	}
	set := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	set64(&l.MaxPartSize, d.MaxPartSize)
	set64(&l.MaxRatio, d.MaxRatio)
	set64(&l.MaxSmallPart, d.MaxSmallPart)
	set(&l.MaxSheets, d.MaxSheets)
	set(&l.MaxStyles, d.MaxStyles)
	set(&l.MaxFormats, d.MaxFormats)
	set(&l.MaxStrings, d.MaxStrings)
	set(&l.MaxRows, d.MaxRows)
	set(&l.MaxColumns, d.MaxColumns)
	set(&l.MaxCellBytes, d.MaxCellBytes)
	set(&l.MaxRowBytes, d.MaxRowBytes)
	set64(&l.StringsInMemory, d.StringsInMemory)
	set(&l.FormulaRows, d.FormulaRows)
	return l
}

// TooLarge returns the error of a cap: what passed it, the cap's name and
// its value.
func TooLarge(what, limit string, value int64) error {
	hint := ""
	if f, ok := limitFlags[limit]; ok {
		hint = "; " + f + " raises it"
	}
	return fmt.Errorf("%w: %s (limit %s: %s%s; see docs/limits.md)", ErrTooLarge, what, limit, Count(value), hint)
}

// limitFlags are the command-line flags that move a limit.
var limitFlags = map[string]string{"MaxPartSize": "--max-part-size"}

// Count writes n with thousands separators: 1,048,576.
func Count(n int64) string {
	s := fmt.Sprint(n)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}
