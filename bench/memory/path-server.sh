# ait-server (issue 25): 300 imports of 5 MB in a row, every record
# invalid, each rejected with a 400 listing every error; the server's
# peak, and the size of its data folder after them. The input does not
# depend on $N: it runs once, at the first size.
# Sourced by bench/memory/run.sh with $N set.
if [ -z "${SERVER_BENCH_DONE:-}" ]; then
  SERVER_BENCH_DONE=1
  rejected=$DATA/rejected-5mb.json
  if [ ! -s "$rejected" ]; then
    /usr/bin/python3 - "$rejected" <<'PY'
import sys
out, size, i = [], 0, 0
while size < 5 << 20:
    s = '{"externalId":"BAD-%07d","status":"Green","metricValue":0.5,"asOfDate":"2025-07-03","comment":"rejected for the memory bench"}' % i
    out.append(s); size += len(s) + 1; i += 1
open(sys.argv[1], "w").write("[" + ",".join(out) + "]")
PY
  fi
  rm -rf "$WORK/server-data"
  peak_start "ait-server --data, 300 rejected 5 MB imports" -- "$BIN/ait-server" --api-key k-bench --addr 127.0.0.1:0 --data "$WORK/server-data"
  for _ in $(seq 100); do grep -q "listening on" "$WORK/stderr" 2>/dev/null && break; sleep 0.1; done
  server_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/stderr" | head -n1)
  not400=0
  for _ in $(seq 300); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: API-KEY k-bench' -H 'Content-Type: application/json' --data-binary @"$rejected" "$server_url/imports/progress-updates")
    [ "$code" = 400 ] || not400=$((not400 + 1))
  done
  data_kb=$(du -sk "$WORK/server-data" | cut -f1)
  peak_stop
  note "ait-server --data, 300 rejected 5 MB imports" "data $((data_kb / 1024)) MB"
  if [ "$not400" != 0 ]; then
    echo "  ait-server: $not400 of the 300 imports were not answered 400" >&2
    FAILED=1
  fi
fi
