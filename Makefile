# 身份证丢失补领 — every command a developer or CI needs. Each target installs what is
# missing first (tools/setup.sh is idempotent and quiet when everything is there).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CARGO_TERM_COLOR ?= never

ADDR ?= 127.0.0.1:8080
# The service profile `make serve` runs: sichuan, shanghai, guangdong, or a .json file.
PROFILE ?= sichuan
SERVER := target/server/reissue-server
SERVER_DEBUG := target/debug/reissue-server
CHROMEDRIVER ?= /usr/bin/chromedriver
GECKODRIVER ?= $(HOME)/.cargo/bin/geckodriver

.PHONY: serve dev test setup setup-test build server fmt-check clippy unit wasm-test e2e a11y size size-guard bench-load bench-web bench-photo help

help:
	@echo "make serve   build the app and serve app + API at http://$(ADDR)"
	@echo "make test    every test layer (fmt, clippy, unit, browser, end-to-end)"
	@echo "make dev     trunk serve with live reload, proxying /api to the mock server"
	@echo "make size    first-load bytes (raw, gzip, brotli), each chunk with its ceiling, the first wasm's 15 largest items"

setup:
	@tools/setup.sh build

setup-test:
	@tools/setup.sh test

# The release front-end in dist/ (trunk runs cargo, wasm-bindgen and wasm-opt).
# The wasm is built against a std compiled from source with panics as bare traps: no
# panic messages, locations or formatting machinery in what every phone downloads
# (about 20 KB gzip less). Both switches are still unstable, hence RUSTC_BOOTSTRAP on the
# stable toolchain; they apply to this build only, not to tests, clippy or the server.
# A panic in the browser was already fatal (panic = "abort"); it now just says less.
# Its own target directory: RUSTC_BOOTSTRAP changes what some build scripts (proc-macro2)
# detect, and sharing target/release with the server would rebuild half of both each
# time. A RUSTFLAGS set in the environment replaces the wasm flags below (cargo's rule);
# the size guard in `make test` then fails.
# The same std is built with `optimize_for_size` (smaller sort and string routines), and
# `Debug` output and panic locations are compiled out: nothing in the browser prints them.
RELEASE_WASM_ENV := RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none" \
  CARGO_TARGET_DIR=$(CURDIR)/target/wasm-release
build: setup
	$(RELEASE_WASM_ENV) tools/build-split.sh
	@node tools/boot-html.mjs dist
	@node tools/precompress.mjs dist

# The server's own profile (Cargo.toml): built for speed, where the browser's is built
# for size.
server:
	cargo build --profile server --locked -p reissue-server

serve: build server
	@echo "身份证丢失补领: http://$(ADDR)  (mock mode, admin token: dev-admin-token, officer page: http://$(ADDR)/officer)"
	$(SERVER) --listen $(ADDR) --data-dir data --dist dist --mock --auto-review 60 --profile $(PROFILE)

dev: setup
	cargo build -p reissue-server
	@echo "app with live reload: http://127.0.0.1:8081 (API from the mock server on $(ADDR))"
	$(SERVER_DEBUG) --listen $(ADDR) --data-dir data --dist dist --mock & \
	  trap 'kill %1' EXIT; trunk serve

test: setup-test fmt-check clippy unit wasm-test e2e e2e-webkit size-guard
	@echo "make test: all layers passed"

fmt-check:
	cargo fmt --all --check

clippy:
	cargo clippy --locked --workspace --all-targets -- -D warnings
	cargo clippy --locked -p idcard-reissue -p reissue-photo --target wasm32-unknown-unknown --all-targets -- -D warnings
	@# The release build's split points (src/lazy.rs), as the macro expands them.
	cargo clippy --locked -p idcard-reissue --target wasm32-unknown-unknown --features split -- -D warnings
	@# The domain crate's tests use proptest (native only); its library is what the browser runs.
	cargo clippy --locked -p reissue-domain --target wasm32-unknown-unknown --lib -- -D warnings

unit:
	cargo test --locked --workspace

# Components and browser APIs in real headless Chromium (webdriver.json sets the flags)
# and Firefox.
wasm-test:
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER) -- --locked
	wasm-pack test --headless --firefox --geckodriver $(GECKODRIVER) -- --locked

# The built app against the real mock server in Chromium at phone size.
e2e: build
	cargo build --locked -p reissue-server
	REISSUE_SERVER=$(SERVER_DEBUG) node --test --test-concurrency=1 tests/e2e/

# The journey in WebKit (iOS WeChat's engine): WebKitGTK's MiniBrowser through its
# WebDriver, on a virtual display, at phone size; screenshots in target/e2e-screens/webkit/.
.PHONY: e2e-webkit
e2e-webkit: build
	cargo build --locked -p reissue-server
	REISSUE_SERVER=$(SERVER_DEBUG) xvfb-run -a -s "-screen 0 1280x1024x24" node --test --test-concurrency=1 tests/e2e-webkit/

