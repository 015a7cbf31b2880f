//! Sessions (cookie `sid`, a random token stored only as its SHA-256) and the officer's
//! bearer token.

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

pub use crate::cookies::COOKIE_NAME;
/// How long a session lasts after signing in, or after the applicant asks for more time.
pub const SESSION_TTL_MS: i64 = 2 * 3600 * 1000;
/// The most a session can be extended to, from signing in: a phone left signed in on a
/// shared table is signed out by the end of the day whatever happens.
pub const SESSION_MAX_MS: i64 = 8 * 3600 * 1000;

pub fn sha256_hex(data: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(data.as_ref()))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// `n` random bytes as hex.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut buf);
    hex(&buf)
}

/// `n` random decimal digits (codes people read out or type).
pub fn random_digits(n: usize) -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// Constant-time equality (of two digests, so lengths never leak either).
pub fn same_secret(a: &str, b: &str) -> bool {
    let (x, y) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    x.iter()
        .zip(y.iter())
        .fold(0u8, |acc, (p, q)| acc | (p ^ q))
        == 0
}

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// True when the request reached us (or the proxy in front of us) over HTTPS.
/// Are the cookies of this answer `Secure`? Always on a public https address;
/// otherwise when the request came by https (directly, or as the proxy says).
pub fn secure_cookies(state: &AppState, headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
    state.config.https_only() || is_https(headers, uri)
}

pub fn is_https(parts_headers: &HeaderMap, uri: &axum::http::Uri) -> bool {
    uri.scheme_str() == Some("https")
        || parts_headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(',')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .eq_ignore_ascii_case("https")
            })
            .unwrap_or(false)
}

/// The signed-in applicant: their normalised mobile number.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub phone: String,
    pub token_hash: String,
}

impl FromRequestParts<AppState> for Applicant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let name = crate::cookies::session_cookie_name(state.config.https_only());
        let token = cookie_value(&parts.headers, name)
            .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(AppError::unauthenticated)?;
        let token_hash = sha256_hex(token);
        let now = state.clock.now_ms();
        let lookup = token_hash.clone();
        let phone = state
            .db
            .call(move |c| crate::store::session_phone(c, &lookup, now))
            .await?;
        let phone = phone.ok_or_else(AppError::unauthenticated)?;
        Ok(Applicant { phone, token_hash })
    }
}

/// The officer, authenticated by `Authorization: Bearer <token>`: their own session's
/// (named), or the shared admin token (`shared`). Every request is logged under the name.
#[derive(Debug, Clone)]
pub struct Admin {
    pub officer: String,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(AppError::admin_unauthenticated)?;
        let officer = if same_secret(given, &state.admin_token) {
            Some("shared".to_string())
        } else {
            let (hash, now) = (sha256_hex(given), state.clock.now_ms());
            state
                .db
                .call(move |c| crate::store::officer_of_session(c, &hash, now))
                .await?
        };
        let Some(officer) = officer else {
            tracing::warn!("admin request with a wrong token");
            return Err(AppError::admin_unauthenticated());
        };
        let path = parts
            .extensions
            .get::<axum::extract::OriginalUri>()
            .map_or(parts.uri.path(), |u| u.path());
        tracing::info!(
            officer = %officer,
            "{} {}",
            parts.method,
            reissue_domain::mask::in_text(path)
        );
        Ok(Admin { officer })
    }
}
