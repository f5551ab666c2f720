package main

import (
	"bytes"
	"crypto/sha256"
	"debug/buildinfo"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/CycloneDX/cyclonedx-gomod/pkg/generate/bin"
	"github.com/CycloneDX/cyclonedx-gomod/pkg/licensedetect/local"
	"github.com/rs/zerolog"
	"golang.org/x/mod/module"
)

// NoticesFile is the name of the third-party notices in every archive and
// package.
const NoticesFile = "THIRD_PARTY_NOTICES.txt"

// Stage adds the third-party notices and one SBOM per binary to a staged
// platform folder.
func Stage(dir, version string, mtime time.Time) error {
	bins, err := Binaries(dir)
	if err != nil {
		return err
	}
	if len(bins) == 0 {
		return fmt.Errorf("%s: no ait-* binaries", dir)
	}
	mods, goVersion, err := modulesOf(dir, bins)
	if err != nil {
		return err
	}
	notices, err := Notices(mods, goVersion)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, NoticesFile), notices, 0o644); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dir, "sbom"), 0o755); err != nil {
		return err
	}
	for _, b := range bins {
		sbom, err := SBOM(filepath.Join(dir, b), version, mtime)
		if err != nil {
			return fmt.Errorf("%s: SBOM: %w", b, err)
		}
		name := strings.TrimSuffix(b, ".exe") + ".cdx.json"
		if err := os.WriteFile(filepath.Join(dir, "sbom", name), sbom, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Binaries lists the aitkit binaries in a staged folder, in name order.
func Binaries(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasPrefix(e.Name(), "ait-") {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// modulesOf returns every module the binaries were built from (their
// dependencies, each once, a replacement standing for what it replaces)
// and the Go version that built them.
func modulesOf(dir string, bins []string) ([]module.Version, string, error) {
	seen := map[module.Version]bool{}
	goVersion := ""
	for _, b := range bins {
		bi, err := buildinfo.ReadFile(filepath.Join(dir, b))
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", b, err)
		}
		goVersion = bi.GoVersion
		for _, d := range bi.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			seen[module.Version{Path: d.Path, Version: d.Version}] = true
		}
	}
	mods := make([]module.Version, 0, len(seen))
	for m := range seen {
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool {
		if mods[i].Path != mods[j].Path {
			return mods[i].Path < mods[j].Path
		}
		return mods[i].Version < mods[j].Version
	})
	return mods, goVersion, nil
}

// licenseNames are the files whose text a notice reproduces.
func isLicenseFile(name string) bool {
	n := strings.ToUpper(name)
	for _, p := range []string{"LICENSE", "LICENCE", "COPYING", "NOTICE", "PATENTS"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	return false
}

// Notices is the text of the third-party notices: for the Go standard
// library and every module, its version and the full text of each of its
// license, notice and patent files, read from the module cache (the
// build just filled it). A module without a license file is an error:
// publishing it without one would break the promise of the notices.
func Notices(mods []module.Version, goVersion string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("aitkit includes the following third-party software. Each is\n")
	b.WriteString("listed with its version and the full text of its license.\n")
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return nil, err
	}
	if err := appendNotice(&b, "Go standard library and runtime", goVersion, goroot, []string{"LICENSE", "PATENTS"}); err != nil {
		return nil, err
	}
	cache, err := goEnv("GOMODCACHE")
	if err != nil {
		return nil, err
	}
	for _, m := range mods {
		dir, err := moduleDir(cache, m)
		if err != nil {
			return nil, err
		}
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("%s@%s: not in the module cache (%w); build the binaries first", m.Path, m.Version, err)
		}
		var files []string
		for _, e := range entries {
			if e.Type().IsRegular() && isLicenseFile(e.Name()) {
				files = append(files, e.Name())
			}
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("%s@%s: no license file in %s", m.Path, m.Version, dir)
		}
		if err := appendNotice(&b, m.Path, m.Version, dir, files); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

func appendNotice(b *bytes.Buffer, name, version, dir string, files []string) error {
	fmt.Fprintf(b, "\n%s\n%s %s\n%s\n", strings.Repeat("=", 72), name, version, strings.Repeat("=", 72))
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			return fmt.Errorf("%s %s: %w", name, version, err)
		}
		fmt.Fprintf(b, "\n--- %s ---\n\n", f)
		b.Write(bytes.TrimRight(text, "\n"))
		b.WriteByte('\n')
	}
	return nil
}

func moduleDir(cache string, m module.Version) (string, error) {
	p, err := module.EscapePath(m.Path)
	if err != nil {
		return "", err
	}
	v, err := module.EscapeVersion(m.Version)
	if err != nil {
		return "", err
	}
	return filepath.Join(cache, filepath.FromSlash(p)+"@"+v), nil
}

func goEnv(key string) (string, error) {
	out, err := exec.Command("go", "env", key).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", key, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// SBOM is the CycloneDX SBOM (JSON) of one binary: its modules from the
// build information Go wrote into it, their licenses as detected in the
// module cache, the binary's hashes. Its time is mtime and its serial
// number a UUID made from the binary's SHA-256, so that it is reproducible.
func SBOM(path, version string, mtime time.Time) ([]byte, error) {
	g, err := bin.NewGenerator(path,
		bin.WithVersionOverride("v"+version),
		bin.WithIncludeStdlib(true),
		bin.WithLicenseDetector(local.NewDetector(zerolog.Nop())),
		bin.WithLogger(zerolog.Nop()))
	if err != nil {
		return nil, err
	}
	bom, err := g.Generate()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return nil, err
	}
	bom.SerialNumber = "urn:uuid:" + uuidFrom(h.Sum(nil))
	bom.Metadata.Timestamp = mtime.Format(time.RFC3339)
	var out bytes.Buffer
	enc := cdx.NewBOMEncoder(&out, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	if err := enc.Encode(bom); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// uuidFrom makes a version-5-shaped UUID from the first 16 bytes of a hash.
func uuidFrom(sum []byte) string {
	var u [16]byte
	copy(u[:], sum)
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
