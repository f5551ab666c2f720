#!/usr/bin/env bash
# Makes the readers' fixtures in sheet/testdata from the scripts beside
# this one, with the programs that write such files: openpyxl and
# XlsxWriter (Debian's python3-openpyxl, python3-xlsxwriter; run by
# /usr/bin/python3), LibreOffice (soffice --headless) and Gnumeric
# (ssconvert). Run from anywhere:
#
#   bash sheet/testdata/gen/make.sh [GROUP...]
#
# makes every group of fixtures (hidden, numfmt, shown, ...), or those
# named: programs write dates and ids into files, so that making a group
# again changes its bytes.
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

groups=" $* "
want() { [[ $# -eq 0 || "$groups" == "  " || "$groups" == *" $1 "* ]]; }

# Hidden rows, columns and sheets, a very hidden sheet, a chart sheet.
want hidden && {
$py "$here/hidden_openpyxl.py" "$out/hidden-openpyxl.xlsx"
$py "$here/hidden_xlsxwriter.py" "$out/hidden-xlsxwriter.xlsx"
lo "$out/hidden-openpyxl.xlsx" ods hidden-lo.ods
lo "$out/hidden-openpyxl.xlsx" xls hidden-lo.xls
lo "$out/hidden-openpyxl.xlsx" xlsx hidden-lo.xlsx
gnumeric "$out/hidden-openpyxl.xlsx" hidden-gnumeric.xls
gnumeric "$out/hidden-openpyxl.xlsx" hidden-gnumeric.ods
gnumeric "$out/hidden-xlsxwriter.xlsx" hidden-gnumeric.xlsx
}

# Numbers through format codes, and LibreOffice's CSV of what each shows
# (cells as shown, en-US).
want numfmt && {
$py "$here/numfmt_openpyxl.py" "$out/numfmt-openpyxl.xlsx"
lo "$out/numfmt-openpyxl.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true' numfmt-openpyxl.shown.csv
lo "$out/numfmt-openpyxl.xlsx" xls numfmt-lo.xls
lo "$out/numfmt-openpyxl.xlsx" ods numfmt-lo.ods
}

# A tracker whose numbers show otherwise than they are stored.
want shown && {
$py "$here/shown_xlsxwriter.py" "$out/shown-xlsxwriter.xlsx"
lo "$out/shown-xlsxwriter.xlsx" xls shown-lo.xls
lo "$out/shown-xlsxwriter.xlsx" ods shown-lo.ods
}

echo "made the fixtures in $out"
