//! Signing in with an SMS code.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{AppendHeaders, IntoResponse, Response};
use reissue_domain::api::{
    ApiError, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeResponse, StartState,
};
use reissue_domain::mask;
use reissue_domain::session::{SessionEnd, SESSION_HEADER};

use super::store;
use crate::clock::{rfc3339, Millis};
use crate::http::auth::{self, Applicant};
use crate::http::client::ClientAddr;
use crate::http::cookies;
use crate::http::error::{ApiJson, ApiResult, AppError};
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Sends a 6-digit code (mock: to the outbox table; with `--mock` also in the answer).
#[utoipa::path(post, path = "/api/v1/sms-codes", tag = "session",
    request_body = SmsCodeRequest,
    responses(
        (status = 200, description = "Code sent", body = SmsCodeResponse),
        (status = 422, description = "Not a mainland mobile number", body = ApiError),
        (status = 403, description = "`captcha_required` (this client sent several, or the number had many codes today: solve the human check and send its answer) or `captcha_wrong`", body = ApiError),
        (status = 429, description = "This requester's cooldown (60 s) or daily limit (10) for the number, this client's hourly allowance (`client_limit`), or everyone's (`busy`); see retry_after", body = ApiError)))]
pub async fn send_code(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<SmsCodeRequest>,
) -> ApiResult<ApiJson<SmsCodeResponse>> {
    Ok(ApiJson(super::send_code(&state, client, req).await?))
}

/// Checks the code and opens a session (cookie `sid`).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "session",
    request_body = SessionRequest,
    responses(
        (status = 201, description = "Signed in; sets the `sid` cookie", body = SessionInfo),
        (status = 422, description = "`code_wrong`, the one answer whether the code is wrong, expired, used, out of tries or was never sent", body = ApiError)))]
pub async fn create(
    State(state): State<AppState>,
    client: ClientAddr,
    headers: HeaderMap,
    uri: Uri,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<Response> {
    let now = state.clock.now_ms();
    let rules = state.config.session_rules();
    let (phone, token, expires) = super::sign_in(&state, client, req, now).await?;
    tracing::info!("signed in: {}", mask::phone(&phone));
    let secure = auth::secure_cookies(&state, &headers, &uri);
    // The cookie lives as long as the session could; the server ends it sooner when idle.
    let max_age = rules.absolute_ms / 1000;
    let name = state.config.session_cookie_name();
    let cookie = cookies::session_cookie(name, &token, max_age, secure);
    let hint = cookies::hint_cookie(true, max_age, secure);
    let end = rules.end(now, expires, now);
    Ok((
        StatusCode::CREATED,
        AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
        [(SESSION_HEADER, end.to_header())],
        ApiJson(session_info(&phone, end, now)),
    )
        .into_response())
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/v1/sessions/current", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = ApiError)))]
pub async fn current(State(state): State<AppState>, who: Applicant) -> ApiJson<SessionInfo> {
    ApiJson(session_info(&who.phone, who.end, state.clock.now_ms()))
}

fn session_info(phone: &str, end: SessionEnd, now: Millis) -> SessionInfo {
    SessionInfo {
        phone_masked: mask::phone(phone),
        expires_at: rfc3339(now + i64::from(end.seconds) * 1000),
        expires_in_seconds: end.seconds,
        last: end.last,
    }
}

/// More time, asked for by the applicant when the page warns that the session is about
/// to end. Any request is activity that moves the end; this one does nothing else, for
/// the page's 继续办理 button. The end never passes the absolute limit.
#[utoipa::path(post, path = "/api/v1/sessions/current/renewal", tag = "session",
    responses((status = 200, body = SessionInfo), (status = 401, body = ApiError)))]
pub async fn renew(State(state): State<AppState>, who: Applicant) -> ApiJson<SessionInfo> {
    current(State(state), who).await
}

/// What the app needs to start, answered 200 whoever asks: whether a session is open
/// and, if so, the draft. A page reloaded after its session ended learns so without a
/// 401 in the console, and the cookies of the ended session are cleared.
#[utoipa::path(get, path = "/api/v1/start", tag = "session",
    responses((status = 200, body = StartState)))]
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    who: Result<Applicant, AppError>,
) -> ApiResult<Response> {
    let Ok(who) = who else {
        let name = state.config.session_cookie_name();
        let signed_out = StartState {
            signed_in: false,
            draft: None,
        };
        if auth::cookie_value(&headers, name).is_none() {
            return Ok(ApiJson(signed_out).into_response());
        }
        let secure = auth::secure_cookies(&state, &headers, &uri);
        let cookie = cookies::session_cookie(name, "", 0, secure);
        let hint = cookies::hint_cookie(false, 0, secure);
        return Ok((
            AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
            ApiJson(signed_out),
        )
            .into_response());
    };
    let draft = crate::drafts::routes::current_draft(&state, who.phone).await?;
    Ok(ApiJson(StartState {
        signed_in: true,
        draft,
    })
    .into_response())
}

/// Signs out, on every device (在所有设备上退出).
#[utoipa::path(delete, path = "/api/v1/sessions/current", tag = "session",
    responses((status = 204, description = "Signed out; the cookie is cleared"), (status = 401, body = ApiError)))]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    who: Applicant,
) -> ApiResult<Response> {
    // Every device: one left signed in elsewhere (a lost phone) ends too.
    let phone = who.phone.clone();
    state
        .db
        .call(move |c| store::end_sessions_of(c, &phone))
        .await?;
    let secure = auth::secure_cookies(&state, &headers, &uri);
    let name = state.config.session_cookie_name();
    let cookie = cookies::session_cookie(name, "", 0, secure);
    let hint = cookies::hint_cookie(false, 0, secure);
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, hint)]),
    )
        .into_response())
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(send_code))
        .routes(routes!(create))
        .routes(routes!(current, delete))
        .routes(routes!(renew))
        .routes(routes!(start))
}
