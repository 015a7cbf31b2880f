// Prints raw, gzip -9 and brotli -q 11 sizes of everything index.html loads before the
// first screen (the HTML, its scripts, styles and the wasm), then each chunk of the app
// fetched later (the map in index.html: its own file and the shared ones it needs, less what
// the first load has) with its ceiling, then the first load's total as the last line.
// Usage: node tools/size.mjs dist [--max-gzip BYTES] [--chunk-budgets FILE]
// With --chunk-budgets, a chunk over its ceiling, or without one, fails: a page family
// cannot quietly grow, nor a new chunk appear unmeasured.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2] || 'dist';
const maxIdx = process.argv.indexOf('--max-gzip');
const maxGzip = maxIdx > 0 ? Number(process.argv[maxIdx + 1]) : null;
const budgetIdx = process.argv.indexOf('--chunk-budgets');
const budgets = budgetIdx > 0 ? JSON.parse(readFileSync(process.argv[budgetIdx + 1], 'utf8')) : null;

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

let over = false;
const chunkMap = /<script type="application\/json" id="reissue-chunks">([^<]*)<\/script>/.exec(html);
if (chunkMap) {
  const { chunks } = JSON.parse(chunkMap[1]);
  for (const [name, chunkFiles] of Object.entries(chunks).sort()) {
    const sum = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of chunkFiles) {
      const s = sizes(readFileSync(join(dist, `${f}.wasm`)));
      for (const k of Object.keys(sum)) sum[k] += s[k];
    }
    const ceiling = budgets ? budgets[name] : undefined;
    console.log(`chunk ${name}: ${chunkFiles.length} files, ${sum.raw} raw, ${sum.gzip} gzip, ${sum.brotli} brotli` +
      (ceiling ? ` (ceiling ${ceiling} gzip)` : ''));
    if (budgets && !ceiling) { console.error(`size guard: chunk ${name} has no ceiling in the budgets file`); over = true; }
    if (ceiling && sum.gzip > ceiling) { console.error(`size guard: chunk ${name} is ${sum.gzip} bytes gzip, over its ceiling of ${ceiling}`); over = true; }
  }
}
console.log(`first load: ${total.raw} raw, ${total.gzip} gzip, ${total.brotli} brotli (bytes)`);
if (maxGzip !== null && total.gzip > maxGzip) {
  console.error(`size guard: first load is ${total.gzip} bytes gzip, over the budget of ${maxGzip}`);
  over = true;
}
if (over) process.exit(1);
