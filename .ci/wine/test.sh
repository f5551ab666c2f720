#!/usr/bin/env bash
# Runs the test suite as Windows programs under wine: cross-compiles each
# package's test binary for windows/amd64 on this host and runs it with wine
# in a throwaway WINEPREFIX. Called by .ci/run; docs/testing.md ("Windows")
# says why each piece is here.
#
#   bash .ci/wine/test.sh [package pattern...]    (default ./...)
#
# Environment: WINE_TEST_TIMEOUT (per package, default 5m), WINE_TEST_JOBS
# (packages at a time, default 2), WINE_TEST_LOGS (a directory to keep each
# package's -test.v output in).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/.ci/wine

# CI starts from a clean machine: install what is missing (Debian packages).
missing=()
for c in wine wineserver wineboot winepath; do command -v "$c" >/dev/null || missing+=(wine wine64); done
command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

work=$(mktemp -d /tmp/aitkit-wine.XXXXXX)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
# No Mono or Gecko: wineboot would otherwise offer to download them.
export WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() {
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The Windows-only pieces, built on this host.
bash "$here/build-dll.sh" "$work"
# The overlay adds one file to internal/syscall/windows (see
# wine_deleteat.go); overlay paths are absolute, so it is written here.
printf '{"Replace":{"%s":"%s"}}\n' \
  "$(go env GOROOT)/src/internal/syscall/windows/zz_wine_deleteat.go" "$here/wine_deleteat.go" >"$work/overlay.json"

start=$SECONDS
# A persistent wineserver and one wineboot before any test, their output
# sent nowhere: otherwise the server and wine's helper processes (services,
# winedevice...) are started by the first test binary, inherit its standard
# output, and hold the pipe open after it exits (a `| tee` never ends).
mkdir -p "$WINEPREFIX"
wineserver -p </dev/null >/dev/null 2>&1
wineboot -i </dev/null >/dev/null 2>&1
# Go 1.24+ needs ProcessPrng from bcryptprimitives.dll, which wine 8.0 lacks.
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
echo "wine prefix ready in $((SECONDS - start))s"

# The end-to-end tests build the binaries with go, which the Windows side
# does not have: build them here and hand them in (AITKIT_E2E_BIN).
GOOS=windows GOARCH=amd64 go build -o "$work/bin/" ./cmd/...
export AITKIT_E2E_BIN
AITKIT_E2E_BIN=$(winepath -w "$work/bin")
export WINEPATH=$AITKIT_E2E_BIN

pkgs=$(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}} {{.Dir}}{{end}}' "${@:-./...}")
start=$SECONDS
mkdir -p "$work/tests"
# One go test -c for all packages: go compiles them in parallel.
GOOS=windows GOARCH=amd64 go test -c -ldflags="-s -w" -overlay "$work/overlay.json" -o "$work/tests/" $(awk '{print $1}' <<<"$pkgs")
echo "test binaries built in $((SECONDS - start))s"

# run_one PKG DIR runs one package's tests and prints its report in one
# piece: "ok" with the tests it skipped and why, or FAIL with what failed.
run_one() {
  local pkg=$1 dir=$2 name out t0=$SECONDS
  name=$(basename "$pkg")
  out=$work/out/$name
  if (cd "$dir" && wine "$work/tests/$name.test.exe" -test.v -test.timeout="${WINE_TEST_TIMEOUT:-5m}" >"$out.log" 2>&1); then
    {
      echo "ok   $pkg $((SECONDS - t0))s"
      sed 's/\r$//' "$out.log" | awk '
        /^=== (RUN|CONT|NAME) / { cur = $3; next }
        /^ *--- SKIP: / { print "     skip " $3 ": " why[$3]; next }
        /^ +[^ ]+\.go:[0-9]+: / { r = $0; sub(/^ +/, "", r); why[cur] = r }'
    } >"$out.report"
  else
    {
      echo "FAIL $pkg $((SECONDS - t0))s"
      sed 's/\r$//' "$out.log" | grep -v -E '^ *(=== (RUN|PAUSE|CONT|NAME)|--- PASS)' || true
    } >"$out.report"
    echo "$pkg" >"$out.failed"
  fi
  flock "$work/out" cat "$out.report"
}
export -f run_one
export work

# Two packages at a time (WINE_TEST_JOBS): most of a run under wine is
# waiting (servers starting, retries, processes), as go test ./... does.
start=$SECONDS
mkdir -p "$work/out"
xargs -P "${WINE_TEST_JOBS:-2}" -L 1 bash -c 'run_one "$@"' _ <<<"$pkgs"
echo "tests run under wine in $((SECONDS - start))s"
if [ -n "${WINE_TEST_LOGS:-}" ]; then mkdir -p "$WINE_TEST_LOGS" && cp "$work"/out/*.log "$WINE_TEST_LOGS/"; fi
shopt -s nullglob
failed=("$work"/out/*.failed)
if [ ${#failed[@]} -gt 0 ]; then
  echo "under wine, failed: $(cat "${failed[@]}" | tr '\n' ' ')"
  exit 1
fi
