// The citizen's journey through the real UI against the real mock server, at phone size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, useServerAndBrowser, newPhone as newPhoneIn } from './harness.mjs';
import {
  APPLICANT, admin, applyUntilLiveness, agreeNotice, answerEligibility, allApplications, doLiveness, fillForm, freshPhone, makeId,
  shot, startFromHome, submitFromReview, uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();

const newPhone = (opts) => newPhoneIn(env.browser, opts);

async function applyUntilReview(page, delivery) {
  await applyUntilLiveness(page, env.server.url, { delivery });
  await doLiveness(page, '通过');
}

test('happy path with EMS delivery, from 首页 to 提交成功 and 我的办件', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'ems');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  // The applicant checks their own ID number in full, in its groups (6-8-4), and the
  // recipient's phone (3-4-4); the fees include EMS.
  const review = await page.locator('#app main').innerText();
  const groups = (label) => page.locator('.summary .row', { hasText: label }).locator('.number-group').allInnerTexts();
  assert.deepEqual(await groups('公民身份号码'), [APPLICANT.id.slice(0, 6), APPLICANT.id.slice(6, 14), APPLICANT.id.slice(14)],
    'ID number in full, grouped');
  assert.deepEqual(await groups('收件人电话'), ['138', '0000', '1234'], 'recipient phone in full, grouped');
  assert.ok(review.includes('工本费') && review.includes('40元') && review.includes('邮寄费') && review.includes('20元'));
  assert.ok(review.includes('60元'), 'total');
  assert.ok(/邮政编码\s*未填写/.test(review), 'an optional answer left empty is shown as such');

  // Each answer has its own 修改: the form opens at that field, in view and focused, and
  // 下一步 comes straight back here.
  await page.getByRole('link', { name: /^修改\s*收件人电话$/ }).click();
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'f-recipient_phone');
  const box = await page.locator('#f-recipient_phone').boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844, `the field is on screen (y = ${box.y})`);
  await shot(page, '08-change-one-answer');
  await page.locator('#f-recipient_phone').fill('13912345678');
  // Opened from 核对信息, the button says where it leads.
  await page.getByRole('button', { name: '保存并返回核对' }).click();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await page.locator('.summary .row', { hasText: '收件人电话' }).getByText('5678').waitFor();
  assert.deepEqual(await groups('收件人电话'), ['139', '1234', '5678']);
  const number = await submitFromReview(page);

  // Back cannot resubmit: history was replaced, and what it opens has nothing to submit.
  await page.goBack();
  await page.waitForURL((u) => !u.pathname.startsWith('/done/'));
  await page.locator('main:not([hidden]) h1').first().waitFor();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: '提交申请' }).count(), 0);

  // Reopening the confirmation URL later shows the same page.
  await page.goto(`${env.server.url}/done/${number}`);
  assert.equal((await page.locator('#app-number').innerText()).trim(), number);

  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByRole('heading', { name: '办件详情' }).waitFor();
  await page.getByText('已提交').first().waitFor();
  // After submission the number is masked again, everywhere.
  const detail = await page.locator('#app main').innerText();
  assert.ok(detail.includes('5101**********'), `ID number masked after submission: ${detail}`);
  assert.ok(!detail.includes(APPLICANT.id), 'the full ID number is not shown after submission');
  await shot(page, '09-progress-submitted');
  await page.goto(`${env.server.url}/applications`);
  await page.getByText(number).waitFor();
  await shot(page, '09-mine');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(page.red, [], 'nothing in red on any page of the journey');
  await ctx.close();
});

test('happy path with pickup at an office', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'pickup');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  const review = await page.locator('#app main').innerText();
  assert.ok(review.includes('到办证中心自取'));
  assert.ok(!review.includes('邮寄费'));
  await submitFromReview(page);
  assert.deepEqual(page.red, [], 'nothing in red on any page of the journey');
  await ctx.close();
});

