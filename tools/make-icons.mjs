// Draws the service's icon (static/icons/favicon.svg) at 32 px in Chromium and writes
// the PNG (static/icons/favicon-32.png) and a /favicon.ico holding that PNG, for the
// clients that ask for /favicon.ico whatever the page says. Run after changing the SVG:
//   node tools/make-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'tools', 'package.json'));
const { chromium } = require('playwright-core');

const svg = readFileSync(join(root, 'static/icons/favicon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 32, height: 32 }, deviceScaleFactor: 1 });
await page.setContent(`<body style="margin:0;background:transparent">${svg}</body>`);
const png = await page.locator('svg').screenshot({ omitBackground: true });
await browser.close();
writeFileSync(join(root, 'static/icons/favicon-32.png'), png);

// ICO: a 6-byte header, one 16-byte directory entry, then the PNG itself (allowed
// since Windows Vista, and read by every browser).
const head = Buffer.alloc(22);
head.writeUInt16LE(0, 0); // reserved
head.writeUInt16LE(1, 2); // type: icon
head.writeUInt16LE(1, 4); // one image
head.writeUInt8(32, 6); // width
head.writeUInt8(32, 7); // height
head.writeUInt8(0, 8); // no palette
head.writeUInt8(0, 9); // reserved
head.writeUInt16LE(1, 10); // colour planes
head.writeUInt16LE(32, 12); // bits per pixel
head.writeUInt32LE(png.length, 14); // image size
head.writeUInt32LE(22, 18); // image offset
writeFileSync(join(root, 'static/favicon.ico'), Buffer.concat([head, png]));
console.log(`favicon-32.png ${png.length} B, favicon.ico ${png.length + 22} B`);
