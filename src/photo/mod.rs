//! The page's side of the photo pipeline. The pipeline itself (decode, orient,
//! downscale, check, re-encode) is the `reissue-photo` crate, which trunk builds as a
//! worker beside the app: none of it is in the first download, and none of it runs on
//! the thread that answers taps. This module starts the worker when the upload step
//! opens, hands it each picked file and reads its answer.
//!
//! Where a worker cannot draw (no `OffscreenCanvas`: WebKit before 16.4), the page loads
//! the same wasm as a script and runs the pipeline itself, on `<canvas>` elements.

use std::cell::RefCell;

use gloo::events::EventListener;
use reissue_domain::photo::{portrait_verdict, Problem, Verdict};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageChannel, Worker};

use crate::text;

/// What the worker is started from: it loads the worker's wasm and keeps what arrives
/// meanwhile (static/photo-worker-loader.js).
const WORKER_URL: &str = "/photo-worker-loader.js";
/// A worker that has not answered by then is taken for lost (a 12 MP photo takes well
/// under a second on a phone).
const ANSWER_TIMEOUT_MS: u32 = 60_000;
/// The same wasm on the page, for browsers without `OffscreenCanvas`: its JS glue, then
/// a static script that starts it and offers `preparePhoto` as `__reissuePhoto`.
const PAGE_SCRIPTS: [&str; 2] = ["/photo-worker.js", "/photo-page.js"];

/// A photo ready to upload, with what the checks found.
#[derive(Clone, PartialEq)]
pub struct Prepared {
    /// The JPEG to upload: upright, downscaled, no EXIF.
    pub blob: Blob,
    pub verdict: Verdict,
    /// How much the frame's edges around the head vary: what decides whether a photo for
    /// the card has a plain background.
    pub background_spread: f32,
}

impl Prepared {
    /// The checks of a photo for the card ([`portrait_verdict`]).
    pub fn as_portrait(mut self) -> Prepared {
        self.verdict = portrait_verdict(&self.verdict, self.background_spread);
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// The file is not a photo, or the browser could not decode or re-encode it.
    Unreadable,
    /// The pipeline itself did not arrive (a network failure at the upload step).
    Unavailable,
}

impl PhotoError {
    pub fn message(self) -> &'static str {
        match self {
            PhotoError::Unreadable => text::PHOTO_UNREADABLE,
            PhotoError::Unavailable => text::PHOTO_UNAVAILABLE,
        }
    }
}

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    /// The page scripts that have run: the glue declares `wasm_bindgen` and must not run
    /// twice.
    static SCRIPTS_RUN: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

fn offscreen_available() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"OffscreenCanvas".into()).unwrap_or(false)
}

/// Starts the worker, so its wasm downloads while the user reads the upload step.
pub fn warm_up() {
    if offscreen_available() {
        let _ = worker();
    }
}

fn worker() -> Option<Worker> {
    WORKER.with(|w| {
        let mut w = w.borrow_mut();
        if w.is_none() {
            *w = Worker::new(WORKER_URL).ok();
        }
        w.clone()
    })
}

/// Runs the pipeline on a picked or captured photo.
pub async fn prepare(file: &Blob) -> Result<Prepared, PhotoError> {
    let worker = if offscreen_available() {
        worker()
    } else {
        None
    };
    let answer = match worker {
        Some(w) => match in_worker(&w, file).await {
            Ok(a) if error_code(&a).as_deref() == Some("unsupported") => on_page(file).await?,
            Ok(a) => a,
            Err(e) => {
                // A worker that failed to load is not asked again; the next photo
                // starts a new one (the network may be back).
                if let Some(lost) = WORKER.with(|w| w.borrow_mut().take()) {
                    lost.terminate();
                }
                return Err(e);
            }
        },
        None => on_page(file).await?,
    };
    read(&answer)
}

/// One question to the worker, with a port of its own for the answer. A worker whose
/// script or wasm cannot load fires `error` instead of ever answering.
async fn in_worker(worker: &Worker, file: &Blob) -> Result<JsValue, PhotoError> {
    let channel = MessageChannel::new().map_err(|_| PhotoError::Unavailable)?;
    let (settle, rx) = first_of::<Result<JsValue, PhotoError>>();
    let answered = {
        let settle = settle.clone();
        EventListener::new(&channel.port1(), "message", move |e| {
            settle(Ok(e.unchecked_ref::<web_sys::MessageEvent>().data()))
        })
    };
    let failed = EventListener::new(worker, "error", move |_| {
        settle(Err(PhotoError::Unavailable))
    });
    // A port with a listener added by addEventListener must be started explicitly.
    channel.port1().start();
    let message = js_sys::Object::new();
    js_sys::Reflect::set(&message, &"file".into(), file).map_err(|_| PhotoError::Unreadable)?;
    worker
        .post_message_with_transfer(&message, &js_sys::Array::of1(&channel.port2()))
        .map_err(|_| PhotoError::Unavailable)?;
    let timeout = gloo::timers::future::TimeoutFuture::new(ANSWER_TIMEOUT_MS);
    let answer = match futures_util::future::select(rx, timeout).await {
        futures_util::future::Either::Left((answer, _)) => {
            answer.unwrap_or(Err(PhotoError::Unavailable))
        }
        futures_util::future::Either::Right(_) => Err(PhotoError::Unavailable),
    };
    drop((answered, failed));
    channel.port1().close();
    match answer {
        Ok(a) if error_code(&a).as_deref() == Some("unavailable") => Err(PhotoError::Unavailable),
        other => other,
    }
}

