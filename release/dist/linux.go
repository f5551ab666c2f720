package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
	_ "github.com/goreleaser/nfpm/v2/rpm" // registers the rpm packager
)

// Package metadata shared by the Linux packages and the manifests.
const (
	pkgName     = "aitkit"
	homepage    = "https://github.com/aitkit/aitkit"
	maintainer  = "aitkit maintainers <maintainers@aitkit.invalid>"
	summary     = "Turn AchieveIt trackers into progress-update imports, check them and submit them safely"
	description = summary + "\nait-convert reads .xlsx, .xls, .ods, CSV and JSON trackers; ait-validate checks\nrecords the way the import API does; ait-submit sends them once; ait-server is a\nlocal import API; ait-template writes a tracker to fill in."
	license     = "Apache-2.0"
)

// LinuxPackages makes a .deb and an .rpm of the staged folder dir (named
// aitkit_VERSION_linux_ARCH) into out: the binaries in /usr/bin, the man
// pages gzipped in /usr/share/man/man1, the completions in each shell's
// vendor folder, and README, CHANGELOG, LICENSE, the third-party notices
// and the SBOMs in /usr/share/doc/aitkit. It returns the packages' names.
func LinuxPackages(dir, out, version string, mtime time.Time) ([]string, error) {
	base := filepath.Base(dir)
	arch := base[strings.LastIndexByte(base, '_')+1:]
	if !strings.Contains(base, "_linux_") || arch == "" {
		return nil, fmt.Errorf("%s: not a staged Linux folder (aitkit_VERSION_linux_ARCH)", dir)
	}
	bins, err := Binaries(dir)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "aitkit-dist-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var names []string
	for _, packager := range []string{"deb", "rpm"} {
		contents, err := linuxContents(dir, tmp, bins, packager, mtime)
		if err != nil {
			return nil, err
		}
		info := nfpm.WithDefaults(&nfpm.Info{
			Name: pkgName, Arch: arch, Platform: "linux", Version: version,
			Maintainer: maintainer, Description: description, Vendor: pkgName,
			Homepage: homepage, License: license, Section: "utils", Priority: "optional",
			MTime: mtime,
			Overridables: nfpm.Overridables{
				Contents: contents,
				RPM:      nfpm.RPM{Summary: summary, Group: "Applications/Productivity", BuildHost: "aitkit-release", Packager: maintainer},
			},
		})
		if err := nfpm.PrepareForPackager(info, packager); err != nil {
			return nil, fmt.Errorf("%s %s: %w", base, packager, err)
		}
		p, err := nfpm.Get(packager)
		if err != nil {
			return nil, err
		}
		name := filepath.Join(out, p.ConventionalFileName(info))
		var buf bytes.Buffer
		if err := p.Package(info, &buf); err != nil {
			return nil, fmt.Errorf("%s %s: %w", base, packager, err)
		}
		if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

// linuxContents lists the files of a Linux package. Man pages are gzipped
// into tmp without a name or time in their headers.
func linuxContents(dir, tmp string, bins []string, packager string, mtime time.Time) (files.Contents, error) {
	var c files.Contents
	add := func(src, dst string, mode os.FileMode) {
		c = append(c, &files.Content{Source: src, Destination: dst,
			FileInfo: &files.ContentFileInfo{Mode: mode, MTime: mtime, Owner: "root", Group: "root"}})
	}
	zshDir := "/usr/share/zsh/vendor-completions" // Debian's
	if packager == "rpm" {
		zshDir = "/usr/share/zsh/site-functions" // Fedora's and SUSE's
	}
	for _, b := range bins {
		add(filepath.Join(dir, b), "/usr/bin/"+b, 0o755)
		gz, err := gzipFile(filepath.Join(dir, "man", "man1", b+".1"), filepath.Join(tmp, b+".1.gz"))
		if err != nil {
			return nil, err
		}
		add(gz, "/usr/share/man/man1/"+b+".1.gz", 0o644)
		add(filepath.Join(dir, "completions", b+".bash"), "/usr/share/bash-completion/completions/"+b, 0o644)
		add(filepath.Join(dir, "completions", "_"+b), zshDir+"/_"+b, 0o644)
		add(filepath.Join(dir, "completions", b+".fish"), "/usr/share/fish/vendor_completions.d/"+b+".fish", 0o644)
		add(filepath.Join(dir, "sbom", b+".cdx.json"), "/usr/share/doc/aitkit/sbom/"+b+".cdx.json", 0o644)
	}
	for _, f := range []string{"README.md", "CHANGELOG.md", "LICENSE", NoticesFile} {
		add(filepath.Join(dir, f), "/usr/share/doc/aitkit/"+f, 0o644)
	}
	if packager == "deb" {
		add(filepath.Join(dir, "LICENSE"), "/usr/share/doc/aitkit/copyright", 0o644) // Debian's place for it
	}
	for _, ct := range c {
		if _, err := os.Stat(ct.Source); err != nil {
			return nil, fmt.Errorf("%s: %w", dir, err)
		}
	}
	return c, nil
}

// gzipFile writes src gzipped to dst, with no name or time in the header,
// as Debian wants man pages.
func gzipFile(src, dst string) (string, error) {
	b, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := zw.Write(b); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return dst, os.WriteFile(dst, out.Bytes(), 0o644)
}
