#!/usr/bin/env bash
# The board with 1,000 waiting mentees and 1,000 available mentors in one office, in Chromium,
# against a release build on its own SurrealKV folder (removed afterwards); the same office's demo
# board, measured first in the same run, is the baseline. Arguments go to end2end/bench/board.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
cargo leptos build --split --release --precompress
port=${DUO_BENCH_PORT:-3300}
dir=$(mktemp -d)
./target/release/duo serve --db "surrealkv://$dir/data" --demo --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for i in $(seq 1 121); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  if [ "$i" = 121 ]; then echo "Duo did not start (see $dir/server.log)" >&2; cat "$dir/server.log" >&2; exit 1; fi
  sleep 1
done
(cd end2end && node bench/board.mjs --base "http://127.0.0.1:$port" "$@")
