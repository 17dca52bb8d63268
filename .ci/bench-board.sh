#!/usr/bin/env bash
# The board with 1,000 waiting mentees and 1,000 available mentors in one office, in Chromium,
# against a release build on its own SurrealKV folder (removed afterwards); the same office's demo
# board, measured first in the same run, is the baseline. Arguments go to end2end/bench/board.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh
. .ci/serve-release.sh 3300
(cd end2end && node bench/board.mjs --base "http://127.0.0.1:$port" "$@")
