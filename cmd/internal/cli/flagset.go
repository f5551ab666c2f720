package cli

import (
	"flag"
	"slices"
	"strings"
	"time"
)

// FlagSet is a flag.FlagSet that keeps its flags in the order they were
// defined, each in a section, so that -h, the manual page and the
// completion scripts are all made from the definitions and cannot drift
// from them. A flag is declared the standard way, and its definition says
// everything the three need:
//
//	fs.StringVar(&o.out, "o", "", "write the records to `PATH` (default: standard output)")
//	cli.ChoiceVar(fs, &o.order, "date-order", "", []string{"mdy", "dmy"}, "how to read 03/07/2025")
//	cli.FileVar(fs, &o.ids, "ids", "", "the External IDs export `EXPORT`", cli.ExportExts...)
//	fs.Var(&o.maps, "map", "read column `COL=FIELD` ...") // a Pairs: repeatable
//
// The usage string is the description; a `back-quoted` word in it is the
// argument's placeholder, as flag.PrintDefaults reads it. The fixed values
// (ChoiceVar), the file extensions (FileVar, DirVar) and whether a flag
// repeats (a Value with a Repeats method, such as Pairs) come from the
// flag's Value.
type FlagSet struct {
	*flag.FlagSet
	order   []string
	section map[string]string // flag name -> section ("" main, commonSection, or a brief section's intro)
	current string
	briefs  []string // the brief sections' intros, in order
}

// commonSection holds the flags every command has (-q, -v, --config...),
// shown after the command's own.
const commonSection = "\x00common"

// NewFlagSet returns an empty FlagSet whose errors are returned, never
// printed.
func NewFlagSet(name string) *FlagSet {
	fs := &FlagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), section: map[string]string{}}
	return fs
}

// Brief puts the flags defined after it in a section that -h lists by
// name only, after intro ("For a workbook, ait-convert's flags say how to
// read it (see ait-convert -h):"); the manual page describes each. Brief("")
// goes back to the command's own flags.
func (f *FlagSet) Brief(intro string) {
	f.current = intro
	if intro != "" && !slices.Contains(f.briefs, intro) {
		f.briefs = append(f.briefs, intro)
	}
}

// Section is the section flags are defined in now: "" for the command's
// own, else a Brief section's intro.
func (f *FlagSet) Section() string { return f.current }

// SetUsage replaces the description of a flag defined before (a command's
// own wording of -q or -v).
func (f *FlagSet) SetUsage(name, usage string) {
	if fl := f.Lookup(name); fl != nil {
		fl.Usage = usage
	}
}

func (f *FlagSet) defined(name string) {
	f.order = append(f.order, name)
	f.section[name] = f.current
}

// Var defines a flag with the given Value.
func (f *FlagSet) Var(v flag.Value, name, usage string) {
	f.FlagSet.Var(v, name, usage)
	f.defined(name)
}

// StringVar defines a string flag.
func (f *FlagSet) StringVar(p *string, name, value, usage string) {
	f.FlagSet.StringVar(p, name, value, usage)
	f.defined(name)
}

// BoolVar defines a switch.
func (f *FlagSet) BoolVar(p *bool, name string, value bool, usage string) {
	f.FlagSet.BoolVar(p, name, value, usage)
	f.defined(name)
}

// IntVar defines an int flag.
func (f *FlagSet) IntVar(p *int, name string, value int, usage string) {
	f.FlagSet.IntVar(p, name, value, usage)
	f.defined(name)
}

// Int64Var defines an int64 flag.
func (f *FlagSet) Int64Var(p *int64, name string, value int64, usage string) {
	f.FlagSet.Int64Var(p, name, value, usage)
	f.defined(name)
}

// Float64Var defines a float64 flag.
func (f *FlagSet) Float64Var(p *float64, name string, value float64, usage string) {
	f.FlagSet.Float64Var(p, name, value, usage)
	f.defined(name)
}

// DurationVar defines a time.Duration flag.
func (f *FlagSet) DurationVar(p *time.Duration, name string, value time.Duration, usage string) {
	f.FlagSet.DurationVar(p, name, value, usage)
	f.defined(name)
}

// String defines a string flag and returns where its value is kept.
func (f *FlagSet) String(name, value, usage string) *string {
	p := new(string)
	f.StringVar(p, name, value, usage)
	return p
}

// Bool defines a switch and returns where its value is kept.
func (f *FlagSet) Bool(name string, value bool, usage string) *bool {
	p := new(bool)
	f.BoolVar(p, name, value, usage)
	return p
}

