//! Fault injection for resilience tests (off unless a `--fault-*` flag is given):
//! added latency, requests answered 500/503 before the handler runs, responses cut off
//! after the handler ran (its effect committed, so a retry must be idempotent), and
//! photo uploads that break after N bytes.
//!
//! Only `/api/v1/*` is affected, never `/api/v1/health` (harnesses wait for readiness
//! with it) nor `/api/v1/admin/*` (tests check the state through it).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::clock::Millis;
use crate::config::Config;
use crate::http::error::AppError;

/// The fault settings in force (from the `--fault-*` flags; tests may change them
/// while the server runs with [`Faults::set`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FaultSettings {
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub error_rate: f64,
    pub drop_rate: f64,
    pub upload_cut_bytes: Option<u64>,
}

impl FaultSettings {
    pub fn from_config(config: &Config) -> FaultSettings {
        FaultSettings {
            latency_ms: config.fault_latency_ms,
            jitter_ms: config.fault_jitter_ms,
            error_rate: config.fault_error_rate.clamp(0.0, 1.0),
            drop_rate: config.fault_drop_rate.clamp(0.0, 1.0),
            upload_cut_bytes: config.fault_upload_cut_bytes,
        }
    }

    /// Any fault configured at all?
    pub fn active(&self) -> bool {
        self.latency_ms > 0
            || self.jitter_ms > 0
            || self.error_rate > 0.0
            || self.drop_rate > 0.0
            || self.upload_cut_bytes.is_some()
    }

    pub fn describe(&self) -> String {
        format!(
            "latency {} ms (+0..{} ms), error rate {}, drop rate {}, upload cut {}",
            self.latency_ms,
            self.jitter_ms,
            self.error_rate,
            self.drop_rate,
            self.upload_cut_bytes
                .map(|n| format!("after {n} bytes"))
                .unwrap_or_else(|| "off".into())
        )
    }
}

/// The mock SMS and WeChat gateways' switch: down, every send fails (the notifier
/// retries later), to show that a failing gateway loses nothing. And the mock phones'
/// screens: the last text each number received, in memory only and only for ten
/// minutes (a code's five and then some), where a tester (or a test of a server without
/// `--mock`) reads a sign-in code the outbox never holds.
#[derive(Default)]
pub struct MockGateways {
    pub down: std::sync::atomic::AtomicBool,
    screens: Mutex<std::collections::HashMap<String, (String, Millis)>>,
}

const SCREEN_KEEPS_MS: Millis = 10 * 60 * 1000;

impl MockGateways {
    /// The SMS reaches `phone`'s screen at `now`; older texts of every phone fade.
    pub fn deliver(&self, phone: &str, text: &str, now: Millis) {
        if let Ok(mut screens) = self.screens.lock() {
            screens.retain(|_, (_, at)| now - *at < SCREEN_KEEPS_MS);
            screens.insert(phone.to_string(), (text.to_string(), now));
        }
    }

    /// What `phone`'s screen shows last.
    pub fn screen(&self, phone: &str) -> Option<String> {
        let screens = self.screens.lock().ok()?;
        screens.get(phone).map(|(text, _)| text.clone())
    }
}

pub struct Faults {
    inner: Mutex<(FaultSettings, StdRng)>,
}

/// What happens to one request, decided when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub delay_ms: u64,
    /// Answer with this status (500 or 503) instead of running the handler.
    pub error: Option<u16>,
    /// Run the handler, then cut the response off.
    pub drop: bool,
    /// Photo uploads longer than this fail after this many bytes.
    pub upload_cut_bytes: Option<u64>,
}

impl Faults {
    pub fn from_config(config: &Config) -> Faults {
        let rng = match config.fault_seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        Faults {
            inner: Mutex::new((FaultSettings::from_config(config), rng)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (FaultSettings, StdRng)> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn settings(&self) -> FaultSettings {
        self.lock().0
    }

    /// Changes the settings (the random sequence goes on).
    pub fn set(&self, settings: FaultSettings) {
        self.lock().0 = settings;
    }

    /// Draws the plan of one request (`None` when no fault is on): always the same
    /// draws in the same order, so a seed and the same order of requests reproduce a
    /// run.
    pub fn plan(&self) -> Option<Plan> {
        let mut guard = self.lock();
        let (s, rng) = &mut *guard;
        if !s.active() {
            return None;
        }
        let jitter = if s.jitter_ms > 0 {
            rng.gen_range(0..=s.jitter_ms)
        } else {
            0
        };
        let error_roll: f64 = rng.gen();
        let unavailable: bool = rng.gen();
        let drop_roll: f64 = rng.gen();
        Some(Plan {
            delay_ms: s.latency_ms + jitter,
            error: (error_roll < s.error_rate).then_some(if unavailable { 503 } else { 500 }),
            drop: drop_roll < s.drop_rate,
            upload_cut_bytes: s.upload_cut_bytes,
        })
    }
}

/// Is `path` subject to faults?
pub fn applies_to(path: &str) -> bool {
    path.starts_with("/api/v1/")
        && path != "/api/v1/health"
        && !path.starts_with("/api/v1/admin/")
        && path != "/api/v1/admin"
}

fn is_photo_upload(method: &Method, path: &str) -> bool {
    method == Method::PUT && path.starts_with("/api/v1/drafts/current/photos/")
}

fn injected_error(status: u16) -> Response {
    let e = if status == 503 {
        AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "服务繁忙，请稍后再试",
        )
    } else {
        AppError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "服务暂时不可用，请稍后再试",
        )
    };
    e.into_response()
}

#[derive(Debug)]
struct Injected(&'static str);

impl std::fmt::Display for Injected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "fault injection: {}", self.0)
    }
}

