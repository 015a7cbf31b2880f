// Faults, restarts and hostile conditions: nothing typed is lost, nothing is created
// twice, and the app runs under the server's strict CSP.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPhone } from './harness.mjs';
import {
  APPLICANT, admin, agreeNotice, answerEligibility, allApplications, applyUntilLiveness, doLiveness, fillForm,
  freshPhone, makeJpeg, shot, startFromHome, uploadPhotos, verifyPhone,
} from './journey.mjs';

const browser = await launchBrowser();
after(async () => { await browser.close(); });

const phone = () => newPhone(browser);

const FAILURE = ['.alert-error', '.uploader .error-message'];

/** Does `act` until `done` shows; on a visible failure, does it again (as a person would). */
async function persist(page, act, done, label, tries = 12) {
  for (let i = 0; i < tries; i += 1) {
    // A failure already on screen answers the last try, not this one: only one shown after
    // this act counts (the app takes its message down while it tries again).
    await page.evaluate((sel) => {
      for (const e of document.querySelectorAll(sel)) e.dataset.stale = '';
    }, FAILURE.join(', ')).catch(() => {});
    await act(i);
    const outcome = await Promise.race([
      done.waitFor({ timeout: 25000 }).then(() => 'done'),
      page.locator(FAILURE.map((s) => `${s}:not([data-stale])`).join(', ')).first()
        .waitFor({ timeout: 25000 }).then(() => 'error'),
    ]).catch(() => 'timeout');
    if (outcome === 'done' || await done.isVisible().catch(() => false)) return i;
  }
  throw new Error(`${label}: still failing after ${tries} tries`);
}

const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

