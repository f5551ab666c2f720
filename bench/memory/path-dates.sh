# bench/memory/path-dates.sh: sourced by bench/memory/run.sh once for each
# row count $N (see run.sh for gen, peak, $BIN and $WORK).
#
# Ambiguous dates (issue 25): every As Of Date is typed D/M/YYYY and reads
# two ways (03/07/2025) until the last row (31/12/2024) shows the order, so
# ait-convert keeps every row waiting for its column until the end of the
# input: the rows past convert's in-memory bound go to a temporary file.
# Inputs from bench/gentracker -dates-settled-last, as CSV and as xlsx.
# No --percent-points: the generated "% Complete" column holds percent
# cells, "54%" text and plain fractions, never a bare number above 1.
dates_csv=$(gen "settled-last-$N.csv" "$N" -dates-settled-last)
dates_xlsx=$(gen "settled-last-$N.xlsx" "$N" -dates-settled-last)
peak "ait-convert: dates settled by the last row (csv)" "$N" -- "$BIN/ait-convert" -f csv -o "$WORK/dates-csv.csv" "$dates_csv"
peak "ait-convert: dates settled by the last row (xlsx)" "$N" -- "$BIN/ait-convert" -f csv -o "$WORK/dates-xlsx.csv" "$dates_xlsx"
