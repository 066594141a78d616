#!/usr/bin/env bash
# What a remote browser costs: PAGES pages of the clean corpus (its 73 pages copied under several names; served on loopback, as for any local folder)
# scanned with the scanner's own Chromium (started by the scan) and through --cdp-endpoint (a Chromium started apart
# with --remote-debugging-port on 127.0.0.1, the same executable and flags), alternately, ROUNDS times each.
# Prints wall seconds per run, the means and the ratio CDP/local.
# Usage: bench/remote-browser/cdp-overhead.sh [rounds=3] [pages=200]   (needs ../shared beside the repository and a Chromium)
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
pages=${2:-200}
chromium=${SCANNER_BROWSER:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
dotnet build -c Release src/Scanner.Cli -v q -nologo >/dev/null || exit 2
scanner=src/Scanner.Cli/bin/Release/net10.0/scanner
corpus=$(mktemp -d) profile=$(mktemp -d) report=$(mktemp) log=$(mktemp)
cdp_pid=
cleanup() { [ -n "$cdp_pid" ] && kill "$cdp_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$corpus" "$profile" "$report" "$log"; }
trap cleanup EXIT
# The clean corpus has 73 pages: each is copied under as many names as it takes (copy-1-NAME, copy-2-NAME, ...).
n=0
for copy in $(seq 1 100); do
  for f in $(ls ../shared/corpus/clean/*.html | sort); do
    [ "$n" -ge "$pages" ] && break 2
    cp "$f" "$corpus/copy-$copy-$(basename "$f")"; n=$((n + 1))
  done
done
count=$(ls "$corpus" | wc -l)

# The flags BrowserHost gives the Chromium it starts (src/Scanner.Browser/Loading/BrowserHost.cs), so only the connection differs.
flags=(--headless --disable-background-networking --disable-component-update --no-first-run --disable-sync --disable-gpu
       --disable-quic --disable-dev-shm-usage --force-webrtc-ip-handling-policy=disable_non_proxied_udp)
[ "$(id -u)" = 0 ] && flags+=(--no-sandbox)
"$chromium" "${flags[@]}" --remote-debugging-address=127.0.0.1 --remote-debugging-port=0 --user-data-dir="$profile" about:blank 2>"$log" &
cdp_pid=$!
for _ in $(seq 1 600); do grep -q "DevTools listening" "$log" && break; sleep 0.1; done
port=$(grep -o 'ws://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
[ -n "$port" ] || { echo "the DevTools Chromium did not start: $(cat "$log")" >&2; exit 2; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $count pages; $("$chromium" --version 2>/dev/null | tail -1)"
run() { # prints the wall seconds of one scan; the pages must all load
  local s e
  s=$(date +%s.%N); "$scanner" scan "$corpus" -j 2 -q --fail-on none --no-screenshots -f json -o "$report" "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  local loaded
  loaded=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for p in r['pages'] if not p['error']))" "$report")
  [ "$loaded" = "$count" ] || echo "warning: $loaded of $count pages loaded" >&2
  echo "$e - $s" | bc
}
local_runs=(); cdp_runs=()
for i in $(seq 1 "$rounds"); do
  local_runs+=("$(run)")
  cdp_runs+=("$(run --cdp-endpoint "http://127.0.0.1:$port")")
  echo "round $i: local ${local_runs[-1]} s, --cdp-endpoint ${cdp_runs[-1]} s (load $(cut -d' ' -f1 /proc/loadavg))"
done
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {printf "%.1f", s/NR}'; }
l=$(mean "${local_runs[@]}"); c=$(mean "${cdp_runs[@]}")
echo "mean: local $l s, --cdp-endpoint $c s; ratio cdp/local $(echo "scale=2; $c / $l" | bc)"
