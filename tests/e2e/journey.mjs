// What a citizen does, step by step, through the real UI. Shared by the e2e tests.
import assert from 'node:assert/strict';
import { ADMIN_TOKEN, screenshot } from './harness.mjs';

/** A valid 18-digit ID number (ISO 7064 MOD 11-2 check character). */
export function makeId(region6, yyyymmdd, seq3) {
  const body = `${region6}${yyyymmdd}${String(seq3).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}

let phoneSeq = 0;
/** A fresh mobile number per applicant, so SMS cooldowns never collide. */
export function freshPhone() {
  phoneSeq += 1;
  return `139${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

/** The test residents of the mock register (the README's table). */
export const PROVINCES = {
  sichuan: {
    resident: { name: '张伟', id: makeId('510107', '19900517', 123), hukou: ['四川省', '成都市', '武侯区'] },
    // A child applies online through a guardian here; someone registered elsewhere goes
    // to a window (异地补领).
    window: { born: '1990-01-01', province: '北京市', district: ['北京市', '东城区'], reason: 'outside_province' },
    steps: ['业务须知', '能否在线办理', '手机验证', '填写信息', '上传户口本', '证件照片', '人脸识别', '核对信息'],
    keyPoint: '四川省',
  },
  shanghai: {
    resident: { name: '陈静', id: makeId('310101', '19910307', 123), hukou: ['上海市', '上海市', '黄浦区'] },
    window: { name: '刘洋', id: makeId('310104', '19850909', 123), hukou: ['上海市', '上海市', '徐汇区'], reason: 'card_too_old' },
    steps: ['业务须知', '能否在线办理', '手机验证', '填写信息', '证件照片', '人脸识别', '核对信息'],
    keyPoint: '无需上传户口本',
  },
  guangdong: {
    resident: { name: '黄伟', id: makeId('440106', '19860102', 123), hukou: ['广东省', '广州市', '天河区'] },
    receipt: 'GD4401062026110001',
    window: { name: '林晓', id: makeId('440104', '19920707', 123), hukou: ['广东省', '广州市', '越秀区'], reason: 'no_fingerprints' },
    steps: ['业务须知', '能否在线办理', '手机验证', '填写信息', '证件照片', '人脸识别', '核对信息'],
    keyPoint: '广东',
  },
};

export async function shot(page, name, care = false) {
  await screenshot(page, care ? `${name}-care` : name);
}

export async function startFromHome(page, url) {
  await page.goto(url + '/');
  await page.getByRole('switch', { name: '关怀版' }).waitFor();
  await page.getByRole('link', { name: '开始办理' }).click();
  await page.getByRole('heading', { name: '业务须知', level: 1 }).waitFor();
}

/** 业务须知 agreed, then 能否在线办理 answered for an adult with a 成都 户籍. */
export async function agreeNotice(page, name = 'notice') {
  await shot(page, `02-${name}`);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page);
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
}

/** 能否在线办理: 户籍 (四川省 is chosen already), birth date, lost or stolen. */
export async function answerEligibility(page, { born = '1990-05-17', district = ['成都市', '武侯区'], reason = '丢失', province } = {}) {
  await page.getByRole('heading', { name: '能否在线办理', level: 1 }).waitFor();
  const group = page.getByRole('group', { name: '户籍所在地' });
  if (province) await group.getByLabel('省').selectOption({ label: province });
  await group.getByLabel('市').selectOption({ label: district[0] });
  await group.getByLabel('区/县').selectOption({ label: district[1] });
  await page.getByLabel('出生日期').fill(born);
  await page.getByLabel(reason).check();
  await shot(page, '02-eligibility');
  await page.getByRole('button', { name: '下一步' }).click();
}

export async function verifyPhone(page, phone = freshPhone()) {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const banner = page.locator('.dev-code');
  await banner.waitFor();
  const code = (await banner.innerText()).match(/(\d{6})/)[1];
  await page.getByLabel('验证码').fill(code);
  await shot(page, '03-verify');
  await page.getByRole('button', { name: '下一步' }).click();
  return phone;
}

export const APPLICANT = {
  name: '张伟',
  id: makeId('510107', '19900517', 123),
};

/** Chooses province → city → district by their visible names. */
export async function chooseRegion(page, legend, [province, city, district]) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('省').selectOption({ label: province });
  await group.getByLabel('市').selectOption({ label: city });
  await group.getByLabel('区/县').selectOption({ label: district });
}

