package cli

import (
	"fmt"
	"strings"
)

// Completion returns a completion script for shell (bash, zsh, fish or
// powershell) made from the command's flag definitions, so that it cannot
// drift from them: every flag with its description, a flag that was
// given offered again only when it repeats, the fixed values of a
// ChoiceVar, the files of a FileVar's extensions (directories for a
// DirVar), and the command's operands.
func (c *Command) Completion(shell string) (string, error) {
	var docs []flagDoc
	for _, d := range c.Flags.docs() {
		if d.complete {
			docs = append(docs, d)
		}
	}
	docs = append(docs, flagDoc{name: "h", usage: "print the usage, with examples"})
	switch shell {
	case "bash":
		return c.bash(docs), nil
	case "zsh":
		return c.zsh(docs), nil
	case "fish":
		return c.fish(docs), nil
	case "powershell":
		return c.powershell(docs), nil
	}
	return "", Usagef("--completion %q: expected bash, zsh, fish or powershell", shell)
}

// takesValue says the flag's value may be the next word.
func (d flagDoc) takesValue() bool { return d.arg != "" && !d.optional }

// ansiC quotes s for bash and zsh as $'...'.
func ansiC(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\t", `\t`, "\n", `\n`)
	return "$'" + r.Replace(s) + "'"
}

// single quotes s for a POSIX shell or fish ('it'\”s' / 'it\'s').
func single(s, quote string) string { return "'" + strings.ReplaceAll(s, "'", quote) + "'" }

// caseGlob is a case-insensitive pattern for a file extension: *.[xX][lL][sS][xX].
func caseGlob(ext string) string {
	var b strings.Builder
	b.WriteString("*")
	for _, r := range ext {
		lo, up := strings.ToLower(string(r)), strings.ToUpper(string(r))
		if lo == up {
			b.WriteString(lo)
		} else {
			b.WriteString("[" + lo + up + "]")
		}
	}
	return b.String()
}

