#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already
# present at the right version. Safe to run again: quiet when nothing is missing.
# Usage: tools/setup.sh [build|test|size]   (test also installs Chromium and wasm-pack;
# size, twiggy)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-build}"
TRUNK_VERSION=0.21.14
# The wasm splitter's CLI; the app's wasm_split_helpers (Cargo.toml) writes the marker it reads.
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132
say() { printf '[setup] %s\n' "$*" >&2; }

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock, or the
# generated JS glue and the wasm disagree at run time.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)"
WB_VERSION="${WB_VERSION:-0.2.130}"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown >&2
fi

# `make build` rebuilds the standard library for the release wasm (see the Makefile), from
# its source: a rustup component, fetched from the same toolchain mirror as the target.
if [ ! -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
  say "adding rust-src (the release wasm rebuilds std, smaller)"
  rustup component add rust-src >&2
fi

if ! command -v wasm-bindgen >/dev/null || [ "$(wasm-bindgen --version | awk '{print $2}')" != "$WB_VERSION" ]; then
  say "installing wasm-bindgen-cli $WB_VERSION (a few minutes)"
  # Not --locked: its lock file names a crate version the registry here lacks.
  cargo install -q wasm-bindgen-cli --version "$WB_VERSION" --force >&2
fi

if ! command -v trunk >/dev/null || [ "$(trunk --version | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 6 minutes)"
  # 0.22 needs a newer rustc than this machine has.
  cargo install -q --locked trunk --version "$TRUNK_VERSION" --force >&2
fi

# The release build splits the app's wasm into chunks (tools/build-split.sh).
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install -q --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --force >&2
fi

# Debian's binaryen is too old to read the wasm that Rust 1.95 emits.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package.json -nt tools/node_modules/.package-lock.json ]; then
  say "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) and test tools under tools/"
  (cd tools && npm install --no-audit --no-fund --silent >&2 && touch node_modules/.package-lock.json)
fi

# `make size` names the wasm's largest items.
if [ "$MODE" = size ] && ! command -v twiggy >/dev/null; then
  say "installing twiggy (about 2 minutes)"
  cargo install -q --locked twiggy >&2
fi

if [ "$MODE" = test ]; then
  if ! command -v wasm-pack >/dev/null; then
    say "installing wasm-pack (about 3 minutes)"
    cargo install -q --locked wasm-pack >&2
  fi
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and ChromeDriver from Debian"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    # Quiet unless it fails: apt's progress would bury the test output.
    log="$(mktemp)"
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends chromium chromium-driver fonts-noto-cjk; } >"$log" 2>&1; then
      cat "$log" >&2; exit 1
    fi
    rm -f "$log"
  fi
  # The other engines our users have: WebKit (iOS WeChat's) for the e2e journey, under a
  # virtual display, and Firefox for the component tests.
  if ! command -v WebKitWebDriver >/dev/null || ! command -v xvfb-run >/dev/null || ! command -v firefox-esr >/dev/null; then
    say "installing WebKitGTK's WebDriver, Xvfb and Firefox ESR from Debian"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    log="$(mktemp)"
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        --no-install-recommends webkit2gtk-driver xvfb xauth firefox-esr fonts-noto-cjk; } >"$log" 2>&1; then
      cat "$log" >&2; exit 1
    fi
    rm -f "$log"
  fi
  if ! command -v geckodriver >/dev/null; then
    say "installing geckodriver (about 3 minutes)"
    cargo install -q --locked geckodriver >&2
  fi
fi
