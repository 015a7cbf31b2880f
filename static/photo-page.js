// 身份证丢失补领: the photo pipeline on the page itself, for browsers whose workers
// cannot draw (no OffscreenCanvas: WebKit before 16.4). The app loads the worker's own
// JS glue (/photo-worker.js, which defines wasm_bindgen) and then this script, which
// starts the same wasm here and offers its preparePhoto. If the wasm cannot be
// downloaded the app is told when it asks (and runs this script again to retry); the
// rejection is not left unhandled meanwhile.
self.__reissuePhoto = wasm_bindgen({ module_or_path: '/photo-worker_bg.wasm' })
  .then(() => wasm_bindgen.preparePhoto);
self.__reissuePhoto.catch(() => {});
