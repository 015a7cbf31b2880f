// One build, three provinces: each built-in profile's whole journey with its own steps
// and words, a reload at every step, and a resident the rules send to a window led to
// a booked appointment. Screenshots under target/e2e-screens/<profile>/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENS, startServer, launchBrowser, newPhone } from './harness.mjs';
import {
  PROVINCES, answerEligibility, chooseCardPhoto, doLiveness, fillForm, makeId, makePortrait, shot,
  startFromHome, submitFromReview, uploadPhotos, verifyPhone, whoBooks,
} from './journey.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

/** Once on the step, reloads and checks it comes back, with its position in the journey. */
async function reloadKeeps(page, title, p) {
  await heading(page, title).waitFor();
  await page.reload();
  await heading(page, title).waitFor();
  const i = p.steps.indexOf(title);
  assert.equal(await page.locator('main .caption').innerText(), `第 ${i + 1} 步，共 ${p.steps.length} 步`, title);
}

/** Books the first slot with a place at the first office, and checks 我的办件 shows it. */
async function bookWindow(page, url, name, person) {
  await heading(page, '预约窗口办理').waitFor();
  await whoBooks(page, person);
  await page.getByRole('group', { name: '办证中心' }).getByRole('radio').first().check();
  const dates = page.getByRole('group', { name: '日期' }).getByRole('radio');
  await dates.first().waitFor();
  await dates.first().check();
  const slots = page.getByRole('group', { name: '时间段' });
  await slots.getByRole('radio').first().check();
  await shot(page, `${name}/20-appointment-form`);
  await page.getByRole('button', { name: '确认预约' }).click();
  await page.getByRole('heading', { name: '预约成功' }).waitFor();
  const number = (await page.locator('#appointment .number').innerText()).trim();
  assert.match(number, /^YY\d{14}$/);
  await shot(page, `${name}/21-appointment-booked`);
  // A reload keeps the booking (the server holds it).
  await page.reload();
  await page.getByRole('heading', { name: '预约成功' }).waitFor();

  // 改约 to another time, then it is listed in 我的办件.
  await page.getByRole('button', { name: '改约' }).click();
  await page.getByRole('group', { name: '时间段' }).getByRole('radio').nth(1).check();
  const moved = await page.getByRole('group', { name: '时间段' }).getByRole('radio').nth(1).getAttribute('value');
  await page.getByRole('button', { name: '确认改约' }).click();
  await page.getByRole('heading', { name: '预约成功' }).waitFor();
  assert.ok((await page.locator('#appointment').innerText()).includes(moved), `moved to ${moved}`);
  await page.goto(url + '/applications');
  const cell = page.locator('#appointments');
  await cell.waitFor();
  assert.ok((await cell.innerText()).includes(number));
  await shot(page, `${name}/22-mine-with-booking`);

  // 取消预约, after a confirmation.
  await cell.getByRole('link').first().click();
  await page.getByRole('button', { name: '取消预约' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '取消预约' }).click();
  await heading(page, '预约窗口办理').waitFor();
  await page.getByRole('button', { name: '确认预约' }).waitFor();
  assert.ok((await page.locator('#app main').innerText()).includes('已取消'));
  return number;
}

