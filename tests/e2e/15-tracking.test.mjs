// 缴费期限 and 物流进度查询: the application page says until when the fee can be paid;
// once the card is posted, the recipient (here on another phone, not signed in) finds
// the parcel from 首页 with the phone number on the application and the SMS code sent
// to it, and sees the courier's scans move on as the server's clock passes, to 已签收.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPhone, useServerAndBrowser } from './harness.mjs';
import {
  admin, agreeNotice, doLiveness, fillForm, shot, startFromHome, submitFromReview,
  uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });
const RECIPIENT = '13800001234';

let lastCode = null;

/** The application's status once the mock courier's job has moved it to `want` (it runs
 *  on a timer after the clock is moved), or the last one seen after 15 s. */
async function courierMoves(app, want) {
  let status = '';
  for (let i = 0; i < 30 && status !== want; i += 1) {
    status = (await admin(env.server, 'GET', '/api/v1/admin/applications')).body
      .find((a) => a.number === app).status;
    if (status !== want) await new Promise((res) => setTimeout(res, 500));
  }
  return status;
}

async function lookUp(page) {
  await page.getByLabel('收件人手机号码').fill(RECIPIENT);
  await page.getByRole('button', { name: '获取验证码' }).click();
  // A second look-up may still show the first code for a moment: wait for the new one.
  const handle = await page.waitForFunction((previous) => {
    const m = document.querySelector('.dev-code')?.innerText.match(/(\d{6})/);
    return m && m[1] !== previous && m[1];
  }, lastCode);
  const code = await handle.jsonValue();
  lastCode = code;
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('#parcels-found').waitFor();
}

test('shipped: the recipient tracks the parcel by phone, to 已签收', async () => {
  const { ctx, page } = await newPhone(env.browser);
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  const applicant = await verifyPhone(page);
  await fillForm(page, { delivery: 'ems' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const app = await submitFromReview(page);
  let r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // Approved: the page says until when it can be paid (Sichuan: seven days).
  await page.goto(`${env.server.url}/applications/${app}`);
  const payBy = page.locator('#pay-by');
  await payBy.waitFor();
  assert.match(await payBy.innerText(), /请在 .+ 前缴费，逾期办件将关闭/);
  await shot(page, '109-pay-by');
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  for (let i = 0; i < 2; i += 1) {
    r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/advance`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  const waybill = (await admin(env.server, 'GET', '/api/v1/admin/applications')).body
    .find((a) => a.number === app).tracking_number;
  assert.ok(waybill, 'shipped with a waybill');

  // Most of a day later, on the recipient's own phone, with no session.
  r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 21 * 3600 });
  assert.equal(r.status, 204, JSON.stringify(r.body));
  const other = await newPhone(env.browser);
  const p = other.page;
  // The phone's clock is the test's too, for the 60-second wait before a second code.
  await p.clock.install();
  await p.goto(env.server.url + '/');
  await p.getByRole('link', { name: '物流进度查询' }).click();
  await heading(p, '物流进度查询').waitFor();
  // Asking without a code says what to do first.
  await p.getByLabel('收件人手机号码').fill(RECIPIENT);
  await p.getByRole('button', { name: '查询' }).click();
  await p.locator('.error-summary').getByText('请先点击“获取验证码”').waitFor();
  await lookUp(p);
  const parcel = p.locator(`section.parcel[data-waybill="${waybill}"]`);
  await parcel.waitFor();
  let text = await parcel.innerText();
  assert.ok(text.includes('运输中'), text);
  assert.ok(text.includes('已到达处理中心') && text.includes('锦江区'), text);
  assert.ok(text.includes('成都市邮政分公司收寄'), text);
  assert.ok(text.includes('张*'), 'the recipient masked');
  assert.ok(!text.includes('张伟'), text);
  assert.ok(!(await p.locator('#app main').innerText()).includes(app), 'no application number');
  await shot(p, '110-tracking-in-transit');
  assert.deepEqual(await axeViolations(p), []);

  // The courier signs it over after 30 hours; the scans and the application say so.
  r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 10 * 3600 });
  assert.equal(r.status, 204);
  assert.equal(await courierMoves(app, 'delivered'), 'delivered');
  await p.getByRole('button', { name: '再查一次' }).click();
  await p.clock.runFor(65_000);
  assert.equal(await p.getByLabel('收件人手机号码').inputValue(), RECIPIENT, 'the number is kept');
  await lookUp(p);
  text = await p.locator(`section.parcel[data-waybill="${waybill}"]`).innerText();
  assert.ok(text.includes('已签收') && text.includes('签收人：本人'), text);
  await shot(p, '111-tracking-delivered');
  assert.deepEqual(p.errors, []);
  await other.ctx.close();

  // A day and more later the applicant signs in again: the application says delivered,
  // with the same scans, and the message centre has the news.
  await page.goto(`${env.server.url}/applications/${app}`);
  await heading(page, '手机验证').waitFor();
  await verifyPhone(page, applicant);
  await page.getByText('证件已签收').first().waitFor();
  assert.ok((await page.locator('#app main').innerText()).includes('签收人：本人'));
  await page.goto(`${env.server.url}/messages`);
  await page.locator('li.message[data-kind="delivered"]').waitFor();
  await ctx.close();
});

test('a parcel the courier cannot deliver goes back to the office: the page says where, with a 领证凭证, and the counter hands it over', async () => {
  const { ctx, page } = await newPhone(env.browser);
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  const applicant = await verifyPhone(page);
  // The mock courier's undeliverable address (crates/server/src/vendors/ems.rs).
  await fillForm(page, { delivery: 'ems', address: '红星路三段1号（无法投递）', shotName: '112-form-undeliverable' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const app = await submitFromReview(page);
  let r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  for (let i = 0; i < 2; i += 1) {
    r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/advance`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 31 * 3600 });
  assert.equal(r.status, 204);
  assert.equal(await courierMoves(app, 'returned'), 'returned');

  await page.goto(`${env.server.url}/applications/${app}`);
  await heading(page, '手机验证').waitFor();
  await verifyPhone(page, applicant);
  await page.locator('#returned').waitFor();
  // The courier's scans come in their own request, after the application's.
  await page.getByText('未妥投', { exact: false }).first().waitFor();
  const main = await page.locator('#app main').innerText();
  assert.ok(main.includes('未能投递') && main.includes('办证中心'), main);
  assert.ok(main.includes('未妥投'), `the courier's scan: ${main}`);
  const voucher = (await page.locator('#voucher .number').first().innerText()).replace(/\s/g, '');
  assert.match(voucher, /^\d{12}$/);
  await shot(page, '113-returned-to-office');
  await page.goto(`${env.server.url}/messages`);
  await page.locator('li.message[data-kind="returned"]').waitFor();

  // At the counter: the voucher finds it, and it is handed to the applicant.
  r = await admin(env.server, 'GET', `/api/v1/admin/pickups?q=${voucher}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/pickup`, { by: 'applicant' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.getByText('已领取').first().waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
