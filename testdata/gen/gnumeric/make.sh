#!/usr/bin/env bash
# Writes testdata/xlsx/gnumeric-tracker.xlsx with Gnumeric's ssconvert, from
# the CSV sheets beside this script: Gnumeric guesses the cell types as a
# user's spreadsheet program does ("54%" becomes a percent cell, dates become
# date cells) and writes its own styles and shared strings.
#
# Needs Debian's gnumeric package: apt-get install gnumeric
# Run from the module root: bash testdata/gen/gnumeric/make.sh
set -euo pipefail
here=$(dirname "$0")
out=testdata/xlsx/gnumeric-tracker.xlsx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/Instructions.csv" "$here/Updates.csv" "$tmp/"
# en_US: Gnumeric reads 07/31/2025 month first, as a US user's copy would.
LC_ALL=C.UTF-8 LANG=en_US.UTF-8 ssconvert --merge-to="$tmp/out.xlsx" \
  --export-type=Gnumeric_Excel:xlsx2 "$tmp/Instructions.csv" "$tmp/Updates.csv" 2>/dev/null
cp "$tmp/out.xlsx" "$out"
echo "wrote $out"

# The same sheet as an Excel 97-2003 .xls (BIFF8, in an OLE2 file).
mkdir -p testdata/legacy
LC_ALL=C.UTF-8 ssconvert "$here/Updates.csv" testdata/legacy/gnumeric-updates.xls 2>/dev/null
echo "wrote testdata/legacy/gnumeric-updates.xls"
# The differential harness compares these files with LibreOffice's reading
# of them (NAME.oracle.json beside each): refresh it.
bash "$(dirname "$0")/../../fidelity/make.sh" oracle