export async function fillForm(page, {
  delivery = 'ems', name = APPLICANT.name, id = APPLICANT.id, hukou = ['四川省', '成都市', '武侯区'],
  address = '春熙路街道红星路三段1号5栋2单元301', to = ['四川省', '成都市', '锦江区'],
  shotName = `04-form-${delivery}`,
} = {}) {
  await page.getByRole('heading', { name: '填写信息', level: 1 }).waitFor();
  await page.getByLabel('姓名').fill(name);
  await page.getByLabel('公民身份号码').fill(id);
  await chooseRegion(page, '户籍所在地', hukou);
  await page.getByLabel('丢失').check();
  if (delivery === 'ems') {
    await page.getByLabel('邮寄到家').check();
    await page.getByLabel('收件人', { exact: true }).fill(name);
    await page.getByLabel('收件人电话').fill('+86 138-0000-1234');
    await chooseRegion(page, '收件地址', to);
    await page.getByLabel('详细地址').fill(address);
  } else {
    await page.getByLabel('到办证中心自取').check();
    await page.getByLabel('办证中心', { exact: true }).selectOption({ index: 1 });
  }
  await shot(page, shotName);
  await page.getByRole('button', { name: '下一步' }).click();
}

/**
 * A photo of a person for the card, drawn by the browser's canvas: head and shoulders
 * on a light wall, or (busy) in front of shelves.
 */
export async function makePortrait(page, { busy = false } = {}) {
  const b64 = await page.evaluate(async (busy) => {
    const c = document.createElement('canvas');
    c.width = 900; c.height = 1200;
    const g = c.getContext('2d');
    const wall = g.createLinearGradient(0, 0, 900, 0);
    wall.addColorStop(0, '#f2f4f6'); wall.addColorStop(1, '#e3e6ea');
    g.fillStyle = wall; g.fillRect(0, 0, 900, 1200);
    if (busy) {
      for (let x = 0; x < 900; x += 64) {
        for (let y = 0; y < 1200; y += 150) {
          g.fillStyle = ['#7a4b2a', '#2f5d8a', '#c9a227', '#444'][((x / 64) + (y / 150)) % 4];
          g.fillRect(x, y, 40, 120);
        }
      }
    }
    g.fillStyle = '#3b2a20';
    g.beginPath(); g.ellipse(450, 460, 180, 250, 0, 0, Math.PI * 2); g.fill();
    g.fillStyle = '#d9b8a0';
    g.beginPath(); g.ellipse(450, 500, 150, 200, 0, 0, Math.PI * 2); g.fill();
    g.fillStyle = '#1f2a44';
    g.fillRect(90, 860, 720, 340);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s);
  }, busy);
  return Buffer.from(b64, 'base64');
}

/** A household-register-like JPEG drawn by the browser's own canvas. */
export async function makeJpeg(page, { width = 1600, height = 1200, blur = 0 } = {}) {
  const b64 = await page.evaluate(async ({ width, height, blur }) => {
    const c = document.createElement('canvas');
    c.width = width; c.height = height;
    const g = c.getContext('2d');
    if (blur) g.filter = `blur(${blur}px)`;
    g.fillStyle = '#f4efe4'; g.fillRect(0, 0, width, height);
    g.strokeStyle = '#333'; g.lineWidth = 3;
    for (let y = 120; y < height - 80; y += 90) { g.beginPath(); g.moveTo(80, y); g.lineTo(width - 80, y); g.stroke(); }
    for (let x = 80; x < width; x += 360) { g.beginPath(); g.moveTo(x, 120); g.lineTo(x, height - 170); g.stroke(); }
    g.fillStyle = '#111'; g.font = '48px sans-serif';
    g.fillText('常住人口登记表', 100, 90);
    const blob = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.85));
    const buf = new Uint8Array(await blob.arrayBuffer());
    let s = ''; for (const b of buf) s += String.fromCharCode(b);
    return btoa(s);
  }, { width, height, blur });
  return Buffer.from(b64, 'base64');
}

/** 上传户口本, both pages; then, in the wizard, 证件照片 too unless `cardPhoto` is false. */
export async function uploadPhotos(page, size = {}, { cardPhoto = true } = {}) {
  await page.getByRole('heading', { name: '上传户口本', level: 1 }).waitFor();
  // The four example pictures are there and really load (files served, CSP allows them).
  const examples = page.getByRole('region', { name: '拍摄示例' }).getByRole('listitem');
  await examples.nth(3).waitFor();
  assert.deepEqual(await examples.allTextContents(), ['✓ 正确示例：完整清晰', '✗ 错误示例：缺角', '✗ 错误示例：模糊', '✗ 错误示例：反光']);
  await page.waitForFunction(() => [...document.querySelectorAll('.photo-examples img')].every((i) => i.complete && i.naturalWidth > 0));
  const jpeg = await makeJpeg(page, size);
  for (const slot of ['register_home', 'register_self']) {
    await page.locator(`#f-${slot} input[data-slot-input=album]`).setInputFiles({
      name: `${slot}.jpg`, mimeType: 'image/jpeg', buffer: jpeg,
    });
    await page.locator(`#f-${slot} .uploaded`).waitFor({ timeout: 30000 });
  }
  await shot(page, '05-photos');
  await page.getByRole('button', { name: '下一步' }).click();
  // In the wizard the card photo comes next; a correction goes where it must.
  await page.waitForURL((u) => u.pathname !== '/photos');
  if (cardPhoto && new URL(page.url()).pathname === '/card-photo') await chooseCardPhoto(page);
}

