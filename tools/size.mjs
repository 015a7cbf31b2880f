// Prints raw, gzip -9 and brotli -q 11 sizes of everything index.html loads before the
// first screen (the HTML, its scripts, styles and the wasm), then one total line.
// Usage: node tools/size.mjs dist [--max-gzip BYTES]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] || 'dist';
const maxIdx = process.argv.indexOf('--max-gzip');
const maxGzip = maxIdx > 0 ? Number(process.argv[maxIdx + 1]) : null;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = ['index.html'];
const add = (f) => { if (!files.includes(f)) files.push(f); };
const attr = /<(?:link|script)\b[^>]*?(?:href|src)="\/?([^"?#]+)"[^>]*>/g;
for (const m of html.matchAll(attr)) {
  const tag = m[0];
  // Skip what the first screen does not wait for (icons, lazily fetched data).
  if (/rel="(icon|manifest)"/.test(tag) || m[1].startsWith('data:') || m[1].startsWith('data/')) continue;
  add(m[1]);
}
// trunk's loader script names the JS glue and the wasm too: counted even without the
// preload links.
for (const m of html.matchAll(/['"]\/([\w.-]+\.(?:js|wasm|css))['"]/g)) add(m[1]);
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error('size: no .wasm referenced by index.html; the app would not load');
  process.exit(1);
}

export function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
}

const total = { raw: 0, gzip: 0, brotli: 0 };
for (const f of files) {
  const s = sizes(readFileSync(join(dist, f)));
  for (const k of Object.keys(total)) total[k] += s[k];
  console.log(`${f}: ${s.raw} raw, ${s.gzip} gzip, ${s.brotli} brotli`);
}
console.log(`total: ${total.raw} raw, ${total.gzip} gzip, ${total.brotli} brotli (bytes)`);
if (maxGzip !== null && total.gzip > maxGzip) {
  console.error(`size guard: first load is ${total.gzip} bytes gzip, over the budget of ${maxGzip}`);
  process.exit(1);
}