func (c *Command) bash(docs []flagDoc) string {
	fn := "_" + strings.ReplaceAll(c.Name, "-", "_")
	var b strings.Builder
	fmt.Fprintf(&b, `# bash completion for %[1]s, made by %[1]s --completion bash:
# source <(%[1]s --completion bash), or save it as
# /usr/share/bash-completion/completions/%[1]s (or ~/.local/share/bash-completion/completions/%[1]s).

# _%[2]s_files PATTERN...: the files that match one of the patterns (any file
# when none), and directories.
_%[2]s_files() {
	local IFS=$'\n' f p
	compopt -o filenames 2>/dev/null
	for f in $(compgen -f -- "$cur"); do
		if [[ -d $f ]] || (($# == 0)); then
			COMPREPLY+=("$f")
			continue
		fi
		for p in "$@"; do
			if [[ $f == $p ]]; then
				COMPREPLY+=("$f")
				break
			fi
		done
	done
}

# _%[2]s_words LINES: the words of LINES ("word<TAB>description") that start
# with $cur; with more than one, each shows its description.
_%[2]s_words() {
	local IFS=$'\n' line i
	for line in $1; do
		[[ ${line%%%%$'\t'*} == "$cur"* ]] && COMPREPLY+=("$line")
	done
	if ((${#COMPREPLY[@]} == 1)); then
		COMPREPLY=("${COMPREPLY[0]%%%%$'\t'*}")
		return
	fi
	for i in "${!COMPREPLY[@]}"; do
		line=${COMPREPLY[i]}
		if [[ $line == *$'\t'?* ]]; then
			COMPREPLY[i]="${line%%%%$'\t'*}  (${line#*$'\t'})"
		else
			COMPREPLY[i]=${line%%%%$'\t'*}
		fi
	done
}

%[3]s() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} flag= pre= w used=' '
	COMPREPLY=()
	# A flag's value: --flag=value (one word, or three when = breaks words) or --flag value.
	if [[ $cur == -*=* ]]; then
		flag=${cur%%%%=*} pre=${cur%%%%=*}= cur=${cur#*=}
	elif [[ $cur == = && $prev == -* ]]; then
		flag=$prev cur= # readline replaces what follows the =
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		flag=${COMP_WORDS[COMP_CWORD-2]}
	elif [[ $prev == -* ]]; then
		case $prev in
`, c.Name, strings.ReplaceAll(c.Name, "-", "_"), fn)
	files := "_" + strings.ReplaceAll(c.Name, "-", "_") + "_files"
	words := "_" + strings.ReplaceAll(c.Name, "-", "_") + "_words"
	var valued []string
	for _, d := range docs {
		if d.takesValue() {
			valued = append(valued, "-"+d.name, "--"+d.name)
		}
	}
	if len(valued) > 0 {
		fmt.Fprintf(&b, "\t\t%s) flag=$prev ;;\n", strings.Join(valued, "|"))
	}
	b.WriteString("\t\tesac\n\tfi\n\tif [[ -n $flag ]]; then\n\t\tflag=${flag#-}\n\t\tcase ${flag#-} in\n")
	for _, d := range docs {
		if d.arg == "" {
			continue
		}
		fmt.Fprintf(&b, "\t\t%s) ", d.name)
		switch {
		case len(d.values) > 0:
			fmt.Fprintf(&b, "%s %s ;;\n", words, ansiC(strings.Join(d.values, "\n")))
		case d.dir:
			b.WriteString("compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n")
		case d.file:
			fmt.Fprintf(&b, "%s%s ;;\n", files, globArgs(d.exts, " "))
		default:
			b.WriteString(";;\n")
		}
	}
	b.WriteString("\t\tesac\n\t\t[[ -n $pre ]] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\")\n\t\treturn\n\tfi\n")
	b.WriteString("\tif [[ $cur == -* ]]; then\n")
	b.WriteString("\t\tfor w in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n\t\t\t[[ $w == -* ]] && w=${w#-} w=${w#-} used+=\"${w%%=*} \"\n\t\tdone\n")
	b.WriteString("\t\tlocal offer=\n")
	for _, d := range docs {
		line := d.dashed() + "\t" + d.short() + "\n"
		if d.optional {
			line += d.dashed() + "=" + d.values[0] + "\t" + d.short() + "\n"
		}
		if d.repeats {
			fmt.Fprintf(&b, "\t\toffer+=%s\n", ansiC(line))
		} else {
			fmt.Fprintf(&b, "\t\t[[ $used == *' %s '* ]] || offer+=%s\n", d.name, ansiC(line))
		}
	}
	fmt.Fprintf(&b, "\t\t%s \"$offer\"\n\t\treturn\n\tfi\n", words)
	if c.Operands != nil {
		fmt.Fprintf(&b, "\t%s%s\n", files, globArgs(c.Operands, " "))
	}
	fmt.Fprintf(&b, "}\n\ncomplete -F %s %s\n", fn, c.Name)
	return b.String()
}

// globArgs are the case-insensitive patterns of exts as shell words.
func globArgs(exts []string, sep string) string {
	var s string
	for _, e := range exts {
		s += sep + "'" + caseGlob(e) + "'"
	}
	return s
}

