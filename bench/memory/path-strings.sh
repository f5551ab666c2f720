# bench/memory/path-strings.sh: sourced by bench/memory/run.sh once for each
# row count $N (see run.sh for gen, peak, $BIN and $WORK).
#
# Shared strings (issue 25): the plain generated tracker, whose IDs, plan
# items, typed dates and comments are nearly all distinct (about 3.7
# million shared strings, 290 MB inflated, at 1M rows), converted with no
# error and no waiting: the floor of every workbook path. The table keeps
# StringsInMemory (8 MiB) of text in memory and reads the rest back from a
# temporary file a block at a time. The same rows with every string inline
# (no table) for comparison.
strings_xlsx=$(gen "tracker-$N.xlsx" "$N")
inline_xlsx=$(gen "inline-$N.xlsx" "$N" -inline)
peak "ait-convert: shared strings, nearly all distinct (xlsx)" "$N" -- "$BIN/ait-convert" -f csv -o "$WORK/strings.csv" "$strings_xlsx"
peak "ait-convert: the same rows, strings inline (xlsx)" "$N" -- "$BIN/ait-convert" -f csv -o "$WORK/inline.csv" "$inline_xlsx"
