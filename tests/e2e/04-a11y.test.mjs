// axe-core on every page of the journey at phone size, in normal mode and in 关怀版.
// Any violation fails the run and is printed with its nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, useServerAndBrowser, phoneContext } from './harness.mjs';
import {
  admin, answerEligibility, chooseCardPhoto, doLiveness, fillForm, startFromHome, uploadPhotos, verifyPhone, APPLICANT, whoBooks } from './journey.mjs';

const env = useServerAndBrowser();

const found = [];
let audited = 0;

async function audit(page, name) {
  const result = await axeViolations(page);
  for (const v of result) {
    found.push(`${name}: ${v.id} (${v.impact}) ${v.help}\n    ${v.nodes.join('\n    ')}`);
  }
  audited += 1;
  console.log(`a11y ${name}: ${result.length} violation(s)`);
}

async function journey(care) {
  const suffix = care ? ' [关怀版]' : '';
  const ctx = await phoneContext(env.browser);
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await page.getByRole('switch', { name: '关怀版' }).waitFor();
  if (care) await page.getByRole('switch', { name: '关怀版' }).click();
  await audit(page, '首页' + suffix);
  await startFromHome(page, env.server.url);
  await audit(page, '业务须知' + suffix);
  // With the error summary showing.
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '业务须知（错误）' + suffix);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByRole('heading', { name: '能否在线办理', level: 1 }).waitFor();
  await audit(page, '能否在线办理' + suffix);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '能否在线办理（错误）' + suffix);
  await answerEligibility(page, { born: '2012-03-04', province: '北京市', district: ['北京市', '东城区'] });
  await page.getByRole('heading', { name: '请到办证中心窗口办理', level: 1 }).waitFor();
  await audit(page, '请到办证中心窗口办理' + suffix);
  await page.getByRole('link', { name: '预约窗口办理' }).click();
  await page.getByRole('heading', { name: '预约窗口办理', level: 1 }).waitFor();
  await audit(page, '预约窗口办理（未登录）' + suffix);
  await page.goBack();
  await page.getByRole('link', { name: '回答有误，重新回答' }).click();
  // The answers come back as given: 户籍 back to 四川.
  await answerEligibility(page, { province: '四川省' });
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  await audit(page, '手机验证' + suffix);
  await verifyPhone(page);
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '填写信息（错误）' + suffix);
  await page.getByLabel('邮寄到家').check();
  await audit(page, '填写信息（邮寄）' + suffix);
  await page.getByLabel('被盗', { exact: true }).check();
  await page.getByLabel('到办证中心自取').check();
  await page.getByLabel('办证中心', { exact: true }).selectOption({ label: '成都市武侯区办证中心' });
  await page.locator('#f-temporary_card').waitFor();
  await audit(page, '填写信息（被盗、临时身份证）' + suffix);
  await fillForm(page, { delivery: 'ems' });
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  await audit(page, '上传户口本' + suffix);
  await uploadPhotos(page, {}, { cardPhoto: false });
  await page.getByRole('heading', { name: '证件照片', level: 1 }).waitFor();
  await page.getByRole('button', { name: '下一步' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '证件照片（错误）' + suffix);
  await page.getByLabel('现在用手机拍摄').check();
  await audit(page, '证件照片（拍摄）' + suffix);
  await chooseCardPhoto(page);
  await page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  await audit(page, '人脸识别' + suffix);
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await audit(page, '核对信息' + suffix);
  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
  await audit(page, '提交成功' + suffix);
  const number = (await page.locator('#app-number').innerText()).trim();
  await page.goto(env.server.url + '/applications');
  await page.getByText(number).waitFor();
  await audit(page, '我的办件' + suffix);
  await page.goto(env.server.url + '/loss-report');
  await page.getByRole('heading', { name: '挂失身份证', level: 1 }).waitFor();
  await audit(page, '挂失身份证' + suffix);
  await page.getByRole('button', { name: '确认挂失' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '挂失身份证（错误）' + suffix);
  await page.goto(env.server.url + '/urgent');
  await page.getByRole('heading', { name: '急需用证怎么办', level: 1 }).waitFor();
  await audit(page, '急需用证怎么办' + suffix);
  await page.goto(env.server.url + '/appointment');
  await page.getByRole('group', { name: '办证中心' }).getByRole('radio').first().check();
  await page.getByRole('group', { name: '日期' }).getByRole('radio').first().check();
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '预约窗口办理（错误）' + suffix);
  await whoBooks(page, APPLICANT);
  await page.getByRole('group', { name: '时间段' }).getByRole('radio').first().check();
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.getByRole('heading', { name: '预约成功' }).waitFor();
  await audit(page, '预约成功' + suffix);
  await page.getByRole('button', { name: '取消预约' }).click();
  await audit(page, '取消预约' + suffix);
  await page.getByRole('alertdialog').getByRole('button', { name: '取消预约' }).click();
  await page.getByRole('button', { name: '确认预约' }).waitFor();
  await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/decision`, { decision: 'approve' });
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).waitFor();
  await audit(page, '办件详情' + suffix);
  await page.goto(env.server.url + '/messages');
  await page.locator('li.message').first().waitFor();
  await audit(page, '消息' + suffix);
  await page.goto(env.server.url + '/tracking');
  await page.getByRole('heading', { name: '物流进度查询', level: 1 }).waitFor();
  await audit(page, '物流进度查询' + suffix);
  await page.getByRole('button', { name: '查询' }).click();
  await page.locator('.error-summary').waitFor();
  await audit(page, '物流进度查询（错误）' + suffix);
  await page.goto(env.server.url + '/no-such-page');
  await page.getByRole('heading', { name: '页面不存在' }).waitFor();
  await audit(page, '页面不存在' + suffix);
  await ctx.close();
}

test('no axe violations on any page, normal mode', async () => {
  await journey(false);
});

test('no axe violations on any page, 关怀版', async () => {
  await journey(true);
});

test('summary', () => {
  assert.ok(audited >= 54, `every page was audited in both modes (${audited})`);
  assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
});
