// The citizen's journey in WebKit (iOS WeChat's engine), at 390×844, with the same steps
// as the Chromium run (tests/e2e/journey.mjs): both delivery choices through 提交成功,
// 我的办件, the officer's approval and the fee, a reload mid-flow, 关怀版, and the photo
// checks in the browser (a blurred page held back, a sharp one uploaded). Screenshots
// under target/e2e-screens/webkit/.
//
// Nothing in red: the server logs every request with its status, and no request of the
// journey may fail (WebDriver gives no console in WebKitGTK, so failed requests are read
// where they are answered); uncaught errors and console.error calls are recorded by the
// page itself from each load on (webdriver.mjs, `record`).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer, SCREENS } from '../e2e/harness.mjs';
import {
  admin, agreeNotice, doLiveness, fillForm, makeJpeg, startFromHome, submitFromReview,
  uploadPhotos, verifyPhone,
} from '../e2e/journey.mjs';
import { newWebKitPage, startDriver } from './webdriver.mjs';

const screens = join(SCREENS, 'webkit');
let server;
let driver;
let open;

before(async () => {
  // The request log is how failed requests are seen (see above).
  process.env.RUST_LOG = 'warn,reissue_server::request=info';
  server = await startServer();
  driver = await startDriver();
});
// A failed test's window is closed too: WebKitWebDriver holds one session at a time.
afterEach(async () => {
  await open?.close().catch(() => {});
  open = null;
});
after(async () => {
  await driver?.stop();
  await server?.stop();
});

const heading = (page, name) => page.getByRole('heading', { name, level: 1 });

/** Requests the server answered 4xx/5xx since `fromLine` of its request log. */
function redRequests(fromLine) {
  const requests = server.logs().split('\n').slice(fromLine).filter((l) => /reissue_server::request/.test(l));
  // The journey's own requests are in the log, so finding none failed means something.
  assert.ok(requests.length > 20, `the request log is read (${requests.length} lines)`);
  return requests.filter((l) => / [45]\d\d \d+ms/.test(l));
}
const logLine = () => server.logs().split('\n').length;



async function phone() {
  const page = await newWebKitPage(driver, { screens, start: server.url + '/api/v1/health' });
  open = page;
  const size = await page.exec('return [innerWidth, innerHeight]');
  assert.deepEqual(size, [390, 844], 'a phone-sized viewport');
  return page;
}

/**
 * A household-register page out of focus, drawn by WebKit's canvas. WebKit has no canvas
 * `filter`, so the blur is made the way a lens makes it, by losing detail: the page is
 * drawn an eighth of its size and stretched back.
 */
async function makeBlurredJpeg(page) {
  const b64 = await page.evaluate(async () => {
    const small = document.createElement('canvas');
    small.width = 200; small.height = 150;
    const s = small.getContext('2d');
    s.fillStyle = '#f4efe4'; s.fillRect(0, 0, 200, 150);
    s.strokeStyle = '#333'; s.lineWidth = 0.4;
    for (let y = 15; y < 140; y += 11) { s.beginPath(); s.moveTo(10, y); s.lineTo(190, y); s.stroke(); }
    s.fillStyle = '#111'; s.font = '6px sans-serif'; s.fillText('常住人口登记表', 12, 11);
    const c = document.createElement('canvas');
    c.width = 1600; c.height = 1200;
    const g = c.getContext('2d');
    g.imageSmoothingEnabled = true;
    g.drawImage(small, 0, 0, 1600, 1200);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.85));
    const buf = new Uint8Array(await blob.arrayBuffer());
    let out = ''; for (const b of buf) out += String.fromCharCode(b);
    return btoa(out);
  });
  return Buffer.from(b64, 'base64');
}

