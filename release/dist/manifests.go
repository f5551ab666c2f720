package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// DefaultBaseURL is where a release's archives are published; {version}
// stands for the version.
const DefaultBaseURL = "https://github.com/aitkit/aitkit/releases/download/v{version}"

// archive is one published archive with its checksum.
type archive struct {
	OS, Arch, Name, URL, SHA256, Dir string
}

// Manifests writes the Homebrew formula (aitkit.rb), the Scoop manifest
// (aitkit.json) and the winget manifests (winget/...) for the archives
// listed in out/SHA256SUMS, each archive's URL under baseURL. It returns
// the names of the files written.
func Manifests(out, version, baseURL string) ([]string, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	base := strings.TrimRight(strings.ReplaceAll(baseURL, "{version}", version), "/")
	sums, err := readSums(filepath.Join(out, "SHA256SUMS"))
	if err != nil {
		return nil, err
	}
	arch := map[string]archive{}
	for _, p := range [][2]string{{"darwin", "amd64"}, {"darwin", "arm64"}, {"linux", "amd64"}, {"linux", "arm64"}, {"windows", "amd64"}, {"windows", "arm64"}} {
		dir := fmt.Sprintf("%s_%s_%s_%s", pkgName, version, p[0], p[1])
		name := dir + ".tar.gz"
		if p[0] == "windows" {
			name = dir + ".zip"
		}
		sum, ok := sums[name]
		if !ok {
			return nil, fmt.Errorf("%s: no checksum of %s; build every platform first", filepath.Join(out, "SHA256SUMS"), name)
		}
		arch[p[0]+"/"+p[1]] = archive{OS: p[0], Arch: p[1], Name: name, URL: base + "/" + name, SHA256: sum, Dir: dir}
	}
	bins, err := Binaries(filepath.Join(out, "stage", arch["linux/amd64"].Dir))
	if err != nil || len(bins) == 0 {
		bins = defaultBins
	}
	data := manifestData{Version: version, Archives: arch, Bins: bins, Homepage: homepage, Summary: summary, License: license, BaseURL: strings.ReplaceAll(baseURL, "{version}", "$version")}
	var written []string
	write := func(name string, b []byte) error {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		written = append(written, path)
		return os.WriteFile(path, b, 0o644)
	}
	brew, err := execTemplate(brewTemplate, data)
	if err != nil {
		return nil, err
	}
	if err := write("aitkit.rb", brew); err != nil {
		return nil, err
	}
	scoop, err := scoopManifest(data)
	if err != nil {
		return nil, err
	}
	if err := write("aitkit.json", scoop); err != nil {
		return nil, err
	}
	for name, tmpl := range map[string]string{
		"aitkit.aitkit.yaml":              wingetVersion,
		"aitkit.aitkit.installer.yaml":    wingetInstaller,
		"aitkit.aitkit.locale.en-US.yaml": wingetLocale,
	} {
		b, err := execTemplate(tmpl, data)
		if err != nil {
			return nil, err
		}
		if err := write(filepath.Join("winget", "manifests", "a", "aitkit", "aitkit", version, name), b); err != nil {
			return nil, err
		}
	}
	return written, nil
}

// defaultBins are the binaries when no staged folder tells them.
var defaultBins = []string{"ait-convert", "ait-server", "ait-submit", "ait-template", "ait-validate"}

type manifestData struct {
	Version, Homepage, Summary, License, BaseURL string
	Archives                                     map[string]archive
	Bins                                         []string
}

func (d manifestData) A(key string) archive { return d.Archives[key] }

func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 || len(fields[0]) != 64 {
			return nil, fmt.Errorf("%s:%d: expected a SHA-256 and a file name", path, n)
		}
		sums[strings.TrimPrefix(fields[1], "*")] = fields[0]
	}
	return sums, sc.Err()
}

func execTemplate(text string, data manifestData) ([]byte, error) {
	t, err := template.New("").Parse(text)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, data)
	return b.Bytes(), err
}

