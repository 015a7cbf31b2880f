// 委托领取 in the browser: the applicant names a delegate on the application page, sees
// the printable 委托授权书, and once the card is ready the 领证凭证; the officer finds the
// card by the voucher and hands it to the delegate who gives the 核验码.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, axeViolations, useServerAndBrowser, phoneContext } from './harness.mjs';
import {
  admin, agreeNotice, doLiveness, fillForm, makeId, shot, startFromHome, submitFromReview,
  uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

/** The page as it is now has no axe violations (printed when it has). */
async function accessible(page, name) {
  const found = await axeViolations(page);
  assert.deepEqual(found, [], `${name}: ${JSON.stringify(found, null, 2)}`);
}

test('a delegate named, the card ready, the officer checks the code, collected by the delegate', async () => {
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const app = await submitFromReview(page);

  // On the application page: name the delegate; every question checked first.
  await page.goto(`${env.server.url}/applications/${app}`);
  const card = page.locator('#delegation');
  await card.getByRole('button', { name: '生成委托授权书' }).click();
  await card.locator('.error-summary').waitFor();
  assert.equal(await card.locator('.error-summary li').count(), 3);
  await accessible(page, '委托他人领取（错误）');
  const delegateId = makeId('510104', '19880203', 77);
  await card.getByLabel('受托人姓名').fill('王芳');
  await card.getByLabel('受托人公民身份号码').fill(delegateId);
  await card.getByLabel('受托人手机号码').fill('13700137000');
  await card.getByRole('button', { name: '生成委托授权书' }).click();
  const code = (await card.locator('#delegate-code').innerText()).trim();
  assert.match(code, /^\d{6}$/);
  assert.ok(!(await card.innerText()).includes(delegateId), 'the delegate\'s number masked');
  await shot(page, '100-delegation-given');
  await accessible(page, '委托他人领取（已委托）');

  // The printable authorisation: masked numbers, the QR code drawn by the server.
  await card.getByRole('link', { name: '查看委托授权书' }).click();
  await heading(page, '委托授权书').waitFor();
  await page.waitForFunction(() => document.querySelector('#authorization img.qr')?.naturalWidth > 0);
  const paper = await page.locator('#authorization').innerText();
  // The code is the applicant's to tell the delegate, not to print.
  assert.ok(paper.includes('王芳') && !paper.includes(code) && paper.includes('代为领取居民身份证'), paper);
  assert.ok(!paper.includes(delegateId), 'masked on the paper too');
  await shot(page, '101-authorization');
  await accessible(page, '委托授权书');

  // Approved, paid, made, ready at the office: the voucher.
  assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' })).status, 200);
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  for (let i = 0; i < 2; i += 1) {
    assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/advance`, {})).status, 200);
  }
  await page.goto(`${env.server.url}/applications/${app}`);
  const voucher = page.locator('#voucher');
  await voucher.waitFor();
  await page.waitForFunction(() => document.querySelector('#voucher img.qr')?.naturalWidth > 0);
  const voucherNumber = (await voucher.locator('.number').first().innerText()).replace(/\s/g, '');
  assert.match(voucherNumber, /^\d{12}$/);
  await shot(page, '102-voucher');
  await accessible(page, '领证凭证');

  // The counter: the voucher finds the card; the delegate gives the code.
  const officer = await ctx.newPage();
  await officer.goto(`${env.server.url}/officer`);
  await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
  await officer.getByLabel(/领证凭证号/).fill(voucherNumber);
  await officer.getByRole('button', { name: '核验' }).click();
  const found = officer.locator(`.pickup[data-number="${app}"]`);
  await found.waitFor();
  assert.ok((await found.innerText()).includes('王芳'));
  assert.ok(!(await found.innerText()).includes(delegateId));
  // The delegate's full number, once, to compare with the card in their hand (logged).
  await found.getByRole('button', { name: '查看受托人完整号码' }).click();
  await found.getByText(delegateId).waitFor();
  await found.getByLabel('受托人说出的核验码').fill(code);
  await shot(officer, '103-officer-pickup');
  await found.getByRole('button', { name: '受托人代领' }).click();
  await officer.getByRole('button', { name: '确认' }).click();
  await officer.getByText('已交付：已领取').waitFor();

  await page.reload();
  await page.getByText('由受托人 王*').first().waitFor();
  assert.equal(await page.locator('#voucher').count(), 0, 'collected: no voucher');
  await ctx.close();
});
