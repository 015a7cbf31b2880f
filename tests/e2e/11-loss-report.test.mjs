// 挂失 and 解挂 in the browser: a card reported and then found; a card reported, then
// reissued, whose report becomes void once the new card is made; a reissue started
// first, whose 核对信息 offers the report in one tap, with a temporary card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, useServerAndBrowser, phoneContext, startServer } from './harness.mjs';
import {
  APPLICANT, admin, agreeNotice, answerEligibility, chooseRegion, doLiveness, fillForm, makeId,
  shot, startFromHome, submitFromReview, uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

async function newPhone() {
  const ctx = await phoneContext(env.browser);
  return { ctx, page: await ctx.newPage() };
}

/** From 首页: sign in, fill the report, 确认挂失; returns the 挂失回执 number. */
async function reportLoss(page, { stolen = false } = {}) {
  await page.goto(env.server.url + '/');
  await page.getByRole('link', { name: '挂失身份证' }).click();
  await heading(page, '挂失身份证').waitFor();
  await shot(page, '90-loss-sign-in');
  await page.getByRole('button', { name: '验证手机号' }).click();
  await verifyPhone(page);
  await heading(page, '挂失身份证').waitFor();
  // Only the card's holder reports it: who first, proved by a face check.
  await page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.locator('.error-summary li').count(), 2);
  await page.getByLabel('姓名').fill(APPLICANT.name);
  await page.getByLabel('公民身份号码').fill(APPLICANT.id);
  await shot(page, '90a-loss-who');
  // A check that does not pass says so, and goes back to the page that asked.
  await page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
  await page.waitForURL(/\/mock-vendor\/liveness\//);
  await page.getByRole('button', { name: '不通过', exact: true }).click();
  await page.getByText('人脸识别没有通过，没有办理任何业务。').waitFor();
  await shot(page, '90b-loss-face-check-failed');
  await page.getByRole('button', { name: '返回重新识别' }).click();
  await heading(page, '挂失身份证').waitFor();
  await page.getByRole('button', { name: '人脸识别，确认是本人' }).waitFor();
  // What was typed is still there.
  await page.waitForFunction((name) => document.querySelector('#f-name')?.value === name, APPLICANT.name);
  assert.equal(await page.getByLabel('公民身份号码').inputValue(), APPLICANT.id);
  await page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
  await page.waitForURL(/\/mock-vendor\/liveness\//);
  await page.getByRole('button', { name: '通过', exact: true }).click();
  // Back on the report, as the person the face check verified (the number masked).
  await page.locator('#verified-as').waitFor();
  const who = await page.locator('#verified-as').innerText();
  assert.ok(who.includes(APPLICANT.name) && who.includes('*') && !who.includes(APPLICANT.id), who);
  // Nothing else filled in: every question says what is missing.
  await page.getByRole('button', { name: '确认挂失' }).click();
  await page.locator('.error-summary').waitFor();
  // 丢失还是被盗, when, where, and the 本人承诺.
  assert.equal(await page.locator('.error-summary li').count(), 4);
  await page.getByLabel(stolen ? '被盗' : '丢失', { exact: true }).check();
  await page.getByLabel('大约什么时候丢失').fill('2026-11-30');
  await page.getByLabel('大约在哪里丢失').fill('成都市武侯区');
  if (stolen) {
    assert.ok((await page.locator('#app main').innerText()).includes('110'), 'call the police first');
    await page.getByLabel('报警回执号（选填）').fill('JJ20261130001');
  }
  await page.getByLabel('本人承诺').check();
  await shot(page, '91-loss-form');
  await page.getByRole('button', { name: '确认挂失' }).click();
  await heading(page, '挂失成功').waitFor();
  const number = (await page.locator('#loss-report .number').innerText()).trim();
  assert.match(number, /^GS\d{14}$/);
  assert.ok((await page.locator('#loss-report').innerText()).includes('*'), 'the ID number masked');
  await shot(page, '92-loss-done');
  return number;
}

test('a card reported lost, then found: 解除挂失 after a warning', async () => {
  const { ctx, page } = await newPhone();
  const number = await reportLoss(page);

  // The 挂失回执 to keep: the report's facts, the number masked, a print button.
  await page.getByRole('link', { name: '查看挂失回执' }).click();
  await heading(page, '挂失回执').waitFor();
  const receipt = page.locator(`#loss-receipt[data-number="${number}"]`);
  await receipt.waitFor();
  const paper = await receipt.innerText();
  assert.ok(paper.includes(APPLICANT.name) && !paper.includes(APPLICANT.id) && paper.includes('*'), paper);
  assert.ok(paper.includes('丢失') && paper.includes('成都市武侯区') && paper.includes('已挂失'), paper);
  await receipt.getByRole('button', { name: '打印' }).waitFor();
  await shot(page, '92a-loss-receipt');
  // In WeChat, which cannot print, it says to keep a screenshot instead; and a phone
  // that did not report it sees none of it.
  const wechat = await phoneContext(env.browser, {
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50',
  });
  const other = await wechat.newPage();
  await other.goto(`${env.server.url}/loss-receipts/${number}`);
  await heading(other, '手机验证').waitFor();
  await verifyPhone(other);
  await heading(other, '挂失回执').waitFor();
  await other.getByText('没有找到这份挂失').waitFor();
  assert.ok(!(await other.locator('#app main').innerText()).includes(APPLICANT.name));
  await wechat.close();
  // The reporter's own phone, in WeChat's browser from here on.
  await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'userAgent', {
    get: () => 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 MicroMessenger/8.0.50',
  }));
  await page.goto(`${env.server.url}/loss-receipts/${number}`);
  await receipt.waitFor();
  await receipt.getByText('微信里不能直接打印').waitFor();
  assert.equal(await receipt.getByRole('button', { name: '打印' }).count(), 0);
  await shot(page, '92b-loss-receipt-wechat');
  await page.goto(`${env.server.url}/applications`);
  const mine = page.locator('#loss-reports');
  await mine.waitFor();
  assert.ok((await mine.innerText()).includes(number) && (await mine.innerText()).includes('已挂失'));
  await mine.getByRole('button', { name: '解除挂失' }).click();
  await mine.getByRole('alertdialog').waitFor();
  await shot(page, '93-loss-withdraw-confirm');
  await mine.getByRole('button', { name: '已找回，解除挂失' }).click();
  await mine.getByText('已解挂').waitFor();
  assert.equal(await mine.getByRole('button', { name: '解除挂失' }).count(), 0);
  // A reload reads the same from the server.
  await page.reload();
  await page.locator('#loss-reports').getByText('已解挂').waitFor();
  await shot(page, '94-loss-withdrawn');
  // The officer finds it by its number, with its state, the ID number masked.
  const officer = await ctx.newPage();
  await officer.goto(`${env.server.url}/officer`);
  await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
  await officer.getByLabel(/挂失回执号/).fill(number);
  await officer.getByRole('button', { name: '查询挂失' }).click();
  const found = officer.locator(`[data-number="${number}"]`);
  await found.waitFor();
  const text = await found.innerText();
  assert.ok(text.includes('已解挂') && text.includes('成都市武侯区') && !text.includes(APPLICANT.id), text);
  await shot(officer, '97-officer-loss-search');
  await ctx.close();
});