test('bad input at every field gets its message, focus goes to the summary, nothing typed is lost', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  // Notice: continue without agreeing.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByText('请阅读业务须知，并勾选“我已阅读并同意”').first().waitFor();
  assert.match(await page.title(), /^错误：/);
  await agreeNotice(page);
  // Phone: a landline, then too short.
  await page.getByLabel('手机号码').fill('028-85551234');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
  await shot(page, '03-verify-error');
  await verifyPhone(page);

  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  const cases = [
    ['<script>alert(1)</script>', makeId('510107', '19900230', 123).slice(0, 17) + 'X'],
    ['张3', '51010719900517123'],
  ];
  for (const [name, id] of cases) {
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('公民身份号码').fill(id);
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('.error-summary').waitFor();
    assert.match(await page.title(), /^错误：/);
    // Markup is shown as text, never executed; what was typed is still there.
    assert.equal(await page.getByLabel('姓名').inputValue(), name);
    assert.equal(await page.getByLabel('公民身份号码').inputValue(), id);
  }
  const summary = await page.locator('.error-summary').innerText();
  // 户籍 and the reason were answered on 能否在线办理 and come filled in.
  for (const needle of ['领取方式']) {
    assert.ok(summary.includes(needle), `summary mentions ${needle}: ${summary}`);
  }
  await shot(page, '04-form-errors');
  // A summary link moves focus to its field.
  await page.locator('.error-summary a').first().click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-name');

  // A child's ID number: here a guardian applies, so the guardian's questions come, and
  // are required (the number's region prefix decides nothing; the 户籍 answer does).
  await page.getByLabel('姓名').fill('王芳');
  await page.getByLabel('公民身份号码', { exact: true }).fill(makeId('510107', '20150101', 124));
  await page.locator('#guardian').waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').getByText('监护人姓名').first().waitFor();
  await shot(page, '04-form-eligibility');

  // The delivery fields: a landline for the recipient, an address too short, a bad postcode.
  await page.getByLabel('公民身份号码', { exact: true }).fill(APPLICANT.id);
  await page.locator('#guardian').waitFor({ state: 'detached' });
  await page.getByLabel('邮寄到家').check();
  await page.getByLabel('收件人', { exact: true }).fill('王芳😀');
  await page.getByLabel('收件人电话').fill('028-85551234');
  await page.getByLabel('详细地址').fill('红星路');
  await page.getByLabel('邮政编码').fill('6100');
  await page.getByRole('button', { name: '下一步' }).click();
  const summary2 = await page.locator('.error-summary').innerText();
  for (const field of ['f-recipient_name', 'f-recipient_phone', 'f-address_detail', 'f-postcode']) {
    assert.equal(await page.locator(`#${field}`).getAttribute('aria-invalid'), 'true', field);
    const describedBy = await page.locator(`#${field}`).getAttribute('aria-describedby');
    const message = await page.locator(`#${field}-error`).innerText();
    assert.ok(describedBy.includes(`${field}-error`), `${field} is tied to its message`);
    assert.ok(summary2.includes(message.replace(/^错误：/, '').trim()), `summary lists: ${message}`);
  }
  assert.match(summary2, /手机/, 'a landline is refused with a mobile-number message');
  await shot(page, '04-form-ems-errors');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('a reload at every step keeps every answer', async () => {
  const { ctx, page } = await newPhone();
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await page.reload();
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await fillForm(page, { delivery: 'ems' });
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  // The form answers came back from the server draft.
  const regionRequests = [];
  const countRegions = (r) => { if (new URL(r.url()).pathname.startsWith('/data/regions')) regionRequests.push(r.url()); };
  page.on('request', countRegions);
  await page.goto(env.server.url + '/form');
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), APPLICANT.name);
  assert.equal(await page.getByLabel('详细地址').inputValue(), '春熙路街道红星路三段1号5栋2单元301');
  assert.equal(await page.getByRole('group', { name: '户籍所在地' }).getByLabel('区/县').inputValue(), '510107');
  assert.equal(await page.getByRole('group', { name: '收件地址' }).getByLabel('区/县').inputValue(), '510104');
  // Two region pickers on one page share one download of the region data.
  assert.equal(regionRequests.length, 1, regionRequests.join(', '));
  page.off('request', countRegions);
  await page.getByRole('button', { name: '下一步' }).click();
  await uploadPhotos(page);
  await page.reload();
  await page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  assert.ok((await page.locator('#app main').innerText()).includes(APPLICANT.name));
  assert.deepEqual(page.red, [], 'nothing in red after any reload');
  // A later step opened directly in a new visit sends the user to the first missing one.
  const other = await newPhone();
  await other.page.goto(env.server.url + '/review');
  await other.page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
  await other.ctx.close();
  await ctx.close();
});

