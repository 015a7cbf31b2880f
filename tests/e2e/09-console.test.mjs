// A first visit logs nothing in red: a signed-out visitor's page asks the server only
// for what it can have (the hint cookie says whether a session may exist), so no 401
// shows up in the console; a signed-in one still gets the draft asked for early; one
// whose session ended meanwhile learns so from the start probe (200), not from a 401.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPhone as newPhoneIn } from './harness.mjs';
import { admin, agreeNotice, startFromHome, verifyPhone } from './journey.mjs';

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
  assert.ok(!seen.asked.includes('/api/v1/start'), 'nothing about a session asked for without one');
  await ctx.close();
});

test('signed in, the draft is still asked for before the app starts, and found', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  const seen = watch(page);
  const draft = page.waitForResponse((r) => r.url().endsWith('/api/v1/start'));
  await page.reload();
  assert.ok((await draft).status() < 400);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.deepEqual(seen.console, []);
  assert.deepEqual(seen.failed, []);
  await ctx.close();
});

test('a session that ended while the phone was away: a reload logs nothing in red and asks for the phone', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  // Forty minutes without a request: the session ended, the hint cookie is still there.
  const r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 40 * 60 });
  assert.equal(r.status, 204);
  const seen = watch(page);
  for (const path of ['/form', '/applications', '/applications/SC20261201000001']) {
    await page.goto(env.server.url + path);
    await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
  }
  assert.deepEqual(seen.console, []);
  assert.deepEqual(seen.failed, []);
  // The probe answered once and cleared the ended session's cookies: after it, only
  // the profile was asked for.
  const api = seen.asked.filter((p) => p.startsWith('/api/'));
  assert.deepEqual(api.filter((p) => p !== '/api/v1/service'), ['/api/v1/start'], api.join(', '));
  await ctx.close();
});

test('the service has an icon: SVG and 32 px PNG linked, /favicon.ico for whoever asks, each cached a year', async () => {
  const { ctx, page } = await newPhone();
  await page.goto(env.server.url + '/');
  const links = await page.locator('link[rel="icon"]').evaluateAll((ls) => ls.map((l) => l.href));
  assert.equal(links.length, 2, links.join(', '));
  for (const href of [...links, env.server.url + '/favicon.ico']) {
    const res = await fetch(href);
    assert.equal(res.status, 200, href);
    assert.match(res.headers.get('content-type'), /^image\//, href);
    assert.match(res.headers.get('cache-control'), /max-age=31536000/, href);
  }
  assert.deepEqual(page.red, []);
  await ctx.close();
});