// zspec escapes a description for _arguments' [...].
func zspec(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`, "'", `'\''`).Replace(s)
}

func (c *Command) zsh(docs []flagDoc) string {
	fn := "_" + c.Name
	var b strings.Builder
	fmt.Fprintf(&b, `#compdef %[1]s
# zsh completion for %[1]s, made by %[1]s --completion zsh: save it as %[2]s
# in a folder of $fpath (before compinit runs), or, after compinit:
# source <(%[1]s --completion zsh)

%[2]s() {
	_arguments \
`, c.Name, fn)
	for _, d := range docs {
		spec := d.dashed()
		if d.repeats {
			spec = "*" + spec
		}
		desc := "[" + zspec(d.short()) + "]"
		switch {
		case d.arg == "":
			spec += desc
		case d.optional:
			spec += "=-" + desc + "::" + zspec(d.arg) + ":(" + strings.Join(d.values, " ") + ")"
		default:
			spec += "=" + desc + ":" + zspec(d.arg) + ":" + zaction(d.values, d.file, d.dir, d.exts)
		}
		fmt.Fprintf(&b, "\t\t'%s' \\\n", spec)
	}
	if c.Operands != nil {
		fmt.Fprintf(&b, "\t\t'*:file:%s'\n", zaction(nil, true, false, c.Operands))
	} else {
		b.WriteString("\t\t': :'\n")
	}
	fmt.Fprintf(&b, `}

if [[ $funcstack[1] == %[1]s ]]; then
	%[1]s "$@" # autoloaded from $fpath
else
	compdef %[1]s %[2]s
fi
`, fn, c.Name)
	return b.String()
}

// zaction is what _arguments offers for a value.
func zaction(values []string, file, dir bool, exts []string) string {
	switch {
	case len(values) > 0:
		return "(" + strings.Join(values, " ") + ")"
	case dir:
		return "_files -/"
	case file && len(exts) > 0:
		var alt []string
		for _, e := range exts {
			alt = append(alt, strings.TrimPrefix(e, "."))
		}
		return `_files -g "*.(#i)(` + strings.Join(alt, "|") + `)"`
	case file:
		return "_files"
	}
	return " "
}

func (c *Command) fish(docs []flagDoc) string {
	fn := "__" + strings.ReplaceAll(c.Name, "-", "_") + "_files"
	once := "__" + strings.ReplaceAll(c.Name, "-", "_") + "_once"
	var b strings.Builder
	fmt.Fprintf(&b, `# fish completion for %[1]s, made by %[1]s --completion fish: save it as
# ~/.config/fish/completions/%[1]s.fish, or: %[1]s --completion fish | source

function %[2]s --description 'files with one of these extensions (any file when none), and folders'
	set -l token (commandline -ct)
	for f in "$token"*
		if test -d "$f"
			echo $f/
		else if not set -q argv[1]
			echo $f
		else
			for e in $argv
				if string match -qi -- "*$e" "$f"
					echo $f
					break
				end
			end
		end
	end
end

function %[3]s --description 'the flag was not given before, or its value is being completed'
	set -l tokens (commandline -opc)
	set -e tokens[1]
	if set -q tokens[1]; and contains -- $tokens[-1] $argv
		return 0
	end
	for t in $tokens
		contains -- (string replace -r '=.*' '' -- $t) $argv; and return 1
	end
	return 0
end

complete -c %[1]s -e
complete -c %[1]s -f
`, c.Name, fn, once)
	for _, d := range docs {
		opt := "-l " + d.name
		if len(d.name) == 1 {
			opt = "-s " + d.name
		}
		line := "complete -c " + c.Name + " " + opt
		if !d.repeats {
			line += " -n " + single(once+" -"+d.name+" --"+d.name, `\'`)
		}
		switch {
		case d.optional:
			line += " -a " + single(strings.Join(d.values, " "), `\'`)
		case d.arg == "":
		case len(d.values) > 0:
			line += " -x -a " + single(strings.Join(d.values, " "), `\'`)
		case d.dir:
			line += " -x -a '(__fish_complete_directories)'"
		case d.file:
			line += " -x -a " + single("("+fn+" "+strings.Join(d.exts, " ")+")", `\'`)
		default:
			line += " -x"
		}
		line += " -d " + single(d.short(), `\'`)
		b.WriteString(strings.ReplaceAll(line, "  ", " ") + "\n")
	}
	if c.Operands != nil {
		fmt.Fprintf(&b, "complete -c %s -a %s\n", c.Name, single("("+fn+" "+strings.Join(c.Operands, " ")+")", `\'`))
	}
	return b.String()
}

