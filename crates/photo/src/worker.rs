//! The worker's side of the conversation with the page.
//!
//! The page posts `{ file }` with a `MessagePort` for the answer, one port per photo, so
//! answers never cross even when the user picks again before the first is done. The
//! answer is [`prepare_photo`]'s object, or `{ error }` with a [`PhotoError`] code, or
//! `{ error: "unsupported" }` where this worker cannot draw, so the page runs the
//! pipeline itself. The file and the JPEG travel as `Blob`s: handles, not copies.
//!
//! [`PhotoError`]: crate::PhotoError

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

use crate::pipeline::{offscreen_available, prepare_photo};

/// Starts answering the page; does nothing outside a worker (where the page loads this
/// wasm itself and calls `preparePhoto` directly).
pub fn serve() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let Some(port) = event.ports().get(0).dyn_into::<MessagePort>().ok() else {
            return;
        };
        let file = js_sys::Reflect::get(&event.data(), &"file".into()).unwrap_or_default();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = if !offscreen_available() {
                error("unsupported")
            } else {
                match file.dyn_into() {
                    Ok(file) => prepare_photo(file).await.unwrap_or_else(|code| {
                        error(&code.as_string().unwrap_or_else(|| "unreadable".into()))
                    }),
                    Err(_) => error("not_an_image"),
                }
            };
            let _ = port.post_message(&answer);
            port.close();
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
}

fn error(code: &str) -> JsValue {
    let answer = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&answer, &"error".into(), &code.into());
    answer.into()
}
