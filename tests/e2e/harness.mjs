// End-to-end harness: the real mock server on a free loopback port with a fresh data
// directory, and Debian's Chromium at phone size driven by playwright-core.
//
// Why Playwright on Node: its auto-waiting locators by role and text make the tests read
// like what a person does, it drives Debian's Chromium with no browser download, and
// node's own test runner needs nothing else installed.
import { spawn } from 'node:child_process';
import { before, after } from 'node:test';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'tools', 'package.json'));
const { chromium, devices } = require('playwright-core');

export const SCREENS = join(root, 'target', 'e2e-screens');
mkdirSync(SCREENS, { recursive: true });
export const ADMIN_TOKEN = 'e2e-admin-token';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 AA and best-practice violations on what the person sees: the web
 * fonts in, and a frame painted after the render that put the heading up (focus moves
 * and other effects run before it).
 */
export async function axeViolations(page) {
  await page.evaluate(() => document.fonts.ready
    .then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary.split('\n').slice(1).join(' ')),
    }));
  });
}

/** Starts the mock server; resolves once it prints its address. */
export async function startServer({ dataDir, port = 0, args = [], dist = join(root, 'dist') } = {}) {
  const bin = process.env.REISSUE_SERVER || join(root, 'target/debug/reissue-server');
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'reissue-e2e-'));
  const child = spawn(
    bin,
    ['--listen', `127.0.0.1:${port}`, '--data-dir', dir, '--dist', dist, '--mock',
      '--admin-token', ADMIN_TOKEN,
      // Every test signs in from 127.0.0.1: the sign-in limits are a test's own subject.
      ...(args.includes('--captcha-after') ? [] : ['--captcha-after', '0']),
      '--sms-per-client-hour', '100000', '--sms-global-per-minute', '100000', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' } },
  );
  let logs = '';
  child.stderr.on('data', (d) => { logs += d; });
  const url = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${logs}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${logs}`)); });
  });
  return {
    url,
    dataDir: dir,
    logs: () => logs,
    async stop({ keepData = false } = {}) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, as root on these machines. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * `E2E_CPU_THROTTLE=4` (set by `make e2e-stress`) slows every page's CPU that many times
 * through DevTools, as on a cheap phone or a busy CI machine: a test that only passes
 * when the browser is quick is waiting for the wrong thing.
 */
const CPU_THROTTLE = Number(process.env.E2E_CPU_THROTTLE || 1);
const throttled = new WeakMap();

function throttle(ctx, page) {
  if (!throttled.has(page)) {
    throttled.set(page, ctx.newCDPSession(page)
      .then((cdp) => cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE })));
  }
  return throttled.get(page);
}

/** A phone: 390×844, touch, mobile user agent. */
export async function phoneContext(browser, opts = {}) {
  const iphone = devices['iPhone 13'] || {};
  const ctx = await browser.newContext({
    ...iphone,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    ...opts,
  });
  if (CPU_THROTTLE > 1) {
    // A page a test opens is slowed before it is handed over; one the app opens itself
    // (a popup) as soon as it appears.
    const open = ctx.newPage.bind(ctx);
    ctx.newPage = async () => { const page = await open(); await throttle(ctx, page); return page; };
    ctx.on('page', (page) => { throttle(ctx, page).catch(() => {}); });
  }
  return ctx;
}

/**
 * A phone with a fresh page that records uncaught errors, CSP console messages, and
 * everything a reviewer would see in red: console errors and failed requests
 * (`page.red`). A request cut off because the page moved on is not a failure.
 */
export async function newPhone(browser, opts) {
  const ctx = await phoneContext(browser, opts);
  const page = await ctx.newPage();
  page.errors = [];
  page.csp = [];
  page.red = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) page.csp.push(m.text());
    if (m.type() === 'error') page.red.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) page.red.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`); });
  page.on('requestfailed', (r) => {
    if (!/ERR_ABORTED|NS_BINDING_ABORTED/.test(r.failure()?.errorText || '')) page.red.push(`failed ${new URL(r.url()).pathname}: ${r.failure()?.errorText}`);
  });
  return { ctx, page };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/**
 * One server and one browser for a whole test file, started before its first test and
 * stopped after its last. Returns an object whose `server` and `browser` are set then.
 */
export function useServerAndBrowser(serverOptions = {}) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer(serverOptions);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}
