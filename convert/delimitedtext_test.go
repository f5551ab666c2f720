package convert

import (
	"errors"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// TestDelimitedText: the SPEC's "What spreadsheet programs write" ->
// "Delimited text", row for row.
func TestDelimitedText(t *testing.T) {
	const std = "External ID,Status,Metric Value,As Of Date,Comment\n"
	tests := []struct {
		name  string
		in    string
		opts  Options
		want  []schema.Update
		errs  []string
		fatal string // an error of the whole input
	}{
		{name: "text formula keeps leading zeros", in: std + "=\"00123\",On Track,,2025-07-03,\n\"=\"\"007\"\"\",On Track,,2025-07-03,=\"a, b\"\n",
			want: []schema.Update{u("00123", "On Track", "", "2025-07-03", ""), u("007", "On Track", "", "2025-07-03", "a, b")}},
		{name: "an ID in E-notation has lost its digits", in: std + "1.23457E+15,On Track,,2025-07-03,\n1E+20,On Track,,2025-07-03,\nA-1E+5,On Track,,2025-07-03,\n",
			want: []schema.Update{u("A-1E+5", "On Track", "", "2025-07-03", "")},
			errs: []string{
				`t.csv:2: externalId "1.23457E+15": an External ID in E-notation, its digits lost; expected the External ID with all its digits (this is how a spreadsheet shows a number too long for its cell, and how Excel saved it: the other digits are gone; in Excel, format the ID column as Text, enter the IDs again, and save)`,
				`t.csv:3: externalId "1E+20": an External ID in E-notation, its digits lost; expected the External ID with all its digits (this is how a spreadsheet shows a number too long for its cell, and how Excel saved it: the other digits are gone; in Excel, format the ID column as Text, enter the IDs again, and save)`,
			}},
		{name: "a number of 17 digits is refused", in: std + "A1,On Track,12345678901234567,2025-07-03,\nA2,On Track,0.1234567890123456,2025-07-03,\n",
			want: []schema.Update{u("A2", "On Track", "0.1234567890123456", "2025-07-03", "")},
			errs: []string{`t.csv:2: metricValue "12345678901234567": more digits than a number keeps; expected a number of at most 16 significant digits (it has 17; the rest would be changed without a word)`}},
		{name: "a number of 16 digits a number does not keep", in: std + "A1,On Track,9007199254740993,2025-07-03,\n",
			errs: []string{`t.csv:2: metricValue "9007199254740993": more digits than a number keeps; expected a number of at most 16 significant digits (it has 16, and a number does not keep these: it would be written 9007199254740992)`}},
		{name: "bytes that are not UTF-8 in a UTF-8 file", in: std + "A1,On Track,,2025-07-03,Café\nA2,On Track,,2025-07-03,caf\xe9\n",
			fatal: `t.csv:3: malformed input: the byte 0xE9 is not valid UTF-8, while line 2 is UTF-8: the file mixes two encodings, or is damaged; save the file again as "CSV UTF-8"`},
		{name: "utf-16 without a byte-order mark", in: string(utf16LE(std + "A1,On Track,,2025-07-03,Café\n")),
			want: []schema.Update{u("A1", "On Track", "", "2025-07-03", "Café")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs, err := readAll(t, "t.csv", []byte(tt.in), tt.opts)
			if tt.fatal != "" {
				if err == nil || err.Error() != tt.fatal || !errors.Is(err, sheet.ErrMalformed) {
					t.Fatalf("error %v, want %q", err, tt.fatal)
				}
				return
			}
			if err != nil {
				t.Fatalf("fatal error: %v", err)
			}
			if !equalUpdates(got, tt.want) {
				t.Errorf("records:\n got %+v\nwant %+v", got, tt.want)
			}
			if strings.Join(errs, "\n") != strings.Join(tt.errs, "\n") {
				t.Errorf("errors:\n got %q\nwant %q", errs, tt.errs)
			}
		})
	}
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xffff {
			panic("BMP only")
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestExponentID(t *testing.T) {
	for s, want := range map[string]bool{
		"1.23457E+15": true, "1E+20": true, "-2.5E-05": true, "9.99999e+11": true, "1.2E+123": true,
		"1.23457E15": false, "12E+5": false, "0E+1": false, "1.E+5": false, "A1E+5": false, "1.2E+": false,
		"1.2E+12345": false, "E+15": false, "1,2E+15": false, "123": false, "": false,
	} {
		if got := exponentID(s); got != want {
			t.Errorf("exponentID(%q) = %v, want %v", s, got, want)
		}
	}
}