test('a signed-out visitor to 我的办件 verifies the phone first, then comes back', async () => {
  const { ctx, page } = await newPhone();
  await page.goto(env.server.url + '/');
  await page.getByRole('link', { name: '我的办件' }).click();
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  await verifyPhone(page);
  await page.getByRole('heading', { name: '我的办件', level: 1 }).waitFor();
  await page.getByText('您还没有补领申请。').waitFor();
  // Signed in through 我的办件 with no draft: "no draft yet" is an answer, not a 404.
  assert.deepEqual(page.red, []);
  await ctx.close();
});

test('a double tap on 提交申请 creates exactly one application', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'pickup');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await page.getByLabel('本人承诺所填信息真实有效').check();
  const before = (await allApplications(env.server)).length;
  const button = page.getByRole('button', { name: '提交申请' });
  await button.dblclick();
  await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
  const after = (await allApplications(env.server)).length;
  assert.equal(after - before, 1);
  await ctx.close();
});

test('rejected by the officer, fixed at the exact step, resubmitted; then approved, paid and shipped', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'ems');
  const number = await submitFromReview(page);

  let r = await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/decision`,
    { decision: 'reject', reason: '姓名与户口本不一致，请核对后修改', fields: ['name'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByText('姓名与户口本不一致，请核对后修改').first().waitFor();
  await shot(page, '10-rejected');
  await page.getByRole('button', { name: '修改并重新提交' }).click();
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  // Only what the officer asked about is asked again; every other answer is kept as
  // submitted (and cannot be changed here: the server would refuse it).
  assert.equal(await page.getByLabel('姓名').inputValue(), APPLICANT.name);
  assert.equal(await page.getByLabel('公民身份号码').count(), 0, 'the ID number is not asked again');
  assert.equal(await page.getByLabel('详细地址').count(), 0, 'nor the address');
  await shot(page, '10-fix-only-what-was-asked');
  await page.getByLabel('姓名').fill('张伟伟');
  await page.getByRole('button', { name: '下一步' }).click();
  // A new name needs a face check for that name before the resubmission.
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  const fixed = await page.locator('#app main').innerText();
  assert.ok(fixed.includes('张伟伟'));
  assert.ok(fixed.includes('春熙路街道红星路三段1号5栋2单元301'), 'the kept answers are shown');
  assert.equal(await page.getByRole('link', { name: /^修改\s*详细地址$/ }).count(), 0, 'and not offered for change');
  // A reload mid-correction: the server kept the correction, nothing is typed again.
  await page.reload();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  assert.ok((await page.locator('#app main').innerText()).includes('张伟伟'), 'the correction survives a reload');
  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '重新提交' }).click();
  await page.getByRole('heading', { name: '办件详情' }).waitFor();
  await page.getByText('已重新提交').first().waitFor();

  r = await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.reload();
  await page.getByRole('button', { name: '去缴费' }).waitFor();
  await shot(page, '11-awaiting-payment');
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  assert.ok((await page.locator('body').innerText()).includes('60'), 'the server decides the amount');
  await shot(page, '11-payment-vendor');
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  await shot(page, '12-paid');

  for (let i = 0; i < 2; i += 1) {
    r = await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/advance`, {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByText('EMS运单号').waitFor();
  await page.getByText('已寄出').first().waitFor();
  await shot(page, '13-shipped');
  const detail = await page.locator('#app main').innerText();
  for (const state of ['申请已提交', '已开始审核', '审核未通过', '已修改并重新提交', '审核已通过', '已缴费', '已开始制证', 'EMS 寄出']) {
    assert.ok(detail.includes(state), `timeline shows ${state}`);
  }
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('rejected for the photo and the face check: fixed across the vendor reload, resubmitted', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'pickup');
  const number = await submitFromReview(page);
  const r = await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/decision`,
    { decision: 'reject', reason: '户口本本人页反光看不清，请重拍；并重新进行人脸识别', fields: ['register_self', 'liveness'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '修改并重新提交' }).click();
  // Straight to the photos: the form is not asked again.
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  // A retake: a different photo from the one the officer refused.
  await uploadPhotos(page, { width: 1700, height: 1275 });
  // The vendor page is a full navigation: the correction must survive the reload.
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await page.getByText('户口本本人页反光看不清').first().waitFor();
  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '重新提交' }).click();
  await Promise.race([
    page.getByRole('heading', { name: '办件详情' }).waitFor(),
    page.locator('.alert-error, .error-summary').first().waitFor().then(async () => {
      throw new Error(`resubmit refused: ${await page.locator('.alert-error, .error-summary').first().innerText()}`);
    }),
  ]);
  await page.getByText('已修改并重新提交').first().waitFor();
  await ctx.close();
});

test('the officer page lists applications and approves one; the applicant sees 去缴费', async () => {
  const { ctx, page } = await newPhone();
  await applyUntilReview(page, 'pickup');
  const number = await submitFromReview(page);
  const officer = await ctx.newPage();
  await officer.goto(`${env.server.url}/officer`);
  await officer.getByLabel('管理令牌').fill(ADMIN_TOKEN);
  await officer.getByRole('button', { name: '载入办件' }).click();
  const card = officer.locator(`[data-number="${number}"]`);
  await card.waitFor();
  // The ID number is masked until the officer asks for it, one application at a time.
  assert.ok(!(await officer.content()).includes(APPLICANT.id), 'no full ID number on the list');
  assert.match(await card.locator('.id-number').innerText(), /公民身份号码：5101\*{10}123[0-9X]/);
  await shot(officer, '30-officer');
  await card.getByRole('button', { name: '查看完整号码' }).click();
  await card.locator('.id-number').getByText(`公民身份号码：${APPLICANT.id}`).waitFor();
  // The face check that vouched for it, in local time.
  assert.match(await card.locator('.face-check').innerText(), /人脸识别：已通过（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）/);
  // A standard reason fills the words (editable) and the answers to ask for again.
  await card.getByLabel('常用驳回原因').selectOption({ index: 1 });
  assert.match(await card.getByLabel('驳回原因', { exact: true }).inputValue(), /户口本照片不清晰.*请/);
  assert.equal(await card.getByLabel('户口本首页', { exact: true }).isChecked(), true);
  assert.equal(await card.getByLabel('姓名', { exact: true }).isChecked(), false);
  // A decision is asked twice; 取消 leaves it as it was.
  await card.getByRole('button', { name: '审核通过' }).click();
  await card.getByRole('group', { name: '确认审核通过？' }).getByRole('button', { name: '取消' }).click();
  await card.getByRole('button', { name: '审核通过' }).click();
  await shot(officer, '30-officer-confirm');
  await card.getByRole('group', { name: '确认审核通过？' }).getByRole('button', { name: '确认' }).click();
  // Out of the review queue; in 待缴费.
  await card.waitFor({ state: 'detached' });
  await officer.getByLabel('显示').selectOption('payment');
  await officer.locator(`[data-number="${number}"] h2`).getByText('待缴费').waitFor();
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).waitFor();
  await ctx.close();
});

test('every page in 关怀版', async () => {
  const { ctx, page } = await newPhone();
  await page.goto(env.server.url + '/');
  await page.getByRole('switch', { name: '关怀版' }).click();
  await page.reload();
  assert.equal(await page.getByRole('switch', { name: '关怀版' }).getAttribute('aria-checked'), 'true');
  const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.hero p')).fontSize));
  assert.ok(fontSize >= 18, `care mode body text is ${fontSize}px`);
  const buttonHeight = await page.evaluate(() => document.querySelector('.btn').getBoundingClientRect().height);
  assert.ok(buttonHeight >= 60, `care mode touch target is ${buttonHeight}px`);
  await shot(page, '01-home', true);
  await page.getByRole('link', { name: '开始办理' }).click();
  await shot(page, '02-notice', true);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  await verifyPhone(page, freshPhone());
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await shot(page, '04-form', true);
  await fillForm(page, { delivery: 'ems' });
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  await shot(page, '05-photos', true);
  await uploadPhotos(page);
  await page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  await shot(page, '06-liveness', true);
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await shot(page, '07-review', true);
  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
  await shot(page, '08-done', true);
  await page.getByRole('link', { name: '查看办理进度' }).click();
  await page.getByRole('heading', { name: '办件详情' }).waitFor();
  await shot(page, '09-progress', true);
  await ctx.close();
});