const brewTemplate = `# Homebrew formula for aitkit {{.Version}}, made by release/dist; do not edit.
class Aitkit < Formula
  desc "{{.Summary}}"
  homepage "{{.Homepage}}"
  version "{{.Version}}"
  license "{{.License}}"

  on_macos do
    on_arm do
      url "{{(.A "darwin/arm64").URL}}"
      sha256 "{{(.A "darwin/arm64").SHA256}}"
    end
    on_intel do
      url "{{(.A "darwin/amd64").URL}}"
      sha256 "{{(.A "darwin/amd64").SHA256}}"
    end
  end

  on_linux do
    on_arm do
      url "{{(.A "linux/arm64").URL}}"
      sha256 "{{(.A "linux/arm64").SHA256}}"
    end
    on_intel do
      url "{{(.A "linux/amd64").URL}}"
      sha256 "{{(.A "linux/amd64").SHA256}}"
    end
  end

  def install
    %w[{{range $i, $b := .Bins}}{{if $i}} {{end}}{{$b}}{{end}}].each do |b|
      bin.install b
      man1.install "man/man1/#{b}.1"
      bash_completion.install "completions/#{b}.bash" => b
      zsh_completion.install "completions/_#{b}"
      fish_completion.install "completions/#{b}.fish"
    end
    doc.install "README.md", "CHANGELOG.md", "THIRD_PARTY_NOTICES.txt", "docs", "sbom"
  end

  test do
    assert_match version.to_s, shell_output("#{bin}/ait-convert --version")
  end
end
`

// scoopManifest is the Scoop manifest, with autoupdate so that `scoop
// update` finds the next release at the same base URL.
func scoopManifest(d manifestData) ([]byte, error) {
	exes := make([]string, len(d.Bins))
	for i, b := range d.Bins {
		exes[i] = b + ".exe"
	}
	type arch struct {
		URL        string `json:"url"`
		Hash       string `json:"hash,omitempty"`
		ExtractDir string `json:"extract_dir"`
	}
	auto := func(a string) arch {
		dir := pkgName + "_$version_windows_" + a
		return arch{URL: d.BaseURL + "/" + dir + ".zip", ExtractDir: dir}
	}
	m := struct {
		Version      string                     `json:"version"`
		Description  string                     `json:"description"`
		Homepage     string                     `json:"homepage"`
		License      string                     `json:"license"`
		Architecture map[string]arch            `json:"architecture"`
		Bin          []string                   `json:"bin"`
		Checkver     map[string]string          `json:"checkver"`
		Autoupdate   map[string]map[string]arch `json:"autoupdate"`
	}{
		Version: d.Version, Description: d.Summary, Homepage: d.Homepage, License: d.License,
		Architecture: map[string]arch{
			"64bit": {URL: d.A("windows/amd64").URL, Hash: d.A("windows/amd64").SHA256, ExtractDir: d.A("windows/amd64").Dir},
			"arm64": {URL: d.A("windows/arm64").URL, Hash: d.A("windows/arm64").SHA256, ExtractDir: d.A("windows/arm64").Dir},
		},
		Bin:        exes,
		Checkver:   map[string]string{"github": d.Homepage},
		Autoupdate: map[string]map[string]arch{"architecture": {"64bit": auto("amd64"), "arm64": auto("arm64")}},
	}
	b, err := json.MarshalIndent(m, "", "    ")
	return append(b, '\n'), err
}

const wingetVersion = `# winget version manifest for aitkit {{.Version}}, made by release/dist.
PackageIdentifier: aitkit.aitkit
PackageVersion: {{.Version}}
DefaultLocale: en-US
ManifestType: version
ManifestVersion: 1.6.0
`

const wingetInstaller = `# winget installer manifest for aitkit {{.Version}}, made by release/dist.
PackageIdentifier: aitkit.aitkit
PackageVersion: {{.Version}}
InstallerType: zip
NestedInstallerType: portable
NestedInstallerFiles:
{{- range .Bins}}
  - RelativeFilePath: {{($.A "windows/amd64").Dir}}\{{.}}.exe
    PortableCommandAlias: {{.}}
{{- end}}
Installers:
  - Architecture: x64
    InstallerUrl: {{($.A "windows/amd64").URL}}
    InstallerSha256: {{($.A "windows/amd64").SHA256}}
  - Architecture: arm64
    InstallerUrl: {{($.A "windows/arm64").URL}}
    InstallerSha256: {{($.A "windows/arm64").SHA256}}
    NestedInstallerFiles:
{{- range .Bins}}
      - RelativeFilePath: {{($.A "windows/arm64").Dir}}\{{.}}.exe
        PortableCommandAlias: {{.}}
{{- end}}
ManifestType: installer
ManifestVersion: 1.6.0
`

const wingetLocale = `# winget locale manifest for aitkit {{.Version}}, made by release/dist.
PackageIdentifier: aitkit.aitkit
PackageVersion: {{.Version}}
PackageLocale: en-US
Publisher: aitkit
PackageName: aitkit
PackageUrl: {{.Homepage}}
License: {{.License}}
ShortDescription: {{.Summary}}
Moniker: aitkit
Tags:
  - achieveit
  - excel
  - csv
ManifestType: defaultLocale
ManifestVersion: 1.6.0
`
