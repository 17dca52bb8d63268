#!/usr/bin/env bash
# Sets up and runs every test of Duo: Rust unit and integration tests (domain rules, services,
# permissions, races, durability), then Playwright end-to-end in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash .ci/setup.sh

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

say "building the app (debug)"
bash .ci/build

say "Rust tests"
# Same flags and environment as the build above, so nothing is compiled twice.
cargo leptos test

say "end-to-end tests in Chromium"
mkdir -p end2end/artifacts
status=0
(cd end2end && npx playwright test) || status=$?
# One plain closing line for the end-to-end run.
node -e '
  const s = require("./end2end/test-results/results.json").stats;
  console.log(`end2end: ${s.expected + s.flaky} passed, ${s.unexpected} failed` + (s.skipped ? `, ${s.skipped} skipped` : ""));
' || true
exit $status
