#!/usr/bin/env bash
# Soak: crawls a generated site (bench/crawl/make-site.py: index -> 20 sections -> pages) and samples the scanner
# process's own RSS (VmRSS from /proc/PID/status, so Chromium's processes are not counted) every 2 s.
# Prints, per run, the RSS at each tenth of the run and its peak, next to the pages done by then.
# Usage: bench/soak/run.sh [static-pages] [browser-pages]     default: 10000 1000; 0 skips that engine's run
# Needs python3 and, for the browser run, a Chromium. Samples are kept in $WORK (printed) as CSV.
set -euo pipefail
cd "$(dirname "$0")/../.."
STATIC_PAGES=${1:-10000}; BROWSER_PAGES=${2:-1000}
WORK=$(mktemp -d /tmp/soak.XXXXXX)
dotnet build src/Scanner.Cli -c Release -o "$WORK/bin" >/dev/null
SERVERS=()
trap 'for s in "${SERVERS[@]}"; do kill $s 2>/dev/null || true; done; rm -rf "$WORK"/site-* "$WORK/bin"' EXIT

# serve SITE: serves the folder on a free port (in $PORT); the server is stopped on exit
serve() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 bench/crawl/serve.py "$PORT" "$1" >/dev/null 2>&1 &
  SERVERS+=($!)
  sleep 1
}

# soak NAME PAGES ARGS...: generates a site of PAGES pages, crawls it all, samples RSS
soak() {
  local name=$1 pages=$2; shift 2
  python3 bench/crawl/make-site.py "$WORK/site-$pages" "$pages" >&2
  serve "$WORK/site-$pages"
  local pid start
  start=$(date +%s.%N)
  "$WORK/bin/scanner" scan "http://127.0.0.1:$PORT/index.html" --max-depth 3 --max-pages 100000 --fail-on none \
      --format json --output "$WORK/$name.json" --format jsonl --output "$WORK/$name.jsonl" "$@" 2>"$WORK/$name.err" &
  pid=$!
  echo "seconds,rss_kib,pages_done" >"$WORK/$name.csv"
  while kill -0 $pid 2>/dev/null; do
    local rss done_pages
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || true)
    done_pages=$(grep -c '"type":"page"' "$WORK/$name.jsonl" 2>/dev/null || true)
    [ -n "$rss" ] && echo "$(echo "$(date +%s.%N) - $start" | bc),$rss,${done_pages:-0}" >>"$WORK/$name.csv"
    sleep 2
  done
  wait $pid || true
  kill "${SERVERS[-1]}" 2>/dev/null || true
  python3 - "$WORK/$name.csv" "$WORK/$name.json" "$name" <<'PY'
import csv, json, sys
samples = [(float(r["seconds"]), int(r["rss_kib"]), int(r["pages_done"])) for r in csv.DictReader(open(sys.argv[1]))]
report = json.load(open(sys.argv[2])); s = report["summary"]; name = sys.argv[3]
t = samples[-1][0]
print(f"\n{name}: {s['pages']} pages ({s['pagesFailed']} failed), {t:.0f} s, {s['pages'] / t:.1f} pages/s, {s['total']} findings; "
      f"scanner RSS peak {max(r for _, r, _ in samples) / 1024:.0f} MiB over {len(samples)} samples")
print("| time | pages done | scanner RSS |")
print("| --- | --- | --- |")
for i in range(1, 11):
    at = t * i / 10
    sec, rss, done = min(samples, key=lambda x: abs(x[0] - at))
    print(f"| {sec:.0f} s | {done} | {rss / 1024:.0f} MiB |")
PY
}

if [ "$STATIC_PAGES" -gt 0 ]; then soak "static-$STATIC_PAGES" "$STATIC_PAGES" --engine static -j 4; fi
if [ "$BROWSER_PAGES" -gt 0 ]; then soak "browser-$BROWSER_PAGES" "$BROWSER_PAGES" --engine browser; fi
echo "samples and reports: $WORK" >&2
