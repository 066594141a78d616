#!/usr/bin/env bash
# The full evaluation of docs/detectors.md ("The development corpus"): the corpus generated from ../shared, then
# `scanner eval` with both engines on each half (dev, holdout) at --fail-on high. Results in $OUT (default /tmp/dev-corpus-eval).
# The CI test (tests/Scanner.EndToEnd.Tests/DevCorpusEvalTests.cs) runs the static engine on everything and the
# browser engine on a fixed sample; this script runs the browser on everything too (~10-20 min on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/dev-corpus-eval}
CORPUS="$OUT/corpus"
rm -rf "$CORPUS" && mkdir -p "$OUT"
dotnet build -c Release src/Scanner.Cli tools/DevCorpus >/dev/null
dotnet run -c Release --no-build --project tools/DevCorpus -- "$CORPUS"
# The browser engine on every page takes long on a small machine: BROWSER=sample runs the CI test's sample only.
awk -F'\t' 'NR==1' "$CORPUS/labels.tsv" > "$CORPUS/labels-browser-sample.tsv"
python3 - "$CORPUS/labels.tsv" >> "$CORPUS/labels-browser-sample.tsv" <<'PY'
import hashlib, sys
for line in open(sys.argv[1], encoding="utf-8").read().splitlines()[1:]:
    if hashlib.sha256(("browser-sample:" + line.split("\t")[0]).encode()).digest()[0] % 6 == 0: print(line)
PY
scanner() { dotnet src/Scanner.Cli/bin/Release/net10.0/scanner.dll "$@"; }
scanner eval "$CORPUS" --labels "$CORPUS/labels.tsv" --engine static --fail-on high -j "${JOBS:-4}" --format json -o "$OUT/static.json"
browser_labels="$CORPUS/labels.tsv"; [ "${BROWSER:-all}" = sample ] && browser_labels="$CORPUS/labels-browser-sample.tsv"
scanner eval "$CORPUS" --labels "$browser_labels" --engine browser --fail-on high -j "${JOBS:-4}" --timeout 20 --format json -o "$OUT/browser.json"
for half in dev holdout; do
  echo "== static, $half half"; scanner eval "$CORPUS" --labels "$CORPUS/labels.tsv" --where "split=$half" --engine static | tee "$OUT/static-$half.txt"
done
python3 bench/eval/tables.py "$CORPUS/labels.tsv" static="$OUT/static.json" browser="$OUT/browser.json" | tee "$OUT/tables.md"