# The whole e2e suite 3 times on a slowed machine (CPU ×4 in every page, one core busy),
# then how many runs each test failed. Not part of `make test`: run it after changing the
# e2e tests, the harness or anything about timing (loading, retries, polling).
.PHONY: e2e-stress
e2e-stress: build
	cargo build --locked -p reissue-server
	REISSUE_SERVER=$(SERVER_DEBUG) node tools/e2e-stress.mjs --runs 3 --throttle 4

# axe-core on every page, normal and 关怀版 (also part of `make e2e`).
a11y: build
	cargo build --locked -p reissue-server
	REISSUE_SERVER=$(SERVER_DEBUG) node --test tests/e2e/04-a11y.test.mjs

size: build
	@tools/setup.sh size
	@node tools/size.mjs dist --chunk-budgets $(CHUNK_BUDGETS)
	@tools/wasm-top.sh 15

# A ratchet against size regressions, on what 首页 loads and on each chunk fetched later.
# The one bundle had grown to 317,016 B gzip, every capability adding its bytes to every
# page. Split by page family (src/lazy.rs: 首页 and 业务须知 stay, everything else comes
# in chunks), with the correction's restore and the full inbox out of boot, one chunk
# fetcher in the link module, index.html's own scripts minified and its map of the
# chunks, and the guard that sends a signed-out visitor from 我的办件 to 手机验证 before
# its chunk is fetched (1 KB), the first load measured 153,208; the budget is 150 KB.
# Lower it as the app gets smaller; a new capability belongs in a chunk, so raising it
# needs a reason a page family cannot give.
SIZE_BUDGET_GZIP ?= 153600
# Each chunk's ceiling (its own file and the shared ones it needs), measured plus about
# 2 KB: a family can neither grow quietly nor a new chunk appear without one.
CHUNK_BUDGETS := tools/chunk-budgets.json
size-guard: build
	@node tools/size.mjs dist --max-gzip $(SIZE_BUDGET_GZIP) --chunk-budgets $(CHUNK_BUDGETS)

# Load test over loopback: 100 concurrent applicants, 1,000 whole API journeys; the last
# line is `load: <n> applications, <r> req/s, p99 <ms> ms, lost <n>, duplicates <n>`.
# LOAD_PHOTOS=pages uploads household-register pages as the app sends them (about 250 KB
# each) instead of small grey pictures: the upload check's cost with real content.
LOAD_PHOTOS ?= blocks
bench-load:
	cargo run --profile server --locked -p reissue-loadtest -- --applicants 100 --applications 1000 --photos $(LOAD_PHOTOS)

# The upload check against a full JPEG decode, per photo: medians of 31 alternating runs
# and their ratio.
.PHONY: bench-jpeg
bench-jpeg:
	cargo bench --profile server --locked -p reissue-server --bench jpeg_check

# Our photo pipeline vs browser-image-compression on a 12 MP photo in headless
# Chromium (a benchmark, not a test: it prints the table and any missed target).
.PHONY: bench-photo
bench-photo: setup-test
	node tools/bench-photo/run.mjs

# The bytes a citizen downloads walking the whole journey (首页 → 办件详情) in Chromium,
# this build against another build's dist/ in the same run (PEER=DIR: e.g. a worktree of
# an older commit after its own `make build`); medians of 3 and their ratio.
.PHONY: bench-journey
bench-journey: build
	@test -n "$(PEER)" || { echo "bench-journey: PEER=<another build's dist/> is required" >&2; exit 2; }
	cargo build --locked -p reissue-server
	REISSUE_SERVER=$(SERVER_DEBUG) node tools/bench-journey.mjs --peer $(PEER)

# Lighthouse 12 (default mobile emulation: Slow 4G simulated, 4x CPU) on 首页,
# 填写信息 and 我的办件 against the release app and server, 5 runs each (a benchmark, not a
# test: it prints the medians and any missed budget). The last lines are
# `web <page>: score <n>, fcp <ms> ms, lcp <ms> ms, tbt <ms> ms, cls <x.xx>, bytes <n>`.
.PHONY: bench-web
bench-web: setup-test
	@if [ ! -d tools/bench-web/node_modules ] || [ tools/bench-web/package.json -nt tools/bench-web/node_modules/.package-lock.json ]; then \
	  echo '[bench-web] installing Lighthouse 12 under tools/bench-web/' >&2; \
	  log="$$(mktemp)"; (cd tools/bench-web && npm install --no-audit --no-fund >"$$log" 2>&1) || { cat "$$log" >&2; rm -f "$$log"; exit 1; }; \
	  rm -f "$$log"; touch tools/bench-web/node_modules/.package-lock.json; \
	fi
	@# What `make serve` serves: the precompressed release build and the release server.
	$(MAKE) --no-print-directory build server
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} node tools/bench-web/run.mjs --server $(SERVER) --dist dist