/// The pipeline on the page itself, from the worker's own wasm loaded as a script.
async fn on_page(file: &Blob) -> Result<JsValue, PhotoError> {
    let prepare = page_pipeline().await?;
    let promise: js_sys::Promise = prepare
        .call1(&JsValue::NULL, file)
        .map_err(|_| PhotoError::Unreadable)?
        .dyn_into()
        .map_err(|_| PhotoError::Unreadable)?;
    match JsFuture::from(promise).await {
        Ok(answer) => Ok(answer),
        Err(code) => {
            let answer = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&answer, &"error".into(), &code);
            Ok(answer.into())
        }
    }
}

/// `preparePhoto` from the page's copy of the pipeline, loading it on first use.
async fn page_pipeline() -> Result<js_sys::Function, PhotoError> {
    for src in PAGE_SCRIPTS {
        if !SCRIPTS_RUN.with(|run| run.borrow().contains(&src)) {
            load_script(src).await?;
            SCRIPTS_RUN.with(|run| run.borrow_mut().push(src));
        }
    }
    let ready = js_sys::Reflect::get(&js_sys::global(), &"__reissuePhoto".into())
        .map_err(|_| PhotoError::Unavailable)?;
    let prepare = JsFuture::from(js_sys::Promise::resolve(&ready)).await;
    match prepare
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        Some(f) => Ok(f),
        None => {
            // The wasm did not arrive: next time the page script runs again, and asks
            // for it again.
            SCRIPTS_RUN.with(|run| run.borrow_mut().retain(|s| *s != PAGE_SCRIPTS[1]));
            Err(PhotoError::Unavailable)
        }
    }
}

async fn load_script(src: &str) -> Result<(), PhotoError> {
    let document = gloo::utils::document();
    let script = document
        .create_element("script")
        .map_err(|_| PhotoError::Unavailable)?;
    let (settle, rx) = first_of::<bool>();
    let loaded = {
        let settle = settle.clone();
        EventListener::new(&script, "load", move |_| settle(true))
    };
    let failed = EventListener::new(&script, "error", move |_| settle(false));
    let _ = script.set_attribute("src", src);
    document
        .head()
        .ok_or(PhotoError::Unavailable)?
        .append_child(&script)
        .map_err(|_| PhotoError::Unavailable)?;
    let ok = rx.await.unwrap_or(false);
    drop((loaded, failed));
    if ok {
        Ok(())
    } else {
        script.remove();
        Err(PhotoError::Unavailable)
    }
}

/// A one-shot answer that the first of several event listeners gives; later calls are
/// ignored.
fn first_of<T: 'static>() -> (
    std::rc::Rc<dyn Fn(T)>,
    futures_channel::oneshot::Receiver<T>,
) {
    let (tx, rx) = futures_channel::oneshot::channel();
    let tx = RefCell::new(Some(tx));
    let settle = move |value: T| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(value);
        }
    };
    (std::rc::Rc::new(settle), rx)
}

fn error_code(answer: &JsValue) -> Option<String> {
    js_sys::Reflect::get(answer, &"error".into())
        .ok()
        .and_then(|v| v.as_string())
}

/// The pipeline's answer: the JPEG and the problems found, by code.
fn read(answer: &JsValue) -> Result<Prepared, PhotoError> {
    if error_code(answer).is_some() {
        return Err(PhotoError::Unreadable);
    }
    let blob: Blob = js_sys::Reflect::get(answer, &"blob".into())
        .ok()
        .and_then(|b| b.dyn_into().ok())
        .ok_or(PhotoError::Unreadable)?;
    let problems = js_sys::Reflect::get(answer, &"problems".into())
        .map(|p| js_sys::Array::from(&p))
        .unwrap_or_default()
        .iter()
        .filter_map(|code| code.as_string().and_then(|c| Problem::from_code(&c)))
        .collect();
    let background_spread = js_sys::Reflect::get(answer, &"backgroundSpread".into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as f32;
    Ok(Prepared {
        blob,
        verdict: Verdict { problems },
        background_spread,
    })
}
