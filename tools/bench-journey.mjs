#!/usr/bin/env node
// `make bench-journey`: the bytes a citizen downloads walking the whole Sichuan journey
// (首页 → 业务须知 → 能否在线办理 → 手机验证 → 填写信息 → photos → 人脸识别 → 核对信息 →
// 提交成功 → 办件详情), in headless Chromium at phone size against the
// mock server, for this build's dist/ and a peer build in the same run, alternating.
// A benchmark, not a test: it prints the medians and their ratio.
//
//   node tools/bench-journey.mjs [--runs N] [--dist DIR] --peer DIR
//
// Bytes are what crossed the network (CDP's encodedDataLength: compressed bodies and
// headers, as the server sends them to a browser that accepts br), split into the app
// itself (HTML, JS, CSS, wasm) and everything else (API answers, region data, the mock
// vendor's pages); a file the browser had cached costs nothing, as on a phone.
import { resolve } from 'node:path';
import { launchBrowser, newPhone, startServer } from '../tests/e2e/harness.mjs';
import { applyUntilLiveness, doLiveness, submitFromReview } from '../tests/e2e/journey.mjs';

const args = process.argv.slice(2);
const option = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const runs = Number(option('--runs', 3));
const builds = [
  { name: 'this build', dist: resolve(option('--dist', 'dist')) },
  { name: 'peer', dist: option('--peer') && resolve(option('--peer')) },
];
if (!builds[1].dist) { console.error('bench-journey: --peer DIR (another build\'s dist/) is required'); process.exit(2); }

async function walk(browser, dist) {
  const server = await startServer({ dist });
  const { ctx, page } = await newPhone(browser);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  const kinds = new Map();
  const bytes = { app: 0, other: 0, files: 0 };
  cdp.on('Network.responseReceived', (e) => kinds.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => {
    const url = kinds.get(e.requestId) || '';
    const path = new URL(url, 'http://x').pathname;
    const app = /\.(wasm|js|css)$/.test(path) || !/^\/(api|mock-vendor|data)\//.test(path) && !/\.\w+$/.test(path);
    bytes[app ? 'app' : 'other'] += e.encodedDataLength;
    if (/\.wasm$/.test(path) && e.encodedDataLength > 0) bytes.files += 1;
  });
  await applyUntilLiveness(page, server.url, { delivery: 'ems' });
  await doLiveness(page, '通过');
  const number = await submitFromReview(page);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByRole('heading', { name: '办件详情' }).waitFor();
  await page.getByText(number).first().waitFor();
  await page.waitForLoadState('networkidle');
  await ctx.close();
  await server.stop();
  return bytes;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const browser = await launchBrowser();
const results = builds.map(() => []);
for (let i = 0; i < runs; i += 1) {
  for (const [j, b] of builds.entries()) results[j].push(await walk(browser, b.dist));
}
await browser.close();
for (const [j, b] of builds.entries()) {
  const app = median(results[j].map((r) => r.app));
  const other = median(results[j].map((r) => r.other));
  const files = median(results[j].map((r) => r.files));
  console.log(`journey ${b.name}: app ${app} B, other ${other} B, total ${app + other} B, wasm files ${files} (${b.dist})`);
}
const ratio = median(results[0].map((r) => r.app + r.other)) / median(results[1].map((r) => r.app + r.other));
console.log(`journey: this build downloads ${ratio.toFixed(2)}× the peer's bytes over the whole journey`);