for (const [name, p] of Object.entries(PROVINCES)) {
  test(`${name}: the whole journey with its own steps, a reload at each`, async () => {
    mkdirSync(join(SCREENS, name), { recursive: true });
    const server = await startServer({ args: ['--profile', name] });
    const { ctx, page } = await newPhone(browser);
    try {
      await startFromHome(page, server.url);
      await shot(page, `${name}/01-notice`);
      assert.ok((await page.locator('#app main').innerText()).includes(p.keyPoint), 'the province\'s own notice');
      await reloadKeeps(page, '业务须知', p);
      await page.getByLabel('我已阅读并同意').check();
      await page.getByRole('button', { name: '下一步' }).click();
      await reloadKeeps(page, '能否在线办理', p);
      await answerEligibility(page, { born: '1990-01-01', district: p.resident.hukou.slice(1) });
      await heading(page, '手机验证').waitFor();
      await verifyPhone(page);
      await heading(page, '填写信息').waitFor();
      await reloadKeeps(page, '填写信息', p);
      await fillForm(page, { delivery: 'pickup', ...p.resident, shotName: `${name}/04-form` });
      if (p.steps.includes('上传户口本')) {
        await reloadKeeps(page, '上传户口本', p);
        await uploadPhotos(page, {}, { cardPhoto: false });
      }
      await heading(page, '证件照片').waitFor();
      await reloadKeeps(page, '证件照片', p);
      await chooseCardPhoto(page, { receipt: p.receipt, shotName: `${name}/05-card-photo` });
      await heading(page, '人脸识别').waitFor();
      await reloadKeeps(page, '人脸识别', p);
      await doLiveness(page, '通过');
      await heading(page, '核对信息').waitFor();
      await reloadKeeps(page, '核对信息', p);
      const review = await page.locator('#card-photo').innerText();
      assert.ok(p.receipt ? review.includes(p.receipt) : review.includes('用上次办证时的照片'), review);
      await shot(page, `${name}/07-review`);
      const number = await submitFromReview(page);
      await shot(page, `${name}/08-done`);
      assert.match(number, /^BL/);
    } catch (e) {
      await shot(page, `${name}/99-failed-journey`);
      throw e;
    } finally {
      await ctx.close();
      await server.stop();
    }
  });

  test(`${name}: a resident the rules send to a window books an appointment`, async () => {
    mkdirSync(join(SCREENS, name), { recursive: true });
    const server = await startServer({ args: ['--profile', name] });
    const { ctx, page } = await newPhone(browser);
    try {
      await startFromHome(page, server.url);
      await page.getByLabel('我已阅读并同意').check();
      await page.getByRole('button', { name: '下一步' }).click();
      const w = p.window;
      if (w.born) {
        // 能否在线办理 says so before any SMS, and offers the booking.
        await answerEligibility(page, { born: w.born, district: w.district, province: w.province });
        await heading(page, '请到办证中心窗口办理').waitFor();
        assert.equal(await page.locator(`[data-reason=${w.reason}]`).count(), 1);
        await page.getByRole('link', { name: '预约窗口办理' }).click();
        await heading(page, '预约窗口办理').waitFor();
        await page.getByRole('button', { name: '验证手机号' }).click();
        await verifyPhone(page);
      } else {
        // The register says no as soon as the name and number are typed.
        await answerEligibility(page, { born: '1990-01-01', district: w.hukou.slice(1) });
        await verifyPhone(page);
        await heading(page, '填写信息').waitFor();
        await page.getByLabel('姓名').fill(w.name);
        await page.getByLabel('公民身份号码').fill(w.id);
        const verdict = page.locator('#register-verdict');
        await verdict.waitFor();
        // Before the face check the register's details (${w.reason}) are one sentence: a
        // name and number typed do not prove whose they are.
        assert.equal(await verdict.locator('[data-reason=register_window]').count(), 1, await verdict.innerText());
        await shot(page, `${name}/10-register-says-window`);
        // 下一步 does not pretend otherwise.
        await page.getByRole('button', { name: '下一步' }).click();
        await page.locator('.error-summary').waitFor();
        await heading(page, '填写信息').waitFor();
        await verdict.getByRole('link', { name: '预约窗口办理' }).click();
      }
      await bookWindow(page, server.url, name, w.name ? w : { name: '王五', id: makeId('110101', '19900101', 77) });
    } finally {
      await ctx.close();
      await server.stop();
    }
  });
}

test('sichuan: no photo on record: the camera, where a busy background is held back', async () => {
  const server = await startServer();
  const { ctx, page } = await newPhone(browser);
  try {
    await startFromHome(page, server.url);
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await answerEligibility(page, { born: '1988-08-08', district: ['成都市', '锦江区'] });
    await verifyPhone(page);
    await fillForm(page, {
      delivery: 'pickup', name: '李娜', id: makeId('510104', '19880808', 123),
      hukou: ['四川省', '成都市', '锦江区'], shotName: 'sichuan/30-form-camera',
    });
    await uploadPhotos(page, {}, { cardPhoto: false });
    await heading(page, '证件照片').waitFor();
    await page.locator('#no-on-record').waitFor();
    // The camera is the only way left, so it is chosen; it opens on the rear camera:
    // someone else takes the card photo (seed 001: 切勿自拍).
    assert.equal(await page.getByLabel('现在用手机拍摄').isChecked(), true);
    const slot = page.locator('#f-card_photo');
    assert.equal(await slot.locator('input[data-slot-input=camera]').getAttribute('capture'), 'environment');
    const pick = async (jpeg) => slot.locator('input[data-slot-input=album]').setInputFiles({
      name: 'me.jpg', mimeType: 'image/jpeg', buffer: jpeg,
    });
    await pick(await makePortrait(page, { busy: true }));
    await slot.getByText('背景不是纯色').waitFor({ timeout: 30000 });
    assert.equal(await slot.getByRole('button', { name: '仍然上传' }).count(), 1);
    await shot(page, 'sichuan/31-card-photo-busy');
    await pick(await makePortrait(page));
    await slot.locator('.uploaded').waitFor({ timeout: 30000 });
    assert.equal(await slot.getByText('背景不是纯色').count(), 0);
    await shot(page, 'sichuan/32-card-photo-camera');
    await page.getByRole('button', { name: '下一步' }).click();
    await heading(page, '人脸识别').waitFor();
    await doLiveness(page, '通过');
    await heading(page, '核对信息').waitFor();
    assert.ok((await page.locator('#card-photo').innerText()).includes('现在用手机拍摄'));
    await submitFromReview(page);
  } finally {
    await ctx.close();
    await server.stop();
  }
});
