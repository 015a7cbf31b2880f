// The human check before another SMS code: after a send from this phone, the next one
// asks for the slider (the mock captcha vendor's), which works by finger and by keyboard,
// and the code then goes out without anything typed being lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, newPhone, useServerAndBrowser } from './harness.mjs';
import { admin, shot } from './journey.mjs';

const env = useServerAndBrowser({ args: ['--captcha-after', '1'] });

test('a second code asks for the slider, then goes out', async () => {
  const { ctx, page } = await newPhone(env.browser);
  await page.clock.install();
  await page.goto(env.server.url + '/tracking');
  await page.getByRole('heading', { name: '物流进度查询', level: 1 }).waitFor();
  await page.getByLabel('收件人手机号码').fill('13800005678');
  await page.getByRole('button', { name: '获取验证码' }).click();
  const banner = page.locator('.dev-code');
  await banner.waitFor();
  const first = (await banner.innerText()).match(/(\d{6})/)[1];

  // A minute later (on both clocks), another code: the server asks for the human check
  // first.
  await page.clock.runFor(65_000);
  const r = await admin(env.server, 'POST', '/api/v1/admin/clock', { seconds: 65 });
  assert.equal(r.status, 204);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const slider = page.getByLabel('安全验证：把滑块拖到最右边');
  await slider.waitFor();
  await page.getByText('为防止验证码被滥用，请先完成安全验证。').waitFor();
  await shot(page, '112-human-check');
  assert.deepEqual(await axeViolations(page), []);
  // Let go half-way: it springs back, nothing is sent.
  await slider.fill('50');
  await slider.dispatchEvent('change');
  assert.equal(await slider.inputValue(), '0');
  // By keyboard, to the far end: solved, and the code goes out.
  await slider.focus();
  await page.keyboard.press('End');
  // (The page's timers are the test's; this waits in real time.)
  let shown = first;
  for (let i = 0; i < 50 && shown === first; i += 1) {
    await new Promise((res) => setTimeout(res, 200));
    shown = ((await banner.innerText()).match(/(\d{6})/) || [])[1];
  }
  assert.notEqual(shown, first, 'a new code was sent');
  assert.equal(await slider.count(), 0, 'the slider is gone once solved');
  assert.equal(await page.getByLabel('收件人手机号码').inputValue(), '13800005678', 'the number is kept');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
