#!/usr/bin/env bash
# What a first visit costs: the mentor's page and the board opened for the first time on a phone,
# and again later, in Chromium against a release build (precompressed) on its own SurrealKV folder
# (removed afterwards). Arguments go to end2end/bench/weight.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
. .ci/serve-release.sh 3310
# The service worker's own requests are counted too (Playwright reports them with this switch).
(cd end2end && PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1 node bench/weight.mjs --base "http://127.0.0.1:$port" "$@")
