// A first visit logs nothing in red: a signed-out visitor's page asks the server only
// for what it can have (the hint cookie says whether a session may exist), so no 401
// shows up in the console; a signed-in one still gets the draft asked for early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPhone as newPhoneIn } from './harness.mjs';
import { agreeNotice, startFromHome, verifyPhone } from './journey.mjs';

const env = useServerAndBrowser();
const newPhone = (opts) => newPhoneIn(env.browser, opts);

/** Console errors and failed requests from here on. */
function watch(page) {
  const seen = { console: [], failed: [], asked: [] };
  page.on('console', (m) => { if (m.type() === 'error') seen.console.push(m.text()); });
  page.on('requestfailed', (r) => seen.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.status()} ${r.url()}`); });
  page.on('request', (r) => seen.asked.push(new URL(r.url()).pathname));
  return seen;
}

test('signed out, no page of the first visit logs an error or a failed request', async () => {
  const { ctx, page } = await newPhone();
  const seen = watch(page);
  for (const [path, heading] of [['/', '身份证丢失补领'], ['/form', null], ['/applications', '手机验证'], ['/applications/SC20261201000001', '手机验证']]) {
    await page.goto(env.server.url + path);
    if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
  }
  assert.deepEqual(seen.console, []);
  assert.deepEqual(seen.failed, []);
  assert.ok(!seen.asked.includes('/api/v1/drafts/current'), 'no draft asked for without a session');
  await ctx.close();
});

test('signed in, the draft is still asked for before the app starts, and found', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  const seen = watch(page);
  const draft = page.waitForResponse((r) => r.url().endsWith('/api/v1/drafts/current'));
  await page.reload();
  assert.ok((await draft).status() < 400);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(seen.console, []);
  assert.deepEqual(seen.failed, []);
  await ctx.close();
});
