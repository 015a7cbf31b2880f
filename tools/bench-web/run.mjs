#!/usr/bin/env node
// `make bench-web`: Lighthouse 12 against the release app served by the
// release mock server, the way a mid-range phone on a mobile network would feel it.
// A benchmark, not a test: it prints the medians and the budgets they miss, and
// exits 0 whatever the numbers are (non-zero only when it could not measure).
//
//   node tools/bench-web/run.mjs [--runs N] [--server PATH] [--dist DIR] [--out DIR] [--pages a,b]
//
// The Makefile target builds dist/ (trunk, release) and target/server/reissue-server
// first; this script only starts the server, drives Lighthouse and prints.
//
// Settings: Lighthouse's DEFAULT config (mobile form factor and screen emulation, simulated
// Slow 4G — 150 ms RTT, 1.6 Mbps down — and 4x CPU slowdown), performance category only,
// Debian's headless Chromium, a fresh browser profile per run. Only loopback traffic: the
// server listens on 127.0.0.1:0 and Chromium runs with background networking, component
// updates and sync turned off.
//
// Pages: 首页 `/`, 填写信息 `/form`, 我的办件 `/applications`, each loaded cold by a
// signed-out first-time visitor. NOTE: for such a visitor the app itself redirects (client
// side, after the wasm starts) /form and /applications to where a newcomer has to begin —
// the notice page 须知 or the phone verification page. That IS the real first visit, so it
// is benchmarked as is; the table shows where each path landed ("path → lands on").
//
// Runs are interleaved (home, form, mine, home, …) so that machine drift hits every page
// alike. Each metric's median is taken over the runs independently. Every run's report is
// kept as JSON in --out (default target/bench-web/) and the median-score run of each page
// also as HTML, for the audits behind a number.
//
// After the table, the same pages under applied (DevTools) throttling: when the app's own
// page is on screen, which Lighthouse's LCP cannot see on a deep link.
//
// The last lines are exactly, one per page:
//   web <page>: score <n>, fcp <ms> ms, lcp <ms> ms, tbt <ms> ms, cls <x.xx>, bytes <n>
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import lighthouse from 'lighthouse';
import { chromium } from '../node_modules/playwright-core/index.mjs';
import * as chromeLauncher from 'chrome-launcher';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const option = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const runs = Number(option('--runs', 5));
const serverBin = resolve(root, option('--server', 'target/server/reissue-server'));
const distDir = resolve(root, option('--dist', 'dist'));
const outDir = resolve(root, option('--out', 'target/bench-web'));
const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
const chromeFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

const allPages = [
  { name: 'home', title: '首页', path: '/' },
  { name: 'form', title: '填写信息', path: '/form' },
  { name: 'mine', title: '我的办件', path: '/applications' },
];
// `--pages mine,form`: only those (a quicker look at one page while working on it).
const only = option('--pages', '').split(',').filter(Boolean);
const pages = only.length ? allPages.filter((p) => only.includes(p.name)) : allPages;

// The first-load budget: reported, never enforced here (the size ratchet in `make test`
// is the enforced part).
const budget = { score: 98, fcp: 1200, lcp: 2000, tbt: 50, cls: 0.02 };

const log = (...m) => console.error('[bench-web]', ...m);

for (const [what, path] of [['server', serverBin], ['dist/index.html', join(distDir, 'index.html')], ['Chromium', chromePath]]) {
  if (!existsSync(path)) { log(`missing ${what}: ${path} (run \`make bench-web\`, which builds them)`); process.exit(2); }
}

// ---- servers: fresh temp data dir, free loopback port, stopped on every way out ----
const servers = []; // child processes
const tempDirs = [];
let chrome = null;
async function cleanup() {
  if (chrome) { try { chrome.kill(); } catch { /* already gone */ } chrome = null; }
  for (const proc of servers.splice(0)) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => { log(`${sig}: stopping`); await cleanup(); process.exit(130); });
}

