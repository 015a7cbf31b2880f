//! The temporary card's two moves: ordered when the fees are paid, ready when the office
//! has made it (the officer's step, or `--auto-review`'s).

use reissue_domain::api::ServiceProfile;
use reissue_domain::date::Date;
use reissue_domain::temporary_card::{self, TemporaryCardStatus};
use rusqlite::Connection;

use crate::applications::store::AppRecord;
use crate::clock::Millis;
use crate::http::error::{ApiResult, AppError};

fn office_name<'a>(profile: &'a ServiceProfile, app: &AppRecord) -> &'a str {
    app.answers
        .office_id
        .as_deref()
        .and_then(|id| profile.offices.iter().find(|o| o.id == id))
        .map_or("办证中心", |o| o.name.as_str())
}

/// Paid: a temporary card asked for is ordered, with the day it should be ready by.
pub fn order(
    profile: &ServiceProfile,
    conn: &Connection,
    app: &mut AppRecord,
    now: Millis,
) -> ApiResult<()> {
    let Some(rules) = &profile.temporary_card else {
        return Ok(());
    };
    if !temporary_card::wanted(&app.answers) || app.temporary_card.is_some() {
        return Ok(());
    }
    let detail = format!(
        "预计 {} 前可到{}领取，请带上户口本",
        rules.ready_by(Date::in_china(now)),
        office_name(profile, app)
    );
    crate::applications::store::temporary_card_to(
        conn,
        app,
        TemporaryCardStatus::Ordered,
        now,
        Some(&detail),
    )
}

/// Made: ready for collection at the office.
pub fn ready(
    profile: &ServiceProfile,
    conn: &Connection,
    app: &mut AppRecord,
    now: Millis,
) -> ApiResult<()> {
    if app.temporary_card.is_none() {
        return Err(AppError::conflict(
            "no_temporary_card",
            "这份申请没有申领临时居民身份证，或还没有缴费",
        ));
    }
    let detail = format!(
        "请在办公时间到{}领取，带上户口本",
        office_name(profile, app)
    );
    crate::applications::store::temporary_card_to(
        conn,
        app,
        TemporaryCardStatus::Ready,
        now,
        Some(&detail),
    )
}
