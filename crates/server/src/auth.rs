//! Sessions (cookie `sid`, a random token stored only as its SHA-256) and the officer's
//! bearer token.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;

pub use crate::cookies::COOKIE_NAME;
pub use crate::secrets::{hex, random_digits, random_hex, same_secret, sha256_hex};
/// How long a session lasts after signing in, or after the applicant asks for more time.
pub const SESSION_TTL_MS: i64 = 2 * 3600 * 1000;
/// The most a session can be extended to, from signing in: a phone left signed in on a
/// shared table is signed out by the end of the day whatever happens.
pub const SESSION_MAX_MS: i64 = 8 * 3600 * 1000;

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
        let name = state.config.session_cookie_name();
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