async function startServer(dist = distDir) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-web-'));
  tempDirs.push(dataDir);
  const server = spawn(serverBin, [
    '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--dist', dist, '--mock',
    '--admin-token', 'bench-web-admin-token',
  ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(server);
  // Its request log goes to stderr: keep the tail for errors, do not print it.
  const stderrTail = [];
  server.stderr.on('data', (d) => { stderrTail.push(String(d)); if (stderrTail.length > 40) stderrTail.shift(); });
  return await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not print its address within 20 s')), 20000);
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/.exec(line);
      if (m) { clearTimeout(timer); resolveUrl(m[1]); }
    });
    server.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? sig}) before listening:\n${stderrTail.join('')}`));
    });
  });
}

// The peer: the same build with the page as trunk wrote it (kept by tools/boot-html.mjs:
// render-blocking stylesheet) and without index.html's early API requests, i.e. what
// this loading work is measured against. Every other file is a link into dist/.
async function peerDist() {
  const original = join(root, 'target', 'boot-html', 'index.trunk.html');
  if (!existsSync(original)) return null;
  const dir = await mkdtemp(join(tmpdir(), 'bench-web-peer-'));
  tempDirs.push(dir);
  for (const name of await readdir(distDir)) {
    if (!name.startsWith('index.html')) await symlink(join(distDir, name), join(dir, name));
  }
  const early = /<script>(?:(?!<\/script>)[\s\S])*?__reissueEarly = [\s\S]*?<\/script>/;
  const html = await readFile(original, 'utf8');
  if (!early.test(html)) throw new Error("index.html's early requests not found: update peerDist()");
  await writeFile(join(dir, 'index.html'), html.replace(early, ''));
  return dir;
}

// ---- one Lighthouse run ----
async function lighthouseRun(url) {
  chrome = await chromeLauncher.launch({ chromePath, chromeFlags, logLevel: 'silent' });
  try {
    // No config: Lighthouse's default (mobile) config, throttlingMethod "simulate". The few
    // extra audits (console errors, browser issues such as CSP violations, CSP strength) are
    // passive, do not enter the performance score, and show what the perf category hides.
    const result = await lighthouse(url, {
      port: chrome.port, output: 'html', logLevel: 'error',
      onlyCategories: ['performance'], onlyAudits: ['errors-in-console', 'inspector-issues', 'csp-xss'],
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    return { lhr: result.lhr, html: result.report };
  } finally {
    chrome.kill();
    chrome = null;
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
const num = (lhr, id) => lhr.audits[id]?.numericValue ?? NaN;
function metrics(lhr) {
  const score = lhr.categories.performance?.score;
  return {
    score: score == null ? NaN : Math.round(score * 100),
    fcp: num(lhr, 'first-contentful-paint'),
    lcp: num(lhr, 'largest-contentful-paint'),
    tbt: num(lhr, 'total-blocking-time'),
    cls: num(lhr, 'cumulative-layout-shift'),
    bytes: num(lhr, 'total-byte-weight'), // transferred (encoded) bytes of every request
  };
}

// What a run's report says that explains or endangers the numbers: runtime errors, console
// errors (CSP violations among them), browser "issues", the LCP element and the usual culprits.
const path = (url) => url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, '');
function findings(lhr) {
  const out = [];
  if (lhr.runtimeError) out.push(`runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  for (const w of lhr.runWarnings || []) out.push(`warning: ${w}`);
  for (const item of lhr.audits['errors-in-console']?.details?.items || []) {
    out.push(`console ${item.source || 'error'}: ${String(item.description).split('\n')[0].slice(0, 200)}`);
  }
  for (const table of lhr.audits['inspector-issues']?.details?.items || []) {
    for (const sub of table.subItems?.items || []) out.push(`issue (${table.issueType}): ${JSON.stringify(sub).slice(0, 200)}`);
  }
  const lcpEl = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  if (lcpEl) out.push(`LCP element: ${lcpEl.nodeLabel ? `"${String(lcpEl.nodeLabel).slice(0, 60)}" ` : ''}${lcpEl.snippet || ''}`.slice(0, 220));
  const phases = lhr.audits['largest-contentful-paint-element']?.details?.items?.[1]?.items;
  if (phases?.length) out.push(`LCP phases: ${phases.map((p) => `${p.phase} ${Math.round(p.timing)} ms`).join(', ')}`);
  // Scored audits that failed (the usual suspects behind a slow FCP/LCP or a high TBT).
  for (const id of ['render-blocking-resources', 'server-response-time', 'uses-text-compression',
    'uses-long-cache-ttl', 'unused-javascript', 'unminified-javascript', 'bootup-time', 'mainthread-work-breakdown',
    'total-byte-weight', 'dom-size', 'layout-shifts', 'font-display']) {
    const a = lhr.audits[id];
    if (a && typeof a.score === 'number' && a.score < 0.9) {
      const urls = (a.details?.items || []).map((it) => it.url).filter(Boolean).map(path);
      out.push(`${id}: ${a.title}${a.displayValue ? ` — ${a.displayValue}` : ''}${urls.length ? ` (${urls.slice(0, 3).join(', ')})` : ''}`);
    }
  }
  const csp = lhr.audits['csp-xss'];
  if (csp?.details?.items?.length) {
    out.push(`csp-xss (${csp.details.items.map((it) => it.severity).join('/')}): ${(csp.details?.items || []).map((it) => `${it.directive ? it.directive + ': ' : ''}${typeof it.description === 'string' ? it.description : it.description?.formattedDefault || JSON.stringify(it.description)}`).join('; ').slice(0, 300)}`);
  }
  for (const it of lhr.audits['layout-shifts']?.details?.items || []) {
    out.push(`layout shift ${Number(it.score).toFixed(3)}: ${it.node?.selector || it.node?.snippet || '?'} (now at top ${it.node?.boundingRect?.top ?? '?'} px)`);
  }
  const reqs = lhr.audits['network-requests']?.details?.items || [];
  if (reqs.length) out.push(`requests (transferred/raw bytes, status): ${reqs.map((r) => `${path(r.url)} ${r.transferSize}/${r.resourceSize}${r.statusCode !== 200 ? ` ${r.statusCode}` : ''}`).join(', ')}`);
  const long = lhr.audits['long-tasks']?.details?.items || [];
  if (long.length) out.push(`long tasks: ${long.map((t) => `${Math.round(t.duration)} ms ${path(String(t.url))}`).slice(0, 5).join(', ')}`);
  return out;
}