async function pay(page, number) {
  const r = await admin(server, 'POST', `/api/v1/admin/applications/${number}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await page.goto(`${server.url}/applications/${number}`);
  await page.getByRole('button', { name: '去缴费' }).click();
  await page.waitForURL(/\/mock-vendor\/payment\//);
  await page.getByRole('button', { name: '支付', exact: true }).click();
  await heading(page, '缴费结果').waitFor();
  await page.getByText('缴费成功').waitFor();
  await page.screenshot({ path: 'w-paid.png' });
}

test('WebKit: EMS from 首页 to 提交成功, a reload mid-flow, then approved and paid; nothing in red', async () => {
  const page = await phone();
  const from = logLine();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'ems' });
  await heading(page, '上传户口本').waitFor();
  // A reload mid-flow: the same step, every answer still there.
  await page.reload();
  await heading(page, '上传户口本').waitFor();
  await page.goto(server.url + '/form');
  await heading(page, '填写信息').waitFor();
  assert.equal(await page.getByLabel('姓名').inputValue(), '张伟');
  await page.getByRole('button', { name: '下一步' }).click();
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  const review = await page.locator('#app main').innerText();
  assert.ok(review.includes('邮寄到家') && review.includes('60元'), review);
  const number = await submitFromReview(page);
  await page.goto(server.url + '/applications');
  await page.getByText(number).waitFor();
  await page.screenshot({ path: 'w-mine.png' });
  await pay(page, number);
  assert.deepEqual(redRequests(from), [], 'no request failed');
  assert.deepEqual(await page.harvest(), [], 'no script error');
});

test('WebKit: pickup at an office, all of it in 关怀版', async () => {
  const page = await phone();
  const from = logLine();
  await page.goto(server.url + '/');
  await page.getByRole('switch', { name: '关怀版' }).click();
  await page.waitForFunction(() => document.documentElement.classList.contains('care'));
  await page.getByRole('link', { name: '开始办理' }).click();
  await heading(page, '业务须知').waitFor();
  await agreeNotice(page, 'notice-care');
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup', shotName: 'w-form-pickup-care' });
  await uploadPhotos(page);
  await doLiveness(page, '通过');
  await heading(page, '核对信息').waitFor();
  assert.ok(await page.exec('return document.documentElement.classList.contains("care")'), '关怀版 all the way');
  // Nothing under 18 px in 关怀版, as in Chromium.
  const small = await page.exec(`return [...document.querySelectorAll('#app *')]
    .filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((e) => e.getClientRects().length && parseFloat(getComputedStyle(e).fontSize) < 18)
    .map((e) => e.textContent.trim().slice(0, 20))`);
  assert.deepEqual(small, []);
  const wide = await page.exec('return document.documentElement.scrollWidth');
  assert.ok(wide <= 390, `nothing wider than the phone (${wide}px)`);
  await page.screenshot({ path: 'w-review-care.png' });
  const number = await submitFromReview(page);
  assert.match(number, /^[A-Z0-9-]+$/);
  assert.deepEqual(redRequests(from), [], 'no request failed');
  assert.deepEqual(await page.harvest(), [], 'no script error');
});

test('WebKit: the photo checks run in the browser: a blurred page is held back, a sharp one from the camera input uploaded', async () => {
  const page = await phone();
  await startFromHome(page, server.url);
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page, { delivery: 'pickup' });
  await heading(page, '上传户口本').waitFor();
  // The page's recorder hears what a reviewer would see in red (so its silence means
  // something).
  await page.exec('console.error("recorder check")');
  assert.deepEqual(await page.harvest(), ['console: recorder check']);
  page.recorded.length = 0;
  const slot = page.locator('#f-register_home');
  await slot.locator('input[data-slot-input=album]').setInputFiles({
    name: 'blurred.jpg', mimeType: 'image/jpeg', buffer: await makeBlurredJpeg(page),
  });
  await slot.getByText('照片模糊，请在光线充足处对焦后重拍。').waitFor({ timeout: 30000 });
  assert.equal(await slot.getByRole('button', { name: '仍然上传' }).count(), 1);
  await page.exec('document.getElementById("f-register_home").scrollIntoView()');
  await page.screenshot({ path: 'w-photo-blurred.png' });
  // The sharp one through 拍照, the camera's input (the file a camera would give).
  await slot.locator('input[data-slot-input=camera]').setInputFiles({
    name: 'sharp.jpg', mimeType: 'image/jpeg', buffer: await makeJpeg(page),
  });
  await slot.locator('.uploaded').waitFor({ timeout: 30000 });
  assert.equal(await slot.getByText('照片模糊').count(), 0);
  await page.exec('document.getElementById("f-register_home").scrollIntoView()');
  await page.screenshot({ path: 'w-photo-sharp.png' });
  assert.deepEqual(await page.harvest(), []);
});
