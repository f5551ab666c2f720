package clitest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
)

// TestConfigKeysAreFlags: every key of the configuration file is a long
// flag of some binary. The docs pages name each binary's flags, and each
// binary's TestFlagsDocumented holds its page to its -h, both ways.
func TestConfigKeysAreFlags(t *testing.T) {
	pages, _ := filepath.Glob("../../../docs/ait-*.md")
	if len(pages) < 5 {
		t.Fatalf("docs pages: %q", pages)
	}
	var all []string
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, DocFlags(string(b))...)
	}
	for _, k := range cli.ConfigKeys {
		if !slices.Contains(all, "--"+k) {
			t.Errorf("cli.ConfigKeys has %q, which no binary's docs page lists as a flag", k)
		}
	}
}

func TestHelpAndDocFlags(t *testing.T) {
	help := "x does things.\n\nFlags:\n\n\t-o PATH    write to\n\t           -q more text\n\t--explain[=json]  show\n\n" +
		"\tFor a workbook (see x -h): --sheet, --header-row,\n\t--map.\n\nExit status: 0 --not-a-flag\n"
	if got := HelpFlags(help); !slices.Equal(got, []string{"--explain", "--header-row", "--map", "--sheet", "-o"}) {
		t.Errorf("HelpFlags = %q", got)
	}
	page := "| flag | meaning |\n|---|---|\n| `-f csv\\|json` | format |\n| `--api-key KEY` / `ACHIEVEIT_API_KEY` | key |\n" +
		"| ait-convert's `--sheet`, `--map` | read |\n\n| field | json |\n|---|---|\n| `--not` | x |\n"
	if got := DocFlags(page); !slices.Equal(got, []string{"--api-key", "--map", "--sheet", "-f"}) {
		t.Errorf("DocFlags = %q", got)
	}
}