// psQuote quotes s for PowerShell ('it”s').
func psQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func (c *Command) powershell(docs []flagDoc) string {
	var b strings.Builder
	fmt.Fprintf(&b, `# PowerShell completion for %[1]s, made by %[1]s --completion powershell:
# add this line to $PROFILE:
#   %[1]s --completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName '%[1]s', '%[1]s.exe' -ScriptBlock {
	param($wordToComplete, $commandAst, $cursorPosition)
	# Each flag: its name, the placeholder of its value ('' for a switch),
	# whether it repeats, its fixed values, and for a file its extensions.
	$flags = @(
`, c.Name)
	for _, d := range docs {
		arg := d.arg
		if d.optional {
			arg = ""
		}
		kind := "''"
		switch {
		case len(d.values) > 0:
		case d.dir:
			kind = "'dir'"
		case d.file:
			kind = "'file'"
		}
		fmt.Fprintf(&b, "\t\t@{ Name = %s; Arg = %s; Desc = %s; Repeats = $%v; Choices = @(%s); Kind = %s; Exts = @(%s) }\n",
			psQuote(d.dashed()), psQuote(arg), psQuote(d.short()), d.repeats, psList(d.values), kind, psList(d.exts))
	}
	fmt.Fprintf(&b, "\t)\n\t$operands = @(%s) # the extensions of the operands\n\t$takesOperands = $%v\n", psList(c.Operands), c.Operands != nil)
	b.WriteString(`	$before = @($commandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
	$find = { param($word) $flags | Where-Object { $_.Name -eq $word -or ('-' + $_.Name) -eq $word } | Select-Object -First 1 }
	$files = {
		param($prefix, $value, $kind, $exts)
		Get-ChildItem -Path ($value + '*') -ErrorAction SilentlyContinue |
			Where-Object { $_.PSIsContainer -or ($kind -ne 'dir' -and ($exts.Count -eq 0 -or $exts -contains $_.Extension.ToLower())) } |
			ForEach-Object {
				$dir = Split-Path -Path $value -Parent
				$path = if ($dir) { Join-Path $dir $_.Name } else { $_.Name }
				if ($path -match '\s') { $path = "'" + $path + "'" }
				[System.Management.Automation.CompletionResult]::new($prefix + $path, $_.Name, 'ProviderItem', $_.Name)
			}
	}
	$flag = $null; $value = $wordToComplete; $prefix = ''
	if ($wordToComplete -match '^(--?[^=]+)=(.*)$') {
		$flag = & $find $Matches[1]; $prefix = $Matches[1] + '='; $value = $Matches[2]
	} elseif ($before.Count -gt 1) {
		$previous = & $find $before[-1]
		if ($previous -and $previous.Arg -ne '') { $flag = $previous }
	}
	if ($flag) {
		if ($flag.Choices.Count -gt 0) {
			$flag.Choices | Where-Object { $_ -like "$value*" } | ForEach-Object {
				[System.Management.Automation.CompletionResult]::new($prefix + $_, $_, 'ParameterValue', $_)
			}
		} elseif ($flag.Kind -ne '') {
			& $files $prefix $value $flag.Kind $flag.Exts
		}
		return
	}
	if ($wordToComplete -like '-*') {
		$used = @($before | Where-Object { $_ -like '-*' } | ForEach-Object { ($_ -replace '^--?', '') -replace '=.*$', '' })
		$flags | Where-Object { $_.Repeats -or $used -notcontains ($_.Name -replace '^--?', '') } |
			ForEach-Object {
				$names = @($_.Name)
				if ($_.Arg -eq '' -and $_.Choices.Count -gt 0) { $names += $_.Name + '=' + $_.Choices[0] }
				foreach ($n in $names) {
					if ($n -like "$wordToComplete*") {
						[System.Management.Automation.CompletionResult]::new($n, $n, 'ParameterName', $_.Desc)
					}
				}
			}
		return
	}
	if ($takesOperands) { & $files '' $wordToComplete 'file' $operands }
}
`)
	return b.String()
}

// psList is a PowerShell list's items: 'a', 'b'.
func psList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = psQuote(s)
	}
	return strings.Join(q, ", ")
}
