# ait-submit (issue 25): a dry run of $N records (the records wait in a
# temporary file and the body streams out through the key redactor);
# sending them to a fake API (bench/memory/apifake) that accepts any body,
# the journal recording them; sending them again, refused by the journal;
# and following a job whose status body is 60 MiB of errors.
# Sourced by bench/memory/run.sh with $N set.
[ -x "$BIN/apifake" ] || go build -o "$BIN/" ./bench/memory/apifake
submit_csv=$(gen "tracker-$N.csv" "$N")
# The tracker's "% Complete" holds bare numbers above 1 among its "54%"s.
pp=--percent-points
export ACHIEVEIT_API_KEY=k-bench-0123456789abcdef
peak "ait-submit --dry-run" -- "$BIN/ait-submit" --dry-run $pp "$submit_csv"

"$BIN/apifake" -records "$N" -status-mb 60 >"$WORK/apifake.url" &
APIFAKE_PID=$!
for _ in $(seq 50); do [ -s "$WORK/apifake.url" ] && break; sleep 0.1; done
APIFAKE_URL=$(head -n1 "$WORK/apifake.url")
rm -f "$WORK/journal-$N.db"
peak "ait-submit, sent (journal written, body from a file)" -- "$BIN/ait-submit" --journal "$WORK/journal-$N.db" --base-url "$APIFAKE_URL" --wait 0 $pp "$submit_csv"
# Exit 2 (refused as sent before) is what is expected: sh makes it 0.
peak "ait-submit, the same again (refused by the journal)" -- sh -c '"$0" --journal "$1" --base-url "$2" --wait 0 --percent-points "$3"; [ $? = 2 ]' "$BIN/ait-submit" "$WORK/journal-$N.db" "$APIFAKE_URL" "$submit_csv"
note "ait-submit, the same again (refused by the journal)" "journal $(du -k "$WORK/journal-$N.db" | cut -f1) KB"
# The status of a Failed job listing ~490,000 records' errors, 60 MiB.
peak "ait-submit --status, a 60 MiB status body" -- "$BIN/ait-submit" --status bench-job --base-url "$APIFAKE_URL"
kill "$APIFAKE_PID"
wait "$APIFAKE_PID" 2>/dev/null || true
unset ACHIEVEIT_API_KEY
