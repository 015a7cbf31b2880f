#!/usr/bin/env node
// `make bench-photo`: builds the photo pipeline's wasm (release profile, as shipped),
// serves it with a bench page on 127.0.0.1, runs our pipeline (in its worker, as the app
// does) and browser-image-compression on the same 12 MP photo in headless Chromium, and
// prints a table. A benchmark, not a test: it
// reports misses against its targets but does not fail on them.
//   node tools/bench-photo/run.mjs [--runs N] [--no-build] [--dump DIR]
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const runs = Number(option('--runs', 5));
const dumpDir = option('--dump', null);
const pkg = join(root, 'target/bench-photo/pkg');

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status})`);
}

if (!flag('--no-build') || !existsSync(join(pkg, 'reissue_photo.js'))) {
  // The pipeline crate as the app ships it (release profile: opt-level z, LTO): the
  // worker trunk builds (the bin, no-modules glue) and, for the checks alone and the
  // page's own copy, the library with ES-module glue.
  console.error('[bench-photo] building the photo pipeline (release)…');
  sh('cargo', ['build', '--release', '--locked', '-p', 'reissue-photo', '--lib', '--bin', 'photo-worker', '--target', 'wasm32-unknown-unknown']);
  const target = join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'wasm32-unknown-unknown/release');
  sh('wasm-bindgen', ['--target', 'web', '--out-dir', pkg, join(target, 'reissue_photo.wasm')]);
  sh('wasm-bindgen', ['--target', 'no-modules', '--out-dir', pkg, join(target, 'photo-worker.wasm')]);
  // As trunk does for data-wasm-opt="z".
  const opt = join(root, 'tools/node_modules/.bin/wasm-opt');
  for (const name of ['reissue_photo_bg.wasm', 'photo-worker_bg.wasm']) {
    const wasm = join(pkg, name);
    if (existsSync(opt)) sh(opt, ['-Oz', '--enable-reference-types', '--enable-multivalue', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', wasm, '-o', wasm]);
  }
}

const types = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };
const mounts = [
  ['/pkg/', pkg],
  // Where the app serves them: the loader asks for /photo-worker.js and its wasm.
  ['/photo-worker-loader.js', join(root, 'static/photo-worker-loader.js')],
  ['/photo-worker', pkg, 'photo-worker'],
  ['/tools/', join(root, 'tools')],
  ['/node_modules/', join(root, 'tools/node_modules')],
  ['/', here],
];
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, dir, keep = ''] = mounts.find(([p]) => path.startsWith(p));
  const rel = path === '/' ? 'index.html' : keep + path.slice(prefix.length);
  const file = dir.endsWith('.js') ? dir : normalize(join(dir, rel));
  if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('[page]', e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.benchReady === true);

  if (dumpDir) {
    const cases = await page.evaluate(() => window.dumpCases());
    await mkdir(dumpDir, { recursive: true });
    for (const c of cases) await writeFile(join(dumpDir, `${c.name}.jpg`), Buffer.from(c.base64, 'base64'));
    await writeFile(join(dumpDir, 'labels.json'), JSON.stringify(cases.map(({ name, expect }) => ({ name, expect })), null, 2) + '\n');
    console.log(`wrote ${cases.length} photos and labels.json to ${dumpDir}`);
  }

  const r = await page.evaluate((runs) => window.runBench({ runs }), runs);
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const summary = (rs) => ({
    ms: med(rs.map((x) => x.ms)),
    bytes: med(rs.map((x) => x.size)),
    longest: Math.max(...rs.map((x) => x.longest)),
    dims: rs[0].dims.join('×'),
    exif: rs.some((x) => x.exif),
    all: rs.map((x) => Math.round(x.ms)).join(' '),
  });
  const o = summary(r.ours), p = summary(r.peer);
  const speedup = p.ms / o.ms, bytesRatio = o.bytes / p.bytes;
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`source: ${r.source.dims.join('×')} JPEG with EXIF orientation 6 + GPS, ${(r.source.size / 1048576).toFixed(2)} MiB; ${runs} runs each after a warm-up`);
  console.log(r.userAgent);
  console.log('');
  console.log(`${pad('', 26)}${pad('ours', 22)}${pad('browser-image-compression', 28)}`);
  console.log(`${pad('median time', 26)}${pad(`${o.ms.toFixed(0)} ms`, 22)}${pad(`${p.ms.toFixed(0)} ms`, 28)}`);
  console.log(`${pad('  runs (ms)', 26)}${pad(o.all, 22)}${pad(p.all, 28)}`);
  console.log(`${pad('output', 26)}${pad(`${o.dims}, ${(o.bytes / 1024).toFixed(0)} KiB`, 22)}${pad(`${p.dims}, ${(p.bytes / 1024).toFixed(0)} KiB`, 28)}`);
  console.log(`${pad('EXIF in output', 26)}${pad(o.exif ? 'present' : 'none', 22)}${pad(p.exif ? 'present' : 'none', 28)}`);
  console.log(`${pad('longest main-thread task', 26)}${pad(`${o.longest.toFixed(0)} ms`, 22)}${pad(`${p.longest.toFixed(0)} ms`, 28)}(Long Tasks API: 0 = none over 50 ms)`);
  const block = { ours: med(r.block.ours), peer: med(r.block.peer) };
  const blocks = (xs) => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`${pad('longest main-thread block', 26)}${pad(`${block.ours.toFixed(0)} ms`, 22)}${pad(`${block.peer.toFixed(0)} ms`, 28)}(heartbeat, median of ${runs} separate runs)`);
  console.log(`${pad('  runs (ms)', 26)}${pad(blocks(r.block.ours), 22)}${pad(blocks(r.block.peer), 28)}`);
  const steps = ['decode', 'resize', 'check', 'encode'].map((k) => `${k} ${med(r.ours.map((x) => x.steps[k])).toFixed(0)}`).join(', ');
  console.log(`${pad('ours by step (median ms)', 26)}${steps}`);
  if (flag('--verbose')) for (const [who, rs] of [['ours', r.ours], ['peer', r.peer]]) for (const x of rs) console.log(`  ${who} ${x.ms.toFixed(0)} ms, long tasks (start+ms): ${x.tasks.join(' ') || 'none'}${x.steps ? ' ' + JSON.stringify(x.steps, (k, v) => (typeof v === 'number' ? Math.round(v) : v)) : ''}`);
  console.log(`${pad('speed ratio', 26)}${speedup.toFixed(1)}x faster`);
  console.log(`${pad('bytes ratio', 26)}${bytesRatio.toFixed(2)}x (ours / peer${o.dims === p.dims ? ', same dimensions' : `, DIFFERENT dimensions`})`);
  console.log(`${pad('checks alone', 26)}${r.check.ms.toFixed(2)} ms at ${r.check.megapixels.toFixed(1)} MP, copy into wasm included (${r.check.clampedMs.toFixed(2)} ms from a Uint8ClampedArray; verdict ${JSON.stringify(r.check.problems)})`);
  const misses = [];
  if (o.ms > 400) misses.push(`median ${o.ms.toFixed(0)} ms > 400 ms`);
  if (speedup < 5) misses.push(`${speedup.toFixed(1)}x < 5x faster`);
  if (bytesRatio > 0.9) misses.push(`bytes ${bytesRatio.toFixed(2)}x > 0.9x`);
  if (r.check.ms > 10) misses.push(`checks ${r.check.ms.toFixed(1)} ms > 10 ms`);
  if (o.longest > 100) misses.push(`long task ${o.longest.toFixed(0)} ms > 100 ms`);
  if (block.ours > 16) misses.push(`main thread blocked ${block.ours.toFixed(0)} ms > 16 ms`);
  if (o.exif) misses.push('EXIF present');
  console.log(`${pad('targets', 26)}${misses.length ? `MISSED: ${misses.join('; ')}` : 'all met'}`);
  console.log(`photo: ours ${o.ms.toFixed(0)} ms, peer ${p.ms.toFixed(0)} ms, ${speedup.toFixed(1)}x faster, bytes ${bytesRatio.toFixed(2)}x, exif ${o.exif ? 'present' : 'none'}, main thread blocked ${block.ours.toFixed(0)} ms (peer ${block.peer.toFixed(0)} ms)`);
} finally {
  await browser.close();
  server.close();
}
