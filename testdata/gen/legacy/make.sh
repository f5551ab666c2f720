#!/usr/bin/env bash
# Makes the legacy-format fixtures under testdata/legacy with the programs
# that write them, from the flat ODS sources beside this script:
#
#   lo-legacy.{ods,xls,xlsx,fods}  LibreOffice, from legacy.fods: an
#       instructions sheet, a hidden sheet with an External ID header, and
#       a tracker under a title row with numeric IDs, percent and date
#       cells, a formula in a percent cell and one in a date cell, "54%"
#       and a date typed as text, a two-line comment, two spaces kept,
#       non-ASCII text.
#   gnumeric-legacy.{xls,ods,xlsx}  Gnumeric's ssconvert, from LibreOffice's
#       xlsx (Gnumeric's xlsx does not keep the sheet hidden; its .xls and
#       .ods do).
#   lo-1904.{xls,xlsx,ods}  LibreOffice, from date1904.fods: dates in the
#       1904 date system.
#   lo-encrypted.xls  LibreOffice over UNO (encrypt.py): a password.
#   lo-ids.{xls,ods}  LibreOffice: the External IDs export of the
#       validate examples (testdata/validate/spec-example-ids.csv).
#
# Needs Debian's libreoffice-calc-nogui, python3-uno and gnumeric. Run from
# the module root: bash testdata/gen/legacy/make.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out="$root/testdata/legacy"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" # a LibreOffice profile of its own
mkdir -p "$out"
lo() { soffice --headless --convert-to "$1" --outdir "$tmp" "$2" >/dev/null 2>&1; }

lo ods "$here/legacy.fods"
for f in xls xlsx fods; do lo "$f" "$tmp/legacy.ods"; done
for f in ods xls xlsx fods; do cp "$tmp/legacy.$f" "$out/lo-legacy.$f"; done

mkdir -p "$tmp/g"
LC_ALL=C.UTF-8 ssconvert -T Gnumeric_Excel:excel_biff8 "$out/lo-legacy.xlsx" "$tmp/g/legacy.xls" 2>/dev/null
LC_ALL=C.UTF-8 ssconvert -T Gnumeric_OpenCalc:odf "$out/lo-legacy.xlsx" "$tmp/g/legacy.ods" 2>/dev/null
LC_ALL=C.UTF-8 ssconvert -T Gnumeric_Excel:xlsx2 "$out/lo-legacy.xlsx" "$tmp/g/legacy.xlsx" 2>/dev/null
for f in xls ods xlsx; do cp "$tmp/g/legacy.$f" "$out/gnumeric-legacy.$f"; done

lo ods "$here/date1904.fods"
for f in xls xlsx; do lo "$f" "$tmp/date1904.ods"; done
for f in ods xls xlsx; do cp "$tmp/date1904.$f" "$out/lo-1904.$f"; done

/usr/bin/python3 "$here/encrypt.py" "$out/lo-legacy.ods" "$out/lo-encrypted.xls" secret

cp "$root/testdata/validate/spec-example-ids.csv" "$tmp/ids.csv"
for f in xls ods; do lo "$f" "$tmp/ids.csv"; cp "$tmp/ids.$f" "$out/lo-ids.$f"; done
ls -l "$out"
# The differential harness compares these files with LibreOffice's reading
# of them (NAME.oracle.json beside each): refresh it.
bash "$(dirname "$0")/../../fidelity/make.sh" oracle
