//! The officer's moves (used by the admin endpoints and by `--auto-review`).

use reissue_domain::api::{Decision, DeliveryMethod, FormAnswers, Rejection};
use reissue_domain::lifecycle::{officer_next, Status};
use reissue_domain::submission;
use reissue_domain::Field;
use rusqlite::Connection;

use crate::applications::store::AppRecord;
use crate::clock::Millis;
use crate::http::auth;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;

pub fn decide(
    state: &AppState,
    conn: &Connection,
    app: &mut AppRecord,
    decision: &Decision,
    now: Millis,
) -> ApiResult<()> {
    let target = match decision {
        Decision::Approve => Status::AwaitingPayment,
        Decision::Reject { .. } => Status::Rejected,
    };
    // Refuse early (before starting the review) when the end state is unreachable.
    if app.status != Status::UnderReview {
        let review = app.status.transition(Status::UnderReview).map_err(|_| {
            AppError::from(reissue_domain::lifecycle::IllegalTransition {
                from: app.status,
                to: target,
            })
        })?;
        debug_assert_eq!(review, Status::UnderReview);
    }
    if let Decision::Reject { reason, fields } = decision {
        if reason.trim().chars().count() < 2 {
            return Err(AppError::invalid_field(
                "reason",
                "required",
                "请写明驳回原因，告诉申请人需要怎样修改",
            ));
        }
        if let Some(bad) = fields.iter().find(|f| Field::parse(f).is_none()) {
            return Err(AppError::invalid_field(
                "fields",
                "unknown_field",
                &format!("未知的字段：{bad}"),
            ));
        }
        if fields
            .iter()
            .filter_map(|f| Field::parse(f))
            .any(|f| !f.returnable())
        {
            return Err(AppError::invalid_field(
                "fields",
                "not_returnable",
                "证件照片不能退回在线修改，请驳回时说明原因，并告知申请人到办证中心窗口现场拍照",
            ));
        }
    }
    if app.status != Status::UnderReview {
        crate::applications::store::transition(conn, app, Status::UnderReview, now, None)?;
    }
    match decision {
        Decision::Approve => {
            let detail = format!("应缴费用 {}", submission::yuan(app.fees.total_fen));
            crate::applications::store::transition(
                conn,
                app,
                Status::AwaitingPayment,
                now,
                Some(&detail),
            )?;
        }
        Decision::Reject { reason, fields } => {
            app.rejection = Some(Rejection {
                reason: reason.trim().to_string(),
                fields: fields.iter().filter_map(|f| Field::parse(f)).collect(),
            });
            crate::applications::store::transition(
                conn,
                app,
                Status::Rejected,
                now,
                Some(reason.trim()),
            )?;
        }
    }
    let _ = state;
    Ok(())
}

/// The next production or delivery state, if there is one (the domain's rule).
pub fn next_step(app: &AppRecord) -> Option<Status> {
    officer_next(
        app.status,
        app.answers.delivery.unwrap_or(DeliveryMethod::Pickup),
    )
}

pub fn tracking_number() -> String {
    let digits: String = auth::random_hex(8)
        .bytes()
        .map(|b| char::from(b'0' + (b % 10)))
        .take(10)
        .collect();
    format!("EMS{digits}")
}

pub fn advance(
    state: &AppState,
    conn: &Connection,
    app: &mut AppRecord,
    tracking: Option<String>,
    now: Millis,
) -> ApiResult<()> {
    let Some(to) = next_step(app) else {
        return Err(AppError::conflict(
            "illegal_transition",
            format!(
                "办件当前状态为“{}”，没有可推进的制证或寄递步骤",
                app.status.label()
            ),
        ));
    };
    let detail = match to {
        Status::Shipped => {
            let t = tracking
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(tracking_number);
            let d = format!("EMS 运单号 {t}");
            app.tracking_number = Some(t);
            // Whoever cannot confirm on a phone signs with the 领证凭证 (seed 001).
            if state.profile.sign_for_others.voucher_when_posted() {
                app.voucher = Some(auth::random_digits(12));
            }
            Some(d)
        }
        Status::ReadyForPickup => {
            // 领证凭证: twelve random digits, so nobody finds a card by guessing.
            let voucher = auth::random_digits(12);
            app.voucher = Some(voucher);
            app.answers
                .office_id
                .as_ref()
                .and_then(|id| state.profile.offices.iter().find(|o| &o.id == id))
                .map(|o| {
                    format!(
                    "{}（{}），{}；请本人携带领证凭证领取，或由受托人凭本人身份证、领证凭证和委托授权书代领",
                    o.name, o.address, o.hours
                )
                })
        }
        Status::Delivered => Some(signed_by(&app.answers)),
        _ => None,
    };
    crate::applications::store::transition(conn, app, to, now, detail.as_deref())
}

/// The courier could not deliver the parcel (未妥投): it goes back to the office that
/// holds returned cards, and the applicant collects it there with a 领证凭证 of their own.
/// `why` says what happened at the door when it was not the address (the applicant did
/// not agree to someone else signing).
pub fn return_to_office(
    state: &AppState,
    conn: &Connection,
    app: &mut AppRecord,
    why: Option<&str>,
    now: Millis,
) -> ApiResult<()> {
    app.voucher = Some(auth::random_digits(12));
    let detail = state.profile.returns_office().map(|o| {
        let at = format!(
            "{}（{}），{}；请本人携带领证凭证领取",
            o.name, o.address, o.hours
        );
        match why {
            Some(why) => format!("{why}，已退回{at}"),
            None => at,
        }
    });
    crate::applications::store::transition(conn, app, Status::Returned, now, detail.as_deref())
}

/// Who signed for the parcel: the mock courier hands it to the person the applicant
/// allowed, when there is one (after the call to the applicant the real courier makes).
pub fn signed_by(answers: &FormAnswers) -> String {
    match answers.other_signer.as_deref() {
        Some(name) => format!("签收人：{name}（申请人授权的代签收人，投递员已电话确认）"),
        None => "签收人：本人".to_string(),
    }
}
