package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// repoRoot is the aitkit checkout this module sits in.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func need(t *testing.T, cmds ...string) {
	t.Helper()
	for _, c := range cmds {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s is not installed (.ci/run installs it): %v", c, err)
		}
	}
}

// TestRelease builds the release of one platform with release/build.sh, as
// a maintainer does, and checks what a user gets: the archive's notices and
// SBOMs, the .deb installed into a scratch root (its binary runs and says
// the version; its man pages are gzipped man pages), the .rpm's file list,
// and the checksums.
func TestRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries twice: not with -short")
	}
	need(t, "bash", "git", "dpkg-deb", "rpm")
	const version = "0.0.0-test"
	dist := t.TempDir()
	cmd := exec.Command("bash", "release/build.sh", version, "linux/amd64")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), "AITKIT_DIST="+dist)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build.sh: %v\n%s", err, out)
	}

	sums, err := readSums(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	deb, rpm := "aitkit_0.0.0~test_amd64.deb", "aitkit-0.0.0~test-1.x86_64.rpm"
	archive := "aitkit_0.0.0-test_linux_amd64.tar.gz"
	for _, name := range []string{archive, deb, rpm} {
		if _, ok := sums[name]; !ok {
			t.Errorf("SHA256SUMS does not list %s: %v", name, sums)
		}
	}

	files := untar(t, filepath.Join(dist, archive))
	top := strings.TrimSuffix(archive, ".tar.gz") + "/"
	var bins []string
	for name := range files {
		if b, ok := strings.CutPrefix(name, top); ok && strings.HasPrefix(b, "ait-") {
			bins = append(bins, b)
		}
	}
	if len(bins) < 5 {
		t.Fatalf("the archive has the binaries %v; expected at least five", bins)
	}
	notices := string(files[top+NoticesFile])
	for _, b := range bins {
		if _, ok := files[top+"sbom/"+b+".cdx.json"]; !ok {
			t.Errorf("the archive has no SBOM of %s", b)
		}
		// Every module the binary carries is in the notices, with a license.
		bi, err := buildinfo.Read(bytes.NewReader(files[top+b]))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range bi.Deps {
			if !strings.Contains(notices, "\n"+d.Path+" "+d.Version+"\n") {
				t.Errorf("the notices leave out %s %s, which %s carries", d.Path, d.Version, b)
			}
		}
	}
	if !strings.Contains(notices, "Go standard library and runtime") || !strings.Contains(notices, "--- LICENSE ---") {
		t.Errorf("the notices have no license texts:\n%.400s", notices)
	}

	root := t.TempDir()
	if out, err := exec.Command("dpkg-deb", "-x", filepath.Join(dist, deb), root).CombinedOutput(); err != nil {
		t.Fatalf("dpkg-deb -x: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(root, "usr", "bin", "ait-convert"), "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "ait-convert "+version+" ") {
		t.Errorf("the installed ait-convert --version says %q (%v); expected the version %s", out, err, version)
	}
	for _, b := range bins {
		for _, p := range []string{
			"usr/bin/" + b, "usr/share/bash-completion/completions/" + b,
			"usr/share/zsh/vendor-completions/_" + b, "usr/share/fish/vendor_completions.d/" + b + ".fish",
		} {
			if _, err := os.Stat(filepath.Join(root, p)); err != nil {
				t.Errorf("the .deb does not install /%s", p)
			}
		}
		man, err := os.ReadFile(filepath.Join(root, "usr/share/man/man1", b+".1.gz"))
		if err != nil {
			t.Errorf("the .deb has no gzipped man page of %s: %v", b, err)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(man))
		if err != nil {
			t.Fatal(err)
		}
		text, _ := io.ReadAll(zr)
		if !bytes.Contains(text, []byte(".TH ")) || zr.Name != "" || !zr.ModTime.IsZero() {
			t.Errorf("%s.1.gz is not a man page gzipped without a name and time", b)
		}
	}
	for _, p := range []string{"LICENSE", "copyright", NoticesFile, "README.md", "CHANGELOG.md"} {
		if _, err := os.Stat(filepath.Join(root, "usr/share/doc/aitkit", p)); err != nil {
			t.Errorf("the .deb does not install /usr/share/doc/aitkit/%s", p)
		}
	}

	list, err := exec.Command("rpm", "-qpl", filepath.Join(dist, rpm)).Output()
	if err != nil {
		t.Fatalf("rpm -qpl: %v", err)
	}
	for _, p := range []string{"/usr/bin/ait-convert", "/usr/share/man/man1/ait-convert.1.gz",
		"/usr/share/zsh/site-functions/_ait-convert", "/usr/share/doc/aitkit/" + NoticesFile} {
		if !strings.Contains(string(list), p+"\n") {
			t.Errorf("rpm -qpl does not list %s:\n%s", p, list)
		}
	}
}

func untar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		files[h.Name] = b
	}
}

