// The services around the reissue, walked under the provinces that are not Sichuan
// (whose walks are in 11, 12 and 15): Shanghai's 委托领取; Guangdong's 挂失 online
// (Shanghai's is at a station: 11); and in both, the parcel tracked by phone and the
// parcel the courier cannot deliver, back at the province's own office and collected
// there with the 领证凭证. Screenshots under target/e2e-screens/<profile>/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_TOKEN, SCREENS, axeViolations, launchBrowser, newPhone, startServer } from './harness.mjs';
import {
  PROVINCES, admin, answerEligibility, applyIn, doLiveness, fillForm, makeId, makePortrait, shot,
  startFromHome, submitFromReview, verifyPhone,
} from './journey.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const heading = (page, name) => page.getByRole('heading', { name, level: 1 });
// fillForm's recipient phone.
const RECIPIENT = '13800001234';

/** A server under `name`'s profile for the length of `body`, with a phone. */
async function inProvince(name, body) {
  mkdirSync(join(SCREENS, name), { recursive: true });
  const server = await startServer({ args: ['--profile', name] });
  const phone = await newPhone(browser);
  try {
    await body(server, phone);
    assert.deepEqual(phone.page.errors, []);
  } catch (e) {
    await shot(phone.page, `${name}/99-failed-services`);
    throw e;
  } finally {
    await phone.ctx.close();
    await server.stop();
  }
}

