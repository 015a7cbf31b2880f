// Through a citizen's eyes: who may apply is decided by the 户籍 answered before any
// SMS, never by the ID number's prefix; an error goes as soon as its question is
// answered; 关怀版 is on every page and nothing in it is under 18 px; going back from
// 核对信息 keeps a passed face check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPhone as newPhoneIn } from './harness.mjs';
import {
  admin, answerEligibility, chooseRegion, doLiveness, fillForm, makeId, makeJpeg, shot, startFromHome,
  submitFromReview, uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const newPhone = (opts) => newPhoneIn(env.browser, opts);
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

/** Text on screen smaller than 18 px, as "size: text" lines (empty when none). */
function smallText(page) {
  return page.evaluate(() => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      const el = n.parentElement;
      if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 18) small.push(`${size}px: ${text.slice(0, 24)}`);
    }
    return small;
  });
}

/** On this page in 关怀版: the switch is there and on, a 咨询电话 button, no small text. */
async function careCheck(page, name) {
  await page.locator('h1:visible').first().waitFor();
  const care = page.getByRole('switch', { name: '关怀版' });
  assert.equal(await care.count(), 1, `${name}: one 关怀版 switch`);
  assert.equal(await care.getAttribute('aria-checked'), 'true', `${name}: 关怀版 is on`);
  assert.ok(await page.getByRole('link', { name: /咨询电话/ }).count() >= 1, `${name}: 咨询电话`);
  assert.deepEqual(await smallText(page), [], `${name}: text under 18 px`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `${name}: nothing wider than the phone (${wide}px)`);
  await shot(page, `40-care-${name}`, true);
}

/** This page as it is, then in 关怀版 (checked like every other), then back. */
async function bothModes(page, name) {
  await shot(page, name);
  const care = page.getByRole('switch', { name: '关怀版' });
  await care.click();
  await page.waitForFunction(() => document.documentElement.classList.contains('care'));
  assert.deepEqual(await smallText(page), [], `${name}: text under 18 px in 关怀版`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `${name}: nothing wider than the phone in 关怀版 (${wide}px)`);
  await shot(page, name, true);
  await care.click();
  await page.waitForFunction(() => !document.documentElement.classList.contains('care'));
}

