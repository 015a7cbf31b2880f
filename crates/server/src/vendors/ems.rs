//! The mock EMS: a posted card's scans appear as the server's clock passes. Taken in at
//! the card centre's city when shipped, on its way 3 and 20 hours later, with the
//! postman at 26; at 30 hours the courier reports it signed for (by the applicant or the
//! person they allowed), which is what marks the application delivered. An officer may
//! mark it delivered sooner; the signing scan is then at that time.
//!
//! A parcel to an address whose detail holds [`UNDELIVERABLE`] is never signed for: at
//! 30 hours the courier reports it 未妥投 and returns it to the office, where the
//! applicant collects it (a deterministic address for tests and demonstrations).

use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use reissue_domain::parcel::{Logistics, LogisticsEvent, ParcelStage};
use reissue_domain::TimelineEvent;

use crate::applications::store::AppRecord;
use crate::clock::{rfc3339, Millis};
use crate::jobs::job;
use crate::officer::moves;
use crate::state::AppState;

const HOUR_MS: Millis = 3_600_000;

/// When the courier reports a parcel signed for, after it was shipped.
pub const SIGNED_AFTER_MS: Millis = 30 * HOUR_MS;

const CARRIER: &str = "EMS";

/// The mock courier cannot deliver to an address whose detail holds this.
pub const UNDELIVERABLE: &str = "无法投递";

/// Will the mock courier fail to deliver this parcel?
pub fn undeliverable(app: &AppRecord) -> bool {
    app.answers
        .address_detail
        .as_deref()
        .is_some_and(|d| d.contains(UNDELIVERABLE))
}

/// The parcel of `app` as the courier reports it at `now`; None when nothing was posted.
/// `timeline` is the application's history; `to` names where it goes (the address's
/// region).
pub fn logistics(
    from_city: &str,
    to: &str,
    app: &AppRecord,
    timeline: &[(Millis, TimelineEvent)],
    now: Millis,
) -> Option<Logistics> {
    let tracking = app.tracking_number.clone()?;
    let at = |s: Status| {
        timeline
            .iter()
            .find(|(_, e)| e.status == s)
            .map(|(t, _)| *t)
    };
    let shipped = at(Status::Shipped).unwrap_or(app.status_ms);
    let delivered = at(Status::Delivered);
    let returned = at(Status::Returned);
    let ended = delivered.or(returned);
    let from = if from_city.is_empty() {
        "寄件地"
    } else {
        from_city
    };
    let mut scans = vec![
        (
            shipped,
            ParcelStage::Accepted,
            format!("【{from}】邮件已由{from}邮政分公司收寄（证件专递）"),
        ),
        (
            shipped + 3 * HOUR_MS,
            ParcelStage::InTransit,
            format!("【{from}邮区中心】已发出，发往【{to}】"),
        ),
        (
            shipped + 20 * HOUR_MS,
            ParcelStage::InTransit,
            format!("【{to}】已到达处理中心"),
        ),
        (
            shipped + 26 * HOUR_MS,
            ParcelStage::OutForDelivery,
            format!("【{to}】投递员正在派送，请保持电话畅通"),
        ),
    ];
    scans.retain(|(t, _, _)| *t <= ended.unwrap_or(now));
    if let Some(r) = returned {
        scans.push((
            r,
            ParcelStage::Returned,
            format!("【{to}】未妥投：收件人联系不上，地址无法投递；邮件已退回发证机关，请收件人到办证中心领取"),
        ));
    }
    if let Some(d) = delivered {
        scans.push((
            d,
            ParcelStage::Delivered,
            format!("已签收，{}。感谢使用 EMS", moves::signed_by(&app.answers)),
        ));
    }
    scans.sort_by_key(|(t, stage, _)| std::cmp::Reverse((*t, *stage)));
    Some(Logistics {
        carrier: CARRIER.into(),
        tracking_number: tracking,
        stage: scans
            .first()
            .map_or(ParcelStage::Accepted, |(_, stage, _)| *stage),
        recipient: mask::name(app.answers.recipient_name.as_deref().unwrap_or("")),
        events: scans
            .into_iter()
            .map(|(t, stage, description)| LogisticsEvent {
                at: rfc3339(t),
                stage,
                description,
            })
            .collect(),
    })
}

/// Where the parcel of `app` goes, as the courier names it.
pub fn destination(state: &AppState, app: &AppRecord) -> String {
    app.answers
        .address_region
        .as_deref()
        .and_then(|code| state.regions.full_name(code))
        .unwrap_or_else(|| "收件地".into())
}

/// The parcel of `app`, read with its history.
pub fn parcel_of(
    state: &AppState,
    conn: &rusqlite::Connection,
    app: &AppRecord,
    now: Millis,
) -> rusqlite::Result<Option<Logistics>> {
    let timeline = crate::applications::store::timeline(conn, &app.number)?;
    Ok(logistics(
        &state.profile.dispatch_city,
        &destination(state, app),
        app,
        &timeline,
        now,
    ))
}

/// One pass: every parcel out longer than [`SIGNED_AFTER_MS`] is signed for, and its
/// application delivered; or, for an address it cannot deliver to, returned to the
/// office. Returns how many.
pub async fn tick(state: &AppState) -> usize {
    job::over_applications(
        state,
        "courier",
        |_, conn, now| {
            crate::applications::store::apps_in_status(
                conn,
                &[Status::Shipped],
                now - SIGNED_AFTER_MS,
            )
        },
        |st, conn, app, now| {
            match undeliverable(app) {
                true => moves::return_to_office(st, conn, app, now),
                false => moves::advance(st, conn, app, None, now),
            }
            .map(|()| true)
        },
    )
    .await
}
