#!/usr/bin/env bash
# The release front-end in dist/, the app split into a first download and chunks
# fetched as the citizen moves (src/lazy.rs names them). Run by `make build` with the
# release wasm flags in the environment.
#
# Trunk cannot split: the splitter needs the linker's relocations, which wasm-bindgen
# drops, and trunk has no step between cargo and wasm-bindgen. So trunk builds the rest
# (the photo worker, CSS, icons, copies) from a copy of index.html whose app link it
# skips, and the app goes cargo → wasm-split-cli → wasm-bindgen → wasm-opt here;
# tools/split-assets.mjs then names every file by its content and writes the loader.
# `make dev` (trunk serve) builds the one bundle from index.html as before.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/split
WASM="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/idcard-reissue.wasm"

# The app's link, skipped; everything else in index.html as it is.
sed 's|data-bin="idcard-reissue" data-type="main" />|data-bin="idcard-reissue" data-type="main" data-trunk-skip />|' \
  index.html > index.split.html
grep -q 'data-trunk-skip' index.split.html || { echo "build-split: the app's link in index.html changed" >&2; exit 1; }
trunk build --release --locked=true index.split.html
rm -f index.split.html

# The splitter reads the relocations the linker keeps with --emit-relocs.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} -Clink-args=--emit-relocs" \
  cargo build --release --locked --target wasm32-unknown-unknown --bin idcard-reissue --features split

rm -rf "$OUT"
mkdir -p "$OUT"
wasm-split-cli --target web --out-name idcard-reissue "$WASM" "$OUT"
# The main part keeps the exports the chunks link against (the table, the memory, the
# shared functions).
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-name idcard-reissue \
  --out-dir "$OUT" "$OUT/idcard-reissue.wasm"
rm "$OUT/idcard-reissue.wasm"
for f in "$OUT"/*.wasm; do
  wasm-opt -Oz --strip-producers --strip-target-features "$f" -o "$f"
done
node tools/split-assets.mjs "$OUT" dist
