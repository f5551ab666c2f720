# ait-web (issue 29): a tracker of $N rows dropped on the page (POST
# /api/convert), its last page of records read, its CSV downloaded and its
# records checked (POST /api/validate); the server's peak over all of it.
# Sourced by bench/memory/run.sh with $N set.
web_xlsx=$(gen "tracker-$N.xlsx" "$N")
rm -f "$WORK/web-url"
# exec: the process measured is ait-web itself, its address on its stdout.
peak_start "ait-web, a tracker of N rows converted, paged, downloaded, checked" -- \
  bash -c 'exec "$0" --no-open --journal "$1/web-journal.db" >"$1/web-url"' "$BIN/ait-web" "$WORK"
for _ in $(seq 100); do [ -s "$WORK/web-url" ] && break; sleep 0.1; done
web_url=$(head -n1 "$WORK/web-url")
web_base=${web_url%%/\?*}
web_h=(-H "X-Aitkit-Token: ${web_url##*token=}" -H "Origin: $web_base")
web_id=$(curl -s "${web_h[@]}" -F "file=@$web_xlsx" "$web_base/api/convert?limit=1" |
  /usr/bin/python3 -c 'import json, sys; a = json.load(sys.stdin); print(a["id"] if a["total"] > 0 else "")')
web_ok=0
[ -n "$web_id" ] &&
  curl -sf -o /dev/null "${web_h[@]}" "$web_base/api/records?id=$web_id&offset=$((N - 1000))&limit=1000" &&
  curl -sf -o /dev/null "${web_h[@]}" "$web_base/api/download?id=$web_id&format=csv" &&
  curl -sf -o /dev/null "${web_h[@]}" -F "id=$web_id" "$web_base/api/validate" && web_ok=1
peak_stop
if [ "$web_ok" != 1 ]; then
  echo "  ait-web: the tracker was not converted, paged, downloaded and checked" >&2
  FAILED=1
fi
