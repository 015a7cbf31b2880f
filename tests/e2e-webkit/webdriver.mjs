// WebKit (the engine of iOS WeChat and every iOS browser) for the e2e tests: WebKitGTK's
// MiniBrowser driven through WebKitWebDriver over the W3C WebDriver protocol, with a page
// object that speaks the part of Playwright's locator API the journey helpers use
// (tests/e2e/journey.mjs), so the very same steps run in both engines.
//
// Elements are found in the page by role, accessible name, label or text (a small
// resolver below, in the page's own JS), then acted on through WebDriver's element
// commands: clicks and typing are the browser's own input events, files go through the
// file input's send-keys endpoint. Selecting an option and setting a date are done the
// way a script does (value + input/change events): WebKitGTK's native pickers cannot be
// driven under WebDriver.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import net from 'node:net';

export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WINDOW = { width: 390, height: 844 };
const TIMEOUT_MS = 30_000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
    s.on('error', fail);
  });
}

/** WebKitWebDriver on a free port; needs a display (`xvfb-run`, as `make e2e-webkit` does). */
export async function startDriver() {
  const port = await freePort();
  const child = spawn(process.env.WEBKIT_DRIVER || 'WebKitWebDriver', [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout.on('data', (d) => { logs += d; });
  child.stderr.on('data', (d) => { logs += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (i > 100 || child.exitCode !== null) throw new Error(`WebKitWebDriver did not start:\n${logs}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    logs: () => logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

async function call(base, method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) {
    const e = new Error(`WebDriver ${method} ${path}: ${json.value?.error} ${json.value?.message}`);
    e.error = json.value?.error;
    throw e;
  }
  return json.value;
}

/** A new MiniBrowser window at phone size, showing `start`: its page object. */
export async function newWebKitPage(driver, { screens, start }) {
  const caps = {
    capabilities: {
      alwaysMatch: {
        // Full screen hides MiniBrowser's toolbar, whose width would hold the window
        // wider than a phone.
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--full-screen'] },
      },
    },
  };
  const session = await call(driver.base, 'POST', '/session', caps);
  const page = new WebKitPage(driver.base, session.sessionId, screens);
  await page.goto(start);
  await page.cmd('POST', '/window/rect', WINDOW);
  return page;
}

/** What the resolver in the page is given: a chain of steps from the document. */
function step(kind, ...args) { return { kind, args }; }

// The resolver, run in the page: each step narrows the elements found so far. Names are
// matched as Playwright does by default (substring, case-insensitive, whitespace
// collapsed) unless `exact`; a RegExp is passed as {re, flags}.
const RESOLVE = String.raw`
const [steps] = arguments;
const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
const matches = (text, want, exact) => {
  text = norm(text);
  if (want && typeof want === 'object') return new RegExp(want.re, want.flags).test(text);
  return exact ? text === norm(want) : text.toLowerCase().includes(norm(want).toLowerCase());
};
const visible = (el) => {
  if (!el.isConnected) return false;
  const s = getComputedStyle(el);
  if (s.visibility === 'hidden' || s.display === 'none') return false;
  return el.getClientRects().length > 0;
};
const shown = (el) => {
  for (let e = el; e; e = e.parentElement) if (e.hidden || e.getAttribute('aria-hidden') === 'true') return false;
  return visible(el) || el.matches('input[type=checkbox],input[type=radio]');
};
const byId = (ids) => (ids || '').split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean);
const labelText = (el) => {
  if (el.getAttribute('aria-labelledby')) return byId(el.getAttribute('aria-labelledby')).map((e) => e.textContent).join(' ');
  if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
  const labels = el.labels ? [...el.labels] : [];
  if (labels.length) return labels.map((l) => l.textContent).join(' ');
  return '';
};
const name = (el) => {
  const l = labelText(el);
  if (l) return l;
  if (el.tagName === 'FIELDSET') { const lg = el.querySelector(':scope > legend'); return lg ? lg.textContent : ''; }
  if (el.tagName === 'INPUT' && /^(submit|button)$/.test(el.type)) return el.value;
  if (el.tagName === 'IMG') return el.alt;
  return el.textContent;
};
const ROLES = {
  heading: 'h1,h2,h3,h4,h5,h6,[role=heading]',
  button: 'button,[role=button],input[type=submit],input[type=button]',
  link: 'a[href],[role=link]',
  switch: '[role=switch]',
  checkbox: 'input[type=checkbox],[role=checkbox]',
  radio: 'input[type=radio],[role=radio]',
  group: 'fieldset,[role=group]',
  region: 'section[aria-label],section[aria-labelledby],[role=region]',
  listitem: 'li,[role=listitem]',
  alert: '[role=alert]',
  dialog: 'dialog,[role=dialog]',
  textbox: 'input:not([type]),input[type=text],input[type=tel],input[type=email],textarea',
};
const within = (roots, sel) => roots.flatMap((r) => [...r.querySelectorAll(sel)]);
let found = [document];
for (const { kind, args } of steps) {
  if (kind === 'css') found = within(found, args[0]);
  else if (kind === 'role') {
    const [role, o] = args;
    found = within(found, ROLES[role]).filter(shown).filter((el) =>
      (o.name === undefined || matches(name(el), o.name, o.exact))
      && (o.level === undefined || el.tagName === 'H' + o.level || el.getAttribute('aria-level') === String(o.level)));
  } else if (kind === 'label') {
    const [want, o] = args;
    found = within(found, 'input,select,textarea,[role=switch],[role=checkbox],[role=radio]')
      .filter((el) => el.type !== 'hidden' && matches(labelText(el), want, o.exact) && shown(el));
  } else if (kind === 'text') {
    const [want, o] = args;
    const all = within(found, '*').filter((el) => shown(el) && matches(el.textContent, want, o.exact));
    // The innermost elements with the text, as Playwright's getByText finds them.
    found = all.filter((el) => !all.some((o) => o !== el && el.contains(o)));
  } else if (kind === 'has') {
    const [want] = args;
    found = found.filter((el) => matches(el.textContent, want, false));
  } else if (kind === 'visible') found = found.filter(visible);
  else if (kind === 'nth') found = found.length > args[0] ? [found[args[0] < 0 ? found.length + args[0] : args[0]]] : [];
  else if (kind === 'or') found = [...new Set([...found, ...args[0]])];
}
return found.filter((e) => e !== document);
`;

function wire(v) {
  if (v instanceof RegExp) return { re: v.source, flags: v.flags };
  return v;
}

class Locator {
  constructor(page, steps) { this.page = page; this.steps = steps; }

  #then(...more) { return new Locator(this.page, [...this.steps, ...more]); }
  getByRole(role, o = {}) { return this.#then(step('role', role, { ...o, name: wire(o.name) })); }
  getByLabel(text, o = {}) { return this.#then(step('label', wire(text), o)); }
  getByText(text, o = {}) { return this.#then(step('text', wire(text), o)); }
  locator(css, o = {}) { return this.#then(step('css', css), ...(o.hasText ? [step('has', wire(o.hasText))] : [])); }
  nth(i) { return this.#then(step('nth', i)); }
  first() { return this.nth(0); }
  last() { return this.nth(-1); }
  or(other) { return new OrLocator(this.page, this, other); }

  async elements() { return this.page.exec(RESOLVE, this.steps); }

  async count() { return (await this.elements()).length; }

  /** The one element (the first when several match, after waiting for one). */
  async one(state = 'attached', timeout = TIMEOUT_MS) {
    let last = [];
    const ok = await this.page.poll(async () => {
      last = await this.elements();
      if (!last.length) return false;
      if (state === 'visible') return this.page.exec('return arguments[0].getClientRects().length > 0', last[0]);
      return true;
    }, timeout);
    if (!ok) throw new Error(`${this.describe()}: not found (${state}) within ${timeout} ms`);
    // A page reached by a click (a vendor's redirect back) records from here on too.
    await this.page.record();
    return last[0];
  }

  describe() { return this.steps.map((s) => `${s.kind}(${s.args.map((a) => JSON.stringify(a)).join(', ')})`).join('.'); }

  async waitFor({ state = 'visible', timeout = TIMEOUT_MS } = {}) {
    if (state === 'detached' || state === 'hidden') {
      const gone = await this.page.poll(async () => (await this.count()) === 0, timeout);
      if (!gone) throw new Error(`${this.describe()}: still there after ${timeout} ms`);
      return;
    }
    await this.one(state === 'attached' ? 'attached' : 'visible', timeout);
  }

  async isVisible() {
    const els = await this.elements();
    return els.length > 0 && this.page.exec('return arguments[0].getClientRects().length > 0', els[0]);
  }

  async click() {
    const el = await this.one('visible');
    await this.page.click(el);
  }

  async check() {
    const el = await this.one('attached');
    if (await this.page.exec('return !!arguments[0].checked', el)) return;
    // A styled box hides its input: the label is what a person taps.
    const label = await this.page.exec('const e = arguments[0]; return (e.labels && e.labels[0]) || e.closest("label") || e', el);
    await this.page.click(label);
    const checked = await this.page.poll(() => this.page.exec('return !!arguments[0].checked', el), 5000);
    if (!checked) throw new Error(`${this.describe()}: not checked after a tap on its label`);
  }

  async fill(text) {
    const el = await this.one('visible');
    const type = await this.page.exec('return arguments[0].type', el);
    if (type === 'date') {
      await this.page.exec(`const [e, v] = arguments; e.value = v;
        e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true }));`, el, text);
      return;
    }
    await this.page.cmd('POST', `/element/${el[ELEMENT]}/clear`, {});
    if (text) await this.page.cmd('POST', `/element/${el[ELEMENT]}/value`, { text });
  }

  async inputValue() { return this.page.exec('return arguments[0].value', await this.one('attached')); }

  async selectOption(o) {
    const el = await this.one('visible');
    const ok = await this.page.exec(`const [s, o] = arguments;
      const opts = [...s.options];
      const i = o.index !== undefined ? o.index : opts.findIndex((x) => x.label.trim() === o.label || x.value === o.value);
      if (i < 0 || i >= opts.length) return false;
      s.selectedIndex = i;
      s.dispatchEvent(new Event('input', { bubbles: true })); s.dispatchEvent(new Event('change', { bubbles: true }));
      return true;`, el, o);
    if (!ok) throw new Error(`${this.describe()}: no option ${JSON.stringify(o)}`);
  }

  /** `{ name, mimeType, buffer }`: written to a file, given to the input as a person picks it. */
  async setInputFiles(file) {
    const el = await this.one('attached');
    const dir = mkdtempSync(join(tmpdir(), 'webkit-upload-'));
    const path = join(dir, file.name);
    writeFileSync(path, file.buffer);
    await this.page.cmd('POST', `/element/${el[ELEMENT]}/value`, { text: path });
  }

  async innerText() { return this.page.exec('return arguments[0].innerText', await this.one('attached')); }
  async textContent() { return this.page.exec('return arguments[0].textContent', await this.one('attached')); }
  async getAttribute(name) { return this.page.exec('return arguments[0].getAttribute(arguments[1])', await this.one('attached'), name); }
  async allTextContents() {
    return Promise.all((await this.elements()).map((e) => this.page.exec('return arguments[0].textContent', e)));
  }
  async allInnerTexts() {
    return Promise.all((await this.elements()).map((e) => this.page.exec('return arguments[0].innerText', e)));
  }
  async evaluateAll(fn) { return this.page.exec(`return (${fn})(arguments[0])`, await this.elements()); }
}

class OrLocator extends Locator {
  constructor(page, a, b) { super(page, []); this.a = a; this.b = b; }
  async elements() { return [...(await this.a.elements()), ...(await this.b.elements())]; }
  describe() { return `${this.a.describe()} or ${this.b.describe()}`; }
  nth(i) { return new PickLocator(this.page, this, i); }
}

/** The i-th of what another locator finds (for those not made of steps). */
class PickLocator extends Locator {
  constructor(page, from, i) { super(page, []); this.from = from; this.i = i; }
  async elements() {
    const all = await this.from.elements();
    const el = all[this.i < 0 ? all.length + this.i : this.i];
    return el ? [el] : [];
  }
  describe() { return `${this.from.describe()}.nth(${this.i})`; }
}

class WebKitPage {
  constructor(base, id, screens) {
    this.base = base;
    this.id = id;
    this.screens = screens;
    this.recorded = [];
    this.lastUrl = 'about:blank';
    mkdirSync(screens, { recursive: true });
  }

  cmd(method, path, body) { return call(this.base, method, `/session/${this.id}${path}`, body); }
  exec(script, ...args) { return this.cmd('POST', '/execute/sync', { script, args }); }

  /** Runs `fn(arg)` in the page (it may return a promise), as Playwright's evaluate does. */
  async evaluate(fn, arg) {
    const script = `const done = arguments[arguments.length - 1];
      Promise.resolve().then(() => (${fn})(arguments[0]))
        .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const r = await this.cmd('POST', '/execute/async', { script, args: [arg === undefined ? null : arg] });
    if (r && r.err) throw new Error(`in the page: ${r.err}`);
    return r ? r.ok : r;
  }

  async poll(fn, timeout = TIMEOUT_MS) {
    const end = Date.now() + timeout;
    for (;;) {
      try {
        if (await fn()) return true;
      } catch (e) {
        // A page replaced mid-look (navigation) is looked at again.
        if (!/stale|no such|detached|JavaScript error|unknown error/i.test(String(e))) throw e;
      }
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async click(el) {
    await this.exec('arguments[0].scrollIntoView({ block: "center" })', el);
    await this.cmd('POST', `/element/${el[ELEMENT]}/click`, {});
  }

  async goto(url) {
    await this.harvest();
    await this.cmd('POST', '/url', { url });
    this.lastUrl = url;
    await this.record();
  }

  async reload() {
    await this.harvest();
    await this.cmd('POST', '/refresh', {});
    await this.record();
  }

  /**
   * WebKitGTK gives WebDriver no console: the page records its own uncaught errors,
   * rejections and console.error calls, from each load on (installed after every
   * navigation this page object makes or waits for, and whenever an element is found;
   * a load's first script errors come before it and are not seen).
   */
  async record() {
    await this.exec(`if (!window.__red) {
      window.__red = [];
      addEventListener('error', (e) => window.__red.push('error: ' + e.message));
      addEventListener('unhandledrejection', (e) => window.__red.push('rejection: ' + e.reason));
      const err = console.error.bind(console);
      console.error = (...a) => { window.__red.push('console: ' + a.join(' ')); err(...a); };
    }`);
  }

  /** What the page recorded so far, kept here before it navigates away. */
  async harvest() {
    const got = await this.exec('const r = window.__red || []; window.__red = []; return r').catch(() => []);
    this.recorded.push(...got);
    return this.recorded;
  }
  async goBack() { await this.cmd('POST', '/back', {}); }
  /** As in Playwright, synchronous: the address as last seen (goto, waitForURL). */
  url() { return this.lastUrl; }
  async currentUrl() { this.lastUrl = await this.cmd('GET', '/url'); return this.lastUrl; }

  async waitForURL(want, { timeout = TIMEOUT_MS } = {}) {
    const test = (u) => (want instanceof RegExp ? want.test(u) : typeof want === 'function' ? want(new URL(u)) : u === want);
    if (!(await this.poll(async () => test(await this.currentUrl()), timeout))) throw new Error(`URL never matched ${want}: ${this.lastUrl}`);
    await this.record();
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT_MS } = {}) {
    const ok = await this.poll(() => this.exec(`return !!((${fn})(arguments[0]))`, arg === undefined ? null : arg), timeout);
    if (!ok) throw new Error(`never true: ${fn}`);
  }

  async waitForLoadState() {
    await this.poll(() => this.exec('return document.readyState === "complete"'));
  }

  getByRole(role, o) { return new Locator(this, []).getByRole(role, o); }
  getByLabel(text, o) { return new Locator(this, []).getByLabel(text, o); }
  getByText(text, o) { return new Locator(this, []).getByText(text, o); }
  locator(css, o) { return new Locator(this, []).locator(css, o); }

  /**
   * The journey helpers save screenshots where the Chromium run keeps its own: WebKit's
   * go beside them, under webkit/. What is on the screen (WebKitWebDriver draws the
   * viewport, not the whole page).
   */
  async screenshot({ path }) {
    const root = await this.exec('return document.documentElement');
    const png = await this.cmd('GET', `/element/${root[ELEMENT]}/screenshot`);
    writeFileSync(join(this.screens, basename(path || 'page.png')), Buffer.from(png, 'base64'));
  }

  async close() { await this.cmd('DELETE', ''); }
}

