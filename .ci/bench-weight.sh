#!/usr/bin/env bash
# What a first visit costs: the mentor's page and the board opened for the first time on a phone,
# and again later, in Chromium against a release build (precompressed) on its own SurrealKV folder
# (removed afterwards). Arguments go to end2end/bench/weight.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
# The stack's floor (.ci/weight-floor): built as cargo-leptos builds Duo's browser code (same
# profile and flags, wasm-bindgen, wasm-opt -Oz; its JavaScript is not minified, Duo's is).
# Its lock must name Duo's versions of Leptos and wasm-bindgen, or it measures another stack.
floor_site=target/weight-floor/site
version_in() { awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$2"; }
for crate in leptos leptos_router wasm-bindgen; do
  if [ "$(version_in "$crate" Cargo.lock)" != "$(version_in "$crate" .ci/weight-floor/Cargo.lock)" ]; then
    echo "bench-weight: .ci/weight-floor/Cargo.lock has another $crate than Cargo.lock;" \
      "set its version to $(version_in "$crate" Cargo.lock) there (cargo update --manifest-path" \
      ".ci/weight-floor/Cargo.toml -p $crate --precise ...)" >&2
    exit 1
  fi
done
RUSTFLAGS="--cfg erase_components" CARGO_TARGET_DIR=target/weight-floor cargo build --locked \
  --manifest-path .ci/weight-floor/Cargo.toml --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$floor_site" && mkdir -p "$floor_site"
wasm-bindgen --target=web --out-name=floor --out-dir="$floor_site" \
  target/weight-floor/wasm32-unknown-unknown/wasm-release/weight_floor.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$floor_site/floor_bg.wasm" -o "$floor_site/floor_bg.wasm"
. .ci/serve-release.sh 3310
# The splitter kept the read-only data out of the file every page loads (app::SPLIT_DATA_ROOM).
python3 .ci/split-data-check target/front/wasm32-unknown-unknown/wasm-release/app.wasm target/site/pkg
# The service worker's own requests are counted too (Playwright reports them with this switch).
(cd end2end && PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 node bench/weight.mjs --base "http://127.0.0.1:$port" --floor "$PWD/../$floor_site" "$@")
