#!/usr/bin/env bash
# Makes the LibreOffice fixtures from the flat ODS sources beside this
# script. Needs LibreOffice (Debian: libreoffice-calc-nogui). Run from the
# module root:
#
#   bash testdata/gen/libreoffice/make.sh
#
# european.fods -> testdata/csv/lo-european.csv: a sheet formatted for
#   Germany, saved as "Text CSV" the way LibreOffice does for a German
#   user: semicolons, decimal commas, dotted day-first dates, UTF-8.
# formulas.fods -> testdata/xlsx/lo-formulas.xlsx: formulas (a ratio in a
#   percent cell, DATE, a text join, a cell reference) that LibreOffice
#   computes and saves with their values.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" # a profile of its own, so a running LibreOffice is not disturbed
mkdir -p "$root/testdata/csv" "$root/testdata/xlsx"

# Field separator 59 (;), text delimiter 34 ("), UTF-8 (76), from line 1,
# cells as shown.
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,true' --outdir "$tmp" "$here/european.fods" >/dev/null 2>&1
cp "$tmp/european.csv" "$root/testdata/csv/lo-european.csv"

soffice --headless --convert-to xlsx --outdir "$tmp" "$here/formulas.fods" >/dev/null 2>&1
cp "$tmp/formulas.xlsx" "$root/testdata/xlsx/lo-formulas.xlsx"
echo "made testdata/csv/lo-european.csv and testdata/xlsx/lo-formulas.xlsx"