test('an ID number first issued in 重庆 (50…) with a 户籍 in 成都 applies successfully, in 关怀版 on every page', async () => {
  const { ctx, page } = await newPhone();
  await page.goto(env.server.url + '/');
  // The check can fail: the normal mode has 15 px hints.
  await page.locator('h1:visible').first().waitFor();
  assert.ok((await smallText(page)).length > 0, 'normal mode has smaller text');
  await page.getByRole('switch', { name: '关怀版' }).click();
  await careCheck(page, 'home');
  await page.getByRole('link', { name: '开始办理' }).click();
  await heading(page, '业务须知').waitFor();
  await careCheck(page, 'notice');
  // Key points in full, the rest behind expanders, the consent right after.
  assert.ok(await page.locator('details.expander').count() >= 3);
  await page.locator('details.expander summary').first().click();
  await careCheck(page, 'notice-expanded');
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '能否在线办理').waitFor();
  // One province: it is chosen already.
  const hukou = page.getByRole('group', { name: '户籍所在地' });
  assert.equal(await hukou.getByLabel('省').inputValue(), '51');
  await careCheck(page, 'eligibility');
  await answerEligibility(page, { born: '1985-06-01' });
  await heading(page, '手机验证').waitFor();
  await careCheck(page, 'verify');
  await verifyPhone(page);
  await heading(page, '填写信息').waitFor();
  await careCheck(page, 'form');
  // 户籍 and the reason come answered from 能否在线办理.
  assert.equal(await page.getByRole('group', { name: '户籍所在地' }).getByLabel('区/县').inputValue(), '510107');
  assert.equal(await page.getByLabel('丢失').isChecked(), true);
  const chongqing = makeId('500103', '19850601', 321);
  await fillForm(page, { delivery: 'ems', id: chongqing });
  await heading(page, '上传户口本').waitFor();
  // A marked-up picture of each real page, and what to do without the 户口本 at hand.
  const pictures = page.locator('.page-example img');
  assert.equal(await pictures.count(), 2);
  await page.waitForFunction(() => [...document.querySelectorAll('.page-example img')].every((i) => i.complete && i.naturalWidth > 0));
  assert.match(await pictures.first().getAttribute('alt'), /户号、住址和登记机关印章/);
  await page.locator('#photo-help summary').click();
  const help = await page.locator('#photo-help').innerText();
  assert.ok(help.includes('请家人') && help.includes('集体户口') && help.includes('《户籍证明》'), help);
  await careCheck(page, 'photos');
  await uploadPhotos(page);
  await heading(page, '人脸识别').waitFor();
  await careCheck(page, 'liveness');
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  await careCheck(page, 'review');
  // Label above value: the ID number is on one line, in its three groups.
  const idRow = page.locator('.summary .row', { hasText: '公民身份号码' });
  const idValue = idRow.locator('.number');
  assert.deepEqual(await idValue.locator('.number-group').allInnerTexts(),
    [chongqing.slice(0, 6), chongqing.slice(6, 14), chongqing.slice(14)]);
  const [label, value] = [await idRow.locator('dt').boundingBox(), await idValue.boundingBox()];
  assert.ok(value.y >= label.y + label.height - 1, 'the value is under its label');
  assert.ok(value.height < 40, `the ID number is on one line (${value.height}px)`);
  const number = await submitFromReview(page);
  await careCheck(page, 'done');
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await heading(page, '办件详情').waitFor();
  await page.getByText('已提交').first().waitFor();
  await careCheck(page, 'detail');
  await page.goto(env.server.url + '/applications');
  await page.getByText(number).waitFor();
  await careCheck(page, 'mine');
  await page.goto(env.server.url + '/no-such-page');
  await careCheck(page, 'not-found');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('someone registered outside 四川 is sent to the window page before any SMS is sent', async () => {
  const { ctx, page } = await newPhone();
  const sms = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/v1/sms-codes')) sms.push(r.url()); });
  await startFromHome(page, env.server.url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  // A child of 四川 applies online through a guardian; one registered elsewhere goes to
  // a window, whatever the age: 异地补领 at these offices, which can be booked.
  await answerEligibility(page, { born: '2012-03-04', province: '北京市', district: ['北京市', '东城区'] });
  await heading(page, '请到办证中心窗口办理').waitFor();
  const why = await page.locator('#window-reasons').innerText();
  assert.ok(why.includes('异地补领') && !why.includes('未满16周岁'), why);
  await page.getByRole('heading', { name: '住在本地的，可以到这些办证中心申请异地补领' }).waitFor();
  // Where to go: the offices with their hours and phones.
  const offices = page.locator('li.office');
  assert.equal(await offices.count(), 3);
  assert.match(await offices.first().innerText(), /办公时间/);
  assert.equal(await page.getByRole('link', { name: '预约窗口办理' }).count(), 1);
  await bothModes(page, '41-window-outside');
  // The phone step cannot be reached around it.
  await page.goto(env.server.url + '/verify');
  await heading(page, '能否在线办理').waitFor();
  // 回答有误: the answers are kept to correct.
  await answerEligibility(page, { born: '2012-03-04', province: '北京市', district: ['北京市', '东城区'] });
  await heading(page, '请到办证中心窗口办理').waitFor();
  await page.getByRole('link', { name: '回答有误，重新回答' }).click();
  await heading(page, '能否在线办理').waitFor();
  assert.equal(await page.getByLabel('出生日期').inputValue(), '2012-03-04');
  assert.deepEqual(sms, [], 'no SMS code was asked for');
  await ctx.close();
});

/** Answers one question and checks that exactly its error went, at once. */
async function clears(page, fieldId, answer) {
  const before = await page.locator('.error-message').count();
  assert.ok(await page.locator(`#${fieldId}-error, [id^="${fieldId}"] .error-message, .field-error:has(#${fieldId}) .error-message`).count() >= 1,
    `${fieldId} shows an error first`);
  await answer();
  await page.waitForFunction((n) => document.querySelectorAll('.error-message').length === n - 1, before, { timeout: 5000 })
    .catch(() => assert.fail(`${fieldId}: the error is still shown after answering`));
  const summary = await page.locator('.error-summary li').count();
  assert.equal(summary, before - 1, `${fieldId}: the summary lost its line too`);
}

test('every question\'s error goes as soon as it is answered', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await page.getByRole('button', { name: '下一步' }).click();
  await clears(page, 'f-agree', () => page.getByLabel('我已阅读并同意').check());
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '能否在线办理').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-message').count(), 3);
  await bothModes(page, '42-eligibility-errors');
  const hukou = page.getByRole('group', { name: '户籍所在地' });
  await clears(page, 'f-hukou_region', async () => {
    await hukou.getByLabel('市').selectOption({ label: '成都市' });
    await hukou.getByLabel('区/县').selectOption({ label: '武侯区' });
  });
  await clears(page, 'f-birth_date', () => page.getByLabel('出生日期').fill('1990-05-17'));
  await clears(page, 'f-reason', () => page.getByLabel('被盗').check());
  // Stolen: report to the police first.
  await page.locator('.alert', { hasText: '请先拨打110报警' }).waitFor();
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '手机验证').waitFor();
  await page.getByRole('button', { name: '获取验证码' }).click();
  await clears(page, 'f-phone', () => page.getByLabel('手机号码').fill('13912340001'));
  await page.getByRole('button', { name: '获取验证码' }).click();
  const code = (await page.locator('.dev-code').innerText()).match(/(\d{6})/)[1];
  await page.getByRole('button', { name: '下一步' }).click();
  await clears(page, 'f-code', () => page.getByLabel('验证码').fill(code));
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '填写信息').waitFor();
  // Clear the 户籍 that came from 能否在线办理, to see its error go too.
  await page.getByRole('group', { name: '户籍所在地' }).getByLabel('省').selectOption({ index: 0 });
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await clears(page, 'f-name', () => page.getByLabel('姓名').fill('张伟'));
  await clears(page, 'f-id_number', () => page.getByLabel('公民身份号码').fill(makeId('510107', '19900517', 123)));
  await clears(page, 'f-hukou_region', () => chooseRegion(page, '户籍所在地', ['四川省', '成都市', '武侯区']));
  await clears(page, 'f-delivery', () => page.getByLabel('到办证中心自取').check());
  await page.getByRole('button', { name: '下一步' }).click();
  await clears(page, 'f-office_id', () => page.getByLabel('办证中心', { exact: true }).selectOption({ index: 1 }));
  await page.getByLabel('邮寄到家').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await clears(page, 'f-recipient_name', () => page.getByLabel('收件人', { exact: true }).fill('张伟'));
  await clears(page, 'f-recipient_phone', () => page.getByLabel('收件人电话').fill('13800001234'));
  await clears(page, 'f-address_region', () => chooseRegion(page, '收件地址', ['四川省', '成都市', '锦江区']));
  await clears(page, 'f-address_detail', () => page.getByLabel('详细地址').fill('春熙路街道红星路三段1号5栋2单元301'));
  await page.getByLabel('邮政编码').fill('6100');
  await page.getByRole('button', { name: '下一步' }).click();
  await clears(page, 'f-postcode', () => page.getByLabel('邮政编码').fill('610021'));
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '上传户口本').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  const jpeg = await makeJpeg(page);
  for (const slot of ['register_home', 'register_self']) {
    await clears(page, `f-${slot}`, async () => {
      await page.locator(`#f-${slot} input[data-slot-input=album]`).setInputFiles({ name: `${slot}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
      await page.locator(`#f-${slot} .uploaded`).waitFor({ timeout: 30000 });
    });
  }
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '证件照片').waitFor();
  const onRecord = page.getByLabel('用上次办证时的照片');
  await onRecord.waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await clears(page, 'f-photo_source', () => onRecord.check());
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await clears(page, 'f-card_photo', () => page.getByLabel('照片中是我本人').check());
  await page.getByRole('button', { name: '下一步' }).click();

  await heading(page, '人脸识别').waitFor();
  await page.getByRole('button', { name: '开始人脸识别' }).click();
  await clears(page, 'f-face_consent', () => page.getByLabel('我同意采集人脸信息用于本人身份核验').check());
  await page.getByRole('button', { name: '开始人脸识别' }).click();
  await page.waitForURL(/\/mock-vendor\/liveness\//);
  await page.getByRole('button', { name: '通过', exact: true }).click();

  await heading(page, '核对信息').waitFor();
  await page.getByRole('button', { name: '提交申请' }).click();
  await clears(page, 'f-promise', () => page.getByLabel('本人承诺所填信息真实有效').check());
  assert.equal(await page.locator('.error-summary').count(), 0, 'no summary once every error is gone');
  await ctx.close();
});

