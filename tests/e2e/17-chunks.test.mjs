// The app in chunks (src/lazy.rs, tools/build-split.sh): a page's chunk whose download
// fails says so and offers 重试, which loads it; a chunk a newer release replaced says
// to reload; a deep link downloads its chunk beside the app; 首页 downloads none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { phoneContext, screenshot, useServerAndBrowser } from './harness.mjs';
import { agreeNotice, startFromHome, verifyPhone } from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });
// The chunk files the page downloaded, each with whether index.html's early script
// started it (and the app took that download instead of asking again).
const chunkFiles = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => /\/(split|chunk)_\w+-[0-9a-f]{8}\.wasm$/.test(e.name))
  .map((e) => {
    const path = new URL(e.name).pathname;
    return { file: path.slice(1), early: (window.__reissueChunks || {})[path] === true };
  }));
// Every file once, every one started by the early script.
function assertPreloaded(files, split) {
  assert.ok(files.some((f) => f.file.startsWith(`split_${split}-`)), `the ${split} chunk: ${JSON.stringify(files)}`);
  assert.equal(new Set(files.map((f) => f.file)).size, files.length, `each file downloaded once: ${JSON.stringify(files)}`);
  assert.ok(files.every((f) => f.early), `started beside the app by index.html: ${JSON.stringify(files)}`);
}

test('首页 downloads no chunk; the first request for one fails, 重试 brings the page', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  let failures = 0;
  await page.route(/\/split_tracking-[0-9a-f]{8}\.wasm$/, (route) => {
    if (failures++ === 0) return route.abort('internetdisconnected');
    return route.continue();
  });
  await page.goto(env.server.url + '/');
  await page.getByRole('link', { name: '物流进度查询' }).waitFor();
  await page.waitForFunction(() => window.__appStarted);
  assert.deepEqual(await chunkFiles(page), [], '首页 needs no chunk');

  await page.getByRole('link', { name: '物流进度查询' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '网络不稳定' });
  await alert.waitFor();
  await screenshot(page, '17-chunk-failed');
  await page.getByRole('button', { name: '重试' }).click();
  await heading(page, '物流进度查询').waitFor();
  assert.equal(failures, 2, 'the retry fetched the chunk again');
  assert.equal(await alert.count(), 0);
  await ctx.close();
});

test('a chunk the next release replaced: 服务已更新, and 刷新页面 loads the page', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  let gone = true;
  await page.route(/\/split_loss-[0-9a-f]{8}\.wasm$/, (route) => (gone
    ? route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })
    : route.continue()));
  await page.goto(env.server.url + '/');
  await page.waitForFunction(() => window.__appStarted);
  await page.getByRole('link', { name: '挂失身份证' }).first().click();
  await page.getByRole('alert').filter({ hasText: '服务已更新' }).waitFor();
  await screenshot(page, '17-chunk-replaced');
  gone = false;
  await page.getByRole('button', { name: '刷新页面' }).click();
  await heading(page, '挂失身份证').waitFor();
  await ctx.close();
});

test('a deep link downloads its chunk from index.html, beside the app', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/tracking');
  await heading(page, '物流进度查询').waitFor();
  assertPreloaded(await chunkFiles(page), 'tracking');
  await ctx.close();
});

test('业务须知 fetches the rest of the wizard while it is read; a reload mid-wizard preloads it', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await startFromHome(page, env.server.url);
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => /\/split_wizard-[0-9a-f]{8}\.wasm$/.test(e.name)));
  assert.ok(!(await chunkFiles(page)).some((f) => f.file.startsWith('split_mine-')), 'not 我的办件\'s');
  await agreeNotice(page);
  await verifyPhone(page);
  await heading(page, '填写信息').waitFor();
  await page.reload();
  await heading(page, '填写信息').waitFor();
  assertPreloaded(await chunkFiles(page), 'wizard');
  await ctx.close();
});

test('signed out, a deep link fetches only what its landing page needs: 我的办件 the 手机验证 chunk, 填写信息 nothing before 业务须知', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/applications');
  await heading(page, '手机验证').waitFor();
  const files = await chunkFiles(page);
  assertPreloaded(files, 'verify');
  assert.ok(!files.some((f) => /^split_(mine|wizard)-/.test(f.file)), `neither 我的办件's nor the wizard's: ${JSON.stringify(files)}`);

  const other = await ctx.newPage();
  await other.goto(env.server.url + '/form');
  await heading(other, '业务须知').waitFor();
  const shown = await other.evaluate(() => performance.now());
  // The wizard comes while 业务须知 is read (its prefetch), not beside the app.
  await other.waitForFunction(() => performance.getEntriesByType('resource')
    .some((e) => /\/split_wizard-[0-9a-f]{8}\.wasm$/.test(e.name)));
  const started = await other.evaluate(() => performance.getEntriesByType('resource')
    .find((e) => /\/split_wizard-[0-9a-f]{8}\.wasm$/.test(e.name)).startTime);
  assert.ok(started >= shown, `the wizard was fetched after 业务须知 was on screen (${started} ≥ ${shown})`);
  await ctx.close();
});
