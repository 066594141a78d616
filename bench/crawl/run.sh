#!/usr/bin/env bash
# Crawl benchmark: a generated 2,000-page site served on loopback, scanned with the static engine and with the
# browser engine (2 and 4 contexts), then --check-links compared with linkchecker (Debian package) when installed.
# Prints pages/s and the scanner process's own peak RSS (VmHWM of the scanner, not of Chromium).
# Usage: bench/crawl/run.sh [pages] [engines...]   e.g. bench/crawl/run.sh 2000 static browser2 browser4 links
set -euo pipefail
cd "$(dirname "$0")/../.."
PAGES=${1:-2000}; shift || true
RUNS=${*:-static browser2 browser4 links}
WORK=$(mktemp -d /tmp/crawl-bench.XXXXXX)
python3 bench/crawl/make-site.py "$WORK/site" "$PAGES" >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 bench/crawl/serve.py "$PORT" "$WORK/site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 1
dotnet build src/Scanner.Cli -c Release -o "$WORK/bin" >/dev/null
SITE="http://127.0.0.1:$PORT/index.html"

# measure NAME ARGS...: runs the scanner, samples its VmHWM (peak RSS) until it exits
measure() {
  local name=$1; shift
  local start end pid hwm=0 v
  start=$(date +%s.%N)
  "$WORK/bin/scanner" scan "$SITE" --max-depth 3 --max-pages 100000 --fail-on none -q \
      --format json --output "$WORK/$name.json" "$@" 2>"$WORK/$name.err" &
  pid=$!
  while kill -0 $pid 2>/dev/null; do
    v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
    [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
    sleep 0.2
  done
  wait $pid || true
  end=$(date +%s.%N)
  python3 - "$WORK/$name.json" "$name" "$start" "$end" "$hwm" <<'PY'
import json, sys
report, name, start, end, hwm = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
r = json.load(open(report)); s = r["summary"]; t = end - start
rules = {}
for f in r["findings"]: rules[f["ruleId"]] = rules.get(f["ruleId"], 0) + 1
errors = {}
for p in r["pages"]:
    if p["error"]: errors[p["error"][:40]] = errors.get(p["error"][:40], 0) + 1
print(f"{name}: errors {errors}", file=sys.stderr)
print(f"| {name} | {s['pages']} | {s['pagesFailed']} | {t:.1f} s | {s['pages'] / t:.1f} | {hwm / 1024:.0f} MiB | {s['total']} ({', '.join(f'{k} {v}' for k, v in sorted(rules.items()))}) |")
if "links" in r:
    l = r["links"]
    with open(report + ".links", "w") as f:
        f.write(f"scanner --check-links: {t:.1f} s, {l['checked']} distinct URLs checked: {l['ok']} ok, {l['broken']} broken, {l['couldNotVerify']} could not be verified\n")
PY
}

echo "| run | pages | failed | wall time | pages/s | scanner peak RSS | findings |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for run in $RUNS; do
  case $run in
    static) measure static --engine static -j 4 ;;
    browser2) measure browser-2-contexts --engine browser -j 2 ;;
    browser4) measure browser-4-contexts --engine browser -j 4 ;;
    links) measure static-check-links --engine static -j 4 --check-links ;;
  esac
done

[ -f "$WORK/static-check-links.json.links" ] && { echo; cat "$WORK/static-check-links.json.links"; }

# linkchecker on the same site, configured to check what the scanner checks: internal links only (its default),
# robots.txt obeyed (both do), recursion level 3 = --max-depth 3, 4 threads = -j 4. Its default of 10 requests per
# second per host (spaced 0.1-0.6 s apart, about 3 a second, whatever the thread count) is lifted, as the scanner
# has no rate limit by default: serve.py sends the "LinkChecker" header that allows more, and the config asks for it.
if [[ " $RUNS " == *" links "* ]] && command -v linkchecker >/dev/null; then
  printf '[checking]\nthreads=4\nrecursionlevel=3\nmaxrequestspersecond=1000\n' >"$WORK/linkcheckerrc"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$WORK/linkchecker.rss" timeout 900 linkchecker --config "$WORK/linkcheckerrc" --no-status --verbose \
      -o csv "$SITE" >"$WORK/linkchecker.csv" 2>/dev/null || true
  end=$(date +%s.%N)
  python3 - "$WORK/linkchecker.csv" "$start" "$end" "$(tail -1 "$WORK/linkchecker.rss")" <<'PY'
import csv, sys
path, start, end, rss = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rows = csv.DictReader((l for l in open(path, encoding="utf-8") if not l.startswith("#")), delimiter=";")
valid = {r["url"]: r["valid"] for r in rows}  # one verdict per distinct URL
ok = sum(v == "True" for v in valid.values())
print(f"linkchecker 4 threads, recursion 3: {end - start:.1f} s, {len(valid)} distinct URLs checked: {ok} ok, {len(valid) - ok} broken; peak RSS {int(rss) // 1024 if rss.isdigit() else '?'} MiB")
PY
fi
