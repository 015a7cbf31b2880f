//! The officer's endpoints: `Authorization: Bearer <token>`, an officer's own (from
//! `POST /admin/sessions`) or the shared admin token.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reissue_domain::api::{
    AdvanceRequest, ApiError, CardPhotoChoice, Decision, DraftPhotos, FeeBreakdown, FormAnswers,
    PhotoSlot, Rejection, TemporaryCardStatus,
};
use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use serde::Serialize;

use super::{store, OfficerSession, OfficerSignIn};
use crate::applications::store::AppRecord;
use crate::applications::temporary_card;
use crate::clock::rfc3339;
use crate::flows::identity_digest;
use crate::http::auth::Officer;
use crate::http::client::ClientAddr;
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError, OptionalJson};
use crate::officer::moves;
use crate::photos::photo_path;
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// An application as the officer sees it: the answers, with the ID number masked. The
/// full number is one request away (`id_number`), asked for one application at a time
/// and logged, so a list of every applicant's number never sits in a browser.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminApplication {
    pub number: String,
    pub status: Status,
    pub status_label: String,
    pub phone_masked: String,
    pub answers: FormAnswers,
    pub photos: DraftPhotos,
    /// Where the new card's photo comes from (the camera's is in `photos`).
    pub card_photo: Option<CardPhotoChoice>,
    pub fees: FeeBreakdown,
    pub paid: bool,
    pub rejection: Option<Rejection>,
    pub tracking_number: Option<String>,
    /// The old card's 挂失回执 number, when reported.
    pub loss_report: Option<String>,
    /// The temporary card, once paid for (ordered, then ready).
    pub temporary_card: Option<TemporaryCardStatus>,
    /// The officer's next step after payment, named by what it does (标记已寄出 …).
    pub next_step: Option<String>,
    /// When the face check that vouched for this application passed.
    pub face_check_at: Option<String>,
    /// Money paid when nothing was owed (a second order), still to be given back.
    pub refund_due_fen: u32,
    /// The officers' steps on it: when, what, and who.
    pub officer_steps: Vec<crate::applications::store::OfficerStep>,
    pub submitted_at: String,
    pub updated_at: String,
}

fn admin_view(conn: &rusqlite::Connection, app: &AppRecord) -> rusqlite::Result<AdminApplication> {
    let face_check = crate::flows::store::face_check_of_app(
        conn,
        &app.phone,
        &identity_digest(&app.answers),
        &app.number,
        app.updated_ms,
    )?;
    Ok(AdminApplication {
        number: app.number.clone(),
        status: app.status,
        status_label: app.status.label().into(),
        phone_masked: mask::phone(&app.phone),
        answers: mask::answers(&app.answers),
        photos: app.photos.clone(),
        card_photo: app.card_photo.clone(),
        fees: app.fees,
        paid: app.paid_flow.is_some(),
        rejection: app.rejection.clone(),
        tracking_number: app.tracking_number.clone(),
        loss_report: app.loss_report.clone(),
        temporary_card: app.temporary_card,
        next_step: moves::next_step(app).map(|s| s.officer_action().to_string()),
        face_check_at: face_check.map(rfc3339),
        refund_due_fen: crate::flows::store::refund_due_fen(conn, &app.number)?,
        officer_steps: crate::applications::store::officer_steps(conn, &app.number)?,
        submitted_at: rfc3339(app.submitted_ms),
        updated_at: rfc3339(app.updated_ms),
    })
}

fn not_found() -> AppError {
    AppError::not_found("找不到该办件")
}

/// One officer's move on one application, in one transaction: load it, `act`, record
/// who did it on the events it wrote, and answer with the officer's view of it
/// afterwards.
async fn officer_move(
    state: &AppState,
    officer: Officer,
    number: String,
    act: impl FnOnce(&AppState, &rusqlite::Connection, &mut AppRecord, i64) -> ApiResult<()>
        + Send
        + 'static,
) -> ApiResult<ApiJson<AdminApplication>> {
    let st = state.clone();
    let view = state
        .tx(move |tx, now| -> ApiResult<AdminApplication> {
            let mut app =
                crate::applications::store::load_app(tx, &number)?.ok_or_else(not_found)?;
            act(&st, tx, &mut app, now)?;
            crate::applications::store::attribute_events(tx, &app.number, now, &officer.officer)?;
            let view = admin_view(tx, &app)?;
            Ok(view)
        })
        .await?;
    Ok(ApiJson(view))
}

