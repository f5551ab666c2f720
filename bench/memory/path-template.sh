# ait-template from an export of $N items: AchieveIt's CSV export, and a
# workbook with an External ID column (a generated tracker) as the export.
# Sourced by bench/memory/run.sh with $N set.
ids=$(gen "ids-$N.csv" "$N" -ids)
export_xlsx=$(gen "tracker-$N.xlsx" "$N")
peak "ait-template, an export of N items (csv)" -- "$BIN/ait-template" "$ids" -o "$WORK/template.xlsx"
peak "ait-template, an export of N items (xlsx)" -- "$BIN/ait-template" "$export_xlsx" -o "$WORK/template.xlsx"
rm -f "$WORK/template.xlsx"
