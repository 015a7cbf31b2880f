// The built app starts from its wasm (not just the static shell), every step URL loads
// directly, and the API answers on the same origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, phoneContext, screenshot } from './harness.mjs';

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
  await page.getByText('请升级微信或使用系统浏览器打开').waitFor();
  await screenshot(page, '00-no-wasm');
  await ctx.close();
});
