//! 挂失 and 解挂: a lost or stolen card reported (recorded at once, with a 挂失回执
//! number), a phone's reports listed, one withdrawn while no new card has been made.
//!
//! The use cases: one function per action, each inside the caller's transaction, in the
//! order the rules are checked, with what the action does to the other families (the
//! applications that name a report, the messages that tell a card's people).

pub mod routes;
pub mod store;

use axum::http::StatusCode;
use reissue_domain::api::FormAnswers;
use reissue_domain::error::Refusal;
use reissue_domain::identity::{Act, REPORTS_PER_PHONE_DAY};
use reissue_domain::lifecycle::Status;
use reissue_domain::loss_report::{may_withdraw, LossReportRequest, ReportRefused, ReportStatus};
use reissue_domain::notify::MessageKind;
use rusqlite::Transaction;

use crate::applications;
use crate::clock::{Millis, DAY_MS};
use crate::http::auth::Holder;
use crate::http::error::{ApiResult, AppError};
use crate::identity::card;
use crate::{messages, population};
use store::ReportRow;

impl From<ReportRefused> for AppError {
    fn from(refused: ReportRefused) -> AppError {
        match refused {
            ReportRefused::NameMismatch => {
                AppError::invalid_field("name", refused.code(), &refused.message())
            }
            ReportRefused::DailyLimit => {
                AppError::too_many(refused.code(), refused.message(), 3600)
            }
            ReportRefused::AlreadyReported { .. } => {
                AppError::conflict(refused.code(), refused.message())
            }
        }
    }
}

/// Records `req` (checked) as `who`'s report: the card must be theirs to act on, under
/// the register's name; a few a phone a day; one open report a card. Their own open
/// applications for the card name it from then on, and the card's people are told.
pub fn report(
    tx: &Transaction,
    who: &Holder,
    req: LossReportRequest,
    now: Millis,
) -> ApiResult<ReportRow> {
    who.holds(tx, &req.id_number)?;
    let own_card = req.id_number == who.person.id_number;
    let form = FormAnswers {
        name: Some(req.name.clone()),
        id_number: Some(req.id_number.clone()),
        ..FormAnswers::default()
    };
    if (own_card && req.name != who.person.name) || !population::name_is_registered(tx, &form)? {
        return Err(ReportRefused::NameMismatch.into());
    }
    if crate::identity::store::reports_since(tx, &who.phone, now - DAY_MS)? >= REPORTS_PER_PHONE_DAY
    {
        return Err(ReportRefused::DailyLimit.into());
    }
    if let Some(open) = store::open_report(tx, &req.id_number)? {
        // Said to the card's holder only (`holds` above).
        let ours = (open.phone == who.phone).then_some(open.number);
        return Err(ReportRefused::AlreadyReported { ours }.into());
    }
    let row = ReportRow {
        number: store::next_report_number(tx, now)?,
        phone: who.phone.clone(),
        request: req,
        status: ReportStatus::Reported,
        reported_ms: now,
        ended_ms: None,
    };
    store::insert_report(tx, &row)?;
    let kind = MessageKind::LossReported;
    let recorded = format!("挂失回执号 {}", row.number);
    let key = format!("{}:{}", row.number, kind.as_str());
    messages::store::add_message(
        tx,
        &row.phone,
        kind,
        &row.number,
        Some(&recorded),
        &key,
        now,
    )?;
    // Reported after applying: the person's own applications name it from now on;
    // nobody else's (a number typed proves nothing).
    for mut app in applications::store::open_apps_for_card(tx, &row.request.id_number)? {
        if app.loss_report.is_none() && who.holds_application(&app.answers).is_ok() {
            app.loss_report = Some(row.number.clone());
            applications::store::update_app(tx, &app)?;
        }
    }
    let id = &row.request.id_number;
    card::tell(
        tx,
        id,
        Act::ReportLoss,
        &row.number,
        &[],
        Some(&row.phone),
        now,
    )?;
    Ok(row)
}

/// 解挂 of report `number` by `who`: another's report reads as none. This phone's open
/// application for the card is cancelled with it when `cancel_application` says so
/// (the domain's [`may_withdraw`] says when it must be asked, and when it cannot be).
pub fn withdraw(
    tx: &Transaction,
    who: &Holder,
    number: &str,
    cancel_application: Option<bool>,
    now: Millis,
) -> ApiResult<ReportRow> {
    let not_found = || AppError::not_found("找不到这份挂失，请到“我的办件”查看");
    let mut row = store::report_by_number(tx, number)?.ok_or_else(not_found)?;
    who.holds(tx, &row.request.id_number)
        .map_err(|_| not_found())?;
    let card_id = row.request.id_number.clone();
    let (own, elsewhere): (Vec<_>, Vec<_>) = applications::store::open_apps_for_card(tx, &card_id)?
        .into_iter()
        .partition(|a| a.phone == who.phone);
    let open = own.into_iter().next();
    let can_cancel = open.as_ref().map(|a| a.status.can_cancel());
    let cancel = may_withdraw(
        row.status,
        can_cancel,
        !elsewhere.is_empty(),
        cancel_application,
    )
    .map_err(|e| AppError::refusal(StatusCode::CONFLICT, &e))?;
    if let (true, Some(mut app)) = (cancel, open) {
        let why = Some("身份证已找回，解除挂失");
        applications::store::transition(tx, &mut app, Status::Cancelled, now, why)?;
        card::tell(
            tx,
            &card_id,
            Act::CancelApplication,
            &app.number,
            &[&app.phone],
            None,
            now,
        )?;
    }
    store::end_report(tx, &row.number, ReportStatus::Withdrawn, now)?;
    card::tell(
        tx,
        &card_id,
        Act::WithdrawReport,
        &row.number,
        &[&row.phone],
        None,
        now,
    )?;
    row.status = ReportStatus::Withdrawn;
    row.ended_ms = Some(now);
    Ok(row)
}
