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
# The profile recalculates every formula on load, whatever the file says
# of its cached values, and reads and writes as en-US.
mkdir -p "$tmp/.config/libreoffice/4/user"
cat >"$tmp/.config/libreoffice/4/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
XCU

# lo FILE FORMAT NAME: LibreOffice's saving of FILE as FORMAT, kept as NAME.
lo() {
	soffice --headless --convert-to "$2" --outdir "$tmp/lo" "$1" >/dev/null 2>&1
	local base
	base=$(basename "${1%.*}")
	mv "$tmp/lo/$base.${2%%:*}" "$out/$3"
}
# gnumeric FILE NAME: Gnumeric's saving of FILE, recalculated, in the format NAME's
# extension says.
gnumeric() { ssconvert --recalc "$1" "$out/$2" >/dev/null 2>&1; }

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

# Formulas without cached values (openpyxl) or with placeholders
# (XlsxWriter), LibreOffice's recalculated CSV of what they show, and
# LibreOffice's .xls and .ods of them (their formulas with values: text
# results in STRING records).
want formulas && {
$py "$here/formulas.py" openpyxl "$out/formulas-openpyxl.xlsx"
$py "$here/formulas.py" xlsxwriter "$out/formulas-xlsxwriter.xlsx"
lo "$out/formulas-openpyxl.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true' formulas-openpyxl.shown.csv
lo "$out/formulas-openpyxl.xlsx" xls formulas-lo.xls
lo "$out/formulas-openpyxl.xlsx" ods formulas-lo.ods
gnumeric "$out/formulas-xlsxwriter.xlsx" formulas-gnumeric.xls
}

# Formulas whose numbers LibreOffice shows in a format taken from the
# formula when their cell has none (DATE(), =A1 of a date), and its CSV.
want typed && {
$py "$here/typed_openpyxl.py" "$out/typed-openpyxl.xlsx"
lo "$out/typed-openpyxl.xlsx" 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true' typed-openpyxl.shown.csv
}

echo "made the fixtures in $out"