/** Approved by the officer, paid on the mock vendor's page, then made (and posted). */
async function approvePayMake(server, page, app) {
  let r = await admin(server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.goto(`${server.url}/applications/${app}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  for (let i = 0; i < 2; i += 1) {
    r = await admin(server, 'POST', `/api/v1/admin/applications/${app}/advance`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
}

/** The application's status once the mock courier's job has moved it to `want`. */
async function courierMoves(server, app, want) {
  let status = '';
  for (let i = 0; i < 30 && status !== want; i += 1) {
    status = (await admin(server, 'GET', '/api/v1/admin/applications')).body.find((a) => a.number === app).status;
    if (status !== want) await new Promise((res) => setTimeout(res, 500));
  }
  return status;
}

/** 物流进度查询 from 首页 on a phone with no session: the recipient's number and its code. */
async function trackByPhone(server, name) {
  const other = await newPhone(browser);
  const p = other.page;
  await p.goto(server.url + '/');
  await p.getByRole('link', { name: '物流进度查询' }).click();
  await heading(p, '物流进度查询').waitFor();
  await p.getByLabel('收件人手机号码').fill(RECIPIENT);
  await p.getByRole('button', { name: '获取验证码' }).click();
  const code = (await p.locator('.dev-code').innerText()).match(/(\d{6})/)[1];
  await p.getByLabel('验证码').fill(code);
  await p.getByRole('button', { name: '查询' }).click();
  await p.locator('#parcels-found').waitFor();
  return other;
}

for (const name of ['shanghai', 'guangdong']) {
  const p = PROVINCES[name];
  test(`${name}: posted, tracked by phone, undeliverable, back at the province's office, collected with the 领证凭证`, async () => {
    await inProvince(name, async (server, { page }) => {
      const service = await (await fetch(`${server.url}/api/v1/service`)).json();
      const office = service.offices[0];
      const city = service.dispatch_city ?? p.resident.hukou[1];
      // The mock courier's undeliverable address (crates/server/src/vendors/ems.rs).
      const { number: app, phone } = await applyIn(page, server.url, p, {
        delivery: 'ems', address: '人民路1号（无法投递）', shotName: `${name}/30-form-ems`,
      });
      await approvePayMake(server, page, app);
      const waybill = (await admin(server, 'GET', '/api/v1/admin/applications')).body
        .find((a) => a.number === app).tracking_number;
      assert.ok(waybill, 'posted with a waybill');

      // On the way: the recipient follows it from another phone; it leaves this
      // province's city, not Sichuan's.
      let r = await admin(server, 'POST', '/api/v1/admin/clock', { seconds: 21 * 3600 });
      assert.equal(r.status, 204);
      const tracker = await trackByPhone(server, name);
      const parcel = await tracker.page.locator(`section.parcel[data-waybill="${waybill}"]`).innerText();
      assert.ok(parcel.includes(`${city}邮政分公司收寄`), parcel);
      assert.ok(parcel.includes(p.resident.hukou[2]) && !parcel.includes('成都'), parcel);
      await shot(tracker.page, `${name}/31-tracking`);
      assert.deepEqual(await axeViolations(tracker.page), []);
      assert.deepEqual(tracker.page.errors, []);
      await tracker.ctx.close();

      // The courier gives up: back at the office the profile names first.
      r = await admin(server, 'POST', '/api/v1/admin/clock', { seconds: 10 * 3600 });
      assert.equal(r.status, 204);
      assert.equal(await courierMoves(server, app, 'returned'), 'returned');
      await page.goto(`${server.url}/applications/${app}`);
      const signIn = heading(page, '手机验证');
      const returned = page.locator('#returned');
      await signIn.or(returned).first().waitFor();
      if (await signIn.isVisible()) await verifyPhone(page, phone);
      await returned.waitFor();
      const main = await page.locator('#app main').innerText();
      assert.ok(main.includes('未能投递') && main.includes(office.name) && main.includes(office.address), main);
      const voucher = (await page.locator('#voucher .number').first().innerText()).replace(/\s/g, '');
      assert.match(voucher, /^\d{12}$/);
      await shot(page, `${name}/32-returned-to-office`);
      await page.goto(`${server.url}/messages`);
      await page.locator('li.message[data-kind="returned"]').waitFor();

      // The counter finds it by the voucher and hands it over.
      r = await admin(server, 'GET', `/api/v1/admin/pickups?q=${voucher}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      r = await admin(server, 'POST', `/api/v1/admin/applications/${app}/pickup`, { by: 'applicant' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      await page.goto(`${server.url}/applications/${app}`);
      await page.getByText('已领取').first().waitFor();
    });
  });
}

test('shanghai: a delegate collects at the office with the 领证凭证 and the 核验码', async () => {
  await inProvince('shanghai', async (server, { ctx, page }) => {
    const { number: app } = await applyIn(page, server.url, PROVINCES.shanghai, { delivery: 'pickup' });
    await page.goto(`${server.url}/applications/${app}`);
    const card = page.locator('#delegation');
    const delegateId = makeId('310104', '19880203', 77);
    await card.getByLabel('受托人姓名').fill('王芳');
    await card.getByLabel('受托人公民身份号码').fill(delegateId);
    await card.getByLabel('受托人手机号码').fill('13700137000');
    await card.getByRole('button', { name: '生成委托授权书' }).click();
    const code = (await card.locator('#delegate-code').innerText()).trim();
    assert.match(code, /^\d{6}$/);
    await shot(page, 'shanghai/33-delegation-given');
    await card.getByRole('link', { name: '查看委托授权书' }).click();
    await heading(page, '委托授权书').waitFor();
    const paper = await page.locator('#authorization').innerText();
    assert.ok(paper.includes('王芳') && !paper.includes(code) && !paper.includes(delegateId), paper);
    assert.ok(!paper.includes('四川') && !paper.includes('成都'), paper);
    await shot(page, 'shanghai/34-authorization');

    await approvePayMake(server, page, app);
    await page.goto(`${server.url}/applications/${app}`);
    await page.locator('#voucher').waitFor();
    const voucher = (await page.locator('#voucher .number').first().innerText()).replace(/\s/g, '');
    const office = await page.locator('#app main').innerText();
    assert.ok(office.includes('上海市') && !office.includes('成都'), office);
    await shot(page, 'shanghai/35-voucher');

    const officer = await ctx.newPage();
    await officer.goto(`${server.url}/officer`);
    await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
    await officer.getByLabel(/领证凭证号/).fill(voucher);
    await officer.getByRole('button', { name: '核验' }).click();
    const found = officer.locator(`.pickup[data-number="${app}"]`);
    await found.waitFor();
    await found.getByLabel('受托人说出的核验码').fill(code);
    await found.getByRole('button', { name: '受托人代领' }).click();
    await officer.getByRole('button', { name: '确认' }).click();
    await officer.getByText('已交付：已领取').waitFor();
    await page.reload();
    await page.getByText('由受托人 王*').first().waitFor();
  });
});

test('guangdong: 挂失 online, after a face check, listed in 我的办件 and found by the officer', async () => {
  await inProvince('guangdong', async (server, { ctx, page }) => {
    const who = PROVINCES.guangdong.resident;
    await page.goto(server.url + '/');
    await page.getByRole('link', { name: '挂失身份证' }).click();
    await heading(page, '挂失身份证').waitFor();
    await page.getByRole('button', { name: '验证手机号' }).click();
    await verifyPhone(page);
    await heading(page, '挂失身份证').waitFor();
    await page.getByLabel('姓名').fill(who.name);
    await page.getByLabel('公民身份号码').fill(who.id);
    await page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
    await page.waitForURL(/\/mock-vendor\/liveness\//);
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.locator('#verified-as').waitFor();
    await page.getByLabel('丢失', { exact: true }).check();
    await page.getByLabel('大约什么时候丢失').fill('2026-11-30');
    await page.getByLabel('大约在哪里丢失').fill('广州市天河区');
    await page.getByLabel('本人承诺').check();
    await shot(page, 'guangdong/36-loss-form');
    const form = await page.locator('#app main').innerText();
    assert.ok(!form.includes('四川') && !form.includes('成都'), form);
    await page.getByRole('button', { name: '确认挂失' }).click();
    await heading(page, '挂失成功').waitFor();
    const number = (await page.locator('#loss-report .number').innerText()).trim();
    assert.match(number, /^GS\d{14}$/);
    const done = await page.locator('#app main').innerText();
    assert.ok(!done.includes('四川') && !done.includes('成都') && !done.includes('临时身份证'), done);
    await shot(page, 'guangdong/37-loss-done');
    assert.deepEqual(await axeViolations(page), []);
    // Its 挂失回执 names the province's own service.
    const service = await (await fetch(`${server.url}/api/v1/service`)).json();
    await page.getByRole('link', { name: '查看挂失回执' }).click();
    const receipt = await page.locator('#loss-receipt').innerText();
    assert.ok(receipt.includes(number) && receipt.includes(`${service.province_name}公安机关网上受理`) && !receipt.includes(who.id), receipt);
    await shot(page, 'guangdong/38-loss-receipt');
    await page.goto(`${server.url}/applications`);
    const mine = page.locator('#loss-reports');
    await mine.waitFor();
    assert.ok((await mine.innerText()).includes(number));

    const officer = await ctx.newPage();
    await officer.goto(`${server.url}/officer`);
    await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
    await officer.getByLabel(/挂失回执号/).fill(number);
    await officer.getByRole('button', { name: '查询挂失' }).click();
    const found = await officer.locator(`[data-number="${number}"]`).innerText();
    assert.ok(found.includes('已挂失') && found.includes('广州市天河区') && !found.includes(who.id), found);
  });
});

test('shanghai: someone else at the door signs once the applicant agrees in the app (seed 001: 经…申请人本人确认)', async () => {
  await inProvince('shanghai', async (server, { page }) => {
    // The mock courier finds 李明 at this address (crates/server/src/vendors/ems.rs).
    const { number: app, phone } = await applyIn(page, server.url, PROVINCES.shanghai, {
      delivery: 'ems', address: '人民路1号（代收：李明）', shotName: 'shanghai/40-form-someone-at-door',
    });
    await approvePayMake(server, page, app);
    // Posted with a 领证凭证, for signing without a smartphone.
    await page.goto(`${server.url}/applications/${app}`);
    const voucher = page.locator('#voucher');
    await voucher.waitFor();
    assert.ok((await voucher.innerText()).includes('签收时向投递员出示'), await voucher.innerText());
    await page.waitForFunction(() => document.querySelector('#voucher img.qr')?.naturalWidth > 0);
    await shot(page, 'shanghai/41-posted-with-voucher');

    // The postman is at the door: the applicant is asked, on their own page and inbox.
    const r = await admin(server, 'POST', '/api/v1/admin/clock', { seconds: 27 * 3600 });
    assert.equal(r.status, 204);
    const asked = page.locator('#sign-request');
    for (let i = 0; i < 30 && !(await asked.count()); i += 1) {
      await new Promise((res) => setTimeout(res, 500));
      await page.goto(`${server.url}/applications/${app}`);
      const signIn = heading(page, '手机验证');
      await signIn.or(page.locator('#detail-number')).first().waitFor();
      if (await signIn.isVisible()) await verifyPhone(page, phone);
      await page.locator('#detail-number').waitFor();
    }
    assert.ok((await asked.innerText()).includes('李明'), await asked.innerText());
    await shot(page, 'shanghai/42-sign-request');
    assert.deepEqual(await axeViolations(page), []);

    // Yes takes the holder's own face: a phone alone does not hand over a card.
    await asked.getByRole('button', { name: '同意由这个人代签收' }).click();
    await page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
    await page.waitForURL(/\/mock-vendor\/liveness\//);
    await page.getByRole('button', { name: '通过', exact: true }).click();
    await page.locator('#sign-request').getByRole('button', { name: '同意由这个人代签收' }).click();
    await page.getByText('已同意代签收').waitFor();
    await page.getByText('证件已签收').first().waitFor();
    const main = await page.locator('#app main').innerText();
    assert.ok(main.includes('李明') && main.includes('申请人已在线确认代签收'), main);
    await shot(page, 'shanghai/43-signed-by-someone-else');
    await page.goto(`${server.url}/messages`);
    await page.locator('li.message[data-kind="sign_requested"]').waitFor();
  });
});

test('shanghai: a guardian collects for an adult who lacks capacity, once the officer has seen the proof', async () => {
  await inProvince('shanghai', async (server, { ctx, page }) => {
    const { number: app } = await applyIn(page, server.url, PROVINCES.shanghai, { delivery: 'pickup' });
    await approvePayMake(server, page, app);
    await page.goto(`${server.url}/applications/${app}`);
    await page.locator('#voucher').waitFor();
    assert.ok((await page.locator('#guardian-pickup').innerText()).includes('监护关系证明'));
    const voucher = (await page.locator('#voucher .number').first().innerText()).replace(/\s/g, '');

    const officer = await ctx.newPage();
    await officer.goto(`${server.url}/officer`);
    await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
    await officer.getByLabel(/领证凭证号/).fill(voucher);
    await officer.getByRole('button', { name: '核验' }).click();
    const found = officer.locator(`.pickup[data-number="${app}"]`);
    await found.waitFor();
    const guardian = found.locator('fieldset.guardian-pickup');
    await guardian.getByLabel('监护人姓名').fill('陈建国');
    await guardian.getByLabel('监护人公民身份号码').fill(makeId('310101', '19600304', 9));
    // Without the proof seen, the server refuses and the officer reads why.
    await guardian.getByRole('button', { name: '监护人代领' }).click();
    await officer.getByRole('button', { name: '确认' }).click();
    await officer.getByText('请先核验监护关系证明', { exact: false }).waitFor();
    // The question stays asked: the proof seen, 确认 again.
    await guardian.getByLabel(/已核验监护关系证明/).check();
    await shot(officer, 'shanghai/44-officer-guardian-pickup');
    await officer.getByRole('button', { name: '确认' }).click();
    await officer.getByText('已交付：已领取').waitFor();

    await page.reload();
    await page.getByText('由监护人 陈*').first().waitFor();
    await page.goto(`${server.url}/messages`);
    await page.locator('li.message[data-kind="card_activity"]').first().waitFor();
  });
});

test('guangdong: no receipt yet: the photo reviewed online, refused once with a reason, resubmitted free, the receipt filled in', async () => {
  await inProvince('guangdong', async (server, { page }) => {
    const p = PROVINCES.guangdong;
    await startFromHome(page, server.url);
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await answerEligibility(page, { born: '1990-01-01', district: p.resident.hukou.slice(1) });
    await verifyPhone(page);
    await fillForm(page, { delivery: 'pickup', ...p.resident, shotName: 'guangdong/50-form' });
    await heading(page, '证件照片').waitFor();
    const source = page.getByLabel('填写相片采集回执号');
    if (await source.count()) await source.check();
    const order = page.locator('#photo-order');
    await order.waitFor();
    const upload = async () => {
      await order.locator('input[data-slot-input=album]').setInputFiles({
        name: 'me.jpg', mimeType: 'image/jpeg', buffer: await makePortrait(page),
      });
      await order.locator('#photo-order-photo .uploaded').waitFor({ timeout: 30000 });
    };
    await upload();
    await shot(page, 'guangdong/51-photo-order');
    assert.deepEqual(await axeViolations(page), []);
    await order.getByRole('button', { name: '提交检测中心审核' }).click();
    const state = order.locator('#photo-order-state');
    await state.getByText('正在人工审核').waitFor();
    assert.ok((await state.innerText()).includes('广州市'), await state.innerText());
    const number = (await state.innerText()).match(/XP\d+/)[0];

    // The centre refuses with a reason; the page says why and takes a new photo.
    let r = await admin(server, 'POST', `/api/v1/admin/photo-orders/${number}/decision`,
      { approve: false, reason: '背景不是纯色，请在白墙前重拍' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await page.reload();
    await order.locator('#photo-order-state').getByText('背景不是纯色').waitFor();
    await shot(page, 'guangdong/52-photo-order-refused');
    await upload();
    await order.getByRole('button', { name: '提交检测中心审核' }).click();
    await state.getByText('正在人工审核').waitFor();

    // The mock centre issues on its own after its review time: the number fills in.
    r = await admin(server, 'POST', '/api/v1/admin/clock', { seconds: 180 });
    assert.equal(r.status, 204);
    await state.getByText('回执已出具').waitFor({ timeout: 30000 });
    const receipt = await page.getByLabel(/回执号（图像号）/).inputValue();
    assert.match(receipt, /^GD440106\d{10}$/);
    await shot(page, 'guangdong/53-photo-order-issued');
    await page.getByRole('button', { name: '下一步' }).click();
    await doLiveness(page, '通过');
    await heading(page, '核对信息').waitFor();
    assert.ok((await page.locator('#card-photo').innerText()).includes(receipt));
    const app = await submitFromReview(page);
    assert.match(app, /^BL/);
    await page.goto(`${server.url}/messages`);
    await page.locator('li.message[data-kind="photo_receipt_issued"]').waitFor();
  });
});
