// 身份证丢失补领: what the photo worker is started from. It loads the pipeline's wasm
// and keeps the photos posted before the wasm is ready, then hands them over; if the
// wasm cannot load, every photo is answered "unavailable" instead of never.
importScripts('/photo-worker.js');
const early = [];
self.onmessage = (event) => early.push(event);
const unavailable = (event) => event.ports[0] && event.ports[0].postMessage({ error: 'unavailable' });
wasm_bindgen({ module_or_path: '/photo-worker_bg.wasm' }).then(
  () => early.forEach((event) => self.onmessage(event)),
  () => {
    early.forEach(unavailable);
    self.onmessage = unavailable;
  },
);
