# bench/memory/path-formulas.sh: sourced by bench/memory/run.sh once for
# each row count $N (see run.sh for peak, $BIN and $WORK).
#
# Formulas saved without their values (issue 25): every row of the
# tracker holds five formulas (its ID, metric, date, comment and a running
# total of the rows above) saved as openpyxl saves them, which ait-convert
# computes as the sheet streams. Input from bench/genformulas.
formulas_xlsx="$WORK/formulas-$N.xlsx"
[ -s "$formulas_xlsx" ] || go run ./bench/genformulas -rows "$N" -o "$formulas_xlsx"
peak "ait-convert: formulas without cached values (xlsx, 5 a row)" "$N" -- "$BIN/ait-convert" -f csv -o "$WORK/formulas.csv" "$formulas_xlsx"
