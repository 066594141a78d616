#!/usr/bin/env bash
# The whole malformed-HTML corpus (../shared/corpus/malformed: 1,565 html5lib documents + the spam variants) scanned
# with both engines, where CI scans every document with the static engine but only a fixed sample with Chromium.
# Prints each engine's time (the test's own output); docs/performance.md records them.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tests/Scanner.EndToEnd.Tests -c Release -v q
SCANNER_MALFORMED_FULL=1 dotnet test tests/Scanner.EndToEnd.Tests -c Release --no-build \
  --filter "FullyQualifiedName~MalformedCorpusTests" --logger "console;verbosity=detailed" \
  | grep -E "page\(s\) in|Passed|Failed|Error Message" || true
