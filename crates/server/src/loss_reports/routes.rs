//! 挂失 and 解挂: report a lost or stolen card (recorded at once, with a 挂失回执
//! number), list one's reports, withdraw one while no new card has been made.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use reissue_domain::api::ApiError;
use reissue_domain::loss_report::{
    check_request, report_online, withdraw_online, AtStation, LossReport, LossReportRequest,
    Withdrawal,
};
use reissue_domain::mask;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store::{self, ReportRow};
use crate::clock::rfc3339;
use crate::http::auth::{Applicant, Holder, Officer};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError, OptionalJson};
use crate::state::AppState;

/// A report as shown: the ID number masked.
fn to_api(r: &ReportRow) -> LossReport {
    let q = &r.request;
    LossReport {
        number: r.number.clone(),
        status: r.status,
        name: q.name.clone(),
        id_number: mask::id_number(&q.id_number),
        kind: q.kind.unwrap_or(reissue_domain::api::Reason::Lost),
        lost_on: q.lost_on.clone(),
        place: q.place.clone(),
        description: q.description.clone(),
        police_receipt: q.police_receipt.clone(),
        reported_at: rfc3339(r.reported_ms),
        ended_at: r.ended_ms.map(rfc3339),
    }
}

/// Reports a card lost or stolen: recorded at once, free. Only the card's holder (or
/// the guardian bound to a child's card), verified by a face check, and under the
/// register's name for the number. One open report per card (409 `already_reported`,
/// said only to the holder); a few reports a phone a day (429 `report_limit`).
#[utoipa::path(post, path = "/api/v1/loss-reports", tag = "loss_report",
    request_body = LossReportRequest,
    responses((status = 201, body = LossReport),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` (face check first) or `not_holder`", body = ApiError),
              (status = 409, description = "`already_reported`, or `report_at_station` where the province takes reports only at a police station (the message says where)", body = ApiError),
              (status = 422, body = ApiError),
              (status = 429, description = "`report_limit`", body = ApiError)))]
pub async fn report(
    State(state): State<AppState>,
    who: Result<Holder, AppError>,
    ApiJson(req): ApiJson<LossReportRequest>,
) -> ApiResult<(StatusCode, ApiJson<LossReport>)> {
    // Where the province takes reports only at a station, that comes first: nobody is
    // asked for a face check for something they cannot do here.
    report_online(&state.profile.loss_report)
        .map_err(|e| AppError::conflict(AtStation::REPORT, e.message))?;
    let who = who?;
    let req = check_request(&req, state.clock.today()).map_err(AppError::invalid)?;
    let row = state
        .tx(move |tx, now| super::report(tx, &who, req, now))
        .await?;
    tracing::info!(number = %row.number, "card reported lost");
    Ok((StatusCode::CREATED, ApiJson(to_api(&row))))
}

/// The applicant's loss reports, newest first.
#[utoipa::path(get, path = "/api/v1/loss-reports", tag = "loss_report",
    responses((status = 200, body = Vec<LossReport>), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<Vec<LossReport>>> {
    let rows = state
        .db
        .read(move |c| store::reports_of(c, &who.phone))
        .await?;
    Ok(ApiJson(rows.iter().map(to_api).collect()))
}

/// 解挂: the card was found. Only the card's holder (or the guardian bound to a child's
/// card), verified; another's report reads as none. Refused once a new card is being
/// made (409 `new_card_issued`, in the seed rule's words). While a reissue application
/// of this phone for the card is open, the applicant is asked whether to cancel it too
/// (409 `application_open`); answering `cancel_application: true` cancels it with the
/// withdrawal. An application on another phone is never cancelled from here (409
/// `application_elsewhere`).
#[utoipa::path(post, path = "/api/v1/loss-reports/{number}/withdrawal", tag = "loss_report",
    params(("number" = String, Path)),
    request_body(content = Withdrawal, description = "Optional; `{}` is fine"),
    responses((status = 200, body = LossReport),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`new_card_issued`, `not_reported`, `application_open`, `application_in_progress`, `application_elsewhere`, or `withdraw_at_station`", body = ApiError)))]
pub async fn withdraw(
    State(state): State<AppState>,
    who: Result<Holder, AppError>,
    ApiPath(number): ApiPath<String>,
    OptionalJson(body): OptionalJson<Withdrawal>,
) -> ApiResult<ApiJson<LossReport>> {
    withdraw_online(&state.profile.loss_report)
        .map_err(|e| AppError::conflict(AtStation::WITHDRAW, e.message))?;
    let who = who?;
    let row = state
        .tx(move |tx, now| super::withdraw(tx, &who, &number, body.cancel_application, now))
        .await?;
    tracing::info!(number = %row.number, "loss report withdrawn");
    Ok(ApiJson(to_api(&row)))
}

/// Loss reports for the officer: the newest 200, or those whose 挂失回执 number or full
/// ID number is `q` (ID numbers masked in the answer).
#[utoipa::path(get, path = "/api/v1/admin/loss-reports", tag = "admin",
    security(("admin_token" = [])),
    params(("q" = Option<String>, Query, description = "挂失回执号 or the full ID number")),
    responses((status = 200, body = Vec<LossReport>), (status = 401, body = ApiError)))]
pub async fn admin_list(
    State(state): State<AppState>,
    _: Officer,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<Vec<LossReport>>> {
    let q = query
        .get("q")
        .map(|q| q.trim().to_ascii_uppercase())
        .filter(|q| !q.is_empty());
    let rows = state
        .db
        .read(move |c| store::all_reports(c, q.as_deref()))
        .await?;
    Ok(ApiJson(rows.iter().map(to_api).collect()))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report, list))
        .routes(routes!(withdraw))
        .routes(routes!(admin_list))
}
