//! Submitted applications: submit (idempotent), read, resubmit, cancel, pay, track.

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::{
    ApiError, ApplicationDetail, ApplicationSummary, DeliveryMethod, FlowStart, Logistics,
    Resubmission, SubmitResponse,
};
use reissue_domain::lifecycle::Status;
use reissue_domain::submission;

use reissue_domain::identity::Act;

use super::store;
use crate::clock::rfc3339;
use crate::http::auth::{Applicant, Holder};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::http::idempotency::IdempotencyKey;
use crate::identity::card;
use crate::state::AppState;
use crate::vendors::ems;
use store::AppRecord;
use utoipa_axum::{router::OpenApiRouter, routes};

fn submit_response(app: &AppRecord) -> SubmitResponse {
    SubmitResponse {
        number: app.number.clone(),
        status: app.status,
        submitted_at: rfc3339(app.submitted_ms),
    }
}

/// Submits the current draft. `Idempotency-Key` (8–64 characters) is required: the same
/// key returns the same application (200), never a second one. Every check runs again
/// on the server.
#[utoipa::path(post, path = "/api/v1/applications", tag = "application",
    params(("Idempotency-Key" = String, Header, description = "8–64 characters, new per submission, reused on retry")),
    responses((status = 201, description = "Submitted", body = SubmitResponse),
              (status = 200, description = "Already submitted with this key", body = SubmitResponse),
              (status = 400, description = "Missing or malformed Idempotency-Key", body = ApiError),
              (status = 401, body = ApiError),
              (status = 404, description = "No draft", body = ApiError),
              (status = 422, description = "Fields to fix (also `register_home`, `register_self`, `card_photo`, `liveness`, `notice_version`; `id_number` when the register says to go to a window)", body = ApiError)))]
pub async fn submit(
    State(state): State<AppState>,
    who: Applicant,
    IdempotencyKey(key): IdempotencyKey,
) -> ApiResult<(StatusCode, ApiJson<SubmitResponse>)> {
    let st = state.clone();
    let (created, resp) = state
        .tx(move |tx, now| super::submit(tx, &st, &who, &key, now))
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, ApiJson(submit_response(&resp))))
}

/// The applicant's applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "application",
    responses((status = 200, body = Vec<ApplicationSummary>), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<Vec<ApplicationSummary>>> {
    let apps = state
        .db
        .read(move |c| store::apps_of(c, &who.phone))
        .await?;
    Ok(ApiJson(apps.iter().map(store::summary).collect()))
}

/// One application (ID number masked), with its timeline and next action.
#[utoipa::path(get, path = "/api/v1/applications/{number}", tag = "application",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = ApplicationDetail),
              (status = 401, body = ApiError),
              (status = 404, description = "Not found, or someone else's", body = ApiError)))]
