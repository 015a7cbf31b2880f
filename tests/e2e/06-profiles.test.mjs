// The profile owns the steps: a service that takes the card photo from its records and
// checks identity at the counter has no upload step and no face check, in the browser
// and on the server alike.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, newPhone } from './harness.mjs';
import { agreeNotice, allApplications, fillForm, shot, startFromHome, verifyPhone } from './journey.mjs';

let server;
let browser;

before(async () => {
  // Sichuan's profile as the server serves it, without the three steps: the data is the
  // server's own, so this test follows whatever the built-in profile says.
  const sichuan = await startServer();
  const profile = await (await fetch(sichuan.url + '/api/v1/service')).json();
  await sichuan.stop();
  profile.register_upload_required = false;
  profile.liveness_required = false;
  profile.photo_sources = [];
  const file = join(mkdtempSync(join(tmpdir(), 'reissue-profile-')), 'form-only.json');
  writeFileSync(file, JSON.stringify(profile));
  server = await startServer({ args: ['--profile', file] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a profile without the uploads and the face check: from the form straight to 核对信息', async () => {
  const { ctx, page } = await newPhone(browser);
  await startFromHome(page, server.url);
  assert.equal(await page.locator('main .caption').innerText(), '第 1 步，共 5 步');
  await agreeNotice(page, 'notice-form-only');
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  assert.equal(await page.locator('main .caption').innerText(), '第 4 步，共 5 步');
  await fillForm(page, { delivery: 'pickup' });

  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  assert.equal(await page.locator('main .caption').innerText(), '第 5 步，共 5 步');
  const review = await page.locator('#app main').innerText();
  assert.ok(!review.includes('户口本首页') && !review.includes('人脸识别'), 'no materials to show');
  await shot(page, '30-form-only-review');
  // Back goes to the form, not to a step this service does not have.
  await page.getByRole('link', { name: '‹ 返回' }).click();
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();

  // The steps that are not there are not reachable by address either: on to 核对信息.
  for (const path of ['/photos', '/card-photo', '/liveness']) {
    await page.goto(server.url + path);
    await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
    assert.ok(page.url().endsWith('/review'), `${path} → ${page.url()}`);
  }

  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
  const number = (await page.locator('#app-number').innerText()).trim();
  const apps = await allApplications(server);
  assert.deepEqual(apps.map((a) => a.number), [number], 'the server took it without photos or a face check');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
