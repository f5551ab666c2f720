package cli

import (
	"fmt"
	"strings"
)

// A command's doc.go holds the prose of -h and of the manual page, in
// paragraphs: the first says what the command is; "Usage:" and
// "Example:" are each followed by an indented block; a paragraph that
// starts "Exit status:" lists the exit statuses. The flags are not in it:
// -h and the manual page describe them from their definitions.

// docBlock is a paragraph of a doc comment, or an indented block.
type docBlock struct {
	text    string // with the indentation of a literal block removed
	literal bool
}

// docBlocks splits the text -h prints from doc.go into its blocks.
func docBlocks(docSource string) []docBlock {
	var blocks []docBlock
	for _, para := range strings.Split(strings.TrimSpace(Usage(docSource)), "\n\n") {
		para = strings.Trim(para, "\n")
		if para == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		literal := true
		for _, l := range lines {
			if !strings.HasPrefix(l, "\t") {
				literal = false
			}
		}
		if literal {
			for i, l := range lines {
				lines[i] = strings.TrimPrefix(l, "\t")
			}
			para = strings.Join(lines, "\n")
			if n := len(blocks); n > 0 && blocks[n-1].literal {
				blocks[n-1].text += "\n\n" + para // a blank line inside a block
				continue
			}
		}
		blocks = append(blocks, docBlock{para, literal})
	}
	return blocks
}

// docParts are a doc comment's blocks by what the manual page makes of
// them.
type docParts struct {
	summary     string     // the first paragraph
	synopsis    []string   // the lines after Usage:
	description []docBlock // the rest of the prose, before the examples
	examples    string
	more        []docBlock // the prose after the examples
	exit        string     // the Exit status paragraph, without its heading
}

func splitDoc(docSource string) docParts {
	var p docParts
	blocks := docBlocks(docSource)
	afterExamples := false
	for i := 0; i < len(blocks); i++ {
		b := blocks[i]
		next := i+1 < len(blocks) && blocks[i+1].literal
		switch {
		case i == 0:
			p.summary = strings.Join(strings.Fields(b.text), " ")
		case b.text == "Usage:" && next:
			p.synopsis = strings.Split(blocks[i+1].text, "\n")
			i++
		case (b.text == "Example:" || b.text == "Examples:") && next:
			p.examples = blocks[i+1].text
			afterExamples = true
			i++
		case strings.HasPrefix(b.text, "Exit status:"):
			p.exit = strings.TrimSpace(strings.TrimPrefix(b.text, "Exit status:"))
		case afterExamples:
			p.more = append(p.more, b)
		default:
			p.description = append(p.description, b)
		}
	}
	return p
}

// Help is the text -h prints: doc.go's prose, with the flags, from their
// definitions, after the examples.
func (c *Command) Help() string {
	blocks := docBlocks(c.Doc)
	at := len(blocks)
	for i, b := range blocks {
		if (b.text == "Example:" || b.text == "Examples:") && i+1 < len(blocks) && blocks[i+1].literal {
			at = i + 2
			break
		}
		if strings.HasPrefix(b.text, "Exit status:") && at == len(blocks) {
			at = i
		}
	}
	var out []string
	for i, b := range blocks {
		if i == at {
			out = append(out, "Flags:", c.flagsHelp())
		}
		if b.literal {
			b.text = "\t" + strings.ReplaceAll(b.text, "\n", "\n\t")
			b.text = strings.ReplaceAll(b.text, "\n\t\n", "\n\n")
		}
		out = append(out, b.text)
	}
	if at == len(blocks) {
		out = append(out, "Flags:", c.flagsHelp())
	}
	return strings.Join(out, "\n\n") + "\n"
}

// helpWidth is the width -h's lines are wrapped to, a tab counted as 8.
const helpWidth = 80

