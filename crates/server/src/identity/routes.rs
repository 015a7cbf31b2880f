//! A face check for a person alone: what lifts a phone's session to *verified as that
//! person* for the family's actions on a card (挂失, 解挂, 撤回, 委托), outside the
//! reissue's wizard, whose own face check does the same.

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::{ApiError, FlowStart};
use reissue_domain::identity::{IdentityCheck, Person, VerifiedIdentity};

use super::store;
use crate::http::auth::Applicant;
use crate::http::error::{ApiJson, ApiResult};
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Starts a face check for the person named (or for the face of one of this phone's
/// applications, or the card of one of its loss reports). Once it passes, the session acts as that person for
/// [`identity::VERIFIED_FOR_MS`]; the vendor comes back to `/identity/return`.
#[utoipa::path(post, path = "/api/v1/identity/liveness", tag = "liveness",
    request_body = IdentityCheck,
    responses((status = 201, description = "Go where `action` says; come back to /identity/return?flow=…", body = FlowStart),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 422, body = ApiError),
              (status = 429, description = "`face_check_limit`: ten a phone a day", body = ApiError)))]
pub async fn start(
    State(state): State<AppState>,
    who: Applicant,
    ApiJson(req): ApiJson<IdentityCheck>,
) -> ApiResult<(StatusCode, ApiJson<FlowStart>)> {
    let start = super::start_check(&state, who, req).await?;
    Ok((StatusCode::CREATED, ApiJson(start)))
}

/// Whom this session is verified as, and where the last face check asked to return.
/// A check that did not pass still tells its page and the name and number this phone
/// typed for it, so trying again asks for nothing twice.
#[utoipa::path(get, path = "/api/v1/identity", tag = "liveness",
    responses((status = 200, body = VerifiedIdentity), (status = 401, body = ApiError)))]
pub async fn current(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<VerifiedIdentity>> {
    let now = state.clock.now_ms();
    let (verified, last) = state
        .db
        .read(move |c| -> rusqlite::Result<_> {
            Ok((
                store::verified(c, &who.phone, now)?,
                store::last_verification(c, &who.phone)?,
            ))
        })
        .await?;
    let (person, next) = match (&verified, last) {
        (Some(v), last) => (v.person.clone(), last.map(|(_, n)| n).unwrap_or_default()),
        (None, Some((p, n))) => (p, n),
        (None, None) => (Person::new("", ""), String::new()),
    };
    Ok(ApiJson(VerifiedIdentity {
        verified: verified.is_some(),
        name: person.name,
        id_number: person.id_number,
        expires_in_seconds: verified.map_or(0, |v| ((v.until_ms - now).max(0) / 1000) as u32),
        next,
    }))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current))
        .routes(routes!(start))
}