test('a card reported stolen, then reissued: once the new card is made, 解挂 is gone and the page says why', async () => {
  const { ctx, page } = await newPhone();
  await reportLoss(page, { stolen: true });
  // Straight on to the reissue: already signed in, so no second SMS.
  await page.getByRole('link', { name: '申请补领' }).click();
  await heading(page, '业务须知').waitFor();
  await shot(page, '95-loss-then-reissue');
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await heading(page, '能否在线办理').waitFor();
  const group = page.getByRole('group', { name: '户籍所在地' });
  await group.getByLabel('市').selectOption({ label: '成都市' });
  await group.getByLabel('区/县').selectOption({ label: '武侯区' });
  await page.getByLabel('出生日期').fill('1990-05-17');
  await page.getByLabel('被盗').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await fillForm(page, { delivery: 'pickup' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const app = await submitFromReview(page);

  // Before the new card is made, the report can still be withdrawn (asking about the
  // application is the server's, tested there); the officer approves, it is paid, made.
  assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' })).status, 200);
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/advance`, {})).status, 200);

  await page.goto(env.server.url + '/applications');
  const mine = page.locator('#loss-reports');
  await mine.getByText('已失效').waitFor();
  assert.ok((await mine.innerText()).includes('挂失期间已经补领了新的身份证，原居民身份证找回后无法继续使用'));
  assert.equal(await mine.getByRole('button', { name: '解除挂失' }).count(), 0);
  await shot(page, '96-loss-void');
  await ctx.close();
});

test('reissue first: 核对信息 offers 挂失 in one tap, answers carried over; a temporary card paid with the new one', async () => {
  const { ctx, page } = await newPhone();
  const who = { name: '李娜', id: makeId('510107', '19850312', 456) };
  await startFromHome(page, env.server.url);
  // What to do meanwhile, from the notice, and back.
  await page.getByRole('link', { name: '急需用证怎么办？' }).click();
  await heading(page, '急需用证怎么办').waitFor();
  const guide = await page.locator('#app main').innerText();
  assert.ok(guide.includes('临时乘机证明') && guide.includes('临时居民身份证'), guide);
  await shot(page, '98-urgent');
  await page.goBack();
  await heading(page, '业务须知').waitFor();
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page, { born: '1985-03-12', reason: '被盗' });
  await heading(page, '手机验证').waitFor();
  await verifyPhone(page);

  // 填写信息: stolen (the police receipt may wait), collected at an office; the
  // temporary card is asked about only where the office makes one.
  await heading(page, '填写信息').waitFor();
  await page.getByLabel('姓名').fill(who.name);
  await page.getByLabel('公民身份号码').fill(who.id);
  await chooseRegion(page, '户籍所在地', ['四川省', '成都市', '武侯区']);
  await page.getByLabel('被盗', { exact: true }).check();
  await page.getByLabel('报警回执号（选填）').waitFor();
  await page.getByLabel('到办证中心自取').check();
  await page.getByLabel('办证中心', { exact: true }).selectOption({ label: '成都市锦江区办证中心' });
  assert.equal(await page.locator('#f-temporary_card').count(), 0, 'not made at this office');
  await page.getByLabel('办证中心', { exact: true }).selectOption({ label: '成都市武侯区办证中心' });
  await page.getByLabel('需要，同时申领临时居民身份证').check();
  assert.ok((await page.locator('#f-temporary_card').innerText()).includes('10元'));
  await shot(page, '99-form-temporary-card');
  await page.getByRole('button', { name: '下一步' }).click();
  await uploadPhotos(page);
  await doLiveness(page, '通过');

  // 核对信息: the card is not reported yet; the fee includes the temporary card.
  await heading(page, '核对信息').waitFor();
  const offer = page.locator('#loss-report-link');
  assert.ok((await offer.innerText()).includes('还没有挂失'));
  const review = await page.locator('#app main').innerText();
  assert.ok(review.includes('临时身份证工本费') && review.includes('50元'), review);
  await shot(page, '99a-review-offers-loss-report');
  await offer.getByRole('button', { name: '先挂失（免费）' }).click();
  await heading(page, '挂失身份证').waitFor();
  // Carried over: who (verified by the face check just passed), and stolen.
  await page.locator('#verified-as').getByText(who.name).waitFor();
  assert.ok(await page.getByLabel('被盗', { exact: true }).isChecked());
  await page.getByLabel('大约什么时候丢失').fill('2026-11-30');
  await page.getByLabel('大约在哪里丢失').fill('成都市锦江区春熙路');
  await page.getByLabel('报警回执号（选填）').fill('JJ20261201007');
  await page.getByLabel('本人承诺').check();
  await shot(page, '99b-loss-from-review');
  await page.getByRole('button', { name: '确认挂失' }).click();
  await heading(page, '挂失成功').waitFor();
  const number = (await page.locator('#loss-report .number').innerText()).trim();
  await page.getByRole('link', { name: '回到核对信息，继续补领' }).click();
  await heading(page, '核对信息').waitFor();
  await offer.getByText(number).waitFor();
  assert.ok((await offer.innerText()).includes('已挂失'));
  await shot(page, '99c-review-with-report');
  const app = await submitFromReview(page);
  await page.getByRole('link', { name: '急需用证怎么办？' }).waitFor();

  // The application names the report, and the police receipt given there.
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.locator('#app-loss-report').getByText(number).waitFor();
  assert.ok((await page.locator('#app main').innerText()).includes('JJ20261201007'));
  const temporary = page.locator('#temporary-card');
  assert.ok((await temporary.innerText()).includes('缴费后开始加急制作'));

  // Approved and paid: the temporary card is ordered, with its day; then made.
  assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`, { decision: 'approve' })).status, 200);
  await page.reload();
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  await page.goto(`${env.server.url}/applications/${app}`);
  await temporary.getByText('加急制作中').waitFor();
  assert.match(await temporary.innerText(), /预计可领取\s*\d{4}-\d{2}-\d{2}/);
  assert.ok((await page.locator('#app main').innerText()).includes('临时居民身份证已受理，加急制作'));
  assert.equal((await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/temporary-card`, {})).status, 200);
  await page.reload();
  await temporary.locator('.status', { hasText: '可领取' }).waitFor();
  await shot(page, '99d-temporary-card-ready');
  await ctx.close();
});

test('a stranger cannot report someone else\'s card; the holder hears of a report from another phone', async () => {
  // The holder applies on their phone.
  const holder = await newPhone();
  const who = { name: '王芳', id: makeId('510107', '19900517', 321) };
  await startFromHome(holder.page, env.server.url);
  await agreeNotice(holder.page);
  await verifyPhone(holder.page);
  await fillForm(holder.page, { delivery: 'pickup', name: who.name, id: who.id });
  await uploadPhotos(holder.page);
  await doLiveness(holder.page, '通过');
  await submitFromReview(holder.page);

  // A stranger, verified as themself, types the holder's card: refused, nothing said.
  const stranger = await newPhone();
  await stranger.page.goto(env.server.url + '/loss-report');
  await stranger.page.getByRole('button', { name: '验证手机号' }).click();
  await verifyPhone(stranger.page);
  await stranger.page.getByLabel('姓名').fill('赵六');
  await stranger.page.getByLabel('公民身份号码').fill(makeId('510107', '19900101', 654));
  await stranger.page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
  await stranger.page.waitForURL(/\/mock-vendor\/liveness\//);
  await stranger.page.getByRole('button', { name: '通过', exact: true }).click();
  await stranger.page.locator('#verified-as').getByText('赵六').waitFor();
  const refused = await stranger.page.evaluate(async (id) => {
    const r = await fetch('/api/v1/loss-reports', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '王芳', id_number: id, kind: 'lost', lost_on: '2026-11-30', place: '成都', promised: true }),
    });
    return [r.status, (await r.json()).code];
  }, who.id);
  assert.deepEqual(refused, [403, 'not_holder']);
  // Another site's page cannot post as the stranger's browser either.
  const crossSite = await stranger.page.evaluate(async () => {
    const r = await fetch('/api/v1/loss-reports', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    return r.status;
  });
  assert.equal(crossSite, 403);
  await stranger.ctx.close();

  // The holder reports the card from a second phone: the first phone is told.
  const second = await newPhone();
  await second.page.goto(env.server.url + '/loss-report');
  await second.page.getByRole('button', { name: '验证手机号' }).click();
  await verifyPhone(second.page);
  await second.page.getByLabel('姓名').fill(who.name);
  await second.page.getByLabel('公民身份号码').fill(who.id);
  await second.page.getByRole('button', { name: '人脸识别，确认是本人' }).click();
  await second.page.waitForURL(/\/mock-vendor\/liveness\//);
  await second.page.getByRole('button', { name: '通过', exact: true }).click();
  await second.page.locator('#verified-as').waitFor();
  await second.page.getByLabel('丢失', { exact: true }).check();
  await second.page.getByLabel('大约什么时候丢失').fill('2026-11-30');
  await second.page.getByLabel('大约在哪里丢失').fill('成都市武侯区');
  await second.page.getByLabel('本人承诺').check();
  await second.page.getByRole('button', { name: '确认挂失' }).click();
  await heading(second.page, '挂失成功').waitFor();
  await second.ctx.close();

  await holder.page.goto(env.server.url + '/messages');
  await holder.page.getByText('您的身份证有新的办理操作').first().waitFor();
  const inbox = await holder.page.locator('#app main').innerText();
  assert.ok(inbox.includes('挂失') && !inbox.includes(who.id), inbox);
  await shot(holder.page, '99e-holder-told');
  await holder.ctx.close();
});

test('Shanghai takes 挂失 at a police station: the page says where, and the reissue stays online', async () => {
  const server = await startServer({ args: ['--profile', 'shanghai'] });
  const { ctx, page } = await newPhone();
  try {
    await page.goto(server.url + '/loss-report');
    await heading(page, '挂失身份证').waitFor();
    const where = await page.locator('#loss-at-station').innerText();
    assert.ok(where.includes('派出所') && where.includes('本人'), where);
    assert.ok((await page.locator('#app main').innerText()).includes('已挂失的身份证'), 'how to 解挂');
    assert.equal(await page.getByRole('button', { name: '人脸识别，确认是本人' }).count(), 0, 'no online report');
    await shot(page, '99f-shanghai-loss-at-station');
    await page.getByRole('link', { name: '申请补领' }).click();
    await heading(page, '业务须知').waitFor();
  } finally {
    await ctx.close();
    await server.stop();
  }
});