test('the whole journey completes with 20 % of API requests failing', async () => {
  const server = await startServer({ args: ['--fault-error-rate', '0.2', '--fault-seed', '20261123'] });
  const { ctx, page } = await phone();
  let retries = 0;
  await persist(page, () => page.goto(server.url + '/notice'), heading(page, '业务须知'), 'notice');
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  await heading(page, '手机验证').waitFor();
  await page.getByLabel('手机号码').fill(freshPhone());
  retries += await persist(page, () => page.getByRole('button', { name: '获取验证码' }).click(),
    page.locator('.dev-code'), 'sms');
  const code = (await page.locator('.dev-code').innerText()).match(/(\d{6})/)[1];
  await page.getByLabel('验证码').fill(code);
  retries += await persist(page, () => page.getByRole('button', { name: '下一步' }).click(),
    heading(page, '填写信息'), 'sign in');

  await page.getByLabel('姓名').fill(APPLICANT.name);
  await page.getByLabel('公民身份号码').fill(APPLICANT.id);
  const hukou = page.getByRole('group', { name: '户籍所在地' });
  await hukou.getByLabel('省').selectOption({ label: '四川省' });
  await hukou.getByLabel('市').selectOption({ label: '成都市' });
  await hukou.getByLabel('区/县').selectOption({ label: '武侯区' });
  await page.getByLabel('丢失').check();
  await page.getByLabel('到办证中心自取').check();
  await page.getByLabel('办证中心', { exact: true }).selectOption({ index: 1 });
  retries += await persist(page, () => page.getByRole('button', { name: '下一步' }).click(),
    heading(page, '上传户口本'), 'form');

  const jpeg = await makeJpeg(page);
  for (const slot of ['register_home', 'register_self']) {
    const section = page.locator(`#f-${slot}`);
    retries += await persist(page, async (i) => {
      const retry = section.getByRole('button', { name: '重试' });
      if (i > 0 && await retry.isVisible().catch(() => false)) await retry.click();
      else await section.locator('input[data-slot-input=album]').setInputFiles({ name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    }, section.locator('.uploaded'), slot);
  }
  retries += await persist(page, () => page.getByRole('button', { name: '下一步' }).click(),
    heading(page, '证件照片'), 'photos');
  // The register's answer offers the photo on record; a failed answer has a 重试.
  const onRecord = page.getByLabel('用上次办证时的照片');
  retries += await persist(page, async () => {
    const retry = page.getByRole('button', { name: '重试' });
    if (await retry.isVisible().catch(() => false)) await retry.click();
  }, onRecord, 'register check');
  await onRecord.check();
  await page.waitForFunction(() => document.querySelector('.on-record img')?.naturalWidth > 0);
  await page.getByLabel('照片中是我本人').check();
  retries += await persist(page, () => page.getByRole('button', { name: '下一步' }).click(),
    heading(page, '人脸识别'), 'card photo');
  await page.getByLabel('我同意采集人脸信息用于本人身份核验').check();
  retries += await persist(page, () => page.getByRole('button', { name: '开始人脸识别' }).click(),
    page.getByRole('button', { name: '通过', exact: true }), 'liveness start');
  await page.getByRole('button', { name: '通过', exact: true }).click();
  await heading(page, '核对信息').waitFor({ timeout: 60000 });
  await page.getByLabel('本人承诺所填信息真实有效').check();
  retries += await persist(page, () => page.getByRole('button', { name: '提交申请' }).click(),
    heading(page, '提交成功'), 'submit');
  const number = (await page.locator('#app-number').innerText()).trim();
  const apps = await allApplications(server);
  assert.equal(apps.filter((a) => a.number === number).length, 1);
  assert.equal(apps.length, 1, 'exactly one application');
  console.log(`journey with 20 % failures: done, ${retries} visible retries by the user`);
  await shot(page, '20-faults-done');
  await ctx.close();
  await server.stop();
});

test('the server killed and restarted mid-journey: the user finishes without retyping', async () => {
  let server = await startServer();
  const port = new URL(server.url).port;
  const { ctx, page } = await phone();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'ems' });
  await heading(page, '上传户口本').waitFor();
  await page.goto(server.url + '/form');
  await heading(page, '填写信息').waitFor();
  // The user edits an answer while the server is down.
  await server.stop({ keepData: true });
  await page.getByLabel('详细地址').fill('春熙路街道红星路三段1号5栋2单元302');
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.alert-error').getByText('网络连接失败').waitFor({ timeout: 30000 });
  await page.locator('.offline-banner p').waitFor();
  await shot(page, '21-server-down');
  assert.equal(await page.getByLabel('详细地址').inputValue(), '春熙路街道红星路三段1号5栋2单元302');
  // Same data directory, same address.
  server = await startServer({ dataDir: server.dataDir, port });
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '上传户口本').waitFor();
  await uploadPhotos(page);
  await heading(page, '人脸识别').waitFor();
  // A reload after the restart still has every answer.
  await page.goto(server.url + '/form');
  assert.equal(await page.getByLabel('姓名').inputValue(), APPLICANT.name);
  assert.equal(await page.getByLabel('详细地址').inputValue(), '春熙路街道红星路三段1号5栋2单元302');
  await ctx.close();
  await server.stop();
});

async function toReview(server) {
  const { ctx, page } = await phone();
  await applyUntilLiveness(page, server.url);
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  await page.getByLabel('本人承诺所填信息真实有效').check();
  return { ctx, page };
}

test('a submit whose responses are all dropped, then retried, creates exactly one application', async () => {
  const server = await startServer();
  const { ctx, page } = await toReview(server);
  // Every API response from now on is cut after the server has done the work.
  await admin(server, 'PUT', '/api/v1/admin/faults', { drop_rate: 1.0 });
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.locator('.alert-error').waitFor({ timeout: 60000 });
  await shot(page, '22-submit-dropped');
  const during = await allApplications(server);
  assert.equal(during.length, 1, 'the dropped submit and its automatic retries made one application');
  await admin(server, 'PUT', '/api/v1/admin/faults', {});
  await page.getByRole('button', { name: '提交申请' }).click();
  await heading(page, '提交成功').waitFor();
  const number = (await page.locator('#app-number').innerText()).trim();
  const apps = await allApplications(server);
  assert.equal(apps.length, 1);
  assert.equal(apps[0].number, number, 'the retry got the application the first attempt created');
  await ctx.close();
  await server.stop();
});

