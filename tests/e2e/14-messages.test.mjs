// 消息: a rejection reaches the applicant's inbox with its reason (and goes out by SMS and
// WeChat through the notifier); one tap opens the application, one more the correction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPhone, useServerAndBrowser } from './harness.mjs';
import {
  admin, agreeNotice, doLiveness, fillForm, shot, startFromHome, submitFromReview,
  uploadPhotos, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

test('rejected: the message with its reason, tap, and the correction', async () => {
  const { ctx, page } = await newPhone(env.browser);
  await startFromHome(page, env.server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  const app = await submitFromReview(page);
  const reason = '户口本本人页反光看不清，请重拍';
  const r = await admin(env.server, 'POST', `/api/v1/admin/applications/${app}/decision`,
    { decision: 'reject', reason, fields: ['register_self'] });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // 首页 and 我的办件 say there is one unread.
  await page.goto(env.server.url + '/');
  await page.getByRole('link', { name: '消息（1 条未读）' }).waitFor();
  await page.goto(env.server.url + '/applications');
  await page.getByRole('link', { name: '消息（1 条未读）' }).click();
  await heading(page, '消息').waitFor();
  const message = page.locator('li.message[data-kind="rejected"]');
  await message.waitFor();
  assert.ok((await message.innerText()).includes(reason));
  assert.ok((await message.innerText()).includes('未读'));
  await shot(page, '108-messages');
  assert.deepEqual(await axeViolations(page), []);

  // The message opens the application at what it asks for.
  await message.getByRole('link', { name: '去修改' }).click();
  await page.getByText(reason).first().waitFor();
  await page.getByRole('button', { name: '修改并重新提交' }).click();
  await heading(page, '上传户口本').waitFor();

  // Read now; and it went out by SMS and WeChat, the number masked.
  await page.goto(env.server.url + '/applications');
  await page.getByRole('link', { name: '消息', exact: true }).waitFor();
  let sent = [];
  for (let i = 0; i < 20 && sent.length < 2; i += 1) {
    sent = (await admin(env.server, 'GET', '/api/v1/admin/outbox')).body
      .filter((e) => e.content.includes('审核未通过'));
    if (sent.length < 2) await new Promise((res) => setTimeout(res, 500));
  }
  assert.deepEqual(sent.map((e) => e.channel).sort(), ['sms', 'wechat']);
  // What a locked screen shows carries the number masked (WeChat's page link is the
  // mini-program's address, not shown).
  const sms = sent.find((e) => e.channel === 'sms');
  assert.ok(!sms.content.includes(app), sms.content);
  const wechat = JSON.parse(sent.find((e) => e.channel === 'wechat').content);
  assert.ok(Object.values(wechat.data).every((v) => !v.value.includes(app)), JSON.stringify(wechat));
  assert.equal(wechat.page, `/applications/${app}`);
  await ctx.close();
});