test('back from 核对信息 keeps the passed face check: shown as passed, with 下一步', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  await page.getByRole('link', { name: '‹ 返回' }).click();
  await heading(page, '人脸识别').waitFor();
  await page.locator('#liveness-passed').getByText('人脸识别已通过').waitFor();
  assert.equal(await page.getByRole('button', { name: '开始人脸识别' }).count(), 0, 'no new check offered');
  await bothModes(page, '43-liveness-passed');
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '核对信息').waitFor();
  // And 修改 on one answer: the form's button says it goes back to 核对信息.
  await page.getByRole('link', { name: /^修改\s*姓名$/ }).click();
  await heading(page, '填写信息').waitFor();
  await page.getByRole('button', { name: '保存并返回核对' }).click();
  await heading(page, '核对信息').waitFor();
  await submitFromReview(page);
  await ctx.close();
});

test('the status page looks forward: stages with expected dates, 撤回 with a confirmation, a receipt after paying', async () => {
  const { ctx, page } = await newPhone();
  const applyOnce = async () => {
    await startFromHome(page, env.server.url);
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await answerEligibility(page);
    if (await heading(page, '手机验证').isVisible().catch(() => false)) await verifyPhone(page);
    await fillForm(page, { delivery: 'ems' });
    await uploadPhotos(page);
    await doLiveness(page, '通过');
    return submitFromReview(page);
  };
  await startFromHome(page, env.server.url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'ems' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const first = await submitFromReview(page);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await heading(page, '办件详情').waitFor();
  const stages = page.locator('ol.stages li');
  // The detail arrives after the heading: wait for the last stage before reading them.
  await stages.nth(4).waitFor();
  assert.deepEqual((await stages.locator('.stage-title').allInnerTexts()).map((t) => t.replace(/\s+/g, '')),
    ['提交申请已完成', '审核进行中', '缴费未开始', '制证未开始', '邮寄到家未开始']);
  assert.match(await stages.nth(1).innerText(), /预计\d+月\d+日前完成/);
  assert.match(await stages.nth(3).innerText(), /约15–20个工作日/);
  assert.match(await page.locator('#app main').innerText(), /咨询电话：028-12345/);
  await bothModes(page, '44-status-submitted');
  // 撤回 asks first; 不撤回 changes nothing.
  await page.getByRole('button', { name: '撤回申请' }).click();
  await page.getByText('确定撤回吗').waitFor();
  await bothModes(page, '44-status-withdraw-confirm');
  await page.getByRole('button', { name: '不撤回' }).click();
  await page.getByText('确定撤回吗').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: '撤回申请' }).click();
  await page.getByRole('button', { name: '确定撤回' }).click();
  await page.locator('.badge', { hasText: '已撤回' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '撤回申请' }).count(), 0, 'nothing left to withdraw');
  await page.getByText('申请已撤回，不会再审核或收费').waitFor();
  assert.equal(await page.getByText('请耐心等待').count(), 0, 'nothing to wait for');
  assert.equal(await page.locator('ol.stages').count(), 0);

  // A second application, approved and paid: the history says what happened, in the
  // past tense, and the fee card becomes the receipt.
  const number = await applyOnce();
  assert.notEqual(number, first);
  const r = await fetch(`${env.server.url}/api/v1/admin/applications/${number}/decision`, {
    method: 'POST', headers: { Authorization: 'Bearer e2e-admin-token', 'Content-Type': 'application/json' },
    body: JSON.stringify({ decision: 'approve' }),
  });
  assert.equal(r.status, 200);
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).waitFor();
  assert.match(await page.locator('ol.stages li').nth(2).innerText(), /等您办理/);
  await bothModes(page, '44-status-pay');
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByText('60元').waitFor();
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await heading(page, '缴费结果').waitFor();
  await page.getByText('缴费成功').waitFor();
  await bothModes(page, '44-payment-result');
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('heading', { name: '缴费凭证' }).waitFor();
  const main = await page.locator('#app main').innerText();
  assert.match(main, /缴费时间/);
  assert.match(main, /合计\s*60元/);
  assert.ok(main.includes('审核已通过') && !main.includes('请缴费'), 'past events in the past tense');
  assert.match(await page.locator('ol.stages li').nth(3).innerText(), /制证\s*进行中/);
  await bothModes(page, '44-status-paid');
  await ctx.close();
});

