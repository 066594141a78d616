#!/usr/bin/env bash
# What the SSRF guard costs the browser engine: the first PAGES pages of the clean corpus scanned with the guard
# (every Chromium request through the guarded proxy, DNS checked per connection) and with --allow-private (no proxy
# at all), alternately, ROUNDS times each. Prints wall seconds per run and the mean of each.
# Usage: bench/guard-overhead.sh [rounds=3] [pages=73]   (needs ../shared beside the repository and a Chromium)
set -uo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
pages=${2:-73}
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
corpus=$(mktemp -d)
trap 'rm -rf "$corpus" /tmp/guard-overhead.json' EXIT
ls ../shared/corpus/clean/*.html | sort | head -n "$pages" | xargs -I{} cp {} "$corpus/"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $pages pages"
guarded=(); open=()
for i in $(seq 1 "$rounds"); do
  s=$(date +%s.%N); "$scanner" scan "$corpus" -j 2 -q --fail-on none -f json -o /tmp/guard-overhead.json >/dev/null 2>&1; e=$(date +%s.%N)
  guarded+=("$(echo "$e - $s" | bc)")
  s=$(date +%s.%N); "$scanner" scan "$corpus" -j 2 -q --fail-on none -f json -o /tmp/guard-overhead.json --allow-private >/dev/null 2>&1; e=$(date +%s.%N)
  open+=("$(echo "$e - $s" | bc)")
  echo "round $i: guarded ${guarded[-1]} s, --allow-private ${open[-1]} s"
done
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {printf "%.1f", s/NR}'; }
echo "mean: guarded $(mean "${guarded[@]}") s, --allow-private $(mean "${open[@]}") s"