// flagsHelp is the Flags section of -h: the command's flags, then those
// every command has, each with its description; then each brief section,
// its flags by name.
func (c *Command) flagsHelp() string {
	docs := c.Flags.docs()
	var rows [][2]string
	for _, section := range []string{"", commonSection} {
		for _, d := range docs {
			if d.section == section {
				rows = append(rows, [2]string{d.left(), d.helpText()})
			}
		}
	}
	rows = append(rows, [2]string{"-h", "print this help"})
	col := 0
	for _, r := range rows {
		if n := len(r[0]); n <= 22 && n > col {
			col = n
		}
	}
	col += 2
	var b strings.Builder
	for _, r := range rows {
		b.WriteString("\t" + r[0])
		lines := wrap(r[1], helpWidth-8-col)
		if len(r[0]) > col-2 {
			b.WriteString("\n\t" + strings.Repeat(" ", col))
		} else {
			b.WriteString(strings.Repeat(" ", col-len(r[0])))
		}
		b.WriteString(strings.Join(lines, "\n\t"+strings.Repeat(" ", col)) + "\n")
	}
	for _, intro := range c.Flags.briefs {
		var names []string
		for _, d := range docs {
			if d.section == intro {
				names = append(names, d.dashed())
			}
		}
		if len(names) == 0 {
			continue
		}
		b.WriteString("\n\t" + strings.Join(wrap(intro+" "+strings.Join(names, ", ")+".", helpWidth-8), "\n\t") + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// left is the flag as -h shows it: -o PATH, --explain[=json].
func (d flagDoc) left() string {
	switch {
	case d.arg == "":
		return d.dashed()
	case d.optional:
		return d.dashed() + "[=" + d.arg + "]"
	}
	return d.dashed() + " " + d.arg
}

// helpText is the description -h and the manual page show.
func (d flagDoc) helpText() string {
	if d.repeats {
		return d.usage + "; repeatable"
	}
	return d.usage
}

// wrap breaks s into lines of at most width characters, at spaces.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > width:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	return append(lines, line)
}

// ManPage returns the command's manual page (troff, man macros): NAME,
// SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, ENVIRONMENT, FILES,
// EXAMPLES and SEE ALSO, from doc.go's prose and the flags' definitions.
func (c *Command) ManPage() string {
	p := splitDoc(c.Doc)
	v, _, d := buildInfo()
	var b strings.Builder
	fmt.Fprintf(&b, ".TH %s 1 %q %q \"aitkit manual\"\n", roffText(strings.ToUpper(c.Name)), d, "aitkit "+v)
	summary := strings.TrimSuffix(strings.TrimPrefix(p.summary, c.Name+" "), ".")
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", roffText(c.Name), roffText(summary))
	b.WriteString(".SH SYNOPSIS\n")
	for i, line := range p.synopsis {
		if i > 0 {
			b.WriteString(".br\n")
		}
		cmd, rest, _ := strings.Cut(line, " ")
		fmt.Fprintf(&b, ".B %s\n%s\n", roffText(cmd), roffLine(rest))
	}
	b.WriteString(".SH DESCRIPTION\n")
	manBlocks(&b, append(p.description, p.more...))
	b.WriteString(".SH OPTIONS\n")
	docs := c.Flags.docs()
	helpDone := false
	for _, section := range append([]string{"", commonSection}, c.Flags.briefs...) {
		first := true
		if section != "" && section != commonSection && !helpDone {
			b.WriteString(".TP\n.B \\-h\nprint the usage, with examples\n")
			helpDone = true
		}
		for _, d := range docs {
			if d.section != section {
				continue
			}
			if first && section != "" && section != commonSection {
				b.WriteString(".PP\n" + roffLine(strings.TrimSuffix(section, ":")+".") + "\n")
			}
			first = false
			b.WriteString(".TP\n" + d.manLeft() + "\n" + roffLine(d.helpText()) + "\n")
		}
	}
	if !helpDone {
		b.WriteString(".TP\n.B \\-h\nprint the usage, with examples\n")
	}
	if p.exit != "" {
		b.WriteString(".SH EXIT STATUS\n")
		for _, item := range splitTopLevel(p.exit, "; ") {
			code, text, _ := strings.Cut(strings.TrimSuffix(item, "."), " ")
			fmt.Fprintf(&b, ".TP\n.B %s\n%s\n", roffText(code), roffLine(text))
		}
	}
	for _, sec := range []struct {
		title, font string
		items       []docItem
	}{{"ENVIRONMENT", ".B", append(c.env, configEnv...)}, {"FILES", ".I", append(c.files, configFiles...)}} {
		if len(sec.items) == 0 {
			continue
		}
		b.WriteString(".SH " + sec.title + "\n")
		for _, it := range sec.items {
			fmt.Fprintf(&b, ".TP\n%s %s\n%s\n", sec.font, roffText(it.name), roffLine(it.usage))
		}
	}
	if p.examples != "" {
		b.WriteString(".SH EXAMPLES\n")
		manBlocks(&b, []docBlock{{p.examples, true}})
	}
	b.WriteString(".SH SEE ALSO\n")
	var see []string
	for _, n := range Binaries {
		if n != c.Name && n != "ait-web" {
			see = append(see, ".BR "+roffText(n)+" (1)")
		}
	}
	b.WriteString(strings.Join(see, ",\n") + "\n")
	return b.String()
}

// configEnv and configFiles are in every manual page: where the
// configuration file is looked for.
var (
	configEnv   = []docItem{{"XDG_CONFIG_HOME", "where " + ConfigPath + " is looked for (default ~/.config; on macOS ~/Library/Application Support, on Windows %AppData%)"}}
	configFiles = []docItem{
		{"./" + ConfigName, "an organization's defaults, read when there is no --config (see docs/configuration.md)"},
		{"$XDG_CONFIG_HOME/" + ConfigPath, "the user's defaults, read when there is neither --config nor ./" + ConfigName},
	}
)

// manLeft is a flag's tag in OPTIONS: \fB\-\-date\-order\fR \fBmdy\fR|\fBdmy\fR.
func (d flagDoc) manLeft() string {
	s := `\fB` + roffText(d.dashed()) + `\fR`
	if d.arg == "" {
		return s
	}
	var arg string
	if len(d.values) > 0 && d.arg == strings.Join(d.values, "|") {
		vals := make([]string, len(d.values))
		for i, v := range d.values {
			vals[i] = `\fB` + roffText(v) + `\fR`
		}
		arg = strings.Join(vals, "|")
	} else {
		arg = `\fI` + roffText(d.arg) + `\fR`
	}
	if d.optional {
		return s + "[=" + arg + "]"
	}
	return s + " " + arg
}

// manBlocks writes paragraphs and indented blocks.
func manBlocks(b *strings.Builder, blocks []docBlock) {
	for _, blk := range blocks {
		if !blk.literal {
			b.WriteString(".PP\n" + roffLine(strings.Join(strings.Fields(blk.text), " ")) + "\n")
			continue
		}
		b.WriteString(".PP\n.RS 4\n.nf\n")
		for _, line := range strings.Split(blk.text, "\n") {
			b.WriteString(roffLine(strings.ReplaceAll(line, "\t", "    ")) + "\n")
		}
		b.WriteString(".fi\n.RE\n")
	}
}

// splitTopLevel splits s at sep where it is outside parentheses.
func splitTopLevel(s, sep string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '(':
			depth++
		case s[i] == ')':
			depth--
		case depth == 0 && strings.HasPrefix(s[i:], sep):
			parts = append(parts, s[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(parts, s[start:])
}

// roffText escapes text for troff: backslashes, and dashes that are
// minus signs (options, not words).
func roffText(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	return strings.ReplaceAll(s, "-", `\-`)
}

// roffLine escapes a line of text for troff; a line that starts with a
// control character is kept as text.
func roffLine(s string) string {
	s = roffText(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
