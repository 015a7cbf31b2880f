//! Answers index.html asked for before the wasm arrived.
//!
//! On a slow network the wasm takes seconds to download; the first screen of most pages
//! then needs one more round trip (profile, draft, the list of applications) before it
//! can show anything. index.html starts those GETs at once, beside the wasm download,
//! and leaves the promises in `window.__reissueEarly[path]`. The client takes each one
//! at most once, in place of its own first fetch, so every status, retry and error is
//! handled exactly as for a fetch it made itself.

use gloo::timers::future::TimeoutFuture;
use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// An answer older than this is not used: the client asks again.
const MAX_AGE_MS: f64 = 60_000.0;

/// Takes the early answer for `path`, if index.html asked for it recently.
pub async fn take(path: &str) -> Option<Promise> {
    let window = gloo::utils::window();
    let early = Reflect::get(&window, &"__reissueEarly".into()).ok()?;
    if !early.is_object() {
        return None;
    }
    let key = JsValue::from_str(path);
    let entry = Reflect::get(&early, &key).ok()?;
    if entry.is_undefined() {
        return None;
    }
    // Taken once: a later request for the same path asks the server again.
    let _ = Reflect::delete_property(early.unchecked_ref::<js_sys::Object>(), &key);
    let promise: Promise = Reflect::get(&entry, &"p".into()).ok()?.dyn_into().ok()?;
    let asked_at = Reflect::get(&entry, &"t".into()).ok()?.as_f64()?;
    let now = window.performance()?.now();
    if now - asked_at > MAX_AGE_MS {
        return None;
    }
    // The answer is often here already; without this, decoding it and rendering the page
    // would run in the same task as the first render, one long task the phone cannot
    // interrupt for a tap.
    TimeoutFuture::new(0).await;
    Some(promise)
}

/// Forgets every early answer: they were asked under the session (or the lack of one)
/// that a sign-in or a sign-out has just replaced.
pub fn forget() {
    let _ = Reflect::set(
        &gloo::utils::window(),
        &"__reissueEarly".into(),
        &js_sys::Object::new(),
    );
}
