// Rewrites the index.html trunk wrote so the first screen paints before anything else
// loads, then starts the app at once. Run by `make build` between trunk and precompress.
//
// 1. app.css becomes `rel=preload as=style`, switched to a stylesheet when it arrives.
//    The critical CSS inlined in index.html paints the shell; app.css styles the app's
//    own pages, which cannot appear before the wasm (a hundred times larger) anyway.
//    Render-blocking, it held the first paint back a whole round trip.
// 2. The wasm starts downloading right after that first paint, not from <head>: the
//    paint no longer waits for the network, so this costs about a frame, and the page's
//    largest text is on screen before 200 KB start to arrive.
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

  // 2. The wasm: in place of trunk's preload, a script that fetches it once the first
  //    frame is painted (requestAnimationFrame, then a task); a hidden page gets no
  //    frames, so a timer starts it anyway. trunk's module script hands the pending
  //    response to init, so the download still runs beside the JS glue's.
  const preload = /<link rel="preload" href="(\/[^"]+_bg\.wasm)"[^>]*?integrity="([^"]+)"[^>]*>/;
  const found = preload.exec(html);
  if (!found) fail('the wasm preload');
  const [, wasmUrl, integrity] = found;
  html = html.replace(preload, '<script>window.__reissueWasm = new Promise(function (go) { ' +
    'requestAnimationFrame(function () { setTimeout(go, 0); }); setTimeout(go, 300); }).then(function () { ' +
    `return fetch("${wasmUrl}", { integrity: "${integrity}" }); });</script>`);
  const init = `init({ module_or_path: '${wasmUrl}' })`;
  if (!html.includes(init)) fail("trunk's init call");
  html = html.replace(init, 'init({ module_or_path: window.__reissueWasm })');
}

if (!html.includes('<meta name="reissue-regions"')) {
  const data = readFileSync(join(dist, 'data', 'regions.json'));
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  copyFileSync(join(dist, 'data', 'regions.json'), join(dist, 'data', `regions-${hash}.json`));
  if (!html.includes('</title>')) fail('the <title>');
  html = html.replace('</title>', `</title>\n  <meta name="reissue-regions" content="/data/regions-${hash}.json">`);
}
writeFileSync(file, html);
