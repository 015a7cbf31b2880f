//! 挂失 and 解挂: report a lost or stolen card (recorded at once, with a 挂失回执
//! number), list one's reports, withdraw one while no new card has been made.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use reissue_domain::api::{ApiError, FormAnswers};
use reissue_domain::identity::{self, Act};
use reissue_domain::lifecycle::Status;
use reissue_domain::loss_report::{
    check_request, may_withdraw, report_online, withdraw_online, AtStation, LossReport,
    LossReportRequest, ReportStatus, Withdrawal,
};
use reissue_domain::mask;
use reissue_domain::notify::MessageKind;
use std::collections::HashMap;

use crate::clock::rfc3339;
use crate::http::auth::{Admin, Applicant, Holder};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError, OptionalJson};
use crate::identity::card;
use crate::jobs::privacy::DAY_MS;
use crate::loss_reports::store::ReportRow;
use crate::register;
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

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
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<ReportRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            who.holds(&tx, &req.id_number)?;
            let own_card = req.id_number == who.person.id_number;
            let form = FormAnswers {
                name: Some(req.name.clone()),
                id_number: Some(req.id_number.clone()),
                ..FormAnswers::default()
            };
            if (own_card && req.name != who.person.name)
                || !register::name_is_registered(&tx, &form)?
            {
                return Err(AppError::invalid_field(
                    "name",
                    "name_mismatch",
                    "姓名与身份证登记的不一致，请按身份证上的姓名填写",
                ));
            }
            if crate::identity::store::reports_since(&tx, &who.phone, now - DAY_MS)?
                >= identity::REPORTS_PER_PHONE_DAY
            {
                return Err(AppError::too_many(
                    "report_limit",
                    "今天已经登记了多份挂失。如还需挂失，请明天再试，或到派出所窗口办理",
                    3600,
                ));
            }
            if let Some(open) = crate::loss_reports::store::open_report(&tx, &req.id_number)? {
                // Said to the card's holder only (the extractor and `holds` above).
                let message = match open.phone == who.phone {
                    true => format!(
                        "这张身份证已经挂失（挂失回执号 {}），不用重复挂失。可在“我的办件”查看",
                        open.number
                    ),
                    false => "这张身份证已在另一部手机上挂失，不用重复挂失。如不是您本人挂失的，请拨打咨询电话"
                        .to_string(),
                };
                return Err(AppError::conflict("already_reported", message));
            }
            let row = ReportRow {
                number: crate::loss_reports::store::next_report_number(&tx, now)?,
                phone: who.phone.clone(),
                request: req,
                status: ReportStatus::Reported,
                reported_ms: now,
                ended_ms: None,
            };
            crate::loss_reports::store::insert_report(&tx, &row)?;
            let recorded = format!("挂失回执号 {}", row.number);
            crate::messages::store::add_message(
                &tx,
                &row.phone,
                MessageKind::LossReported,
                &row.number,
                Some(&recorded),
                &format!("{}:{}", row.number, MessageKind::LossReported.as_str()),
                now,
            )?;
            // Reported after applying: the person's own applications name it from now
            // on; nobody else's (a number typed proves nothing).
            for mut app in crate::applications::store::open_apps_for_card(&tx, &row.request.id_number)? {
                if app.loss_report.is_none() && who.holds_application(&app.answers).is_ok() {
                    app.loss_report = Some(row.number.clone());
                    crate::applications::store::update_app(&tx, &app)?;
                }
            }
            card::tell(
                &tx,
                &row.request.id_number,
                Act::ReportLoss,
                &row.number,
                &[],
                Some(&row.phone),
                now,
            )?;
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
        .read(move |c| crate::loss_reports::store::reports_of(c, &who.phone))
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
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<ReportRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let not_found = || AppError::not_found("找不到这份挂失，请到“我的办件”查看");
            let mut row = crate::loss_reports::store::report_by_number(&tx, &number)?
                .ok_or_else(not_found)?;
            who.holds(&tx, &row.request.id_number)
                .map_err(|_| not_found())?;
            let (own, elsewhere): (Vec<_>, Vec<_>) =
                crate::applications::store::open_apps_for_card(&tx, &row.request.id_number)?
                    .into_iter()
                    .partition(|a| a.phone == who.phone);
            let open = own.into_iter().next();
            let cancel = may_withdraw(
                row.status,
                open.as_ref().map(|a| a.status.can_cancel()),
                !elsewhere.is_empty(),
                body.cancel_application,
            )
            .map_err(|e| AppError::conflict(e.code(), e.message()))?;
            if let (true, Some(mut app)) = (cancel, open) {
                crate::applications::store::transition(
                    &tx,
                    &mut app,
                    Status::Cancelled,
                    now,
                    Some("身份证已找回，解除挂失"),
                )?;
                card::tell(
                    &tx,
                    &row.request.id_number,
                    Act::CancelApplication,
                    &app.number,
                    &[&app.phone],
                    None,
                    now,
                )?;
            }
            crate::loss_reports::store::end_report(&tx, &row.number, ReportStatus::Withdrawn, now)?;
            card::tell(
                &tx,
                &row.request.id_number,
                Act::WithdrawReport,
                &row.number,
                &[&row.phone],
                None,
                now,
            )?;
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
        .read(move |c| crate::loss_reports::store::all_reports(c, q.as_deref()))
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
