// Every province reads its own words: the pages anyone can open (首页 as the server
// paints it and as the app adopts it, 业务须知, 能否在线办理, 急需用证, 物流查询, 挂失)
// under each built-in profile, read as the citizen reads them, with no fact of another
// province in them and the facts of their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, phoneContext, screenshot, startServer } from './harness.mjs';

// Another province's facts: its names, places and services, and the rules only it has.
// A fact of the profile's own is allowed on its pages, so each list is what the OTHER
// profiles must never say.
const SICHUAN = ['四川', '成都', '武侯', '微户政', '临时居民身份证'];
const SHANGHAI = ['上海', '随申', '浦东', '黄浦', '掌上智能拍'];
const GUANGDONG = ['广东', '全程网办', '粤居码', '粤'];
const foreign = {
  sichuan: [...SHANGHAI, ...GUANGDONG],
  // Shanghai makes the card in 4–5 working days, not the 15–20 of the others.
  shanghai: [...SICHUAN, ...GUANGDONG, '15 到 20', '15–20'],
  guangdong: [...SICHUAN, ...SHANGHAI],
};
// A province's own facts, page by page: what its citizens must be told.
const own = {
  sichuan: { home: ['四川省户籍', '监护人', '户口本'], urgent: ['临时居民身份证', '15 到 20'] },
  shanghai: { home: ['上海市户籍', '无需上传材料'], urgent: ['4 到 5', '咨询电话'], loss: ['派出所'] },
  guangdong: { home: ['广东省户籍', '数字相片采集回执'], urgent: ['咨询电话'] },
};
// On every page of every province: no price of nothing (邮寄到家另加0元).
const zeroYuan = /(^|[^0-9.])0元/;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const heading = (page, name) => page.getByRole('heading', { name, level: 1 });
// A page's main text as read: a list to choose from (every province for 户籍) reads as
// its choice, not as every option it offers.
// Every expander opened first: what a citizen can read, not only what shows at first.
const readMain = (page) => page.locator('#app main').evaluate((main) => {
  for (const details of main.querySelectorAll('details')) details.open = true;
  let text = main.innerText;
  for (const select of main.querySelectorAll('select')) {
    text = text.replace(select.innerText, select.selectedOptions[0]?.text ?? '');
  }
  return text;
});

/** The text of each page the way it shows, for one profile. */
async function readPages(profile) {
  const server = await startServer({ args: ['--profile', profile] });
  const ctx = await phoneContext(browser);
  const page = await ctx.newPage();
  const pages = {};
  try {
    // What the server paints before any script runs.
    // What the server paints before any script runs: the shell down to its status line
    // (the error blocks after it are hidden until something fails).
    const html = await (await fetch(server.url + '/')).text();
    const shell = html.slice(html.indexOf('<main id="shell"'), html.indexOf('id="shell-status"'));
    pages.shell = shell.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ');
    pages.who = /<p id="home-who">([^<]*)<\/p>/.exec(shell)?.[1] ?? '';
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.__appStarted);
    await page.getByRole('switch', { name: '关怀版' }).waitFor();
    pages.home = await page.locator('#shell').innerText();
    await screenshot(page, `18-${profile}-home`);
    const visit = async (name, path, title) => {
      await page.goto(server.url + path);
      await heading(page, title).waitFor();
      pages[name] = await readMain(page);
      await screenshot(page, `18-${profile}-${name}`);
    };
    await visit('notice', '/notice', '业务须知');
    // 能否在线办理: after the notice, as a citizen reaches it.
    await page.getByLabel('我已阅读并同意').check();
    await page.getByRole('button', { name: '下一步' }).click();
    await heading(page, '能否在线办理').waitFor();
    pages.eligibility = await readMain(page);
    await visit('urgent', '/urgent', '急需用证怎么办');
    await visit('tracking', '/tracking', '物流进度查询');
    await visit('loss', '/loss-report', '挂失身份证');
  } finally {
    await ctx.close();
    await server.stop();
  }
  return pages;
}

/** Every fact out of place, as "page: fact". */
function misplaced(profile, pages) {
  const found = [];
  for (const [name, text] of Object.entries(pages)) {
    for (const fact of foreign[profile]) if (text.includes(fact)) found.push(`${name}: ${fact}`);
    if (zeroYuan.test(text)) found.push(`${name}: 0元`);
  }
  const home = `${pages.shell}\n${pages.home}`;
  // 首页 asks for a 户口本 only where the journey has a 户口本 step (Sichuan).
  if (profile !== 'sichuan' && home.includes('户口本')) found.push('home: 户口本');
  for (const [name, facts] of Object.entries(own[profile])) {
    const text = name === 'home' ? home : pages[name];
    for (const fact of facts) if (!text.includes(fact)) found.push(`${name}: missing ${fact}`);
  }
  return found;
}

for (const profile of ['sichuan', 'shanghai', 'guangdong']) {
  test(`${profile}: every public page in its own province's words`, async () => {
    const pages = await readPages(profile);
    assert.deepEqual(misplaced(profile, pages), [], `${profile}'s pages say another province's facts or miss their own`);
    // The server's first paint is the app's 首页: the same words, nothing redrawn.
    assert.ok(pages.who.length > 10 && pages.home.includes(pages.who), `${pages.who} | ${pages.home}`);
  });
}
