// The built app starts from its wasm (not just the static shell), every step URL loads
// directly, and the API answers on the same origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, phoneContext, screenshot } from './harness.mjs';
import { startFromHome, agreeNotice, verifyPhone } from './journey.mjs';

const env = useServerAndBrowser();

test('the first screen is rendered by the wasm app at phone size', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(env.server.url + '/');
  // The static shell's switch is an inert copy; only the app renders a working one.
  await page.getByRole('switch', { name: '关怀版' }).waitFor();
  await page.locator('#shell-switch').waitFor({ state: 'detached' });
  assert.equal(await page.locator('#shell a[aria-disabled]').count(), 0, 'the links are live');
  // A link of the shell navigates inside the app (no reload).
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('link', { name: '开始办理' }).click();
  await page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load');
  assert.equal(await page.locator('#shell').isVisible(), false, 'the shell hides on other pages');
  await page.goBack();
  await page.getByRole('switch', { name: '关怀版' }).waitFor();
  assert.equal(await page.locator('#shell').isVisible(), true);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '身份证丢失补领');
  await page.getByRole('link', { name: '开始办理' }).waitFor();
  await page.getByRole('link', { name: '我的办件' }).waitFor();
  assert.equal(await page.locator('#shell-error').isVisible(), false, 'no fallback message');
  assert.deepEqual(errors, []);
  await screenshot(page, '00-home');
  await ctx.close();
});

test('the health endpoint answers through the same origin as the app', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  const health = await page.evaluate(async () => {
    const r = await fetch('/api/v1/health');
    return { status: r.status, body: await r.json() };
  });
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  await ctx.close();
});

test('every step URL loads directly (server falls back to index.html)', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  for (const path of ['/notice', '/verify', '/form', '/photos', '/liveness', '/review', '/applications', '/done/BL1']) {
    const resp = await page.goto(env.server.url + path);
    assert.equal(resp.status(), 200, path);
    assert.match(resp.headers()['cache-control'] || '', /no-cache/, `${path} is not cached`);
    await page.locator('main:not([hidden]) h1').first().waitFor();
  }
  await ctx.close();
});

test('the static shell shows the upgrade message when WebAssembly is missing', async () => {
  const ctx = await phoneContext(env.browser);
  await ctx.addInitScript(() => { delete globalThis.WebAssembly; });
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await page.getByText('请把微信升级到最新版本').waitFor();
  await screenshot(page, '00-no-wasm');
  await ctx.close();
});

test('a download cut off says so and loads again, instead of blaming the browser', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  let cut = true;
  await page.route(/_bg\.wasm$/, (route) => (cut ? route.abort('connectionreset') : route.continue()));
  await page.goto(env.server.url + '/notice');
  await page.getByText('网络不稳定，页面没有加载完成。').waitFor();
  assert.equal(await page.getByText('请把微信升级到最新版本').isVisible(), false);
  await screenshot(page, '00-load-failed');
  cut = false;
  await page.getByRole('button', { name: '重新加载' }).click();
  await page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
  await ctx.close();
});

test('before the wasm arrives: the shell paints styled, a deep link shows only a loading screen', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(env.server.url + '/form');
  // The stylesheet no longer blocks the first paint, but it is in force long before the app.
  await page.waitForFunction(() => document.getElementById('app-css').rel === 'stylesheet');
  await page.getByRole('heading', { name: '身份证丢失补领', level: 1 }).waitFor();
  await page.getByRole('status').filter({ hasText: '正在加载…' }).waitFor();
  assert.equal(await page.getByRole('link', { name: '开始办理' }).isVisible(), false, '首页 buttons hidden off 首页');
  await screenshot(page, '00-loading-deep-link');
  release();
  await page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
  // In-app back to 首页: the whole shell, buttons included.
  await page.goto(env.server.url + '/notice');
  await page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
  await page.getByRole('link', { name: '‹ 返回' }).click();
  await page.getByRole('link', { name: '开始办理' }).waitFor();
  await ctx.close();
});

test('what the first screen needs is asked for once, beside the wasm download', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();

  // The region data: asked for beside the wasm on a cold 填写信息, under its content
  // hash, cached for a year. A new tab of the same signed-in phone, so that only what
  // this cold load asks for is counted (nothing still in flight from the page above).
  const form = await ctx.newPage();
  const regions = [];
  form.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/data/regions')) regions.push(r); });
  await form.goto(env.server.url + '/form');
  await form.getByRole('group', { name: '户籍所在地' }).getByLabel('省').selectOption({ label: '四川省' });
  assert.equal(regions.length, 1, regions.map((r) => r.url()).join(', '));
  assert.match(new URL(regions[0].url()).pathname, /^\/data\/regions-[0-9a-f]{16}\.json$/);
  assert.match(regions[0].headers()['cache-control'], /immutable/);
  await form.close();

  // A cold load of 我的办件: index.html asks for the profile, the session with its draft
  // and (once the session is known to be open) the list while the wasm downloads, and
  // the app uses those answers instead of asking again.
  const mine = await ctx.newPage();
  const asked = [];
  mine.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) asked.push(`${r.method()} ${url.pathname}`);
  });
  await mine.goto(env.server.url + '/applications');
  await mine.getByRole('heading', { name: '我的办件', level: 1 }).waitFor();
  await mine.getByText('您还没有补领申请。').waitFor();
  for (const path of ['/api/v1/service', '/api/v1/start', '/api/v1/applications']) {
    assert.equal(asked.filter((a) => a === `GET ${path}`).length, 1, `${path} asked once: ${asked.join(', ')}`);
  }
  // Taken once: asking again later goes to the server.
  const listed = mine.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/applications');
  await mine.getByRole('link', { name: '返回' }).click();
  await mine.getByRole('link', { name: '我的办件' }).click();
  await listed;
  await mine.getByText('您还没有补领申请。').waitFor();
  assert.equal(asked.filter((a) => a === 'GET /api/v1/applications').length, 2);
  await ctx.close();
});