/// Applications a page at a time, newest first ([`PAGE`] each; `page` from 1), only
/// those in the statuses named by `status` (comma-separated) when given: the officer's
/// queue, never every applicant at once.
#[utoipa::path(get, path = "/api/v1/admin/applications", tag = "admin",
    security(("admin_token" = [])),
    params(("page" = Option<u32>, Query, description = "From 1"),
           ("status" = Option<String>, Query, description = "Statuses, comma-separated")),
    responses((status = 200, body = Vec<AdminApplication>), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    _: Officer,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<Vec<AdminApplication>>> {
    let page = query
        .get("page")
        .and_then(|p| p.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    let statuses: Vec<String> = query
        .get("status")
        .map(|s| {
            s.split(',')
                .filter_map(|x| Status::parse(x.trim()).map(|st| st.as_str().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let views = state
        .db
        .read(move |c| {
            crate::applications::store::apps_page(c, &statuses, PAGE, (page - 1) * PAGE)?
                .iter()
                .map(|app| admin_view(c, app))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .await?;
    Ok(ApiJson(views))
}

/// Applications on one page of the officer's list.
pub const PAGE: u32 = 50;

/// Approve (→ awaiting payment) or reject with a reason and the fields to fix.
#[utoipa::path(post, path = "/api/v1/admin/applications/{number}/decision", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    request_body = Decision,
    responses((status = 200, body = AdminApplication),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "Not awaiting a decision", body = ApiError),
              (status = 422, description = "Missing reason or unknown field", body = ApiError)))]
pub async fn decision(
    State(state): State<AppState>,
    officer: Officer,
    ApiPath(number): ApiPath<String>,
    ApiJson(decision): ApiJson<Decision>,
) -> ApiResult<ApiJson<AdminApplication>> {
    officer_move(&state, officer, number, move |st, tx, app, now| {
        moves::decide(st, tx, app, &decision, now)
    })
    .await
}

/// One step of production or delivery: paid → in production → shipped (EMS tracking
/// number) or ready for pickup → delivered / picked up → completed.
#[utoipa::path(post, path = "/api/v1/admin/applications/{number}/advance", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    request_body(content = AdvanceRequest, description = "Optional; `{}` is fine"),
    responses((status = 200, body = AdminApplication),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "No next step from this state", body = ApiError)))]
pub async fn advance(
    State(state): State<AppState>,
    officer: Officer,
    ApiPath(number): ApiPath<String>,
    OptionalJson(req): OptionalJson<AdvanceRequest>,
) -> ApiResult<ApiJson<AdminApplication>> {
    officer_move(&state, officer, number, move |st, tx, app, now| {
        moves::advance(st, tx, app, req.tracking_number, now)
    })
    .await
}

/// 临时身份证已制好: the temporary card asked for with this application is ready at the
/// office (it was ordered when the fees were paid).
#[utoipa::path(post, path = "/api/v1/admin/applications/{number}/temporary-card", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = AdminApplication),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "`no_temporary_card` (none asked for, or not paid yet) or `temporary_card_state` (ready already)", body = ApiError)))]
pub async fn temporary_card_ready(
    State(state): State<AppState>,
    officer: Officer,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<AdminApplication>> {
    officer_move(&state, officer, number, move |st, tx, app, now| {
        temporary_card::ready(&st.profile, tx, app, now)
    })
    .await
}

/// The full ID number of one application, for checking it against the household
/// register photos.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminIdNumber {
    pub id_number: String,
}

/// The full ID number of one application. Each look is logged with the application
/// number and the officer's name (never the ID number itself), so who saw which full
/// numbers, and when, can be answered afterwards.
#[utoipa::path(get, path = "/api/v1/admin/applications/{number}/id-number", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = AdminIdNumber),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn id_number(
    State(state): State<AppState>,
    admin: Officer,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Response> {
    let lookup = number.clone();
    let app = state
        .db
        .call(move |c| crate::applications::store::load_app(c, &lookup))
        .await?
        .ok_or_else(not_found)?;
    let id_number = app.answers.id_number.ok_or_else(not_found)?;
    tracing::info!(officer = %admin.officer, application = %number, "officer viewed the full ID number");
    Ok((
        [(CACHE_CONTROL, "private, no-store")],
        ApiJson(AdminIdNumber { id_number }),
    )
        .into_response())
}

/// A photo of an application, for the officer's review.
#[utoipa::path(get, path = "/api/v1/admin/applications/{number}/photos/{slot}", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号"),
           ("slot" = PhotoSlot, Path, description = "register_home | register_self | card_photo | guardian_proof")),
    responses((status = 200, description = "The JPEG", content_type = "image/jpeg", body = Vec<u8>),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn photo(
    State(state): State<AppState>,
    _: Officer,
    ApiPath((number, slot)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let slot = PhotoSlot::parse(&slot).ok_or_else(not_found)?;
    let (app, purged) = state
        .db
        .call(move |c| -> rusqlite::Result<_> {
            Ok((
                crate::applications::store::load_app(c, &number)?,
                crate::applications::store::photos_purged_ms(c, &number)?,
            ))
        })
        .await?;
    let app = app.ok_or_else(not_found)?;
    if purged.is_some() {
        return Err(AppError::not_found(
            "该办件已办结超过保存期限，照片已按规定删除",
        ));
    }
    let meta = app.photos.get(slot).ok_or_else(not_found)?;
    let bytes = tokio::fs::read(photo_path(&state.photos_dir, &meta.sha256))
        .await
        .map_err(|_| not_found())?;
    Ok((
        [
            (CONTENT_TYPE, "image/jpeg"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        bytes,
    )
        .into_response())
}

/// Fault settings for end-to-end resilience tests (`--mock` only).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize, utoipa::ToSchema)]
pub struct FaultUpdate {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub jitter_ms: u64,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub drop_rate: f64,
    #[serde(default)]
    pub upload_cut_bytes: Option<u64>,
    /// The mock SMS and WeChat gateways fail every send (messages wait and are retried).
    #[serde(default)]
    pub notifier_down: bool,
}

/// Moves the mock's clock forward (`--mock` only), e.g. to return "hours later".
#[derive(Debug, Clone, serde::Deserialize, Serialize, utoipa::ToSchema)]
pub struct ClockAdvance {
    pub seconds: u64,
}

fn mock_only(state: &AppState) -> Result<(), AppError> {
    // A production deployment never lets anyone, officer or not, break or time-travel it.
    if state.config.mock {
        Ok(())
    } else {
        Err(AppError::not_found("该接口仅在模拟模式下可用"))
    }
}

/// Replaces the fault settings while the server runs (`--mock` only).
#[utoipa::path(put, path = "/api/v1/admin/faults", tag = "admin",
    security(("admin_token" = [])),
    request_body = FaultUpdate,
    responses((status = 200, body = FaultUpdate), (status = 401, body = ApiError),
              (status = 404, description = "Not in --mock mode", body = ApiError)))]
pub async fn set_faults(
    State(state): State<AppState>,
    _: Officer,
    ApiJson(update): ApiJson<FaultUpdate>,
) -> ApiResult<ApiJson<FaultUpdate>> {
    mock_only(&state)?;
    state.faults.set(crate::http::faults::FaultSettings {
        latency_ms: update.latency_ms,
        jitter_ms: update.jitter_ms,
        error_rate: update.error_rate.clamp(0.0, 1.0),
        drop_rate: update.drop_rate.clamp(0.0, 1.0),
        upload_cut_bytes: update.upload_cut_bytes.filter(|n| *n > 0),
    });
    state
        .gateways
        .down
        .store(update.notifier_down, std::sync::atomic::Ordering::Relaxed);
    tracing::warn!(?update, "fault settings changed");
    Ok(ApiJson(update))
}

/// Moves the clock forward (`--mock` only).
#[utoipa::path(post, path = "/api/v1/admin/clock", tag = "admin",
    security(("admin_token" = [])),
    request_body = ClockAdvance,
    responses((status = 204), (status = 401, body = ApiError),
              (status = 404, description = "Not in --mock mode", body = ApiError)))]
pub async fn advance_clock(
    State(state): State<AppState>,
    _: Officer,
    ApiJson(req): ApiJson<ClockAdvance>,
) -> ApiResult<axum::http::StatusCode> {
    mock_only(&state)?;
    state.clock.advance(std::time::Duration::from_secs(
        req.seconds.min(30 * 24 * 3600),
    ));
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// An officer signs in with their own name and password. Five wrong passwords for a
/// name from one client lock that name out there for fifteen minutes (elsewhere, its
/// officer still signs in), and twenty from one client for any names lock the client
/// out; an unknown name answers like a wrong password.
#[utoipa::path(post, path = "/api/v1/admin/sessions", tag = "admin",
    request_body = OfficerSignIn,
    responses((status = 201, body = OfficerSession),
              (status = 401, description = "`officer_unauthenticated`", body = ApiError),
              (status = 429, description = "Too many wrong passwords; see retry_after", body = ApiError)))]
