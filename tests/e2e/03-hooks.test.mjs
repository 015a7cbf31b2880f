// Liveness and payment through the provider hooks: the server decides every outcome,
// nothing in a return URL does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPhone } from './harness.mjs';
import {
  admin, applyUntilLiveness, doLiveness, shot, submitFromReview, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();

async function atLiveness() {
  const { ctx, page } = await newPhone(env.browser);
  const phone = await applyUntilLiveness(page, env.server.url);
  return { ctx, page, phone };
}

const flowOf = (url) => url.match(/\/mock-vendor\/liveness\/([^/?#]+)/)[1];

test('liveness: fail, then pass; a reload and a second arrival on the return page', async () => {
  const { ctx, page } = await atLiveness();
  await doLiveness(page, '不通过');
  await page.getByText('人脸识别未通过').waitFor();
  await page.getByText('还可尝试 2 次').waitFor();
  assert.ok(!page.url().includes('flow='), 'vendor parameters are stripped');
  await shot(page, '06-liveness-failed');
  const returns = [];
  page.on('framenavigated', (f) => { if (f.url().includes('/liveness/return')) returns.push(f.url()); });
  await doLiveness(page, '通过');
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  assert.ok(returns.length > 0);
  // A second arrival at the same return URL (history, a reload) lands the same way.
  await page.goto(returns[0]);
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await page.goto(returns[0]);
  await page.reload();
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('liveness: cancel on the vendor page returns with a clear message', async () => {
  const { ctx, page } = await atLiveness();
  await doLiveness(page, '取消');
  await page.getByText('您已取消人脸识别，可重新开始。').waitFor();
  await page.getByRole('button', { name: '开始人脸识别' }).waitFor();
  await ctx.close();
});

test('liveness: a return hours later finds the flow expired and asks to start again', async () => {
  const { ctx, page, phone } = await atLiveness();
  await page.getByLabel('我同意采集人脸信息用于本人身份核验').check();
  await page.getByRole('button', { name: '开始人脸识别' }).click();
  await page.waitForURL(/\/mock-vendor\/liveness\//);
  const flow = flowOf(page.url());
  // The user puts the phone away; three hours pass on the server's clock, so both the
  // flow (30 min) and the session (2 h) have expired.
  const r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 3 * 3600 });
  assert.equal(r.status, 204);
  await page.goto(`${env.server.url}/liveness/return?flow=${flow}`);
  // Signed out by then: verify the phone again, then land back on the return page.
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  await verifyPhone(page, phone);
  await page.getByText('识别已超时，请重新开始人脸识别。').waitFor();
  await page.getByRole('button', { name: '开始人脸识别' }).waitFor();
  await shot(page, '06-liveness-expired');
  await ctx.close();
});

test('liveness: tampered return URLs never pass', async () => {
  const a = await atLiveness();
  const b = await atLiveness();
  // Applicant B opens a flow and passes it.
  await b.page.getByLabel('我同意采集人脸信息用于本人身份核验').check();
  await b.page.getByRole('button', { name: '开始人脸识别' }).click();
  await b.page.waitForURL(/\/mock-vendor\/liveness\//);
  const bFlowId = flowOf(b.page.url());
  await b.page.getByRole('button', { name: '通过', exact: true }).click();
  await b.page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();

  // Applicant A starts a flow but does not finish it on the vendor page.
  await a.page.getByLabel('我同意采集人脸信息用于本人身份核验').check();
  await a.page.getByRole('button', { name: '开始人脸识别' }).click();
  await a.page.waitForURL(/\/mock-vendor\/liveness\//);
  const aFlow = flowOf(a.page.url());

  // 1. A hand-written success with no flow.
  await a.page.goto(`${env.server.url}/liveness/return?status=SUCCESS&passed=1`);
  await a.page.getByText('没有找到这次操作，请重新开始。').waitFor();
  assert.ok(a.page.url().endsWith('/liveness?result=lost'));

  // 2. A's own pending flow with ?passed=1: still pending on the server, never passes.
  // The app asks the server for the verdict, backing off; three answers of `pending`
  // and it is still waiting, whatever the address said.
  const verdicts = [];
  const thirdVerdict = new Promise((resolve) => {
    const seen = async (r) => {
      if (new URL(r.url()).pathname !== `/api/v1/liveness/${aFlow}`) return;
      verdicts.push((await r.json()).status);
      if (verdicts.length === 3) { a.page.off('response', seen); resolve(); }
    };
    a.page.on('response', seen);
  });
  await a.page.goto(`${env.server.url}/liveness/return?flow=${aFlow}&passed=1&status=SUCCESS`);
  await a.page.getByText('正在确认识别结果…').waitFor();
  assert.ok(!a.page.url().includes('passed'), 'tamper parameters are stripped at once');
  await thirdVerdict;
  assert.deepEqual(verdicts, ['pending', 'pending', 'pending']);
  await a.page.getByText('正在确认识别结果…').waitFor();
  assert.ok(a.page.url().includes('/liveness/return'), 'did not continue to 核对信息');
  const status = await a.page.evaluate(async (f) => (await fetch(`/api/v1/liveness/${f}`)).json(), aFlow);
  assert.equal(status.status, 'pending');

  // 3. Another applicant's passed flow id: not A's, so nothing.
  await a.page.goto(`${env.server.url}/liveness/return?flow=${bFlowId}&passed=1`);
  await a.page.getByText('没有找到这次操作，请重新开始。').waitFor();
  // And the review page stays closed to A.
  await a.page.goto(`${env.server.url}/review`);
  await a.page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  await shot(a.page, '06-liveness-tampered');
  await a.ctx.close();
  await b.ctx.close();
});

test('payment: cancel keeps it awaiting payment; pay makes it paid', async () => {
  const { ctx, page } = await atLiveness();
  await doLiveness(page, '通过');
  const number = await submitFromReview(page);
  const r = await admin(env.server, 'POST', `/api/v1/admin/applications/${number}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200);
  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '取消', exact: true }).click();
  await page.getByText('您已取消支付').waitFor();
  let detail = await page.evaluate(async (n) => (await fetch(`/api/v1/applications/${n}`)).json(), number);
  assert.equal(detail.status, 'awaiting_payment');

  // A tampered payment return does not pay either.
  await page.goto(`${env.server.url}/payment/return?status=SUCCESS`);
  await page.getByText('没有找到这次操作，请重新开始。').waitFor();
  detail = await page.evaluate(async (n) => (await fetch(`/api/v1/applications/${n}`)).json(), number);
  assert.equal(detail.status, 'awaiting_payment');

  await page.goto(`${env.server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await page.getByText('缴费成功').waitFor();
  // A reload of the return page says the same.
  await page.reload();
  await page.getByText('缴费成功').waitFor();
  detail = await page.evaluate(async (n) => (await fetch(`/api/v1/applications/${n}`)).json(), number);
  assert.equal(detail.status, 'paid');
  await ctx.close();
});