// ---- applied throttling: when the app's own page is on screen ----
// Lighthouse's LCP is the largest text, which on a deep link is the static loading shell;
// it cannot tell when the page the user asked for appears. This loads each page in the
// same Chromium with DevTools throttling applied for real (150 ms RTT, 1.6 Mbps down,
// 4x CPU) and records first contentful paint and the moment the app's own page is on
// screen: a page heading rendered by the app, or on 首页 the app's working 关怀版 switch.
async function appliedRun(browser, url) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, deviceScaleFactor: 1.75 });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1638400 / 8, uploadThroughput: 675000 / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(url, { waitUntil: 'commit' });
    const app = await page.waitForFunction(
      () => document.querySelector('#app main h1, #shell-slot [role="switch"]') && performance.now(),
      null, { polling: 'raf', timeout: 60000 });
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    return { fcp, app: await app.jsonValue() };
  } finally {
    await context.close();
  }
}

// ---- main ----
const started = Date.now();
let code = 0;
try {
  const base = await startServer();
  log(`server ${base}; ${runs} Lighthouse runs per page, interleaved`);
  await mkdir(outDir, { recursive: true });

  const results = Object.fromEntries(pages.map((p) => [p.name, []]));
  for (let i = 1; i <= runs; i++) {
    for (const page of pages) {
      const t0 = Date.now();
      const { lhr, html } = await lighthouseRun(base + page.path);
      const s = lhr.configSettings;
      if (s.formFactor !== 'mobile' || !s.screenEmulation?.mobile || s.throttlingMethod !== 'simulate' || s.throttling.cpuSlowdownMultiplier !== 4) {
        throw new Error(`not the default mobile settings: ${JSON.stringify({ formFactor: s.formFactor, throttlingMethod: s.throttlingMethod, throttling: s.throttling })}`);
      }
      const m = metrics(lhr);
      results[page.name].push({ lhr, m, html });
      await writeFile(join(outDir, `${page.name}-${i}.json`), JSON.stringify(lhr));
      log(`${page.name} run ${i}/${runs}: score ${m.score}, fcp ${Math.round(m.fcp)} ms, lcp ${Math.round(m.lcp)} ms, tbt ${Math.round(m.tbt)} ms, cls ${m.cls.toFixed(3)}, bytes ${m.bytes} → ${lhr.finalDisplayedUrl.replace(base, '')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  }

  const first = results[pages[0].name][0].lhr;
  const th = first.configSettings.throttling;
  console.log('');
  console.log(`Lighthouse ${first.lighthouseVersion}, ${first.environment?.hostUserAgent?.match(/Chrome\/[\d.]+/)?.[0] || 'Chromium'} headless, mobile emulation ` +
    `${first.configSettings.screenEmulation.width}x${first.configSettings.screenEmulation.height}, simulated throttling ` +
    `(RTT ${th.rttMs} ms, ${(th.throughputKbps / 1000).toFixed(1)} Mbps down, CPU ${th.cpuSlowdownMultiplier}x), medians of ${runs} runs, benchmark index ${Math.round(median(Object.values(results).flat().map((r) => r.lhr.environment?.benchmarkIndex ?? NaN)))}`);
  console.log('');
  const rows = [['page', 'path → lands on', 'score', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'bytes', 'score range']];
  const summary = [];
  for (const page of pages) {
    const rs = results[page.name];
    const med = Object.fromEntries(Object.keys(rs[0].m).map((k) => [k, median(rs.map((r) => r.m[k]))]));
    const scores = rs.map((r) => r.m.score);
    const landed = [...new Set(rs.map((r) => r.lhr.finalDisplayedUrl.replace(base, '') || '/'))].join(' | ');
    rows.push([`${page.name} ${page.title}`, `${page.path} → ${landed}`, String(med.score), String(Math.round(med.fcp)), String(Math.round(med.lcp)), String(Math.round(med.tbt)), med.cls.toFixed(3), String(Math.round(med.bytes)), `${Math.min(...scores)}–${Math.max(...scores)}`]);
    // The run whose score is the median: its HTML report, and what it says.
    const mid = [...rs].sort((a, b) => a.m.score - b.m.score)[(rs.length - 1) >> 1];
    await writeFile(join(outDir, `${page.name}-median.html`), mid.html);
    summary.push({ page, med, notes: findings(mid.lhr) });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].reduce((w, ch) => w + (ch.codePointAt(0) > 0x2e80 ? 2 : 1), 0))));
  const pad = (s, w, right) => { const len = [...s].reduce((n, ch) => n + (ch.codePointAt(0) > 0x2e80 ? 2 : 1), 0); const sp = ' '.repeat(Math.max(0, w - len)); return right ? sp + s : s + sp; };
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => pad(cell, widths[c], c >= 2 && c <= 7)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log(`budget: score ≥ ${budget.score}, FCP ≤ ${budget.fcp} ms, LCP ≤ ${budget.lcp} ms, TBT ≤ ${budget.tbt} ms, CLS ≤ ${budget.cls}`);

  console.log('');
  for (const { page, med, notes } of summary) {
    const misses = [];
    if (med.score < budget.score) misses.push(`score ${med.score} < ${budget.score}`);
    if (med.fcp > budget.fcp) misses.push(`FCP ${Math.round(med.fcp)} > ${budget.fcp} ms`);
    if (med.lcp > budget.lcp) misses.push(`LCP ${Math.round(med.lcp)} > ${budget.lcp} ms`);
    if (med.tbt > budget.tbt) misses.push(`TBT ${Math.round(med.tbt)} > ${budget.tbt} ms`);
    if (med.cls > budget.cls) misses.push(`CLS ${med.cls.toFixed(3)} > ${budget.cls}`);
    console.log(`${page.name}: ${misses.length ? `misses ${misses.join(', ')}` : 'meets the budget'}`);
    for (const n of notes) console.log(`  ${n}`);
  }

  const peerDir = await peerDist();
  const peerBase = peerDir ? await startServer(peerDir) : null;
  const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const applied = Object.fromEntries(pages.map((p) => [p.name, { ours: [], peer: [] }]));
  try {
    for (let i = 0; i < 3; i++) {
      for (const page of pages) {
        applied[page.name].ours.push(await appliedRun(browser, base + page.path));
        if (peerBase) applied[page.name].peer.push(await appliedRun(browser, peerBase + page.path));
      }
    }
  } finally {
    await browser.close();
  }
  console.log('');
  console.log(`applied throttling (DevTools: 150 ms RTT, 1.6 Mbps down, 4x CPU), medians of 3 runs; peer: the same build with trunk's own index.html, no early API requests${peerBase ? '' : ' (not found: run make build)'}:`);
  for (const page of pages) {
    const { ours, peer } = applied[page.name];
    const med = (rs, k) => Math.round(median(rs.map((r) => r[k])));
    const vs = (k) => (peer.length ? ` (peer ${med(peer, k)} ms, ${(med(peer, k) / med(ours, k)).toFixed(2)}x)` : '');
    console.log(`  ${page.name}: first paint ${med(ours, 'fcp')} ms${vs('fcp')}, the app's own page on screen ${med(ours, 'app')} ms${vs('app')}`);
  }
  console.log(`reports: ${outDir.replace(root + '/', '')}/<page>-<run>.json, <page>-median.html; took ${Math.round((Date.now() - started) / 1000)} s`);

  console.log('');
  for (const { page, med } of summary) {
    console.log(`web ${page.name}: score ${med.score}, fcp ${Math.round(med.fcp)} ms, lcp ${Math.round(med.lcp)} ms, tbt ${Math.round(med.tbt)} ms, cls ${med.cls.toFixed(2)}, bytes ${Math.round(med.bytes)}`);
  }
} catch (e) {
  log(`failed: ${e.stack || e}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
