#!/usr/bin/env bash
# Makes the readers' fixtures in sheet/testdata from the scripts beside
# this one, with the programs that write such files: openpyxl and
# XlsxWriter (Debian's python3-openpyxl, python3-xlsxwriter; run by
# /usr/bin/python3), LibreOffice (soffice --headless) and Gnumeric
# (ssconvert). Run from anywhere:
#
#   bash sheet/testdata/gen/make.sh
#
# then `go test ./sheet/... -update` rewrites the dumps (*.dump) the
# readers' tests compare with; read their diff before committing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" # a LibreOffice profile of its own
py=/usr/bin/python3

# lo FILE FORMAT NAME: LibreOffice's saving of FILE as FORMAT, kept as NAME.
lo() {
	soffice --headless --convert-to "$2" --outdir "$tmp/lo" "$1" >/dev/null 2>&1
	local base
	base=$(basename "${1%.*}")
	mv "$tmp/lo/$base.${2%%:*}" "$out/$3"
}
# gnumeric FILE NAME: Gnumeric's saving of FILE, in the format NAME's
# extension says.
gnumeric() { ssconvert "$1" "$out/$2" >/dev/null 2>&1; }

# Hidden rows, columns and sheets, a very hidden sheet, a chart sheet.
$py "$here/hidden_openpyxl.py" "$out/hidden-openpyxl.xlsx"
$py "$here/hidden_xlsxwriter.py" "$out/hidden-xlsxwriter.xlsx"
lo "$out/hidden-openpyxl.xlsx" ods hidden-lo.ods
lo "$out/hidden-openpyxl.xlsx" xls hidden-lo.xls
lo "$out/hidden-openpyxl.xlsx" xlsx hidden-lo.xlsx
gnumeric "$out/hidden-openpyxl.xlsx" hidden-gnumeric.xls
gnumeric "$out/hidden-openpyxl.xlsx" hidden-gnumeric.ods
gnumeric "$out/hidden-xlsxwriter.xlsx" hidden-gnumeric.xlsx

echo "made the fixtures in $out"