/** `minutes` pass on the server's clock and then on the phone's. */
async function minutesPass(page, minutes) {
  const r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: minutes * 60 });
  assert.equal(r.status, 204);
  await page.clock.fastForward(minutes * 60_000);
}

test('five minutes before the end: the face check says to submit soon; a session left idle offers more time, one at its limit says to sign in again; nothing typed is lost', async () => {
  const { ctx, page } = await newPhone();
  // Both clocks are the test's to move (this is the file's last test: the server's
  // clock stays moved).
  await page.clock.install();
  await startFromHome(page, env.server.url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  const phone = await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  assert.equal(await page.locator('.time-warning').count(), 0, 'no warning while there is time');
  // 26 minutes without a request: four minutes left of the face check and of the session.
  await minutesPass(page, 26);
  await page.locator('#face-warning').getByText(/人脸识别结果将在\d分钟后失效，请尽快提交申请/).waitFor();
  const session = page.locator('#session-warning');
  await session.getByText(/您有一段时间没有操作了。为保护您的信息，登录将在\d分钟后失效/).waitFor();
  await bothModes(page, '45-face-check-ending');
  // 继续办理 is a request: the server moves the end, and the warning goes.
  await session.getByRole('button', { name: '继续办理' }).click();
  await session.waitFor({ state: 'detached' });
  await minutesPass(page, 5);
  await page.locator('#face-warning').getByText('已超过30分钟').waitFor();
  assert.equal(await session.count(), 0, 'the session still has time');

  // The applicant keeps at it for more than an hour (a request every 20 minutes); then,
  // after a reload, the page learns the session's end from the first answer: the two
  // hours since signing in, which no request can move.
  for (let i = 0; i < 4; i += 1) {
    await minutesPass(page, 20);
    assert.equal(await page.evaluate(async () => (await fetch('/api/v1/sessions/current')).status), 200);
  }
  await page.goto(env.server.url + '/form');
  await heading(page, '填写信息').waitFor();
  await minutesPass(page, 4);
  await session.getByText(/本次登录已接近时长上限，将在\d分钟后失效。已保存的内容不会丢失；失效后重新验证手机号码即可接着办理/).waitFor();
  assert.equal(await session.getByRole('button').count(), 0, 'no request can add time now');
  await bothModes(page, '45-session-at-limit');
  await minutesPass(page, 5);
  await session.getByText('登录已过期').waitFor();

  // Signed in again, everything typed is there.
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '手机验证').waitFor();
  await verifyPhone(page, phone);
  await page.goto(env.server.url + '/form');
  await heading(page, '填写信息').waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), '张伟');
  await ctx.close();
});
