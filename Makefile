# Duo — the two commands of the README, and a few more for developers.
.PHONY: setup run test release fmt

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
