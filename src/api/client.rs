use gloo::timers::callback::Timeout;
use gloo::timers::future::TimeoutFuture;
use reissue_domain::session::{SessionEnd, SESSION_HEADER};
use reissue_domain::ApiError as WireError;
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, Response};

use super::ApiError;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request gives up after this long without an answer (slow 2G still gets through).
const TIMEOUT_MS: u32 = 20_000;
/// Transient failures of idempotent requests are retried this many times.
const MAX_RETRIES: u32 = 3;

/// Sends one request to the API and decodes the answer.
///
/// `idempotent` requests (GET, PUT, DELETE, and a POST carrying an Idempotency-Key) are
/// retried with exponential backoff and jitter on network errors and 502/503/504; the
/// others are sent once, because sending them twice could do the thing twice.
pub async fn request<B, T>(
    method: Method,
    path: &str,
    body: Option<&B>,
    headers: &[(&str, &str)],
    idempotent: bool,
) -> Result<T, ApiError>
where
    B: Serialize + ?Sized,
    T: DeserializeOwned,
{
    let body = match body {
        Some(b) => Some(to_json(b)?),
        None => None,
    };
    let text = request_json(method, path, body.as_deref(), headers, idempotent).await?;
    // `()` decodes from `null`, which is what an empty body stands for.
    let text = if text.is_empty() { "null" } else { &text };
    super::json::from_str(text).map_err(|_| ApiError::Decode)
}

/// The retry loop, kept free of the body and answer types: every endpoint shares this one
/// copy in the wasm instead of one per type pair. Answers with the body's text.
async fn request_json(
    method: Method,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    idempotent: bool,
) -> Result<String, ApiError> {
    let mut attempt = 0;
    loop {
        match send_once(method, path, body, headers).await {
            Err(e) if idempotent && e.is_transient() && attempt < MAX_RETRIES => {
                crate::api::offline::report(&e);
                attempt += 1;
                TimeoutFuture::new(backoff_ms(attempt)).await;
            }
            Err(e) => {
                crate::api::offline::report(&e);
                return Err(e);
            }
            Ok(value) => {
                crate::api::offline::report_ok();
                return Ok(value);
            }
        }
    }
}

/// 400 ms, 800 ms, 1.6 s … with ±50 % jitter so many phones do not retry in step.
pub fn backoff_ms(attempt: u32) -> u32 {
    let base = 400u32.saturating_mul(1 << attempt.saturating_sub(1).min(6));
    let jitter = 0.5 + js_sys::Math::random();
    (f64::from(base) * jitter) as u32
}

fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<String, ApiError> {
    super::json::to_string(body).map_err(|_| ApiError::Decode)
}

async fn send_once(
    method: Method,
    path: &str,
    body: Option<&str>,
    extra_headers: &[(&str, &str)],
) -> Result<String, ApiError> {
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    let _ = headers.set("Accept", "application/json");
    if body.is_some() {
        let _ = headers.set("Content-Type", "application/json");
    }
    for (name, value) in extra_headers {
        let _ = headers.set(name, value);
    }
    let init = RequestInit::new();
    init.set_method(method.as_str());
    init.set_headers(&headers);
    init.set_credentials(RequestCredentials::SameOrigin);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timer = controller
        .clone()
        .map(|c| Timeout::new(TIMEOUT_MS, move || c.abort()));

    // A plain GET may already have been asked for by index.html while the wasm loaded.
    let early = if method == Method::Get && body.is_none() && extra_headers.is_empty() {
        super::early::take(path).await
    } else {
        None
    };
    let promise =
        early.unwrap_or_else(|| gloo::utils::window().fetch_with_str_and_init(path, &init));
    let response = JsFuture::from(promise).await;
    drop(timer);
    let response: Response = response
        .map_err(|_| ApiError::Network)?
        .dyn_into()
        .map_err(|_| ApiError::Network)?;
    let status = response.status();
    note_session_end(
        status,
        response.headers().get(SESSION_HEADER).ok().flatten(),
    );
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await.map_err(|_| ApiError::Network)?,
        Err(_) => return Err(ApiError::Network),
    };
    let text = text.as_string().unwrap_or_default();
    if (200..300).contains(&status) {
        return Ok(text);
    }
    // A proxy's HTML error page reads as no error body: the status decides.
    let wire: Option<WireError> = super::json::from_str(&text).ok();
    Err(classify(status, wire))
}