pub async fn officer_sign_in(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<OfficerSignIn>,
) -> ApiResult<(StatusCode, ApiJson<OfficerSession>)> {
    Ok((
        StatusCode::CREATED,
        ApiJson(super::sign_in(&state, client, req).await?),
    ))
}

/// 退出登录: the officer's session ends now (the shared token has none to end).
#[utoipa::path(delete, path = "/api/v1/admin/sessions/current", tag = "admin",
    security(("admin_token" = [])),
    responses((status = 204, description = "Signed out"), (status = 401, body = ApiError)))]
pub async fn officer_sign_out(
    State(state): State<AppState>,
    admin: Officer,
) -> ApiResult<StatusCode> {
    if let Some(hash) = admin.session {
        state
            .db
            .call(move |c| store::end_officer_session(c, &hash))
            .await?;
        tracing::info!(officer = %admin.officer, "officer signed out");
    }
    Ok(StatusCode::NO_CONTENT)
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(officer_sign_in))
        .routes(routes!(officer_sign_out))
        .routes(routes!(set_faults))
        .routes(routes!(advance_clock))
        .routes(routes!(decision))
        .routes(routes!(advance))
        .routes(routes!(temporary_card_ready))
        .routes(routes!(id_number))
        .routes(routes!(photo))
}
