package sheet

// NumFmtKind tells from a number format whether a number cell is a date, a
// percentage or a plain number. Built-in ids 14-22 and 45-47 (and the East
// Asian 27-36, 50-58) are dates and times; 9 and 10 are percentages. A
// custom code is a date when it has d, m or y outside quotes and brackets,
// a percentage when it has % there.
func NumFmtKind(id int, code string) Kind {
	switch {
	case id == 9 || id == 10:
		return Percent
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		if code == "" {
			return Date
		}
	}
	if code == "" {
		return Number
	}
	date, percent := false, false
	inQuote := false
	depth := 0
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == '%':
			percent = true
		case c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y':
			date = true
		}
	}
	switch {
	case date:
		return Date
	case percent:
		return Percent
	}
	return Number
}

// DateCell is a number cell with a date format: its date in the 1900 or
// 1904 date system, the time of day dropped. A number below 1 in the 1900
// system (a time of day without a date) and one outside the dates a
// workbook can hold are errors, shown with the number as stored (raw).
func DateCell(serial float64, raw string, date1904 bool) Cell {
	if serial < 1 && !date1904 {
		return Cell{Value: raw + " (a time of day without a date)", Kind: ErrorValue}
	}
	d, err := SerialDate(serial, date1904)
	if err != nil {
		return Cell{Value: raw + " (" + err.Error() + ")", Kind: ErrorValue}
	}
	return Cell{Value: d, Kind: Date}
}