/// When the session ends by this phone's clock (counted from the answer that said so:
/// a phone clock that is wrong does not matter), and whether it is the absolute end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionEndsAt {
    pub ms: i64,
    pub last: bool,
}

/// What an answer says about the session: every signed-in answer carries its end; a 401
/// says there is none.
pub(super) fn note_session_end(status: u16, header: Option<String>) {
    if status == 401 {
        set_signed_in_here(false);
        return;
    }
    if let Some(end) = header.as_deref().and_then(SessionEnd::from_header) {
        let ms = js_sys::Date::now() as i64 + i64::from(end.seconds) * 1000;
        SESSION_ENDS.with(|s| s.set(Some(SessionEndsAt { ms, last: end.last })));
    }
}

/// The session's end, as the last answer that knew it said.
pub fn session_ends_at() -> Option<SessionEndsAt> {
    SESSION_ENDS.with(|s| s.get())
}

thread_local! {
    static SESSION_ENDS: std::cell::Cell<Option<SessionEndsAt>> =
        const { std::cell::Cell::new(None) };
    /// A sign-in (or renewal) answered in this page, and no 401 since. Chromium applies
    /// a fetch's cookies to `document.cookie` a moment after the answer, so right after
    /// signing in the hint cookie may not be readable yet; this page knows anyway.
    static SIGNED_IN_HERE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// This page's own word on the session: `true` after a sign-in or renewal it made,
/// `false` after a 401 or a sign-out.
pub fn set_signed_in_here(on: bool) {
    SIGNED_IN_HERE.with(|s| s.set(on));
    if !on {
        SESSION_ENDS.with(|s| s.set(None));
    }
}

/// A sign-in or sign-out in this page: what index.html asked for before it was asked
/// under the old session (a 401 for the draft, say) and must not answer for the new one.
pub fn session_changed(signed_in: bool) {
    set_signed_in_here(signed_in);
    super::early::forget();
}

/// Whether this browser may hold a session: the server sets a readable hint cookie with
/// the session's (and clears it with it). Without it, a request that needs a session
/// is not sent: it could only answer 401, logged in the console of every first visit.
pub fn may_be_signed_in() -> bool {
    SIGNED_IN_HERE.with(|s| s.get()) || hint_cookie()
}

fn hint_cookie() -> bool {
    js_sys::Reflect::get(&gloo::utils::document(), &"cookie".into())
        .ok()
        .and_then(|c| c.as_string())
        .is_some_and(|cookies| {
            cookies.split(';').any(|c| {
                c.trim()
                    .strip_prefix(reissue_domain::SIGNED_IN_HINT_COOKIE)
                    .is_some_and(|v| v == "=1")
            })
        })
}

/// What a request that needs a session answers, without asking, when there is none.
pub fn not_signed_in() -> ApiError {
    ApiError::Unauthenticated(text::ERR_SIGN_IN_FIRST.to_string())
}

/// Maps a status and the server's error body to what a page acts on.
pub(super) fn classify(status: u16, wire: Option<WireError>) -> ApiError {
    let message = |fallback: &str| {
        wire.as_ref()
            .map(|w| w.message.clone())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    match status {
        401 => ApiError::Unauthenticated(message(text::ERR_SIGNED_OUT)),
        404 => ApiError::NotFound(message(text::ERR_NOT_FOUND)),
        422 => ApiError::Validation {
            message: message(text::ERR_FIX_BELOW),
            fields: wire.as_ref().map(|w| w.fields.clone()).unwrap_or_default(),
        },
        429 => ApiError::RateLimited {
            message: message(text::ERR_RATE_LIMITED),
            retry_after: wire.as_ref().and_then(|w| w.retry_after).unwrap_or(60),
        },
        500..=599 => ApiError::Server { status },
        _ => ApiError::Rejected {
            status,
            code: wire.as_ref().map(|w| w.code.clone()).unwrap_or_default(),
            message: message(text::ERR_REJECTED),
        },
    }
}
