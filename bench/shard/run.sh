#!/usr/bin/env bash
# Sharding benchmark (issue 18): the generated 2,000-page site of bench/crawl, crawled with the static engine
#   - by 1 process,
#   - by 4 shards (--shard I/4) one after another: each shard's own wall time, so "4 machines" = the slowest shard + merge,
#   - by 4 shards at once on this machine,
# then `scanner merge` of the 4 shard reports (json + sarif + html), checked against the single process (same pages,
# same fingerprints). With "sitemap", the same for the site's sitemap.xml (no crawl: a shard loads only its pages).
# Each configuration is run RUNS times, side by side in one run. Prints a Markdown table; `uptime` before and after.
# Usage: bench/shard/run.sh [pages] [runs] [variants...]   e.g. bench/shard/run.sh 2000 3 crawl sitemap
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${1:-2000}; RUNS=${2:-3}; shift 2 || true
VARIANTS=${*:-crawl sitemap}
WORK=$(mktemp -d /tmp/shard-bench.XXXXXX)
python3 bench/crawl/make-site.py "$WORK/site" "$PAGES" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# The generated site has no sitemap: list every page of it (what a crawl from the home page finds, less the 404s).
python3 - "$WORK/site" "$PORT" <<'PY'
import os, sys
root, port = sys.argv[1], sys.argv[2]
pages = sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs if f.endswith(".html"))
with open(os.path.join(root, "sitemap.xml"), "w") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    out.writelines(f"<url><loc>http://127.0.0.1:{port}/{p}</loc></url>" for p in pages)
    out.write("</urlset>")
PY
python3 bench/crawl/serve.py "$PORT" "$WORK/site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
dotnet build src/Scanner.Cli -c Release -o "$WORK/bin" >/dev/null
SCANNER="$WORK/bin/scanner"
now() { date +%s.%N; }

# scan OUT TARGET ARGS...: one scanner process; prints its wall time in seconds
scan() {
  local out=$1 target=$2; shift 2
  local start; start=$(now)
  "$SCANNER" scan "$target" --engine static -j 4 --max-pages 100000 --fail-on none -q --format json --output "$out" "$@" 2>>"$WORK/err.log"
  python3 -c "print(f'{$(now) - $start:.1f}')"
}

echo "load before: $(uptime)" >&2
echo "| variant | run | 1 process | 4 shards one after another: each shard | slowest shard + merge (4 machines) | 4 shards at once, this machine | merge (json+sarif+html) | loads per page (4 shards) | merged = single |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for variant in $VARIANTS; do
  case $variant in
    crawl) TARGET="http://127.0.0.1:$PORT/index.html"; EXTRA=(--max-depth 3) ;;
    sitemap) TARGET="http://127.0.0.1:$PORT/sitemap.xml"; EXTRA=() ;;
    *) echo "unknown variant $variant" >&2; exit 2 ;;
  esac
  for run in $(seq 1 "$RUNS"); do
    D="$WORK/$variant-$run"; mkdir -p "$D/seq" "$D/par"
    single=$(scan "$D/single.json" "$TARGET" "${EXTRA[@]}")
    each=()
    for i in 1 2 3 4; do each+=("$(scan "$D/seq/shard-$i.json" "$TARGET" "${EXTRA[@]}" --shard "$i/4")"); done
    start=$(now)
    pids=()
    for i in 1 2 3 4; do scan "$D/par/shard-$i.json" "$TARGET" "${EXTRA[@]}" --shard "$i/4" >/dev/null & pids+=($!); done
    wait "${pids[@]}"
    parallel=$(python3 -c "print(f'{$(now) - $start:.1f}')")
    start=$(now)
    "$SCANNER" merge "$D"/seq/shard-*.json --fail-on none -f json -o "$D/merged.json" -f sarif -o "$D/merged.sarif" -f html -o "$D/merged.html" 2>>"$WORK/err.log"
    merge=$(python3 -c "print(f'{$(now) - $start:.1f}')")
    python3 - "$D" "$variant" "$run" "$single" "$parallel" "$merge" "${each[@]}" <<'PY'
import json, sys
d, variant, run, single, parallel, merge = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
each = [float(x) for x in sys.argv[7:]]
s = json.load(open(f"{d}/single.json")); m = json.load(open(f"{d}/merged.json"))
shards = [json.load(open(f"{d}/seq/shard-{i}.json")) for i in range(1, 5)]
pages = lambda r: sorted(p["url"] for p in r["pages"])
fps = lambda r: sorted(f["fingerprint"] for f in r["findings"])
same = pages(s) == pages(m) and fps(s) == fps(m)
own = sum(len(r["pages"]) for r in shards); loaded = sum(r["shard"]["pagesLoadedForLinks"] for r in shards)
machines = max(each) + merge
print(f"| {variant} | {run} | {single:.1f} s ({len(s['pages'])} pages) | {' / '.join(f'{x:.1f}' for x in each)} s "
      f"| {machines:.1f} s = {machines / single:.2f}× | {parallel:.1f} s = {parallel / single:.2f}× | {merge:.1f} s = {merge / single:.2f}× of 1 process "
      f"| {(own + loaded) / own:.2f} ({own} scanned + {loaded} loaded for links) | {'yes' if same else 'NO'} ({len(m['findings'])} findings) |")
PY
  done
done
echo "load after: $(uptime)" >&2
