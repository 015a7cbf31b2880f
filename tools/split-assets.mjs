// Puts the split app (tools/build-split.sh's output) into dist/ and writes its loader
// into the index.html trunk wrote, where trunk writes its own.
//
// - Every wasm gets a content-hashed name, so the server lets phones keep it for a year.
// - The glue (wasm-bindgen's JS) and the link module (the splitter's JS, which fetches
//   the chunks) import each other, so neither can be named by a hash of itself: both
//   get one hash of the two together. Both are minified first.
// - A chunk's download goes through one fetcher, which tells a file a newer release
//   replaced (404: the page must be reloaded) from a network that failed (try again);
//   src/lazy.rs reads the flag.
// - index.html carries the map of which chunk holds which pages (tools/chunk-pages.json)
//   and which files each chunk needs (the splitter's prefetch map), as JSON in
//   <script id="reissue-chunks">: the early script downloads a deep link's chunk from
//   it beside the app, and tools/size.mjs reads it.
//
// Usage: node tools/split-assets.mjs target/split dist
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const [from = 'target/split', dist = 'dist'] = process.argv.slice(2);
const fail = (what) => { console.error(`split-assets: ${what}`); process.exit(1); };
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const integrity = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const minify = (code) => transformSync(code, {
  loader: 'js', minify: true, target: ['chrome96', 'safari15'], legalComments: 'none', format: 'esm',
}).code;

// The wasm files, by content.
const renamed = {};
for (const file of readdirSync(from).filter((f) => f.endsWith('.wasm'))) {
  const bytes = readFileSync(join(from, file));
  // A chunk's name carries half the hash: index.html lists every one of them, and 32 bits
  // tell one release's file from another's as well as 64.
  const name = file === 'idcard-reissue_bg.wasm'
    ? `idcard-reissue-${hash(bytes)}_bg.wasm`
    : file.replace(/\.wasm$/, `-${hash(bytes).slice(0, 8)}.wasm`);
  writeFileSync(join(dist, name), bytes);
  renamed[file] = name;
}
const mainWasm = renamed['idcard-reissue_bg.wasm'] || fail('no idcard-reissue_bg.wasm');

// The link module: hashed chunk names, one fetcher for all (the splitter writes one out
// for every file), and that fetcher reports a replaced release.
let link = readFileSync(join(from, '__wasm_split.js'), 'utf8');
const fetcher = /\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w-]+\.wasm)", import\.meta\.url\)\);\s*src\.catch\(\(\) => \{\}\);\s*return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\s*\}/g;
if (!fetcher.test(link)) fail("no chunk fetcher in the link module; did the splitter's output change?");
link = link.replace(fetcher, (_, file) => {
  if (!renamed[file]) fail(`the link module names ${file}, which the splitter did not write`);
  return `fetcher("./${renamed[file]}")`;
});
if (/fetch\(new URL/.test(link)) fail('a chunk fetch in the link module was left as the splitter wrote it');
link += `
// The splitter's fetcher, written once: the download starts when the chunk is asked
// for, and is compiled as it arrives.
function fetcher(file) {
    return () => {
        const src = fetchChunk(new URL(file, import.meta.url));
        src.catch(() => {});
        return async (imports) => WebAssembly.instantiateStreaming(src, imports);
    };
}
function fetchChunk(url) {
    // The download index.html's early script started for a deep link, taken once (a
    // retry after a failure fetches anew): true marks it taken, "app" a file asked for
    // here first, which the early script then leaves alone.
    const started = window.__reissueChunks || {};
    const early = started[url.pathname];
    const own = !early || early === true || early === "app";
    started[url.pathname] = own ? "app" : true;
    return (own ? fetch(url) : early).then((response) => {
        if (response.status === 404) window.__reissueChunkGone = true;
        if (!response.ok) throw new Error("chunk " + url.pathname + ": HTTP " + response.status);
        return response;
    });
}
`;

// The glue imports the link module; the link module imports the glue.
let glue = readFileSync(join(from, 'idcard-reissue.js'), 'utf8');
if (!glue.includes('"./__wasm_split.js"')) fail('the glue does not import the link module');
if (!link.includes('"./idcard-reissue.js"')) fail('the link module does not import the glue');
glue = minify(glue);
link = minify(link);
const build = hash(glue + link);
const glueName = `idcard-reissue-${build}.js`;
const linkName = `__wasm_split-${build}.js`;
// Only the import statements: the glue also keys the wasm's imports by the module name
// the splitter gave them, which must stay.
glue = glue.replace(/(from\s*)"\.\/__wasm_split\.js"/g, `$1"./${linkName}"`);
link = link.replace(/(from\s*)"\.\/idcard-reissue\.js"/g, `$1"./${glueName}"`);
writeFileSync(join(dist, glueName), glue);
writeFileSync(join(dist, linkName), link);

// Which files each chunk needs, the shared ones first.
const prefetch = {};
for (const [file, name] of Object.entries(renamed)) {
  const split = /^split_(\w+)\.wasm$/.exec(file);
  if (split) prefetch[split[1]] = [name];
}
// Shared chunks: the link module lists, per chunk variable, which splits need it.
for (const m of readFileSync(join(from, '__wasm_split.js'), 'utf8').matchAll(/\/\* ([\w, ]+) \*\/\nconst __chunk_\d+ = makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/([\w-]+\.wasm)"/g)) {
  for (const split of m[1].split(',').map((s) => s.trim())) {
    (prefetch[split] ||= []).unshift(renamed[m[2]]);
  }
}
// Which chunk holds the pages under each first path segment: src/lazy.rs's `Chunk::of`,
// which a test there holds this file to.
const pages = JSON.parse(readFileSync(new URL('./chunk-pages.json', import.meta.url), 'utf8'));
for (const chunk of new Set(Object.values(pages))) {
  if (!prefetch[chunk]) fail(`tools/chunk-pages.json names chunk ${chunk}, which the build does not have`);
}
// File names without `.wasm`, which the early script adds.
const chunks = Object.fromEntries(Object.entries(prefetch).map(([c, files]) => [c, files.map((f) => f.replace(/\.wasm$/, ''))]));
const map = JSON.stringify({ pages, chunks });

// The loader, as trunk writes it for an app it builds (tools/boot-html.mjs then adds
// the failure message to it).
const htmlFile = join(dist, 'index.html');
let html = readFileSync(htmlFile, 'utf8');
if (!html.includes('</title>')) fail('no <title> in index.html');
html = html.replace('</title>', `</title>\n  <script type="application/json" id="reissue-chunks">${map}</script>`);
if (html.includes('idcard-reissue-')) fail('index.html already loads the app; was trunk given the app link?');
// The app link trunk skipped, left as it was written.
html = html.replace(/\s*<link data-trunk rel="rust"[^>]*data-trunk-skip[^>]*>/, '');
const wasmBytes = readFileSync(join(dist, mainWasm));
const head = `<script type="module">
import init, * as bindings from '/${glueName}';
const wasm = await init({ module_or_path: '/${mainWasm}' });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
<link rel="modulepreload" href="/${glueName}" crossorigin="anonymous" integrity="${integrity(glue)}">
<link rel="modulepreload" href="/${linkName}" crossorigin="anonymous" integrity="${integrity(link)}">
<link rel="preload" href="/${mainWasm}" crossorigin="anonymous" integrity="${integrity(wasmBytes)}" as="fetch" type="application/wasm">
</head>`;
if (!html.includes('</head>')) fail('no </head> in index.html');
html = html.replace('</head>', head);
writeFileSync(htmlFile, html);
