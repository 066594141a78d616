#!/usr/bin/env bash
# The browser engine's pool size (issue 20): scans the same pages with -j 2, 3, 4 … alternately, round after round,
# and prints each run's wall time (whole process), pages per second, the scanner's peak RSS, the findings, and the
# load average before and after. Chromium's memory is read too: the peak of all its processes' RSS together (a
# sum over processes, so shared pages count more than once: an upper bound).
# Usage: bench/speed/concurrency.sh [rounds=1] [folder=../shared/corpus/clean] [values="2 3 4"] [engine=browser]
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-1}
folder=${2:-../shared/corpus/clean}
values=${3:-2 3 4}
engine=${4:-browser}
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null || exit 1
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pages=$(ls "$folder"/*.html | wc -l)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $pages pages from $folder; engine $engine"

# chromium_rss PID: the RSS (KiB) of every process under PID whose name says chrom
chromium_rss() { ps -e -o pid=,ppid=,rss=,comm= | awk -v root="$1" '
  { parent[$1] = $2; rss[$1] = $3; name[$1] = $4 }
  END { for (p in parent) { q = p; while (q in parent && q != root && q != 1) q = parent[q]; if (q == root && name[p] ~ /chrom/) s += rss[p] } print s + 0 }'; }

for i in $(seq 1 "$rounds"); do
  for j in $values; do
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    start=$(date +%s.%N)
    "$scanner" scan "$folder" --engine "$engine" -j "$j" -q --fail-on none -f json -o "$out/scan.json" >"$out/log" 2>&1 &
    pid=$!; peak=0; cpeak=0
    while kill -0 $pid 2>/dev/null; do
      rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
      c=$(chromium_rss $pid); [ "$c" -gt "$cpeak" ] && cpeak=$c
      sleep 1
    done
    wait $pid
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$out/scan.json" 2>/dev/null || echo "?")
    printf 'round %s -j %s  %7.2f s  %.2f pages/s  scanner peak %d MiB  Chromium peak %d MiB  (%s findings; load before: %s; after: %s)\n' \
      "$i" "$j" "$wall" "$(echo "$pages / $wall" | bc -l)" $((peak / 1024)) $((cpeak / 1024)) "$findings" "$load" "$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
