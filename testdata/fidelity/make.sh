#!/usr/bin/env bash
# Regenerates the fixtures of the LibreOffice differential harness and
# LibreOffice's reading of each (the oracle), all of testdata/fidelity:
#
#   cases.json            the matrix (testdata/gen/fidelity/cases.py)
#   openpyxl/*.xlsx       openpyxl: formulas without cached values
#   xlsxwriter/*.xlsx     XlsxWriter: formulas cached as 0, fullCalcOnLoad
#   fods/*.fods           flat ODS written by hand (write_fods.py): formulas without values
#   libreoffice/*.{xlsx,xls,ods}  LibreOffice, from fods/ (lo.py convert)
#   gnumeric/*.{xlsx,xls,ods}     Gnumeric's ssconvert, from LibreOffice's .ods
#   sheetjs/*.xlsx        SheetJS: formulas with their results cached, and -nocache without
#   excelize/*.xlsx       excelize: formulas without cached values
#   hostile/*             workbooks that can be read two ways (zip surgery)
#   */*.oracle.json       LibreOffice's reading of each fixture (lo.py oracle)
#
# Needs Debian's libreoffice-calc-nogui (or libreoffice-calc), python3-uno,
# python3-openpyxl, python3-xlsxwriter, gnumeric; node and npm; Go.
# go test compares the committed files and needs none of these.
# The oracle is also made for the other workbooks under testdata/xlsx and
# testdata/legacy, which the harness compares too.
#
# Run from anywhere: bash testdata/fidelity/make.sh
# Only the oracles (after another script remade its fixtures):
#   bash testdata/fidelity/make.sh oracle
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gen="$root/testdata/gen"
py=/usr/bin/python3 # Debian's, with its openpyxl, xlsxwriter and uno
cd "$root"

# The workbooks of the other fixture folders that the harness compares
# (not the encrypted one, nor the IDs exports, which hold no updates).
others() {
  ls testdata/xlsx/*.xlsx testdata/legacy/*.{xlsx,xls,ods,fods} | grep -v -e encrypted -e lo-ids
}

if [ "${1:-}" = oracle ]; then
  mapfile -t fixtures < <(find "$here" -mindepth 2 -type f ! -name '*.json' | sort; others)
  $py "$gen/fidelity/lo.py" oracle "${fixtures[@]}"
  echo "made ${#fixtures[@]} oracles"
  exit 0
fi

for d in openpyxl xlsxwriter fods libreoffice gnumeric sheetjs excelize hostile; do
  rm -rf "${here:?}/$d"
done

$py "$gen/fidelity/cases.py"
$py "$gen/fidelity/write_openpyxl.py"
$py "$gen/fidelity/write_xlsxwriter.py"
$py "$gen/fidelity/write_fods.py"
[ -d "$gen/sheetjs/node_modules/xlsx" ] || (cd "$gen/sheetjs" && npm ci --no-audit --no-fund)
node "$gen/sheetjs/fidelity.js"
go run ./testdata/gen/excelize/fidelity
go run ./testdata/gen/fidelity/hostile
$py "$gen/fidelity/lo.py" convert "$here/libreoffice" "$here"/fods/*.fods

mkdir -p "$here/gnumeric"
for f in "$here"/libreoffice/*.ods; do
  base=$(basename "$f" .ods)
  for t in "Gnumeric_Excel:xlsx2 xlsx" "Gnumeric_Excel:excel_biff8 xls" "Gnumeric_OpenCalc:odf ods"; do
    set -- $t
    LC_ALL=C.UTF-8 ssconvert --recalc -T "$1" "$f" "$here/gnumeric/$base.$2" >/dev/null 2>&1
  done
done

mapfile -t fixtures < <(find "$here" -mindepth 2 -type f ! -name '*.json' | sort)
mapfile -t more < <(others)
$py "$gen/fidelity/lo.py" oracle "${fixtures[@]}" "${more[@]}"
echo "made ${#fixtures[@]} fixtures and their oracles in testdata/fidelity ($(du -sh "$here" | cut -f1))"
