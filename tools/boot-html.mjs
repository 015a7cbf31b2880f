// Rewrites the index.html trunk wrote so the first screen paints before anything else
// loads, then starts the app at once. Run by `make build` between trunk and precompress.
//
// 1. app.css becomes `rel=preload as=style`, switched to a stylesheet when it arrives.
//    The critical CSS inlined in index.html paints the shell; app.css styles the app's
//    own pages, which cannot appear before the wasm (a hundred times larger) anyway.
//    Render-blocking, it held the first paint back a whole round trip.
// 2. The JS glue and the wasm start downloading right after the first contentful paint,
//    not from <head>: the paint no longer waits for the network, so this costs about a
//    frame, and the page's text is on screen before 220 KB start to arrive.
//
// 3. The region data gets a content-hashed name, like trunk's own files, so phones keep
//    it for a year instead of asking again on every visit; index.html names it in a
//    <meta> the app reads (src/api/regions.rs). The plain name stays for `trunk serve`.
//
// Usage: node tools/boot-html.mjs dist   (idempotent)
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dist = process.argv[2] || 'dist';
const file = join(dist, 'index.html');
let html = readFileSync(file, 'utf8');
const fail = (what) => { console.error(`boot-html: ${what} not found in ${file}; did trunk's output change?`); process.exit(1); };

if (!html.includes('id="app-css"')) {
  // 1. The stylesheet.
  const css = /<link rel="stylesheet" href="(\/app-[0-9a-f]+\.css)"([^>]*?)\/?>/;
  if (!css.test(html)) fail('the app.css link');
  html = html.replace(css, (_, href, rest) =>
    `<link rel="preload" as="style" id="app-css" href="${href}"${rest}>` +
    '<script>(function () { var l = document.getElementById("app-css"); ' +
    'function on() { l.rel = "stylesheet"; } l.addEventListener("load", on); l.addEventListener("error", on); })();</script>');

  // 2. The app: trunk's preloads go, and its module script waits for the first
  //    contentful paint before it fetches the JS glue and the wasm, side by side.
  const preload = /<link rel="preload" href="(\/[^"]+_bg\.wasm)"[^>]*?integrity="([^"]+)"[^>]*>/;
  const found = preload.exec(html);
  if (!found) fail('the wasm preload');
  const [, wasmUrl, integrity] = found;
  html = html.replace(preload, '');
  const modulePreload = /<link rel="modulepreload" href="[^"]+"[^>]*>/;
  if (!modulePreload.test(html)) fail('the JS modulepreload');
  html = html.replace(modulePreload, '');
  const loader = /import init, \* as bindings from '([^']+)';\s*const wasm = await init\(\{ module_or_path: '[^']+' \}\);/;
  const glue = loader.exec(html);
  if (!glue) fail("trunk's loader script");
  html = html.replace(loader, `// After the first contentful paint (a hidden page never paints: a timer goes anyway).
await new Promise((go) => {
  setTimeout(go, 300);
  try {
    new PerformanceObserver((list, seen) => {
      if (list.getEntriesByName('first-contentful-paint').length) { seen.disconnect(); setTimeout(go, 0); }
    }).observe({ type: 'paint', buffered: true });
  } catch (e) { go(); }
});
let bindings, wasm;
try {
  const download = fetch('${wasmUrl}', { integrity: '${integrity}' });
  download.catch(() => {}); // handled below, once init has it: not an unhandled rejection
  bindings = await import('${glue[1]}');
  wasm = await bindings.default({ module_or_path: download });
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
writeFileSync(file, html);
