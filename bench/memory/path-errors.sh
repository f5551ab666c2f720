# Every row's status a word of its own, none of them a status: every row
# an error of its own kind (error grouping, the JSON report). The generated
# "% Complete" column mixes fractions and bare numbers:
# says how to read them (without it the whole input is refused at once).
# Sourced by bench/memory/run.sh with $N set.
unknown_csv=$(gen "unknown-$N.csv" "$N" -unknown-statuses)
unknown_xlsx=$(gen "unknown-$N.xlsx" "$N" -unknown-statuses)
peak "ait-convert, every status an unknown word (csv)" -- "$BIN/ait-convert" "$unknown_csv"
peak "ait-convert, every status an unknown word (xlsx)" -- "$BIN/ait-convert" "$unknown_xlsx"
peak "ait-validate, every status an unknown word (csv)" -- "$BIN/ait-validate" "$unknown_csv"
peak "ait-validate --report json, every status an unknown word (csv)" -- "$BIN/ait-validate" --report json "$unknown_csv"