// TestPackagesReproducible makes the notices, SBOMs and Linux packages of
// one staged folder twice: the bytes must not change.
func TestPackagesReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary: not with -short")
	}
	stage := filepath.Join(t.TempDir(), "aitkit_0.0.0-test_linux_amd64")
	build := exec.Command("go", "build", "-trimpath", "-o", stage+"/", "./cmd/ait-server")
	build.Dir = repoRoot(t)
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, f := range []string{"man/man1/ait-server.1", "completions/ait-server.bash", "completions/_ait-server",
		"completions/ait-server.fish", "README.md", "CHANGELOG.md", "LICENSE"} {
		p := filepath.Join(stage, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(".TH "+f+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mtime := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	var runs [2]map[string][]byte
	for i := range runs {
		if err := Stage(stage, "0.0.0-test", mtime); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		names, err := LinuxPackages(stage, out, "0.0.0-test", mtime)
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = map[string][]byte{}
		for _, n := range append(names, filepath.Join(stage, NoticesFile), filepath.Join(stage, "sbom", "ait-server.cdx.json")) {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			runs[i][filepath.Base(n)] = b
		}
	}
	if len(runs[0]) != 4 {
		t.Fatalf("made %d files; expected a .deb, an .rpm, the notices and an SBOM", len(runs[0]))
	}
	for name, b := range runs[0] {
		if !bytes.Equal(b, runs[1][name]) {
			t.Errorf("%s differs between two runs from the same files", name)
		}
	}
}

// TestManifests writes the Homebrew, Scoop and winget manifests for six
// archives and compares them with the golden files; each must parse, and
// name every archive's URL under the base URL with the archive's own
// checksum.
func TestManifests(t *testing.T) {
	out := t.TempDir()
	var sums strings.Builder
	for i, p := range []string{"darwin_amd64.tar.gz", "darwin_arm64.tar.gz", "linux_amd64.tar.gz", "linux_arm64.tar.gz", "windows_amd64.zip", "windows_arm64.zip"} {
		sums.WriteString(strings.Repeat(string(rune('a'+i)), 64) + "  aitkit_1.2.3_" + p + "\n")
	}
	if err := os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(sums.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	names, err := Manifests(out, "1.2.3", "https://example.com/rel/{version}/")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 5 {
		t.Fatalf("wrote %v; expected the formula, the Scoop manifest and three winget files", names)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(out, n)
		switch {
		case strings.HasSuffix(n, ".json"):
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
		case strings.HasSuffix(n, ".yaml"):
			var v map[string]any
			if err := yaml.Unmarshal(b, &v); err != nil || v["PackageVersion"] != "1.2.3" {
				t.Errorf("%s: %v, PackageVersion %v", rel, err, v["PackageVersion"])
			}
		}
		golden := filepath.Join("testdata", strings.ReplaceAll(filepath.ToSlash(rel), "/", "_")+".golden")
		if *update {
			if err := os.WriteFile(golden, b, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(b, want) {
			t.Errorf("%s differs from %s:\n%s", rel, golden, b)
		}
	}
	formula, _ := os.ReadFile(filepath.Join(out, "aitkit.rb"))
	for i, p := range []string{"darwin_amd64.tar.gz", "darwin_arm64.tar.gz", "linux_amd64.tar.gz", "linux_arm64.tar.gz"} {
		url := `url "https://example.com/rel/1.2.3/aitkit_1.2.3_` + p + `"` + "\n      sha256 \"" + strings.Repeat(string(rune('a'+i)), 64) + `"`
		if !strings.Contains(string(formula), url) {
			t.Errorf("the formula lacks %s", url)
		}
	}
	// A missing archive is an error, never a manifest with a hole.
	os.WriteFile(filepath.Join(out, "SHA256SUMS"), []byte(strings.SplitAfterN(sums.String(), "\n", 2)[1]), 0o644)
	if _, err := Manifests(out, "1.2.3", ""); err == nil || !strings.Contains(err.Error(), "darwin_amd64") {
		t.Errorf("a missing archive gave %v; expected an error naming it", err)
	}
}

// TestVersionsAgree holds every version a user can read to the newest
// release in CHANGELOG.md: the README's archive names, the docs' examples
// (--version's line, the release commands) and the build script's usage.
func TestVersionsAgree(t *testing.T) {
	root := repoRoot(t)
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$`).FindSubmatch(changelog)
	if m == nil {
		t.Fatal("CHANGELOG.md has no released version (## [X.Y.Z] - YYYY-MM-DD)")
	}
	released := string(m[1])
	version := regexp.MustCompile(`\d+\.\d+\.\d+`)
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`aitkit_(\d+\.\d+\.\d+)_`),
		regexp.MustCompile(`release/build\.sh (\d+\.\d+\.\d+)`),
		regexp.MustCompile(`git tag v(\d+\.\d+\.\d+)`),
		regexp.MustCompile(`ait-[a-z]+ (\d+\.\d+\.\d+) \(commit`),
	}
	files := []string{"README.md", "release/build.sh", "release/pack/main.go"}
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		files = append(files, filepath.Join("docs", filepath.Base(d)))
	}
	found := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range patterns {
			for _, sm := range p.FindAllSubmatch(b, -1) {
				found++
				if v := string(sm[1]); v != released && version.MatchString(v) {
					t.Errorf("%s shows version %s in %q; the newest release in CHANGELOG.md is %s", f, v, sm[0], released)
				}
			}
		}
	}
	if found < 4 {
		t.Errorf("found only %d version examples in %v; the patterns are out of date", found, files)
	}
}
