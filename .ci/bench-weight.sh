#!/usr/bin/env bash
# What a first visit costs: the mentor's page and the board opened for the first time on a phone,
# and again later, in Chromium against a release build (precompressed) on its own SurrealKV folder
# (removed afterwards). Arguments go to end2end/bench/weight.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
[ -n "${DUO_BENCH_NO_BUILD:-}" ] || cargo leptos build --split --release --precompress
port=${DUO_BENCH_PORT:-3310}
dir=$(mktemp -d)
./target/release/duo serve --db "surrealkv://$dir/data" --demo --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for i in $(seq 1 121); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  if [ "$i" = 121 ]; then echo "Duo did not start (see $dir/server.log)" >&2; cat "$dir/server.log" >&2; exit 1; fi
  sleep 1
done
# The service worker's own requests are counted too (Playwright reports them with this switch).
(cd end2end && PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 node bench/weight.mjs --base "http://127.0.0.1:$port" "$@")
