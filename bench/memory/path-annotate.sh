# ait-validate --annotate on a tracker where every row has an error: a mark,
# a comment and a note shape per row. Once with the tracker's strings
# inline (the annotation alone), once shared (as Excel writes them: the
# reading of a million unique strings counts too).
#: see path-errors.sh.
# Sourced by bench/memory/run.sh with $N set.
inline=$(gen "unknown-inline-$N.xlsx" "$N" -unknown-statuses -inline)
shared=$(gen "unknown-$N.xlsx" "$N" -unknown-statuses)
peak "ait-validate --annotate, an error a row (strings inline)" -- "$BIN/ait-validate" --annotate "$WORK/annotated.xlsx" "$inline"
note "ait-validate --annotate, an error a row (strings inline)" "output $(($(stat -c %s "$WORK/annotated.xlsx") / 1048576)) MB"
peak "ait-validate --annotate, an error a row (shared strings)" -- "$BIN/ait-validate" --annotate "$WORK/annotated.xlsx" "$shared"
rm -f "$WORK/annotated.xlsx"
