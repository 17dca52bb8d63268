#!/usr/bin/env bash
# Installs what Duo needs to build, run and test on a fresh machine of this kind
# (rustc 1.95 present, nothing else). Idempotent: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The browser half is WebAssembly. RUSTUP_AUTO_INSTALL=0 here, so add the target explicitly.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos 0.3.11 refuses rustc 1.95; 0.3.10 builds (~12 min, once).
if ! cargo leptos --version 2>/dev/null | grep -q '^cargo-leptos 0\.3\.10$'; then
  say "installing cargo-leptos 0.3.10 (about 12 minutes, once)"
  cargo install cargo-leptos --locked --version 0.3.10
fi

# cargo-leptos would download wasm-bindgen from GitHub (unreachable here): install the CLI at
# exactly the version of Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${wb_version}\$"; then
  say "installing wasm-bindgen-cli ${wb_version}"
  # Not --locked: its lock file names a dependency version that is no longer published.
  cargo install wasm-bindgen-cli --version "${wb_version}" --force
fi

# Release builds run wasm-opt; cargo-leptos would download it too. Never Debian's binaryen
# (version 108): the page then silently never hydrates.
if ! wasm-opt --version 2>/dev/null | grep -q 'version 116'; then
  say "installing wasm-opt 0.116.1 from crates.io (about 7 minutes, once)"
  cargo install wasm-opt --version 0.116.1 --locked
fi

# Debian's Chromium drives the end-to-end tests (a browser download never works here).
if ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# Node.js runs the end-to-end tests and names the islands' build by its content (.ci/build-islands).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "installing Debian's nodejs and npm"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi

# Playwright's test runner (no browser download: it drives /usr/bin/chromium).
if [ ! -f end2end/node_modules/.package-lock.json ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.lock-copy; then
  say "installing the end-to-end test packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.lock-copy)
fi

mkdir -p data
say "set-up complete"
