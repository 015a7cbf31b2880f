#!/usr/bin/env bash
# The first load's wasm (the main part of the split app): its N largest items, by name,
# as the browser gets them. The names are kept through the same split, wasm-bindgen and
# `wasm-opt -Oz` that tools/build-split.sh runs (the shipped file has none), so the sizes
# match dist/ to within the name section.
# Usage: tools/wasm-top.sh [N]   (after `make build`)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-15}"
WASM=target/wasm-release/wasm32-unknown-unknown/release/idcard-reissue.wasm
[ -f "$WASM" ] || { echo "wasm-top: no $WASM; run make build first" >&2; exit 1; }
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
wasm-split-cli --target web --out-name idcard-reissue "$WASM" "$tmp" 2>/dev/null
wasm-bindgen --target web --keep-lld-exports --keep-debug --out-dir "$tmp" "$tmp/idcard-reissue.wasm"
tools/node_modules/.bin/wasm-opt -Oz -g "$tmp/idcard-reissue_bg.wasm" -o "$tmp/named.wasm"
twiggy top -n 100000 -f csv "$tmp/named.wasm" > "$tmp/top.csv"
# The name section exists only in this copy: left out of the list and of the total.
node - "$tmp/top.csv" "$N" <<'JS'
const [file, n] = process.argv.slice(2);
const rows = require('fs').readFileSync(file, 'utf8').trim().split('\n').slice(1).map((line) => {
  const m = line.match(/^(.*),(\d+),[\d.]+,[^,]*,[^,]*$/);
  return m && { name: m[1].replace(/^"|"$/g, '').replace(/""/g, '"'), bytes: Number(m[2]) };
}).filter((r) => r && !r.name.startsWith('"function names"') && !r.name.startsWith('custom section'));
const total = rows.reduce((s, r) => s + r.bytes, 0);
rows.sort((a, b) => b.bytes - a.bytes);
console.log(`largest items of the release wasm (${total} bytes before compression; crate hashes dropped):`);
for (const r of rows.slice(0, Number(n))) {
  const name = r.name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/ as yew::html::component::lifecycle::Stateful>::view$/, ' view');
  console.log(`${String(r.bytes).padStart(7)}  ${(100 * r.bytes / total).toFixed(1).padStart(4)} %  ${name.slice(0, 150)}`);
}
JS
