package cli

import (
	"flag"
	"fmt"
	"sort"
	"strings"
)

// flagNames lists a flag set's flags as they are typed (-q, --version),
// each with whether it takes a value.
func flagNames(fs *flag.FlagSet) (names []string, takesValue map[string]bool) {
	takesValue = map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "completion" || f.Name == "man" {
			return // for packaging, not for a user's command line
		}
		name := "--" + f.Name
		if len(f.Name) == 1 {
			name = "-" + f.Name
		}
		b, ok := f.Value.(interface{ IsBoolFlag() bool })
		takesValue[name] = !ok || !b.IsBoolFlag()
		names = append(names, name)
	})
	sort.Strings(names)
	return names, takesValue
}

// Completion returns a completion script for shell (bash, zsh, fish or
// powershell) made from the command's flag definitions, so that it cannot
// drift from them: every flag, and file names for flags that take a value
// and for operands.
func (c *Command) Completion(shell string) (string, error) {
	names, takesValue := flagNames(c.Flags)
	var valued []string
	for _, n := range names {
		if takesValue[n] {
			valued = append(valued, n)
		}
	}
	fn := "_" + strings.ReplaceAll(c.Name, "-", "_")
	var b strings.Builder
	switch shell {
	case "bash":
		fmt.Fprintf(&b, "# bash completion for %[1]s: %[1]s --completion bash > /etc/bash_completion.d/%[1]s\n", c.Name)
		fmt.Fprintf(&b, "%s() {\n", fn)
		b.WriteString("\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n")
		if len(valued) > 0 {
			fmt.Fprintf(&b, "\tcase \"$prev\" in\n\t%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n\tesac\n", strings.Join(valued, "|"))
		}
		fmt.Fprintf(&b, "\tif [[ $cur == -* ]]; then\n\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n\t\treturn\n\tfi\n", strings.Join(names, " "))
		b.WriteString("\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n}\n")
		fmt.Fprintf(&b, "complete -o filenames -F %s %s\n", fn, c.Name)
	case "zsh":
		fmt.Fprintf(&b, "#compdef %s\n# zsh completion for %[1]s: %[1]s --completion zsh > \"${fpath[1]}/_%[1]s\"\n", c.Name)
		b.WriteString("_arguments \\\n")
		for _, n := range names {
			if takesValue[n] {
				fmt.Fprintf(&b, "\t'%s:value:_files' \\\n", n)
			} else {
				fmt.Fprintf(&b, "\t'%s' \\\n", n)
			}
		}
		b.WriteString("\t'*:file:_files'\n")
	case "fish":
		fmt.Fprintf(&b, "# fish completion for %[1]s: %[1]s --completion fish > ~/.config/fish/completions/%[1]s.fish\n", c.Name)
		for _, n := range names {
			opt := "-l " + strings.TrimLeft(n, "-")
			if !strings.HasPrefix(n, "--") {
				opt = "-o " + strings.TrimLeft(n, "-")
			}
			if takesValue[n] {
				opt += " -r -F"
			}
			fmt.Fprintf(&b, "complete -c %s %s\n", c.Name, opt)
		}
	case "powershell":
		fmt.Fprintf(&b, "# PowerShell completion for %[1]s: %[1]s --completion powershell >> $PROFILE\n", c.Name)
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = "'" + n + "'"
		}
		fmt.Fprintf(&b, "Register-ArgumentCompleter -Native -CommandName '%[1]s', '%[1]s.exe' -ScriptBlock {\n", c.Name)
		b.WriteString("\tparam($wordToComplete, $commandAst, $cursorPosition)\n")
		b.WriteString("\tif ($wordToComplete -notlike '-*') { return }\n")
		fmt.Fprintf(&b, "\t@(%s) | Where-Object { $_ -like \"$wordToComplete*\" } | ForEach-Object {\n", strings.Join(quoted, ", "))
		b.WriteString("\t\t[System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterName', $_)\n\t}\n}\n")
	default:
		return "", Usagef("--completion %q: expected bash, zsh, fish or powershell", shell)
	}
	return b.String(), nil
}

// ManPage returns the command's manual page (troff), made from the text
// -h prints.
func (c *Command) ManPage() string {
	usage := Usage(c.Doc)
	summary, _, _ := strings.Cut(usage, "\n")
	summary = strings.TrimSuffix(strings.TrimPrefix(summary, c.Name+" "), ".")
	v, _, d := buildInfo()
	var b strings.Builder
	fmt.Fprintf(&b, ".TH %s 1 %q %q \"aitkit manual\"\n", strings.ToUpper(c.Name), d, "aitkit "+v)
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", c.Name, roff(summary))
	b.WriteString(".SH DESCRIPTION\n.nf\n")
	for _, line := range strings.Split(strings.TrimRight(usage, "\n"), "\n") {
		b.WriteString(roff(strings.ReplaceAll(line, "\t", "        ")) + "\n")
	}
	b.WriteString(".fi\n.SH SEE ALSO\n")
	var see []string
	for _, n := range []string{"ait-convert", "ait-validate", "ait-submit", "ait-server", "ait-template"} {
		if n != c.Name {
			see = append(see, n+"(1)")
		}
	}
	b.WriteString(strings.Join(see, ", ") + "\n")
	return b.String()
}

// roff escapes a line of text for troff.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
