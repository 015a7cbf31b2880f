// Children: in 四川 a parent applies online for a 10-year-old (their own details, the
// proof of guardianship through the same photo checks, their own face check); in 上海 too,
// where the proof is the only upload; in 广东 a child is sent to a window appointment,
// with what to bring.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPhone, startServer, useServerAndBrowser } from './harness.mjs';
import {
  answerEligibility, chooseCardPhoto, chooseRegion, doLiveness, makeId, makeJpeg, shot,
  startFromHome, submitFromReview, verifyPhone, whoBooks } from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

async function accessible(page, name) {
  const found = await axeViolations(page);
  assert.deepEqual(found, [], `${name}: ${JSON.stringify(found, null, 2)}`);
}

test('四川: a parent applies for a 10-year-old', async () => {
  const { ctx, page } = await newPhone(env.browser);
  const child = { name: '张小明', id: makeId('510107', '20160301', 31) };
  const parent = { name: '张伟', id: makeId('510107', '19850709', 32) };
  await startFromHome(page, env.server.url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  // Under 16, but here a guardian applies online: straight on to the phone check.
  await answerEligibility(page, { born: '2016-03-01' });
  await heading(page, '手机验证').waitFor();
  await verifyPhone(page);

  await heading(page, '填写信息').waitFor();
  await page.getByLabel('姓名', { exact: true }).fill(child.name);
  await page.getByLabel('公民身份号码', { exact: true }).fill(child.id);
  const guardian = page.locator('#guardian');
  await guardian.waitFor();
  await chooseRegion(page, '户籍所在地', ['四川省', '成都市', '武侯区']);
  await page.getByLabel('丢失').check();
  await page.getByLabel('到办证中心自取').check();
  await page.getByLabel('办证中心', { exact: true }).selectOption({ index: 1 });
  // The guardian's questions are checked like the rest: a child cannot be the guardian.
  await guardian.getByLabel('监护人姓名').fill(parent.name);
  await guardian.getByLabel('监护人公民身份号码').fill(child.id);
  await guardian.getByLabel('父母').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  assert.ok((await page.locator('.error-summary').innerText()).includes('监护人须年满18周岁'));
  await guardian.getByLabel('监护人公民身份号码').fill(parent.id);
  await shot(page, '104-guardian-form');
  await accessible(page, '填写信息（监护人）');
  await page.getByRole('button', { name: '下一步' }).click();

  // 上传户口本 asks for the proof too, through the same checks.
  await heading(page, '上传户口本').waitFor();
  const jpeg = await makeJpeg(page);
  for (const slot of ['register_home', 'register_self']) {
    await page.locator(`#f-${slot} input[data-slot-input=album]`).setInputFiles({ name: `${slot}.jpg`, mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator(`#f-${slot} .uploaded`).waitFor({ timeout: 30000 });
  }
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  assert.ok((await page.locator('.error-summary').innerText()).includes('监护关系证明'));
  await page.locator('#f-guardian_proof input[data-slot-input=album]').setInputFiles({ name: 'proof.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.locator('#f-guardian_proof .uploaded').waitFor({ timeout: 30000 });
  await shot(page, '105-guardian-proof');
  await page.getByRole('button', { name: '下一步' }).click();
  await chooseCardPhoto(page, { shotName: '105b-guardian-card-photo' });

  // The face check is the guardian's.
  await heading(page, '人脸识别').waitFor();
  assert.ok((await page.locator('#guardian-face').innerText()).includes('监护人本人'));
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  const review = await page.locator('#app main').innerText();
  assert.ok(review.includes('监护人姓名') && review.includes(parent.name) && review.includes('监护关系证明'), review);
  await shot(page, '106-guardian-review');
  const app = await submitFromReview(page);
  await page.goto(`${env.server.url}/applications/${app}`);
  await page.getByText(`${parent.name}（父母`).waitFor();
  const mine = await page.locator('#app main').innerText();
  assert.ok(mine.includes(`${parent.name}（父母`) && !mine.includes(parent.id), mine);
  await ctx.close();
});

test('广东: a child is sent to a window appointment, with what to bring', async () => {
  const server = await startServer({ args: ['--profile', 'guangdong'] });
  const { ctx, page } = await newPhone(env.browser);
  try {
    await startFromHome(page, server.url);
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await answerEligibility(page, { born: '2016-03-01', district: ['广州市', '天河区'] });
    await heading(page, '请到办证中心窗口办理').waitFor();
    const why = await page.locator('#window-reasons').innerText();
    assert.ok(why.includes('未满16周岁') && why.includes('监护人'), why);
    await page.getByRole('link', { name: '预约窗口办理' }).click();
    await heading(page, '预约窗口办理').waitFor();
    const bring = await page.locator('#app main').innerText();
    assert.ok(bring.includes('监护关系证明'), bring);
    await page.getByRole('button', { name: '验证手机号' }).click();
    await verifyPhone(page);
    await heading(page, '预约窗口办理').waitFor();
    // The booking is the child's.
    await whoBooks(page, { name: '黄小明', id: makeId('440106', '20160301', 55) });
    await page.getByRole('group', { name: '办证中心' }).getByRole('radio').first().check();
    await page.getByRole('group', { name: '日期' }).getByRole('radio').first().check();
    await page.getByRole('group', { name: '时间段' }).getByRole('radio').first().check();
    await page.getByRole('button', { name: '确认预约' }).click();
    await page.getByRole('heading', { name: '预约成功' }).waitFor();
    await shot(page, '107-guangdong-child-appointment');
  } finally {
    await ctx.close();
    await server.stop();
  }
});

test('上海: a parent applies for a child with a 2-year-old card; the only upload is the proof of guardianship', async () => {
  const server = await startServer({ args: ['--profile', 'shanghai'] });
  const { ctx, page } = await newPhone(env.browser);
  // The test residents (README): a child whose card and photo are 2 years old.
  const child = { name: '陈小雨', id: makeId('310101', '20160601', 123) };
  const parent = { name: '陈静', id: makeId('310101', '19910307', 123) };
  try {
    await startFromHome(page, server.url);
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await answerEligibility(page, { born: '2016-06-01', district: ['上海市', '黄浦区'] });
    await heading(page, '手机验证').waitFor();
    await verifyPhone(page);
    await heading(page, '填写信息').waitFor();
    await page.getByLabel('姓名', { exact: true }).fill(child.name);
    await page.getByLabel('公民身份号码', { exact: true }).fill(child.id);
    const guardian = page.locator('#guardian');
    await guardian.waitFor();
    await chooseRegion(page, '户籍所在地', ['上海市', '上海市', '黄浦区']);
    await page.getByLabel('丢失').check();
    await page.getByLabel('到办证中心自取').check();
    await page.getByLabel('办证中心', { exact: true }).selectOption({ index: 1 });
    await guardian.getByLabel('监护人姓名').fill(parent.name);
    await guardian.getByLabel('监护人公民身份号码').fill(parent.id);
    await guardian.getByLabel('父母').check();
    await page.getByRole('button', { name: '下一步' }).click();

    // No 户口本 in Shanghai: the page asks for the proof of guardianship alone.
    await heading(page, '上传监护关系证明').waitFor();
    assert.equal(await page.locator('#f-register_home').count(), 0, 'no 户口本 page');
    const jpeg = await makeJpeg(page);
    await page.locator('#f-guardian_proof input[data-slot-input=album]').setInputFiles({ name: 'proof.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.locator('#f-guardian_proof .uploaded').waitFor({ timeout: 30000 });
    await shot(page, '108-shanghai-guardian-proof');
    await page.getByRole('button', { name: '下一步' }).click();
    // The child's photo on record (within 3 years), the guardian's face.
    await chooseCardPhoto(page, { shotName: '108b-shanghai-child-card-photo' });
    await heading(page, '人脸识别').waitFor();
    assert.ok((await page.locator('#guardian-face').innerText()).includes('监护人本人'));
    await doLiveness(page, '通过');
    await heading(page, '核对信息').waitFor();
    const review = await page.locator('#app main').innerText();
    assert.ok(review.includes(parent.name) && review.includes('监护关系证明') && review.includes('用上次办证时的照片'), review);
    await shot(page, '108c-shanghai-guardian-review');
    const app = await submitFromReview(page);
    assert.match(app, /^BL/);
  } finally {
    await ctx.close();
    await server.stop();
  }
});
