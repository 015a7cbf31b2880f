//! The mock EMS: a posted card's scans appear as the server's clock passes. Taken in at
//! the card centre's city when shipped, on its way 3 and 20 hours later, with the
//! postman at 26; at 30 hours the courier reports it signed for (by the applicant or the
//! person they allowed), which is what marks the application delivered. An officer may
//! mark it delivered sooner; the signing scan is then at that time.
//!
//! A parcel to an address whose detail holds [`UNDELIVERABLE`] is never signed for: at
//! 30 hours the courier reports it 未妥投 and returns it to the office, where the
//! applicant collects it (a deterministic address for tests and demonstrations).
//!
//! Where the applicant confirms someone else's signature in the app, an address whose
//! detail holds [`AT_THE_DOOR`] and a name (“人民路1号（代收：李明）”) finds that person
//! at the door instead: the postman asks at 26 hours, and at 30 the parcel is signed by
//! them if the applicant agreed, or goes back to the office if not (see
//! `parcels::signing`).

use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use reissue_domain::parcel::{
    signed_by_other, Logistics, LogisticsEvent, ParcelStage, SignRequestState,
};
use reissue_domain::TimelineEvent;

use crate::applications::store::AppRecord;
use crate::clock::{rfc3339, Millis};
use crate::jobs::job;
use crate::officer::moves;
use crate::parcels::signing;
use crate::parcels::store::SignRequestRow;
use crate::state::AppState;

const HOUR_MS: Millis = 3_600_000;

/// When the courier reports a parcel signed for, after it was shipped.
pub const SIGNED_AFTER_MS: Millis = 30 * HOUR_MS;

const CARRIER: &str = "EMS";

/// The mock courier cannot deliver to an address whose detail holds this.
pub const UNDELIVERABLE: &str = "无法投递";

/// When the postman is out with it, after it was shipped.
const OUT_FOR_DELIVERY_MS: Millis = 26 * HOUR_MS;

/// The mock courier finds, at an address whose detail holds this and a name, that person
/// at the door instead of the applicant.
pub const AT_THE_DOOR: &str = "代收：";

/// Who the mock courier finds at the door of `app`'s address, if not the applicant.
pub fn someone_at_door(app: &AppRecord) -> Option<String> {
    let detail = app.answers.address_detail.as_deref()?;
    let (_, rest) = detail.split_once(AT_THE_DOOR)?;
    let name: String = rest
        .chars()
        .take_while(|c| !matches!(c, '）' | ')' | '，' | ',' | ' '))
        .collect();
    (!name.is_empty()).then_some(name)
}

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
    request: Option<&SignRequestRow>,
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
            shipped + OUT_FOR_DELIVERY_MS,
            ParcelStage::OutForDelivery,
            format!("【{to}】投递员正在派送，请保持电话畅通"),
        ),
    ];
    // Whoever reads this may not be the applicant: the person at the door is masked.
    if let Some(r) = request {
        scans.push((
            r.asked_ms,
            ParcelStage::OutForDelivery,
            format!(
                "【{to}】收件人不在，{} 请求代签收，等待收件人确认",
                mask::name(&r.signer)
            ),
        ));
    }
    scans.retain(|(t, _, _)| *t <= ended.unwrap_or(now));
    if let Some(r) = returned {
        scans.push((
            r,
            ParcelStage::Returned,
            format!("【{to}】未妥投：收件人联系不上，地址无法投递；邮件已退回发证机关，请收件人到办证中心领取"),
        ));
    }
    if let Some(d) = delivered {
        let by = match request.filter(|r| r.state == SignRequestState::Approved) {
            Some(r) => signed_by_other(&mask::name(&r.signer)),
            None => moves::signed_by(&app.answers),
        };
        scans.push((
            d,
            ParcelStage::Delivered,
            format!("已签收，{by}。感谢使用 EMS"),
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
    let request = crate::parcels::store::request_of(conn, &app.number)?;
    Ok(logistics(
        &state.profile.dispatch_city,
        &destination(state, app),
        app,
        &timeline,
        request.as_ref(),
        now,
    ))
}

/// One pass: where the applicant confirms someone else's signature in the app, the
/// postman out with a parcel for someone not at home asks; then every parcel out longer
/// than [`SIGNED_AFTER_MS`] is signed for, and its application delivered; or, for an
/// address it cannot deliver to or a request the applicant did not agree to, returned
/// to the office. Returns how many moved or were asked about.
pub async fn tick(state: &AppState) -> usize {
    let asked = job::over_applications(
        state,
        "courier at the door",
        |st, conn, now| {
            if !signing::confirmed_in_app(st) {
                return Ok(Vec::new());
            }
            let out = crate::applications::store::apps_in_status(
                conn,
                &[Status::Shipped],
                now - OUT_FOR_DELIVERY_MS,
            )?;
            Ok(out
                .into_iter()
                .filter(|a| someone_at_door(a).is_some())
                .collect())
        },
        |_, conn, app, now| signing::ask_at_door(conn, app, now),
    )
    .await;
    let ended = job::over_applications(
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
            let request = crate::parcels::store::request_of(conn, &app.number)?;
            if request.is_some_and(|r| r.state == SignRequestState::Pending) {
                return signing::lapse(conn, st, app, now).map(|()| true);
            }
            match undeliverable(app) {
                true => moves::return_to_office(st, conn, app, None, now),
                false => moves::advance(st, conn, app, None, now),
            }
            .map(|()| true)
        },
    )
    .await;
    asked + ended
}
