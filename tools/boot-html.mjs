// Rewrites the index.html trunk wrote so the first screen paints without waiting for
// the network. Run by `make build` between trunk and precompress.
//
// 1. app.css becomes `rel=preload as=style`, switched to a stylesheet when it arrives.
//    The critical CSS inlined in index.html paints the shell; app.css styles the app's
//    own pages, which cannot appear before the wasm (a hundred times larger) anyway.
//    Render-blocking, it held the first paint back a whole round trip.
// 2. trunk's loader reports a failure to index.html, which tells a download cut off
//    (offer to load again) from a browser too old for the app.
//    The wasm still starts downloading from <head>. Starting it after the first paint
//    instead made Lighthouse's LCP ~1 s better (its simulation charges the wasm to a
//    paint when the download began before it) but put the app's own page on screen
//    ~200 ms later under applied throttling: `make bench-web` measures both.
// 3. The region data gets a content-hashed name, like trunk's own files, so phones keep
//    it for a year instead of asking again on every visit; index.html names it in a
//    <meta> the app reads (src/api/regions.rs). The plain name stays for `trunk serve`.
//
// 4. app.css is minified here, renamed by its new content and signed anew. This comes
//    first, so trunk's own page kept for `make bench-web` loads the same files.
// 5. index.html's own inline scripts and styles are minified and its comments dropped.
//
// Usage: node tools/boot-html.mjs dist   (idempotent)
import { copyFileSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const dist = process.argv[2] || 'dist';
const file = join(dist, 'index.html');
let html = readFileSync(file, 'utf8');
const fail = (what) => { console.error(`boot-html: ${what} not found in ${file}; did trunk's output change?`); process.exit(1); };

if (!html.includes('id="app-css"')) {
  // 4. Minified glue and stylesheet, renamed by the hash of what they now hold (trunk's
  //    names hash its input, and the server lets phones keep hashed names for a year:
  //    new bytes under an old name would fail the integrity check of a cached copy) and
  //    re-signed. The oldest browsers the app supports (index.html's message: Chrome 96,
  //    iOS 15) bound the syntax esbuild may use.
  //    The app's glue is already minified and named (tools/split-assets.mjs).
  for (const [name, loader, stem] of [
    [/\/(app-[0-9a-f]+\.css)"/, 'css', 'app'],
  ]) {
    const found = name.exec(html);
    if (!found) fail(`the ${loader} file`);
    const { code } = transformSync(readFileSync(join(dist, found[1]), 'utf8'), {
      loader, minify: true, target: ['chrome96', 'safari15'], legalComments: 'none',
    });
    const renamed = `${stem}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.${loader}`;
    writeFileSync(join(dist, renamed), code);
    unlinkSync(join(dist, found[1]));
    // Every mention: the preload or stylesheet link and, for the glue, the loader's import.
    html = html.split(`/${found[1]}`).join(`/${renamed}`);
    const integrity = 'sha384-' + createHash('sha384').update(code).digest('base64');
    const tag = new RegExp(`(<link[^>]*href="/${renamed.replace('.', '\\.')}"[^>]*integrity=")sha384-[^"]+"`);
    if (!tag.test(html)) fail(`the integrity of ${renamed}`);
    html = html.replace(tag, `$1${integrity}"`);
  }

  // trunk's own page, kept out of dist/: `make bench-web` loads it as the peer.
  const keep = fileURLToPath(new URL('../target/boot-html/index.trunk.html', import.meta.url));
  mkdirSync(dirname(keep), { recursive: true });
  writeFileSync(keep, html);

  // 1. The stylesheet.
  const css = /<link rel="stylesheet" href="(\/app-[0-9a-f]+\.css)"([^>]*?)\/?>/;
  if (!css.test(html)) fail('the app.css link');
  html = html.replace(css, (_, href, rest) =>
    `<link rel="preload" as="style" id="app-css" href="${href}"${rest}>` +
    '<script>(function () { var l = document.getElementById("app-css"); ' +
    'function on() { l.rel = "stylesheet"; } l.addEventListener("load", on); l.addEventListener("error", on); })();</script>');

  // 2. The app: trunk's loader, unchanged but for the message when it fails.
  const loader = /const wasm = await init\((\{ module_or_path: '[^']+' \})\);/;
  const found = loader.exec(html);
  if (!found) fail("trunk's loader script");
  html = html.replace(loader, `let wasm;
try {
  wasm = await init(${found[1]});
} catch (e) {
  // index.html tells a cut-off download (offer to reload) from a browser too old.
  if (window.__reissueLoadFailed) window.__reissueLoadFailed(e);
  throw e;
}`);
}

if (!html.includes('<meta name="reissue-regions"')) {
  const data = readFileSync(join(dist, 'data', 'regions.json'));
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  copyFileSync(join(dist, 'data', 'regions.json'), join(dist, 'data', `regions-${hash}.json`));
  if (!html.includes('</title>')) fail('the <title>');
  html = html.replace('</title>', `</title>\n  <meta name="reissue-regions" content="/data/regions-${hash}.json">`);
}
// 5. The page's own scripts and styles, minified, and its comments dropped: they are
//    written for whoever reads index.html, and every phone would download them.
html = html.replace(/<!--[\s\S]*?-->\s*/g, '');
html = html.replace(/(<script(?: type="module")?>)([\s\S]*?)(<\/script>)/g, (_, open, code, close) =>
  open + transformSync(code, {
    loader: 'js', minify: true, target: ['chrome96', 'safari15'], legalComments: 'none',
    ...(open.includes('module') ? { format: 'esm' } : {}),
  }).code.trim() + close);
html = html.replace(/(<style>)([\s\S]*?)(<\/style>)/g, (_, open, code, close) =>
  open + transformSync(code, { loader: 'css', minify: true, target: ['chrome96', 'safari15'] }).code.trim() + close);
writeFileSync(file, html);