/** A fresh applicant on 上传户口本, with a server of its own. */
async function onPhotos() {
  const server = await startServer();
  const { ctx, page } = await phone();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await heading(page, '上传户口本').waitFor();
  return { server, ctx, page };
}

test('an upload cut off half-way, then retried without re-picking, succeeds', async () => {
  const { server, ctx, page } = await onPhotos();
  const jpeg = await makeJpeg(page);
  await admin(server, 'PUT', '/api/v1/admin/faults', { upload_cut_bytes: 20000 });
  const section = page.locator('#f-register_home');
  await section.locator('input[data-slot-input=album]').setInputFiles({ name: 'p.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await section.locator('.error-message').waitFor({ timeout: 60000 });
  await shot(page, '23-upload-cut');
  await admin(server, 'PUT', '/api/v1/admin/faults', {});
  await section.getByRole('button', { name: '重试' }).click();
  await section.locator('.uploaded').waitFor({ timeout: 30000 });
  await ctx.close();
  await server.stop();
});

test('a photo replaced while it still uploads: the server keeps the newer one', async () => {
  const { server, ctx, page } = await onPhotos();
  const first = await makeJpeg(page, { width: 1600, height: 1200 });
  const second = await makeJpeg(page, { width: 1200, height: 1600 });
  // The first photo's upload is held on a slow line until the second one is stored.
  let release;
  const held = new Promise((r) => { release = r; });
  let firstUpload = null;
  await page.route(/\/api\/v1\/drafts\/current\/photos\/register_home$/, async (route) => {
    if (!firstUpload) {
      firstUpload = route.request();
      await held;
    }
    await route.continue().catch(() => { /* cancelled by the browser meanwhile */ });
  });
  const section = page.locator('#f-register_home');
  const pick = (buffer) => section.locator('input[data-slot-input=album]')
    .setInputFiles({ name: 'p.jpg', mimeType: 'image/jpeg', buffer });
  await pick(first);
  await section.locator('progress').waitFor();
  await pick(second);
  await section.locator('.uploaded').waitFor({ timeout: 30000 });
  release();
  // Its end, whichever it is: answered by the server, or cancelled (no response).
  await firstUpload.response();
  const draft = await page.evaluate(async () => (await fetch('/api/v1/drafts/current')).json());
  const meta = draft.photos.register_home;
  assert.deepEqual([meta.width, meta.height], [1200, 1600], 'the server holds the photo on screen, not the replaced one');
  assert.equal(await section.locator('.uploaded').count(), 1);
  assert.equal(await section.locator('.error-message').count(), 0);
  await ctx.close();
  await server.stop();
});

test('offline: a banner while the network is gone, cleared when it is back; input kept', async () => {
  const server = await startServer();
  const { ctx, page } = await phone();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await heading(page, '填写信息').waitFor();
  await page.getByLabel('姓名').fill('李娜');
  await ctx.setOffline(true);
  await page.locator('.offline-banner p').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), '李娜');
  await shot(page, '24-offline');
  await ctx.setOffline(false);
  await page.locator('.offline-banner p').waitFor({ state: 'detached' });
  await ctx.close();
  await server.stop();
});

test('the app runs under the strict CSP with no violation', async () => {
  const server = await startServer();
  const { ctx, page } = await phone();
  await ctx.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  const resp = await page.goto(server.url + '/');
  const csp = resp.headers()['content-security-policy'] || '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(resp.headers()['x-content-type-options'], 'nosniff');
  assert.equal(resp.headers()['referrer-policy'], 'no-referrer');
  await page.getByRole('switch', { name: '关怀版' }).waitFor();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'ems' });
  await uploadPhotos(page);
  await heading(page, '人脸识别').waitFor();
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, []);
  assert.deepEqual(page.csp, [], 'no CSP message in the console');
  assert.deepEqual(page.errors, []);
  await ctx.close();
  await server.stop();
});
