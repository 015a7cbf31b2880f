//! Sessions (cookie `sid`, a random token stored only as its SHA-256) and the officer's
//! bearer token.

use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use reissue_domain::identity::{self, Person, Refused};
use reissue_domain::session::{SessionEnd, SESSION_HEADER};
use std::sync::{Arc, Mutex};

pub use crate::http::cookies::COOKIE_NAME;
pub use crate::secrets::{hex, random_digits, random_hex, same_secret, sha256_hex};

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

/// The signed-in applicant: their normalised mobile number. Finding them is activity:
/// the session's end moves (up to its absolute limit), and the answer says when it is.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub phone: String,
    pub end: SessionEnd,
}

/// Where the extractor leaves the session's end for [`session_header`] to put on the
/// answer: handlers need not remember to.
#[derive(Clone, Default)]
struct EndSlot(Arc<Mutex<Option<SessionEnd>>>);

/// Every answer to a signed-in request says when the session ends (`session-expires-in`),
/// so the page's warning counts from the server's word after each request.
pub async fn session_header(mut req: Request, next: Next) -> Response {
    let slot = EndSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut res = next.run(req).await;
    let end = *slot.0.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = end.and_then(|e| HeaderValue::from_str(&e.to_header()).ok()) {
        res.headers_mut().insert(SESSION_HEADER, value);
    }
    res
}

impl FromRequestParts<AppState> for Applicant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let name = state.config.session_cookie_name();
        let token = cookie_value(&parts.headers, name)
            .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(AppError::unauthenticated)?;
        let (now, rules) = (state.clock.now_ms(), state.config.session_rules());
        let lookup = sha256_hex(token);
        let session = state
            .db
            .call(move |c| {
                crate::sessions::store::touch_session(c, &lookup, now, |created| {
                    rules.ends_at(created, now)
                })
            })
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let end = rules.end(session.created_ms, session.expires_ms, now);
        if let Some(slot) = parts.extensions.get::<EndSlot>() {
            *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(end);
        }
        Ok(Applicant {
            phone: session.phone,
            end,
        })
    }
}

/// The signed-in applicant, verified as a person by a face check bound to a name and an
/// ID number (the domain's [`reissue_domain::identity::Proof::Holder`]). Whether that
/// person holds the card acted on is the handler's question to the domain, once it has
/// the card: [`Holder::holds`] and [`Holder::holds_application`].
#[derive(Debug, Clone)]
pub struct Holder {
    pub phone: String,
    pub person: Person,
}

impl FromRequestParts<AppState> for Holder {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let who = Applicant::from_request_parts(parts, state).await?;
        let (phone, now) = (who.phone.clone(), state.clock.now_ms());
        let verified = state
            .db
            .call(move |c| crate::identity::store::verified(c, &phone, now))
            .await?
            .ok_or(AppError::refused(Refused::NotVerified))?;
        Ok(Holder {
            phone: who.phone,
            person: verified.person,
        })
    }
}

impl Holder {
    /// The card numbered `card`: its holder's, or the guardian's of a child this phone
    /// applied for with this person's face.
    pub fn holds(&self, conn: &rusqlite::Connection, card: &str) -> ApiResult<()> {
        if identity::holds(&self.person, card, &[]).is_ok() {
            return Ok(());
        }
        let children =
            crate::identity::store::cards_applied_for_by_face(conn, &self.phone, &self.person)?;
        identity::holds(&self.person, card, &children).map_err(AppError::refused)
    }

    pub fn holds_application(&self, answers: &reissue_domain::api::FormAnswers) -> ApiResult<()> {
        identity::holds_application(&self.person, answers).map_err(AppError::refused)
    }
}

/// The officer, authenticated by `Authorization: Bearer <token>`: their own session's
/// (named), or the shared admin token (`shared`). Every request is logged under the name.
#[derive(Debug, Clone)]
pub struct Officer {
    pub officer: String,
    /// The session's token digest (none for the shared token), for signing out.
    pub session: Option<String>,
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let given = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(AppError::admin_unauthenticated)?
            .to_string();
        // Someone guessing tokens waits after a few, from wherever they are.
        let client = crate::http::client::ClientAddr::from_request_parts(parts, state).await?;
        let keys = crate::officer::accounts::token_keys(client.key());
        let now = state.clock.now_ms();
        if let Some(wait) = state.officer_failures.locked(&keys, now) {
            return Err(AppError::too_many(
                "admin_throttled",
                "管理令牌错误次数过多，请 15 分钟后再试",
                ((wait + 999) / 1000) as u32,
            ));
        }
        let given = given.as_str();
        let officer = if same_secret(given, &state.admin_token) {
            Some("shared".to_string())
        } else {
            let hash = sha256_hex(given);
            state
                .db
                .call(move |c| {
                    crate::officer::store::officer_of_session(c, &hash, now, |created| {
                        crate::officer::accounts::session_ends_at(created, now)
                    })
                })
                .await?
        };
        let Some(officer) = officer else {
            state.officer_failures.failed(&keys, now);
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
        let session = (officer != "shared").then(|| sha256_hex(given));
        Ok(Officer { officer, session })
    }
}
