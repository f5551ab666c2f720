package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Stamped by release/build.sh with -ldflags -X: the release's version,
// its commit and the commit's date (a release is built from a commit, and
// the same commit always gives the same bytes).
var (
	version string
	commit  string
	date    string
)

// VersionLine is what --version prints:
//
//	ait-convert 1.2.0 (commit 2fa128e, built 2026-12-01, go1.26.8, linux/amd64)
//
// Without stamping it takes the module version and the VCS data Go
// records (go install ...@v1.2.0, or a build in a clone), and says
// "unknown" for what neither gives.
func VersionLine(name string) string {
	v, c, d := buildInfo()
	return fmt.Sprintf("%s %s (commit %s, built %s, %s, %s/%s)", name, v, c, d, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// buildInfo is the version, commit and date: stamped, else from the build
// information, else "unknown".
func buildInfo() (v, c, d string) {
	v, c, d = version, commit, date
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		modified := false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if c == "" {
					c = s.Value[:min(len(s.Value), 7)]
				}
			case "vcs.time":
				if d == "" && len(s.Value) >= 10 {
					d = s.Value[:10]
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && c != "" {
			c += "-dirty"
		}
	}
	v = strings.TrimPrefix(v, "v")
	for _, p := range []*string{&v, &c, &d} {
		if *p == "" {
			*p = "unknown"
		}
	}
	return v, c, d
}
