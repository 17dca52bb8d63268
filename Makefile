# Duo — the two commands of the README, and a few more for developers.
.PHONY: setup run test release fmt test-cluster

# Set up and run the app on its embedded database (./data), seeded with demo data.
run: setup
	cargo leptos build
	./target/debug/duo serve --db surrealkv://data --demo

# Set up and pass every test: Rust unit and integration tests, then Playwright in Chromium.
test:
	bash .ci/test.sh

setup:
	bash .ci/setup.sh

# Optimised build (server and WebAssembly, precompressed); then: ./target/release/duo serve --demo
release: setup
	cargo leptos build --release --precompress

fmt:
	cargo fmt --all

# Two `duo serve` processes on one SurrealDB server (builds the server once, ~25 min, into
# ~/.cache/duo; kept out of the app's dependency tree).
SURREAL_TARGET ?= $(HOME)/.cache/duo/surreal-target
test-cluster: setup
	CARGO_TARGET_DIR=$(SURREAL_TARGET) cargo build --release --manifest-path .ci/surreal/Cargo.toml
	cargo leptos build
	DUO_SURREAL_BIN=$(SURREAL_TARGET)/release/duo-test-surreal cargo leptos test --bin-features cluster-tests
