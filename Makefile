# Duo — the two commands of the README, and a few more for developers.
.PHONY: setup run test release fmt test-cluster bench-matching bench-metrics bench-directory bench-live bench-figures bench-heavy bench-board bench-weight test-release

# The benchmarks' binary, built with the flags cargo-leptos gives the release server
# (`always-erase-components`), so the two share one build instead of undoing each other's.
BENCH_BUILD = RUSTFLAGS="--cfg erase_components" cargo build --release -p server --bin duo-bench

# Set up and run the app on its embedded database (./data), seeded with demo data.
run: setup
	bash .ci/build
	./target/debug/duo serve --db surrealkv://data --demo

# Set up and pass every test: Rust unit and integration tests, then Playwright in Chromium.
test:
	bash .ci/test.sh

setup:
	bash .ci/setup.sh

# The whole Playwright suite against the optimised build (what production serves).
test-release: setup
	bash .ci/build --release
	python3 .ci/split-data-check target/front/wasm32-unknown-unknown/wasm-release/app.wasm target/site/pkg
	mkdir -p end2end/artifacts
	cd end2end && DUO_BIN=./target/release/duo npx playwright test

# Optimised build (server and WebAssembly, precompressed); then: ./target/release/duo serve --demo
release: setup
	bash .ci/build --release

fmt:
	cargo fmt --all

# Two `duo serve` processes on one SurrealDB server (builds the server once, ~25 min, into
# ~/.cache/duo; kept out of the app's dependency tree).
SURREAL_TARGET ?= $(HOME)/.cache/duo/surreal-target
test-cluster: setup
	CARGO_TARGET_DIR=$(SURREAL_TARGET) cargo build --release --manifest-path .ci/surreal/Cargo.toml
	bash .ci/build
	DUO_SURREAL_BIN=$(SURREAL_TARGET)/release/duo-test-surreal cargo leptos test --bin-features cluster-tests

# The optimal slate against SciPy's linear_sum_assignment on the same matrices (1,000 × 1,000 and
# 5,000 × 4,000, uniform and structured): times, ratios, and a check that the totals are equal.
bench-matching:
	python3 -c "import scipy, numpy" 2>/dev/null || python3 -m pip install --quiet scipy numpy
	$(BENCH_BUILD)
	./target/release/duo-bench $(BENCH_ARGS)

# The whole dashboard for 100,000 mentees, 80,000 mentors, 60,000 duos and 1,000,000 meetings,
# against one plain pass over the same records.
bench-metrics:
	$(BENCH_BUILD)
	./target/release/duo-bench metrics

# The whole dashboard read from SurrealKV at 100,000 mentees (against a plain SELECT of the same
# rows), and coordinators' writes with 50 dashboards open against the same writes with none.
bench-figures:
	$(BENCH_BUILD)
	./target/release/duo-bench figures $(BENCH_ARGS)

# Heavy work never blocks the server: a page of one office's directory every 10 ms, alone and while
# the optimal slate of a 5,000 × 4,000 office is computed (the delay it adds).
bench-heavy:
	$(BENCH_BUILD)
	./target/release/duo-bench heavy $(BENCH_ARGS)

# The directory at 10,000 people per office in SurrealKV: each view (first page, deep page,
# searches, filters, sorting) against a plain SELECT of the same page in the same run.
bench-directory:
	$(BENCH_BUILD)
	./target/release/duo-bench directory --repeats 15

# Live updates for hundreds of screens: 500 event streams (coordinators' boards, headquarters'
# dashboards, mentors' phones) and changes through the JSON API, from each write's
# acknowledgement to its arrival on every stream that may see it, against a bare axum
# Server-Sent Events broadcast of the same messages in the same run.
bench-live:
	$(BENCH_BUILD)
	./target/release/duo-bench live $(BENCH_ARGS)

# The board with 1,000 waiting mentees and 1,000 available mentors in one office, in Chromium
# against a release build: how it is drawn, frames while a card is dragged, a drop until shown and
# confirmed; the same office's demo board in the same run is the baseline.
bench-board:
	bash .ci/bench-board.sh $(BENCH_ARGS)

# What a first visit costs: the mentor's page and the board opened for the first time on a phone
# (every request, the service worker's too, as transferred: brotli on loopback), and a later visit;
# the sign-in page in the same run is the baseline. Release build, in Chromium.
bench-weight:
	bash .ci/bench-weight.sh $(BENCH_ARGS)
