#!/usr/bin/env bash
# Issue 20's ratios, measured side by side: the bare baselines (bench/Scanner.Baseline) and the scanner, alternately,
# on the same pages (../shared/corpus/clean by default), each served on loopback by the same LocalSiteServer, with the
# same number of pages in flight. Wall time is of the whole process (start-up included) for both sides.
#   static:  bare HttpClient + AngleSharp ParseDocument  vs  scanner scan --engine static (every analyzer on)
#   browser: bare Playwright (fresh context per page, goto until DOMContentLoaded, content())  vs  scanner scan (browser)
# Ratio = bare wall / scanner wall (above 1: the scanner is faster). The machine is shared: read the ratios, and the load.
# Usage: bench/speed/ratios.sh [rounds=3] [engines="static browser"] [folder=../shared/corpus/clean] [concurrency=2]
# SCANNER_ARGS adds options to the scanner's side, e.g. SCANNER_ARGS=--no-subresources (the static engine then reads the
# served HTML only, as the bare baseline does; by default it also fetches linked stylesheets and external scripts).
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
engines=${2:-static browser}
folder=${3:-../shared/corpus/clean}
jobs=${4:-2}
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null || exit 1
dotnet build -c Release bench/Scanner.Baseline -v q -nologo >/dev/null || exit 1
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
bare=bench/Scanner.Baseline/bin/Release/net10.0/scanner-baseline
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pages=$(ls "$folder"/*.html | wc -l)

wall() { local s e; s=$(date +%s.%N); "$@" >"$out/last.log" 2>&1; local rc=$?; e=$(date +%s.%N); echo "$e - $s" | bc; return $rc; }

echo "machine: $(nproc) cores; $pages pages from $folder; -j $jobs; $(chromium --version 2>/dev/null)"
for i in $(seq 1 "$rounds"); do
  for engine in $engines; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    b=$(wall "$bare" "$engine" "$folder" "$jobs")
    if [ "$engine" = static ]; then
      s=$(wall "$scanner" scan "$folder" --engine static -j "$jobs" -q --fail-on none -f json -o "$out/scan.json" ${SCANNER_ARGS:-})
    else
      s=$(wall "$scanner" scan "$folder" -j "$jobs" -q --fail-on none -f json -o "$out/scan.json" ${SCANNER_ARGS:-})
    fi
    findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$out/scan.json" 2>/dev/null || echo "?")
    printf 'round %s %-7s bare %7.2f s  scanner %7.2f s  ratio %.2f  (%s findings; load before: %s; after: %s)\n' \
      "$i" "$engine" "$b" "$s" "$(echo "$b / $s" | bc -l)" "$findings" "$load" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