impl std::error::Error for Injected {}

/// A response whose body fails: hyper aborts the connection. With `head`, the first
/// half of `bytes` goes out before the failure (the client has the status line and
/// then a broken body); without, the connection dies before anything is flushed.
fn broken(parts: axum::http::response::Parts, bytes: Bytes, head: bool) -> Response {
    let half = bytes.slice(..bytes.len() / 2);
    let stream = futures_util::stream::unfold(0u8, move |step| {
        let half = half.clone();
        async move {
            match step {
                0 if head && !half.is_empty() => Some((Ok(half), 1)),
                0 | 1 => {
                    if head {
                        // Let the head and the first half reach the socket.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    Some((Err(Injected("connection dropped")), 2))
                }
                _ => None,
            }
        }
    });
    let mut res = Response::from_parts(parts, Body::from_stream(stream));
    res.headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    res
}

/// Reads up to `limit` bytes of the body. `Ok(body)` when the whole body fit (given
/// back for the handler), `Err(read)` when more was coming.
async fn read_upto(body: Body, limit: u64) -> Result<Body, u64> {
    let mut body = body;
    let mut buf: Vec<u8> = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            return Err(buf.len() as u64);
        };
        if let Ok(data) = frame.into_data() {
            buf.extend_from_slice(&data);
            if buf.len() as u64 > limit {
                return Err(limit);
            }
        }
    }
    Ok(Body::from(buf))
}

/// The middleware (installed on the whole app; it looks at the path itself).
pub async fn layer(State(faults): State<Arc<Faults>>, req: Request, next: Next) -> Response {
    if !applies_to(req.uri().path()) {
        return next.run(req).await;
    }
    let Some(plan) = faults.plan() else {
        return next.run(req).await;
    };
    let method = req.method().clone();
    let path = reissue_domain::mask::in_text(req.uri().path());
    if plan.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.delay_ms)).await;
    }
    if let Some(status) = plan.error {
        tracing::warn!(
            target: "reissue_server::faults",
            "fault: answering {method} {path} with {status} (handler not run)"
        );
        return injected_error(status);
    }
    let req = match plan.upload_cut_bytes {
        Some(limit) if is_photo_upload(&method, req.uri().path()) => {
            let (parts, body) = req.into_parts();
            match read_upto(body, limit).await {
                Ok(body) => Request::from_parts(parts, body),
                Err(read) => {
                    tracing::warn!(
                        target: "reissue_server::faults",
                        "fault: upload {method} {path} cut after {read} bytes, connection dropped"
                    );
                    let (parts, _) = StatusCode::INTERNAL_SERVER_ERROR
                        .into_response()
                        .into_parts();
                    return broken(parts, Bytes::new(), false);
                }
            }
        }
        _ => req,
    };
    let res = next.run(req).await;
    if !plan.drop {
        return res;
    }
    let status = res.status().as_u16();
    let (mut parts, body) = res.into_parts();
    let bytes = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => Bytes::new(),
    };
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(bytes.len() as u64));
    tracing::warn!(
        target: "reissue_server::faults",
        "fault: dropping the connection mid-response to {method} {path} (handler answered {status})"
    );
    broken(parts, bytes, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert!(applies_to("/api/v1/drafts/current"));
        assert!(applies_to("/api/v1/applications"));
        assert!(!applies_to("/api/v1/health"));
        assert!(!applies_to("/api/v1/admin/applications"));
        assert!(!applies_to("/"));
        assert!(!applies_to("/mock-vendor/liveness/abc"));
    }

    #[test]
    fn seeded_plans_repeat() {
        let mut c = Config::for_tests("/nonexistent");
        c.fault_error_rate = 0.3;
        c.fault_drop_rate = 0.3;
        c.fault_jitter_ms = 50;
        c.fault_seed = Some(7);
        let (a, b) = (Faults::from_config(&c), Faults::from_config(&c));
        let pa: Vec<Plan> = (0..200).map(|_| a.plan().unwrap()).collect();
        let pb: Vec<Plan> = (0..200).map(|_| b.plan().unwrap()).collect();
        assert_eq!(pa, pb);
        let errors = pa.iter().filter(|p| p.error.is_some()).count();
        assert!((30..=90).contains(&errors), "{errors}");
        assert!(pa.iter().any(|p| p.error == Some(500)));
        assert!(pa.iter().any(|p| p.error == Some(503)));
        assert!(pa.iter().any(|p| p.drop));
        assert!(pa.iter().all(|p| p.delay_ms <= 50));
        a.set(FaultSettings::default());
        assert_eq!(a.plan(), None);
        assert_eq!(Faults::from_config(&Config::for_tests("/x")).plan(), None);
    }
}
