//! 挂失 and 解挂: report a lost or stolen card (recorded at once, with a 挂失回执
//! number), list one's reports, withdraw one while no new card has been made.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use reissue_domain::api::ApiError;
use reissue_domain::lifecycle::Status;
use reissue_domain::loss_report::{
    check_request, may_withdraw, LossReport, LossReportRequest, ReportStatus, Withdrawal,
};
use reissue_domain::mask;
use reissue_domain::notify::MessageKind;
use std::collections::HashMap;

use crate::auth::{Admin, Applicant};
use crate::clock::rfc3339;
use crate::error::{ApiJson, ApiPath, ApiResult, AppError, OptionalJson};
use crate::state::AppState;
use crate::store::{self, ReportRow};

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

/// Reports a card lost or stolen: recorded at once, free. One open report per card: a
/// second one is refused (409 `already_reported`), with the first one's number when it
/// is the same applicant's.
#[utoipa::path(post, path = "/api/v1/loss-reports", tag = "loss_report",
    request_body = LossReportRequest,
    responses((status = 201, body = LossReport),
              (status = 401, body = ApiError),
              (status = 409, description = "`already_reported`", body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn report(
    State(state): State<AppState>,
    who: Applicant,
    ApiJson(req): ApiJson<LossReportRequest>,
) -> ApiResult<(StatusCode, ApiJson<LossReport>)> {
    let req = check_request(&req, state.clock.today()).map_err(AppError::invalid)?;
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<ReportRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            if let Some(open) = store::open_report(&tx, &req.id_number)? {
                let message = match open.phone == who.phone {
                    true => format!(
                        "这张身份证已经挂失（挂失回执号 {}），不用重复挂失。可在“我的办件”查看",
                        open.number
                    ),
                    false => "这张身份证已经挂失，不用重复挂失。如不是您本人挂失的，请拨打咨询电话"
                        .to_string(),
                };
                return Err(AppError::conflict("already_reported", message));
            }
            let row = ReportRow {
                number: store::next_report_number(&tx, now)?,
                phone: who.phone.clone(),
                request: req,
                status: ReportStatus::Reported,
                reported_ms: now,
                ended_ms: None,
            };
            store::insert_report(&tx, &row)?;
            let recorded = format!("挂失回执号 {}", row.number);
            store::add_message(
                &tx,
                &row.phone,
                MessageKind::LossReported,
                &row.number,
                Some(&recorded),
                &format!("{}:{}", row.number, MessageKind::LossReported.as_str()),
                now,
            )?;
            // Reported after applying: the application names it from now on.
            if let Some(mut app) = store::open_app_for_card(&tx, &row.request.id_number)? {
                if app.loss_report.is_none() {
                    app.loss_report = Some(row.number.clone());
                    store::update_app(&tx, &app)?;
                }
            }
            tx.commit()?;
            Ok(row)
        })
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
        .call(move |c| store::reports_of(c, &who.phone))
        .await?;
    Ok(ApiJson(rows.iter().map(to_api).collect()))
}

/// 解挂: the card was found. Refused once a new card is being made (409
/// `new_card_issued`, in the seed rule's words). While a reissue application for the card
/// is open, the applicant is asked whether to cancel it too (409 `application_open`);
/// answering `cancel_application: true` cancels it with the withdrawal.
#[utoipa::path(post, path = "/api/v1/loss-reports/{number}/withdrawal", tag = "loss_report",
    params(("number" = String, Path)),
    request_body(content = Withdrawal, description = "Optional; `{}` is fine"),
    responses((status = 200, body = LossReport),
              (status = 401, body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`new_card_issued`, `not_reported`, `application_open` or `application_in_progress`", body = ApiError)))]
pub async fn withdraw(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
    OptionalJson(body): OptionalJson<Withdrawal>,
) -> ApiResult<ApiJson<LossReport>> {
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<ReportRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let mut row = store::report_of(&tx, &who.phone, &number)?
                .ok_or_else(|| AppError::not_found("找不到这份挂失，请到“我的办件”查看"))?;
            let open = store::open_app_for_card(&tx, &row.request.id_number)?;
            let cancel = may_withdraw(
                row.status,
                open.as_ref().map(|a| a.status.can_cancel()),
                body.cancel_application,
            )
            .map_err(|e| AppError::conflict(e.code(), e.message()))?;
            if let (true, Some(mut app)) = (cancel, open) {
                store::transition(
                    &tx,
                    &mut app,
                    Status::Cancelled,
                    now,
                    Some("身份证已找回，解除挂失"),
                )?;
            }
            store::end_report(&tx, &row.number, ReportStatus::Withdrawn, now)?;
            row.status = ReportStatus::Withdrawn;
            row.ended_ms = Some(now);
            tx.commit()?;
            Ok(row)
        })
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
    _: Admin,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<Vec<LossReport>>> {
    let q = query
        .get("q")
        .map(|q| q.trim().to_ascii_uppercase())
        .filter(|q| !q.is_empty());
    let rows = state
        .db
        .call(move |c| store::all_reports(c, q.as_deref()))
        .await?;
    Ok(ApiJson(rows.iter().map(to_api).collect()))
}