/**
 * 证件照片: the register's photo of the last card (confirmed as one's own), a photo
 * receipt number when given, or (no photo on record) one taken with the camera.
 */
export async function chooseCardPhoto(page, { receipt, shotName = '05b-card-photo' } = {}) {
  await page.getByRole('heading', { name: '证件照片', level: 1 }).waitFor();
  if (receipt) {
    const source = page.getByLabel('填写相片采集回执号');
    if (await source.count()) await source.check();
    await page.getByLabel(/回执号（图像号）/).fill(receipt);
  } else {
    const source = page.getByLabel('用上次办证时的照片');
    const none = page.locator('#no-on-record');
    await source.or(none).first().waitFor();
    if (await none.isVisible()) {
      // Not in the register (or no usable photo there): the camera, the only way left.
      await page.locator('#f-card_photo input[data-slot-input=album]').setInputFiles({
        name: 'me.jpg', mimeType: 'image/jpeg', buffer: await makePortrait(page),
      });
      await page.locator('#f-card_photo .uploaded').waitFor({ timeout: 30000 });
      await shot(page, shotName);
      await page.getByRole('button', { name: '下一步' }).click();
      await page.waitForURL((u) => u.pathname !== '/card-photo');
      return;
    }
    await source.check();
    await page.locator('.on-record img').waitFor();
    await page.waitForFunction(() => document.querySelector('.on-record img')?.naturalWidth > 0);
    await page.getByLabel('照片中是我本人').check();
  }
  await shot(page, shotName);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.waitForURL((u) => u.pathname !== '/card-photo');
}

/** The mock vendor's page: 通过 / 不通过 / 取消. */
export async function doLiveness(page, outcome = '通过') {
  await page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  await page.getByLabel('我同意采集人脸信息用于本人身份核验').check();
  await shot(page, '06-liveness');
  await page.getByRole('button', { name: '开始人脸识别' }).click();
  await page.waitForURL(/\/mock-vendor\/liveness\//);
  await shot(page, '06-liveness-vendor');
  await page.getByRole('button', { name: outcome, exact: true }).click();
}

/** A fresh applicant from 首页 to the 人脸识别 step; returns the phone number used. */
export async function applyUntilLiveness(page, url, { delivery = 'pickup' } = {}) {
  await startFromHome(page, url);
  await agreeNotice(page);
  const phone = await verifyPhone(page);
  await fillForm(page, { delivery });
  await uploadPhotos(page);
  await page.getByRole('heading', { name: '人脸识别', level: 1 }).waitFor();
  return phone;
}

export async function submitFromReview(page) {
  await page.getByRole('heading', { name: '核对信息', level: 1 }).waitFor();
  await shot(page, '07-review');
  await page.getByLabel('本人承诺所填信息真实有效').check();
  await page.getByRole('button', { name: '提交申请' }).click();
  await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
  const number = (await page.locator('#app-number').innerText()).trim();
  assert.match(number, /^[A-Z0-9-]{6,20}$/);
  await shot(page, '08-done');
  return number;
}

export async function admin(server, method, path, body) {
  const r = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

/** All applications as the officer sees them. */
export async function allApplications(server) {
  const r = await admin(server, 'GET', '/api/v1/admin/applications');
  assert.equal(r.status, 200);
  return r.body;
}

/** 预约窗口办理 asks whose booking it is: fills the name and ID number unless the
 *  reissue's answers already did. */
export async function whoBooks(page, { name, id }) {
  const nameField = page.getByLabel('办证人姓名');
  if (!(await nameField.inputValue())) await nameField.fill(name);
  const idField = page.getByLabel('办证人公民身份号码');
  if (!(await idField.inputValue())) await idField.fill(id);
}

/**
 * A resident of one of PROVINCES from 首页 to 提交成功, through that profile's own steps
 * (the 户口本 only where it asks for it, its photo source); returns the application
 * number and the phone number signed in with.
 */
export async function applyIn(page, url, p, { delivery = 'pickup', address, shotName } = {}) {
  await startFromHome(page, url);
  await page.getByLabel('我已阅读并同意').check();
  await page.getByRole('button', { name: '下一步' }).click();
  await answerEligibility(page, { born: '1990-01-01', district: p.resident.hukou.slice(1) });
  await page.getByRole('heading', { name: '手机验证', level: 1 }).waitFor();
  const phone = await verifyPhone(page);
    // Posted to where the resident lives: the courier's scans stay in the province.
  await fillForm(page, {
    delivery, ...p.resident, to: p.resident.hukou, ...(address ? { address } : {}), ...(shotName ? { shotName } : {}),
  });
  if (p.steps.includes('上传户口本')) await uploadPhotos(page, {}, { cardPhoto: false });
  await chooseCardPhoto(page, { receipt: p.receipt });
  await doLiveness(page, '通过');
  const number = await submitFromReview(page);
  return { number, phone };
}