// Duration defines a time.Duration flag and returns where its value is
// kept.
func (f *FlagSet) Duration(name string, value time.Duration, usage string) *time.Duration {
	p := new(time.Duration)
	f.DurationVar(p, name, value, usage)
	return p
}

// Repeatable is a Value whose flag may be given more than once, each use
// adding a value (Pairs, StringList): completions offer it again, and -h
// says "repeatable".
type Repeatable interface {
	flag.Value
	Repeats() bool
}

// Path is a flag that names a file (of the extensions listed, any when
// none) or a directory: completions offer those.
type Path struct {
	p    *string
	Exts []string // ".xlsx", ...; none: any file
	Dir  bool
}

var _ flag.Value = (*Path)(nil)

func (v *Path) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

// Set takes the path as given.
func (v *Path) Set(s string) error {
	*v.p = s
	return nil
}

// Extensions of the files that flags and operands take, for completions.
var (
	// InputExts are what ait-convert reads.
	InputExts = []string{".xlsx", ".xlsm", ".xls", ".ods", ".fods", ".csv", ".tsv", ".txt", ".json"}
	// ExportExts are what an External IDs export may be: a workbook or
	// delimited text.
	ExportExts = []string{".xlsx", ".xlsm", ".xls", ".ods", ".fods", ".csv", ".tsv", ".txt"}
)

// FileVar defines a flag that names a file; completions offer the files
// with the extensions listed (every file when none), and directories.
func FileVar(fs *FlagSet, p *string, name, value, usage string, exts ...string) {
	*p = value
	fs.Var(&Path{p: p, Exts: exts}, name, usage)
}

// DirVar defines a flag that names a directory; completions offer
// directories.
func DirVar(fs *FlagSet, p *string, name, value, usage string) {
	*p = value
	fs.Var(&Path{p: p, Dir: true}, name, usage)
}

// flagDoc is what -h, the manual page and the completions say of a flag,
// all read from its definition.
type flagDoc struct {
	name     string   // without dashes
	arg      string   // the placeholder ("PATH", "mdy|dmy"); "" for a switch
	usage    string   // the description, back-quotes removed
	optional bool     // the value may be left out: --explain[=json]
	repeats  bool     // may be given again
	values   []string // the fixed values
	file     bool     // names a file ...
	exts     []string // ... of these extensions (none: any)
	dir      bool     // names a directory
	section  string
	complete bool // offered by completion scripts (not --completion, --man)
}

// dashed is the flag as it is typed: -o, --date-order.
func (d flagDoc) dashed() string { return FlagName(d.name) }

// short is the description's first clause, for completion menus.
func (d flagDoc) short() string {
	s := d.usage
	for _, sep := range []string{"; ", " (", ". ", ": "} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	const most = 60
	if len(s) > most {
		i := strings.LastIndex(s[:most], " ")
		if i < 20 {
			i = most
		}
		return strings.TrimRight(s[:i], ",.;: ") + "..."
	}
	return strings.TrimSuffix(s, ".")
}

// docs returns the flags' descriptions in the order they were defined.
func (f *FlagSet) docs() []flagDoc {
	names := append([]string(nil), f.order...)
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	f.FlagSet.VisitAll(func(fl *flag.Flag) { // defined without this type's methods
		if !seen[fl.Name] {
			names = append(names, fl.Name)
		}
	})
	var out []flagDoc
	for _, n := range names {
		fl := f.Lookup(n)
		d := flagDoc{name: n, section: f.section[n], complete: n != "completion" && n != "man"}
		arg, usage := flag.UnquoteUsage(fl)
		d.usage = usage
		quoted := strings.Contains(fl.Usage, "`")
		b, isBool := fl.Value.(interface{ IsBoolFlag() bool })
		isBool = isBool && b.IsBoolFlag()
		if v, ok := fl.Value.(interface{ Values() []string }); ok {
			d.values = v.Values()
		}
		switch {
		case isBool && len(d.values) > 0:
			d.optional, d.arg = true, strings.Join(d.values, "|")
		case isBool:
			d.arg = ""
		case quoted:
			d.arg = arg
		case len(d.values) > 0:
			d.arg = strings.Join(d.values, "|")
		default:
			d.arg = strings.ToUpper(arg)
		}
		if r, ok := fl.Value.(Repeatable); ok {
			d.repeats = r.Repeats()
		}
		if p, ok := fl.Value.(*Path); ok {
			d.file, d.exts, d.dir = !p.Dir, p.Exts, p.Dir
		}
		out = append(out, d)
	}
	return out
}
