// The benchmark page: our pipeline (the app's photo worker, built by run.mjs) against
// browser-image-compression on the same 12 MP photo, in the same page and run.
import init, { checkPhotoPixels } from '/pkg/reissue_photo.js';
import imageCompression from '/node_modules/browser-image-compression/dist/browser-image-compression.mjs';
import { makeCase, renderCase, CASES, hasExif } from '/tools/gen-photos.js';

// Every long task since the page opened; each run picks out the ones inside its window.
const longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration, duration: e.duration });
}).observe({ type: 'longtask', buffered: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function dims(blob) {
  const b = await createImageBitmap(blob);
  const d = [b.width, b.height];
  b.close();
  return d;
}

// The Long Tasks API reports nothing under 50 ms, but a frame lasts 16 ms. A heartbeat
// of back-to-back MessageChannel tasks measures every block: the longest gap between two
// beats is the longest the page could not answer a tap. Run in separate runs, so its own
// tiny tasks do not slow the timed ones.
function heartbeat() {
  const ch = new MessageChannel();
  let last = performance.now(), longest = 0, on = true;
  ch.port1.onmessage = () => {
    const t = performance.now();
    longest = Math.max(longest, t - last);
    last = t;
    if (on) ch.port2.postMessage(0);
  };
  ch.port2.postMessage(0);
  return () => { on = false; ch.port1.close(); return longest; };
}

async function blocked(fn) {
  await sleep(300);
  const stop = heartbeat();
  await fn();
  return stop();
}

async function timed(fn) {
  await sleep(300); // let the previous run's garbage and tasks settle
  const t0 = performance.now();
  let out = await fn();
  const t1 = performance.now();
  let steps = null;
  if (!(out instanceof Blob)) ({ blob: out, timings: steps } = out);
  await sleep(150); // long-task entries are delivered a little late
  const longest = longTasks.filter((t) => t.end > t0 && t.start < t1).reduce((m, t) => Math.max(m, t.duration), 0);
  const bytes = new Uint8Array(await out.arrayBuffer());
  const tasks = longTasks.filter((t) => t.end > t0 && t.start < t1).map((t) => `${Math.round(t.start - t0)}+${Math.round(t.duration)}`);
  return { ms: t1 - t0, longest, tasks, steps, size: out.size, exif: hasExif(bytes), dims: await dims(out) };
}

// What the app does (src/photo): one worker, started ahead; each photo posted with a
// port of its own for the answer.
const worker = new Worker('/photo-worker-loader.js');
function preparePhoto(file) {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data));
    worker.postMessage({ file }, [channel.port2]);
  });
}
const ours = (file) => timed(() => preparePhoto(file));
const peer = (file) => timed(() => imageCompression(file, {
  maxWidthOrHeight: 2048,
  initialQuality: 0.85,
  useWebWorker: true,
  fileType: 'image/jpeg',
  // Its worker importScripts() this; the default is a CDN.
  libURL: new URL('/node_modules/browser-image-compression/dist/browser-image-compression.js', location.href).href,
}));

window.runBench = async ({ runs = 5 } = {}) => {
  await init();
  const photo = await makeCase('exif-12mp');
  const file = new File([photo], 'IMG_0001.jpg', { type: 'image/jpeg', lastModified: Date.now() });
  const source = { size: file.size, dims: await dims(file) };
  await ours(file); // warm-up: compile caches, decoder threads, the peer's worker script
  await peer(file);
  const o = [], p = [], ob = [], pb = [];
  for (let i = 0; i < runs; i++) {
    o.push(await ours(file));
    p.push(await peer(file));
  }
  for (let i = 0; i < runs; i++) {
    ob.push(await blocked(() => preparePhoto(file)));
    pb.push(await blocked(() => peer(file)));
  }
  // The checks alone at 2 megapixels: RGBA from getImageData, as the pipeline reads it.
  const c = renderCase({ ...CASES.find((x) => x.name === 'sharp'), width: 1632, height: 1224 });
  const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  // Passed as a Uint8Array view of the same bytes: wasm-bindgen copies a Uint8Array into
  // wasm memory with one memcpy, but a Uint8ClampedArray element by element (measured
  // too, as `clamped`).
  const view = new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  const checkTimes = [], clampedTimes = [];
  let verdict;
  for (let i = 0; i < 25; i++) {
    let t0 = performance.now();
    verdict = checkPhotoPixels(view, c.width, c.height);
    checkTimes.push(performance.now() - t0);
    t0 = performance.now();
    checkPhotoPixels(rgba, c.width, c.height);
    clampedTimes.push(performance.now() - t0);
  }
  return {
    source,
    ours: o,
    peer: p,
    block: { ours: ob, peer: pb },
    check: { megapixels: (c.width * c.height) / 1e6, ms: median(checkTimes.slice(5)), clampedMs: median(clampedTimes.slice(5)), problems: verdict.problems },
    userAgent: navigator.userAgent,
  };
};

window.dumpCases = async () => {
  const out = [];
  for (const c of CASES) {
    const blob = await makeCase(c.name);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ name: c.name, expect: c.expect, base64: btoa(s) });
  }
  return out;
};

document.getElementById('status').textContent = 'ready';
window.benchReady = true;
