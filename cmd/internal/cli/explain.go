package cli

import (
	"flag"
	"fmt"
)

// ExplainFlag is --explain (text) or --explain=json.
type ExplainFlag struct {
	On   bool
	JSON bool
	// Config is the configuration file read (Command.ConfigFile), which the
	// explanation names.
	Config string
}

var _ flag.Value = (*ExplainFlag)(nil)

func (e *ExplainFlag) String() string {
	if e.JSON {
		return "json"
	}
	return fmt.Sprint(e.On)
}

// Set takes "true" (--explain), "json" or "text".
func (e *ExplainFlag) Set(v string) error {
	switch v {
	case "true", "text":
		e.On, e.JSON = true, false
	case "json":
		e.On, e.JSON = true, true
	case "false":
		e.On, e.JSON = false, false
	default:
		return fmt.Errorf("--explain=%s: expected --explain or --explain=json", v)
	}
	return nil
}

// Values are the values --explain= takes besides none, for -h and
// completions.
func (e *ExplainFlag) Values() []string { return []string{"json"} }

// IsBoolFlag lets --explain stand alone.
func (e *ExplainFlag) IsBoolFlag() bool { return true }
