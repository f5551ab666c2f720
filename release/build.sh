#!/usr/bin/env bash
# Builds the release of aitkit into dist/ (or $AITKIT_DIST):
#
#   bash release/build.sh 1.0.0                 # all six platforms
#   bash release/build.sh 1.0.0 linux/amd64     # some of them
#
# Each archive (aitkit_VERSION_OS_ARCH.tar.gz, .zip for Windows) holds the
# binaries, built with CGO_ENABLED=0 -trimpath and the version, the commit
# and the commit's date stamped in (--version prints them), README.md,
# LICENSE, CHANGELOG.md, docs/, the man pages and the shell completions
# (both made by the binaries themselves from their flags and -h text),
# THIRD_PARTY_NOTICES.txt (every module in the binaries with its license
# text) and sbom/ (a CycloneDX SBOM per binary). Each Linux platform also
# gets a .deb and an .rpm; with all six platforms, the Homebrew formula,
# the Scoop manifest and the winget manifests are written too, their URLs
# under $AITKIT_BASE_URL (default: the GitHub release of the version).
# dist/SHA256SUMS lists the archives' and packages' checksums.
#
# Reproducible: every date in the archives is the commit's, entries are in
# name order with fixed owners and modes, and the binaries carry no build
# path or VCS state, so two runs from one commit with one Go toolchain give
# byte-identical archives and packages. Needs only Go, git and sha256sum;
# the packaging code (release/pack, release/dist) is a module of its own,
# so that nfpm and cyclonedx-gomod never enter the binaries' module graph.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-}
if [ -z "$version" ]; then
  version=$(git describe --tags --exact-match 2>/dev/null || true)
  version=${version#v}
  version=${version:-0.0.0-dev}
fi
shift || true
platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)

if commit=$(git rev-parse --short=7 HEAD 2>/dev/null); then
  if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "warning: the work tree has changes that are not committed; the commit is stamped $commit-dirty" >&2
    commit="$commit-dirty"
  fi
  epoch=$(git log -1 --format=%ct HEAD)
else
  echo "warning: not a git checkout; the commit is stamped unknown" >&2
  commit=unknown
  epoch=${SOURCE_DATE_EPOCH:-0}
fi
date=$(date -u -d "@$epoch" +%Y-%m-%d 2>/dev/null || date -u -r "$epoch" +%Y-%m-%d)
pkg=github.com/aitkit/aitkit/cmd/internal/cli
ldflags="-s -w -X $pkg.version=$version -X $pkg.commit=$commit -X $pkg.date=$date"

dist=${AITKIT_DIST:-dist}
rm -rf "$dist"
mkdir -p "$dist/stage" "$dist/host" "$dist/tools"
dist=$(cd "$dist" && pwd)
export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false"

# The packaging tools, for this machine.
(cd release && go build -o "$dist/tools/" ./pack ./dist)

# Man pages and completions, from the binaries built for this machine.
go build -ldflags "$ldflags" -o "$dist/host/" ./cmd/...
bins=()
for f in "$dist"/host/ait-*; do bins+=("$(basename "$f")"); done
common="$dist/stage/common"
mkdir -p "$common/man/man1" "$common/completions"
for b in "${bins[@]}"; do
  "$dist/host/$b" --man > "$common/man/man1/$b.1"
  "$dist/host/$b" --completion bash > "$common/completions/$b.bash"
  "$dist/host/$b" --completion zsh > "$common/completions/_$b"
  "$dist/host/$b" --completion fish > "$common/completions/$b.fish"
  "$dist/host/$b" --completion powershell > "$common/completions/$b.ps1"
done
cp README.md LICENSE CHANGELOG.md "$common/"
cp -R docs "$common/docs"

for p in "${platforms[@]}"; do
  os=${p%/*}; arch=${p#*/}
  name="aitkit_${version}_${os}_${arch}"
  dir="$dist/stage/$name"
  cp -R "$common" "$dir"
  GOOS=$os GOARCH=$arch go build -ldflags "$ldflags" -o "$dir/" ./cmd/...
  "$dist/tools/dist" stage -version "$version" -mtime "$epoch" "$dir"
  ext=tar.gz
  [ "$os" = windows ] && ext=zip
  "$dist/tools/pack" -mtime "$epoch" -o "$dist/$name.$ext" "$dir"
  echo "$dist/$name.$ext"
  if [ "$os" = linux ]; then
    "$dist/tools/dist" linux -version "$version" -mtime "$epoch" -o "$dist" "$dir"
  fi
done
(cd "$dist" && shopt -s nullglob && sha256sum aitkit_*.tar.gz aitkit_*.zip *.deb *.rpm > SHA256SUMS)
if [ ${#platforms[@]} -eq 6 ]; then
  "$dist/tools/dist" manifests -version "$version" -base-url "${AITKIT_BASE_URL:-}" -o "$dist"
else
  echo "not every platform was built: no Homebrew, Scoop or winget manifest" >&2
fi
rm -rf "$dist/stage" "$dist/host" "$dist/tools"
echo "$dist/SHA256SUMS"
