// The photo pipeline is its own wasm, loaded only at the upload step and run in a
// worker; where a worker cannot draw (no OffscreenCanvas, as in WebKit before 16.4) the
// page runs the same wasm itself; if it cannot be downloaded the user is told so and
// can pick again once the network is back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPhone as newPhoneIn } from './harness.mjs';
import {
  agreeNotice, fillForm, makeJpeg, shot, startFromHome, verifyPhone,
} from './journey.mjs';

const env = useServerAndBrowser();
const newPhone = (opts) => newPhoneIn(env.browser, opts);

/** A fresh applicant at 上传户口本, with every request the page made so far. */
async function atPhotos(page) {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await startFromHome(page, env.server.url);
  await page.waitForLoadState('networkidle');
  const firstLoad = [...requests];
  await agreeNotice(page);
  await verifyPhone(page);
  await fillForm(page);
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  return { requests, firstLoad };
}

const slot = (page, name) => page.locator(`#f-${name}`);

async function pick(page, name, jpeg) {
  await slot(page, name).locator('input[data-slot-input=album]').setInputFiles({
    name: `${name}.jpg`, mimeType: 'image/jpeg', buffer: jpeg,
  });
}

/** A blurred page is held back with the reason and 仍然上传; a sharp one is uploaded. */
async function blurredHeldSharpUploaded(page, label) {
  await pick(page, 'register_home', await makeJpeg(page, { blur: 8 }));
  await slot(page, 'register_home').getByText('照片模糊，请在光线充足处对焦后重拍。').waitFor({ timeout: 30000 });
  assert.equal(await slot(page, 'register_home').getByRole('button', { name: '仍然上传' }).count(), 1, label);
  await shot(page, `80-photo-blurred-${label}`);
  await pick(page, 'register_home', await makeJpeg(page));
  await slot(page, 'register_home').locator('.uploaded').waitFor({ timeout: 30000 });
  assert.equal(await slot(page, 'register_home').getByText('照片模糊').count(), 0, label);
}

test('the pipeline is not in the first load; at the upload step it runs in a worker', async () => {
  const { ctx, page } = await newPhone();
  const workers = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  const { requests, firstLoad } = await atPhotos(page);
  assert.deepEqual(firstLoad.filter((p) => p.includes('photo')), [], '首页 loads none of it');
  await blurredHeldSharpUploaded(page, 'worker');
  assert.deepEqual(workers, ['/photo-worker-loader.js']);
  assert.ok(requests.includes('/photo-worker_bg.wasm'), 'the worker loaded its wasm');
  assert.ok(!requests.includes('/photo-page.js'), 'the page did not load its own copy');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

test('without OffscreenCanvas the page runs the same pipeline itself', async () => {
  const { ctx, page } = await newPhone();
  await ctx.addInitScript(() => { delete globalThis.OffscreenCanvas; });
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  const { requests } = await atPhotos(page);
  await blurredHeldSharpUploaded(page, 'page');
  assert.deepEqual(workers, [], 'no worker started');
  assert.ok(requests.includes('/photo-page.js') && requests.includes('/photo-worker_bg.wasm'));
  assert.deepEqual(page.errors, []);
  await ctx.close();
});

for (const where of ['worker', 'page']) test(`a pipeline that cannot be downloaded says so; picking again works once it can (${where})`, async () => {
  const { ctx, page } = await newPhone();
  if (where === 'page') await ctx.addInitScript(() => { delete globalThis.OffscreenCanvas; });
  await page.route('**/photo-worker_bg.wasm', (route) => route.abort('internetdisconnected'));
  await atPhotos(page);
  await pick(page, 'register_self', await makeJpeg(page));
  await slot(page, 'register_self').getByText('网络不稳定，照片没能检查。请检查网络后重新选择照片').waitFor({ timeout: 30000 });
  await shot(page, `81-photo-unavailable-${where}`);
  await page.unroute('**/photo-worker_bg.wasm');
  await pick(page, 'register_self', await makeJpeg(page));
  await slot(page, 'register_self').locator('.uploaded').waitFor({ timeout: 30000 });
  // Back on 填写信息, what was typed is still there.
  await page.goBack();
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  assert.notEqual(await page.locator('#f-name').inputValue(), '');
  assert.deepEqual(page.errors, []);
  await ctx.close();
});