pub async fn get(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<ApplicationDetail>> {
    let st = state.clone();
    let detail = state
        .db
        .read(move |c| -> ApiResult<ApplicationDetail> {
            let app = store::load_own_app(c, &number, &who.phone)?;
            Ok(store::detail(c, &app, &st.profile, st.clock.now_ms())?)
        })
        .await?;
    Ok(ApiJson(detail))
}

/// After a rejection: the corrected answers (laid over the application's), plus the
/// current draft's photos and liveness check where those were asked for.
#[utoipa::path(post, path = "/api/v1/applications/{number}/resubmission", tag = "application",
    params(("number" = String, Path, description = "申请编号")),
    request_body = Resubmission,
    responses((status = 200, description = "Resubmitted", body = ApplicationDetail),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "Not rejected", body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn resubmit(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<Resubmission>,
) -> ApiResult<ApiJson<ApplicationDetail>> {
    let st = state.clone();
    let detail = state
        .tx(move |tx, now| super::resubmit(tx, &st, &who, &number, req, now))
        .await?;
    Ok(ApiJson(detail))
}

/// Keeps corrections of a rejected application as they are made (only the fields sent
/// change; `""` clears one), so a reload or a lost session loses nothing typed. Checked
/// like a draft: on any problem nothing is stored and 422 lists the fields.
#[utoipa::path(put, path = "/api/v1/applications/{number}/correction", tag = "application",
    params(("number" = String, Path, description = "申请编号")),
    request_body = Resubmission,
    responses((status = 200, description = "Saved", body = ApplicationDetail),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "Not rejected", body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn put_correction(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<Resubmission>,
) -> ApiResult<ApiJson<ApplicationDetail>> {
    let st = state.clone();
    let detail = state
        .tx(move |tx, now| -> ApiResult<ApplicationDetail> {
            let app = store::load_own_app(tx, &number, &who.phone)?;
            // Only a rejected application takes corrections: the same rule as resubmitting.
            app.status.transition(Status::Resubmitted)?;
            let saved = crate::drafts::store::load_correction(tx, &number)?.unwrap_or_default();
            let correction = saved.overlaid(&req.form);
            let asked = app.asked_to_fix();
            let corrected = app.answers.overlaid(&correction);
            let errors =
                submission::correction_errors(&asked, &app.answers, &corrected, &st.rules(), false);
            if !errors.is_empty() {
                return Err(AppError::invalid(errors));
            }
            crate::drafts::store::save_correction(tx, &number, &correction, now)?;
            let detail = store::detail(tx, &app, &st.profile, now)?;
            Ok(detail)
        })
        .await?;
    Ok(ApiJson(detail))
}

/// Withdraws the application; only before the review starts.
#[utoipa::path(post, path = "/api/v1/applications/{number}/cancellation", tag = "application",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, description = "Cancelled", body = ApplicationDetail),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` (the holder's face check first) or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "Review already started", body = ApiError)))]
pub async fn cancel(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<ApplicationDetail>> {
    let st = state.clone();
    let detail = state
        .tx(move |tx, now| -> ApiResult<ApplicationDetail> {
            let mut app = store::load_own_app(tx, &number, &who.phone)?;
            who.holds_application(&app.answers)?;
            store::transition(tx, &mut app, Status::Cancelled, now, None)?;
            if let Some(card) = app.answers.id_number.as_deref() {
                card::tell(
                    tx,
                    card,
                    Act::CancelApplication,
                    &app.number,
                    &[&app.phone],
                    None,
                    now,
                )?;
            }
            let detail = store::detail(tx, &app, &st.profile, now)?;
            Ok(detail)
        })
        .await?;
    Ok(ApiJson(detail))
}

/// Opens a payment of the fee (the amount is the server's) with the profile's vendor; a
/// payment already open for the application is resumed, not doubled.
#[utoipa::path(post, path = "/api/v1/applications/{number}/payment", tag = "payment",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 201, description = "Go where `action` says; come back to /payment/return?flow=…", body = FlowStart),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "`already_paid`, `not_payable`, or `payment_expired` (the profile's window has passed)", body = ApiError)))]
pub async fn start_payment(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<(StatusCode, ApiJson<FlowStart>)> {
    let start = super::start_payment(&state, who, number).await?;
    Ok((StatusCode::CREATED, ApiJson(start)))
}

/// The courier's scans of a posted card (the mock EMS's, as time passes).
#[utoipa::path(get, path = "/api/v1/applications/{number}/logistics", tag = "application",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = Logistics),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "`not_shipped` (not yet posted, or pickup chosen)", body = ApiError)))]
pub async fn logistics(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<Logistics>> {
    let st = state.clone();
    let out = state
        .db
        .call(move |c| -> ApiResult<Logistics> {
            let app = store::load_own_app(c, &number, &who.phone)?;
            ems::parcel_of(&st, c, &app, st.clock.now_ms())?.ok_or_else(|| {
                let message = if app.answers.delivery == Some(DeliveryMethod::Pickup) {
                    "本办件选择到办证中心领取，没有物流信息"
                } else {
                    "证件尚未寄出，寄出后可在这里查看物流"
                };
                AppError::conflict("not_shipped", message)
            })
        })
        .await?;
    Ok(ApiJson(out))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(submit, list))
        .routes(routes!(get))
        .routes(routes!(resubmit))
        .routes(routes!(put_correction))
        .routes(routes!(cancel))
        .routes(routes!(start_payment))
        .routes(routes!(logistics))
}
