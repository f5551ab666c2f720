#!/usr/bin/env bash
# Measures ait-convert and ait-validate on generated trackers: wall time,
# rows (records) per second and peak memory, for a workbook to CSV, a CSV
# to JSON, and validating the JSON records, at 100k and 1M rows. Inflating
# the sheet (unzip -p) is shown as the floor for workbooks.
#
#   bash bench/run.sh                # 100k and 1M rows
#   ROWS="100000" RUNS=1 bash bench/run.sh
#
# Needs /usr/bin/time (Debian: time) and unzip. Inputs go to bench/out/
# (not committed); each figure is the median of RUNS runs (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-"100000 1000000"}
RUNS=${RUNS:-3}
out=bench/out
mkdir -p "$out"
go build -o "$out/" ./cmd/ait-convert ./cmd/ait-validate

# measure CMD...: prints "median_seconds peak_kb" over RUNS runs.
measure() {
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    local t tf
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f "%e %M" "$@" >/dev/null 2>&1
    t=$(tail -n1 "$tf"); rm -f "$tf"
    times+=("${t% *}"); mems+=("${t#* }")
  done
  local mt mm
  mt=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  mm=$(printf '%s\n' "${mems[@]}" | sort -n | tail -n1)
  echo "$mt $mm"
}

row() { # label rows seconds kb
  awk -v l="$1" -v n="$2" -v s="$3" -v k="$4" 'BEGIN {
    rate = (s > 0) ? sprintf("%.0f", n / s) : "-";
    mem = (k == "-") ? "-" : sprintf("%.0f MB", k / 1024);
    printf "| %-44s | %8d | %7.2f s | %10s | %8s |\n", l, n, s, rate, mem }'
}

echo "aitkit benchmark, $(date -u +%Y-%m-%d), $(nproc) cores, $(go version | cut -d' ' -f3)"
echo
echo "| what | rows | wall (median of $RUNS) | rows/s | peak memory |"
echo "|---|---|---|---|---|"
for n in $ROWS; do
  x="$out/tracker-$n.xlsx"; c="$out/tracker-$n.csv"
  [ -f "$x" ] || go run ./bench/gentracker -rows "$n" -o "$x"
  [ -f "$c" ] || go run ./bench/gentracker -rows "$n" -o "$c"
  read -r s k < <(measure sh -c "unzip -p '$x' xl/worksheets/sheet1.xml xl/sharedStrings.xml > /dev/null")
  row "unzip -p (inflating only), $n rows" "$n" "$s" "-"
  read -r s k < <(measure "$out/ait-convert" -q -f csv "$x")
  row "ait-convert xlsx -> csv, $n rows" "$n" "$s" "$k"
  read -r s k < <(measure "$out/ait-convert" -q -f json "$c")
  row "ait-convert csv -> json, $n rows" "$n" "$s" "$k"
  j="$out/records-$n.json"
  [ -f "$j" ] || "$out/ait-convert" -q -o "$j" "$c"
  read -r s k < <(measure "$out/ait-validate" -q "$j")
  row "ait-validate json records, $n records" "$n" "$s" "$k"
done
