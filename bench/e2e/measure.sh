#!/usr/bin/env bash
# Scripted end-to-end timing: a single page and the 73-page clean corpus, browser and static engines.
# Usage: bench/e2e/measure.sh   (needs ../shared beside the repository and a Chromium; see README)
# Prints one line per run: what, wall seconds, peak RSS of the scanner process (not the browser), exit code.
set -uo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
seed=tests/Scanner.EndToEnd.Tests/fixtures/seed/hacked.html
corpus=../shared/corpus/clean

run() {
  local label=$1; shift
  local out; out=$( { /usr/bin/time -f "%e %M" "$scanner" scan "$@" -q --format json --output /tmp/measure.json >/dev/null; echo "exit=$?"; } 2>&1 | tail -2 | tr '\n' ' ')
  printf '%-44s %s\n' "$label" "$out"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(chromium --version 2>/dev/null)"
echo "columns: wall seconds, peak RSS KiB (scanner process), exit code"
for i in 1 2 3; do run "single page, browser (run $i)" "$seed"; done
for i in 1 2 3; do run "single page, static (run $i)" "$seed" --engine static; done
run "single page, browser, all 4 profiles" "$seed" --profiles visitor,spider,search-referrer,mobile
run "73-page corpus, browser, -j 2" "$corpus" -j 2
run "73-page corpus, browser, -j 4" "$corpus" -j 4
run "73-page corpus, static, -j 4" "$corpus" --engine static -j 4
