#!/usr/bin/env bash
# Runs every memory path of issue 25 at 100k and 1M rows and prints the peak
# resident memory (RSS) of each, as the table in docs/performance.md.
#
#   bash bench/memory/run.sh                       # every path, 100k and 1M rows
#   ROWS=100000 bash bench/memory/run.sh           # one size
#   ONLY="errors annotate" bash bench/memory/run.sh   # path-errors.sh, path-annotate.sh only
#
# Each path-NAME.sh beside this file is sourced once per size, with $N the
# row count, and measures its commands with these helpers:
#
#   gen FILE ROWS [gentracker flags]  prints the path of a generated input,
#                                     made once (bench/gentracker) and kept
#                                     under bench/out/memory/
#   peak LABEL [N] -- CMD ARGS...     runs CMD under /usr/bin/time (its
#                                     output discarded) and records its peak
#   peak_start LABEL [N] -- CMD...    starts a server the same way, in the
#   peak_stop                         background; peak_stop sends it SIGINT,
#                                     waits and records its peak
#   note LABEL TEXT                   adds a note to a row (a size on disk...)
#   $BIN/ait-convert ...              the binaries, built from this tree
#   $WORK                             a scratch folder, removed at the end
#
# A command that exits 0 or 1 (data rejected: most of these inputs are
# meant to be) counts; any other status, or a peak over LIMIT_MB (default
# 300, the SPEC's ceiling), fails the run after the table is printed. Peaks
# over TARGET_MB (100) are marked.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-"100000 1000000"}
LIMIT_MB=${LIMIT_MB:-300}
TARGET_MB=${TARGET_MB:-100}
ONLY=${ONLY:-}
BIN=$PWD/bench/out/bin
DATA=$PWD/bench/out/memory
mkdir -p "$BIN" "$DATA"
WORK=$(mktemp -d)
BG_TIME_PID=
cleanup() {
  if [ -n "$BG_TIME_PID" ]; then kill -INT "$BG_TIME_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -x /usr/bin/time ] || { echo "bench/memory: /usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 2; }
go build -o "$BIN/" ./cmd/... ./bench/gentracker
RESULTS=$WORK/results.tsv
: >"$RESULTS"
FAILED=0

gen() {
  local file=$1 n=$2
  shift 2
  local path=$DATA/$file
  if [ ! -s "$path" ]; then
    echo "  generating $file" >&2
    "$BIN/gentracker" -rows "$n" "$@" -o "$path" >&2
  fi
  printf '%s\n' "$path"
}

# record LABEL TIMEFILE RC
record() {
  local label=$1 tf=$2 rc=$3 kb secs
  read -r kb secs < <(tail -n1 "$tf")
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$N" "$kb" "$secs" "$rc" >>"$RESULTS"
  printf '  %-60s %6s MB %8s s  exit %s\n' "$label" "$((kb / 1024))" "$secs" "$rc" >&2
  if [ "$rc" -gt 1 ]; then
    echo "  $label: exit status $rc; its stderr ends:" >&2
    tail -n 5 "$WORK/stderr" >&2 || true
    FAILED=1
  fi
  if [ "$((kb / 1024))" -gt "$LIMIT_MB" ]; then
    FAILED=1
  fi
}

# skip_to_cmd ARGS: how many arguments precede CMD (LABEL, an optional
# row count, and --).
skip_to_cmd() { if [ "$2" = "--" ]; then echo 2; else echo 3; fi; }

peak() {
  local label=$1
  shift "$(skip_to_cmd "$@")"
  local tf=$WORK/time rc=0
  /usr/bin/time -o "$tf" -f "%M %e" "$@" >/dev/null 2>"$WORK/stderr" || rc=$?
  record "$label" "$tf" "$rc"
}

peak_start() {
  BG_LABEL=$1
  shift "$(skip_to_cmd "$@")"
  /usr/bin/time -o "$WORK/bgtime" -f "%M %e" "$@" >/dev/null 2>"$WORK/stderr" &
  BG_TIME_PID=$!
}

peak_stop() {
  local child rc=0
  child=$(pgrep -P "$BG_TIME_PID" | head -n1 || true)
  if [ -n "$child" ]; then kill -INT "$child" 2>/dev/null || true; fi
  wait "$BG_TIME_PID" || rc=$?
  BG_TIME_PID=
  # A server stopped by SIGINT exits 130 (or 0): that is how it ends here.
  if [ "$rc" = 130 ]; then rc=0; fi
  record "$BG_LABEL" "$WORK/bgtime" "$rc"
}

note() {
  printf '%s\t%s\tnote\t%s\t0\n' "$1" "$N" "$2" >>"$RESULTS"
}

# The paths in the order of issue 25's table, then any others.
ORDER="strings dates errors formulas annotate submit server template web"
scripts=()
for s in $(for o in $ORDER; do [ -f "bench/memory/path-$o.sh" ] && echo "bench/memory/path-$o.sh"; done; ls bench/memory/path-*.sh); do
  name=${s#bench/memory/path-}
  name=${name%.sh}
  if [[ " ${scripts[*]:-} " == *" $s "* ]]; then continue; fi
  if [ -z "$ONLY" ] || [[ " $ONLY " == *" $name "* ]]; then scripts+=("$s"); fi
done
for N in $ROWS; do
  echo "== $N rows" >&2
  for s in "${scripts[@]}"; do
    echo "-- $s" >&2
    # shellcheck source=/dev/null
    source "$s"
  done
done

# The table: one row per path, one column per size.
sizes=($ROWS)
label_of() { if [ "$1" -ge 1000000 ]; then echo "$(($1 / 1000000))M rows"; else echo "$(($1 / 1000))k rows"; fi; }
{
  printf '| path |'
  for n in "${sizes[@]}"; do printf ' %s |' "$(label_of "$n")"; done
  printf '\n|---|'
  for _ in "${sizes[@]}"; do printf -- '---|'; done
  printf '\n'
  cut -f1 "$RESULTS" | awk '!seen[$0]++' | while IFS= read -r label; do
    printf '| %s |' "$label"
    for n in "${sizes[@]}"; do
      cell=$(awk -F'\t' -v l="$label" -v n="$n" -v target="$TARGET_MB" '
        $1 == l && $2 == n {
          if ($3 == "note") { out = out (out ? ", " : "") $4; next }
          mb = int($3 / 1024); s = mb " MB, " $4 " s"
          if (mb > target) s = "**" s "**"
          out = s (out ? ", " out : "")
        }
        END { print out }' "$RESULTS")
      printf ' %s |' "${cell:--}"
    done
    printf '\n'
  done
}
if [ "$FAILED" != 0 ]; then
  echo "bench/memory: a path failed or passed ${LIMIT_MB} MB (see above)" >&2
  exit 1
fi
