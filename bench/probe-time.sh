#!/usr/bin/env bash
# Probe time per page on the seed page (issue 15, probe isolation): scans N copies of the hacked seed page one at a
# time with the browser engine and prints the mean and median of the "probed in N ms" debug lines.
# Usage: bench/probe-time.sh [copies=30]   (builds src/Scanner.Cli first; run from the repository root)
set -euo pipefail
copies=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$root/tests/Scanner.EndToEnd.Tests/fixtures/seed/site.css" "$dir/"
for i in $(seq 1 "$copies"); do cp "$root/tests/Scanner.EndToEnd.Tests/fixtures/seed/hacked.html" "$dir/page$i.html"; done
dotnet build "$root/src/Scanner.Cli" -c Release -v q -nologo >/dev/null
dotnet "$root/src/Scanner.Cli/bin/Release/net10.0/scanner.dll" scan "$dir" -j 1 -v --fail-on none -f json -o /dev/null 2>&1 \
  | grep -o 'probed in [0-9]* ms' | awk '{print $3}' | sort -n \
  | awk '{a[NR]=$1; s+=$1} END {printf "pages %d  mean %.1f ms  median %d ms  min %d  max %d\n", NR, s/NR, a[int((NR+1)/2)], a[1], a[NR]}'
