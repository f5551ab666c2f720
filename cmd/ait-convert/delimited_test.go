package main

import (
	"path/filepath"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// TestDelimitedText: the SPEC's "Delimited text" rows as a user meets
// them: what is read, and what is refused with the flag that settles it.
func TestDelimitedText(t *testing.T) {
	csv := func(s string) []byte { return []byte(s) }
	utf16le := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r), byte(r>>8))
		}
		return b
	}
	const head = "External ID,Status,Metric Value,As Of Date\n"
	clitest.Golden(t, run, filepath.Join(td, "golden", "cli"), *update, []clitest.Scenario{
		clitest.Case("delimited-text-formula", csv(head+"=\"00123\",On Track,0.5,2025-07-03\n\"=\"\"007\"\"\",On Track,,2025-07-03\n"), "-f", "csv", "-"),
		clitest.Case("delimited-id-e-notation", csv(head+"1.23457E+15,On Track,0.5,2025-07-03\nA-2,On Track,0.5,2025-07-03\n"), "-"),
		clitest.Case("delimited-17-digits", csv(head+"A-1,On Track,12345678901234567,2025-07-03\n"), "-"),
		clitest.Case("delimited-bad-utf8", csv(head+"Café,On Track,0.5,2025-07-03\nA-2,On Track,0.5,2025-07-03\nA-3,On Tr\xe9ck,0.5,2025-07-03\n"), "-"),
		clitest.Case("delimited-utf16-no-bom", utf16le(head+"Café,On Track,0.5,2025-07-03\n"), "-f", "csv", "-"),
		clitest.Case("delimited-point-in-european-file", csv("External ID;Status;Metric Value;As Of Date\nA-1;On Track;1.234;03.07.2025\nA-2;On Track;12;31.07.2025\n"), "-"),
		clitest.Case("delimited-point-in-european-file-decided", csv("External ID;Status;Metric Value;As Of Date\nA-1;On Track;1.234;03.07.2025\nA-2;On Track;12;31.07.2025\n"), "--decimal-comma", "-f", "csv", "-"),
		clitest.Case("delimited-separator-from-the-whole-column", csv("External ID;Status;Metric Value;As Of Date\nA-1;On Track;1.234;2025-07-03\nA-2;On Track;10,54;2025-07-03\n"), "-f", "csv", "-"),
		clitest.Case("delimited-separator-from-the-whole-column-reversed", csv("External ID;Status;Metric Value;As Of Date\nA-2;On Track;10,54;2025-07-03\nA-1;On Track;1.234;2025-07-03\n"), "-f", "csv", "-"),
		clitest.Case("delimited-separators-mixed", csv(head+"A-1,On Track,\"1,234\",2025-07-03\nA-2,On Track,\"10,54\",2025-07-03\nA-3,On Track,1.5,2025-07-03\n"), "-"),
	})
}
