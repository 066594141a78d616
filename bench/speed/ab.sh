#!/usr/bin/env bash
# Two builds of the scanner side by side, alternately in one window (the machine is shared: compare within a run):
# wall and CPU (user + sys, /usr/bin/time) of a one-page static scan and of the static scan of a folder, and whether
# the two builds' JSON reports hold the same findings (bench/speed/same-findings.py).
# Usage: bench/speed/ab.sh SCANNER_A SCANNER_B [rounds=3] [folder=../shared/corpus/clean] [page=FOLDER/gne-163-1.html]
#   SCANNER_x: a scanner executable (e.g. a copy of src/Scanner.Cli/bin/Release/net10.0 made before a change, then the
#   build after it). Extra scanner options in SCANNER_ARGS (default --no-subresources: no DNS waits on this machine).
# Environment for one side only: ENV_A / ENV_B (e.g. ENV_B="DOTNET_TieredCompilation=0").
set -uo pipefail
cd "$(dirname "$0")/../.."
a=$1; b=$2
rounds=${3:-3}
folder=${4:-../shared/corpus/clean}
page=${5:-$folder/gne-163-1.html}
args=${SCANNER_ARGS---no-subresources}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { # side label target
  local exe envs
  if [ "$1" = A ]; then exe=$a; envs=${ENV_A:-}; else exe=$b; envs=${ENV_B:-}; fi
  env $envs /usr/bin/time -f "%e %U %S" -o "$out/time" "$exe" scan "$3" --engine static -j 2 -q --fail-on none -f json -o "$out/$1-$2.json" $args >/dev/null 2>"$out/$1-$2.log"
  read -r w u s <"$out/time"
  printf '%s %-6s %6.2f s wall %6.2f s CPU' "$1" "$2" "$w" "$(echo "$u + $s" | bc)"
}
echo "A: $a ${ENV_A:-}"; echo "B: $b ${ENV_B:-}"; echo "$(nproc) cores; folder $folder; page $page; options $args"
for i in $(seq 1 "$rounds"); do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for side in A B; do echo "round $i $(run $side page "$page") | $(run $side folder "$folder")"; done
  echo "        load before: $load; after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
python3 bench/speed/same-findings.py "$out/A-folder.json" "$out/B-folder.json"
