#!/usr/bin/env bash
# Issue 20's start-up figure: a one-page `scanner scan PAGE --engine static -v`, run N times, with the process's wall
# and CPU time (/usr/bin/time) and the start-up breakdown the scan prints with -v (since the process started, rules,
# folding tables, matcher; jieba's dictionary, read on a background thread meanwhile). `scanner --version` is the
# floor: .NET's own start and the command line.
# Usage: bench/speed/startup.sh [runs=3] [page=../shared/corpus/clean/gne-163-1.html]
set -uo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
page=${2:-../shared/corpus/clean/gne-163-1.html}
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null || exit 1
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores; page $page; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$runs"); do
  /usr/bin/time -f "%e %U %S" -o "$out/version.time" "$scanner" --version >/dev/null
  /usr/bin/time -f "%e %U %S" -o "$out/scan.time" "$scanner" scan "$page" --engine static -v --fail-on none -f json -o "$out/scan.json" 2>"$out/scan.log" >/dev/null
  read -r vw vu vs <"$out/version.time"
  read -r sw su ss <"$out/scan.time"
  printf 'run %s  --version: %s s wall, %.2f s CPU | one-page scan: %s s wall, %.2f s CPU (user %s, sys %s)\n' \
    "$i" "$vw" "$(echo "$vu + $vs" | bc)" "$sw" "$(echo "$su + $ss" | bc)" "$su" "$ss"
  grep -o 'Start-up.*' "$out/scan.log" | sed 's/^/        /'
  grep -o '200 in .*' "$out/scan.log" | sed 's/^/        page: /'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
