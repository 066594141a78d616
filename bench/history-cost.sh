#!/usr/bin/env bash
# The cost of --history: the crawl benchmark's generated 2,000-page site (bench/crawl/make-site.py) scanned with the
# static engine without a history, with a new history (night 1: record only) and with that history again (night 2:
# record + compare + tamper signals), alternating, three rounds. Prints wall times, the database's size and the
# bytes and milliseconds per page that the history adds.
# Usage: bench/history-cost.sh [pages] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-2000}; ROUNDS=${2:-3}
WORK=$(mktemp -d /tmp/history-bench.XXXXXX)
python3 bench/crawl/make-site.py "$WORK/site" "$PAGES" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/crawl/serve.py "$PORT" "$WORK/site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
dotnet build src/Scanner.Cli -c Release -o "$WORK/bin" >/dev/null
SITE="http://127.0.0.1:$PORT/index.html"
echo "load: $(uptime)" >&2

# run NAME ARGS...: prints "NAME seconds pages"
run() {
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  "$WORK/bin/scanner" scan "$SITE" --engine static -j 4 --max-depth 3 --max-pages 100000 --fail-on none -q \
      --format json --output "$WORK/$name.json" "$@" 2>"$WORK/$name.err" || true
  end=$(date +%s.%N)
  echo "$name $(python3 -c "print(f'{$end - $start:.2f}')") $(python3 -c "import json; print(json.load(open('$WORK/$name.json'))['summary']['pages'])")"
}

for round in $(seq 1 "$ROUNDS"); do
  rm -f "$WORK/h.db"*
  run "none-$round"
  run "night1-$round" --history "$WORK/h.db"
  bytes1=$(stat -c %s "$WORK/h.db")
  run "night2-$round" --history "$WORK/h.db"
  bytes2=$(stat -c %s "$WORK/h.db")
  echo "db-$round $bytes1 $bytes2"
done | tee "$WORK/results.txt" >&2

python3 - "$WORK/results.txt" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
t = {}; pages = 0; db = []
for r in rows:
    if r[0].startswith("db-"): db.append((int(r[1]), int(r[2]))); continue
    kind = r[0].rsplit("-", 1)[0]; t.setdefault(kind, []).append(float(r[1])); pages = int(r[2])
med = {k: statistics.median(v) for k, v in t.items()}
print("| run | wall times (s) | median | per page |")
print("| --- | --- | --- | --- |")
for k in ("none", "night1", "night2"):
    print(f"| {k} | {', '.join(f'{x:.1f}' for x in t[k])} | {med[k]:.1f} s | {1000 * med[k] / pages:.1f} ms |")
d1 = statistics.median(b1 for b1, _ in db); d2 = statistics.median(b2 for _, b2 in db)
print(f"\npages per run: {pages}; database after night 1: {d1 / 1024:.0f} KiB ({d1 / pages:.0f} bytes/page), after night 2: {d2 / 1024:.0f} KiB ({(d2 - d1) / pages:.0f} bytes/page for the second run)")
print(f"history's time per page: night 1 {1000 * (med['night1'] - med['none']) / pages:+.2f} ms, night 2 {1000 * (med['night2'] - med['none']) / pages:+.2f} ms (medians; ratio night2/none {med['night2'] / med['none']:.2f})")
PY
