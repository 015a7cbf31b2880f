//! 数字相片采集回执 ordered online (seed 002, where the profile offers it): the photo in
//! the draft's 证件照片 slot goes to the detection centre for review by hand; issued, the
//! receipt is the service's like a studio's (photo_receipts) and is put in the draft's
//! photo choice; refused, the applicant is told why and orders again, free.

pub mod routes;
pub mod store;

use reissue_domain::date::Date;
use reissue_domain::idcard;
use reissue_domain::notify::MessageKind;
use reissue_domain::photo_order::{
    may_order, receipt_number, PhotoOrder, PhotoOrderState, DEFAULT_REFUSAL, VALID_DAYS,
};
use reissue_domain::population::PhotoReceipt;
use reissue_domain::{CardPhotoChoice, PhotoSource};
use rusqlite::Connection;

use crate::clock::{rfc3339, yyyymmdd, Millis};
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use store::OrderRow;

/// Orders a phone may place in a day: a refused photo is resubmitted a few times at
/// most in honest use; more is someone using the centre as a free photo checker.
pub const ORDERS_PER_DAY: i64 = 5;

const DAY_MS: Millis = 86_400_000;

/// Sends the draft's photo for review, for the card the draft names.
pub fn place(conn: &Connection, st: &AppState, phone: &str, now: Millis) -> ApiResult<OrderRow> {
    let draft = crate::drafts::store::load_draft(conn, phone)?.unwrap_or_default();
    let id_number = draft
        .form
        .id_number
        .as_deref()
        .map(idcard::normalize)
        .filter(|n| idcard::parse(n, st.clock.today()).is_ok())
        .ok_or_else(|| {
            AppError::conflict("id_first", "请先在“填写信息”中填写本人的公民身份号码")
        })?;
    let hukou = draft.form.hukou_region.clone();
    let photo = draft.photos.card_photo.clone();
    let city = may_order(
        st.profile.photo_receipt_online,
        hukou.as_deref(),
        photo.is_some(),
    )
    .map_err(|(code, message)| AppError::conflict(code, message))?;
    if let Some(o) = store::latest(conn, phone, &id_number)? {
        if o.state == PhotoOrderState::Reviewing {
            return Err(AppError::conflict(
                "photo_order_reviewing",
                "照片正在人工审核，请等审核结果出来后再提交",
            ));
        }
    }
    if store::placed_since(conn, phone, now - DAY_MS)? >= ORDERS_PER_DAY {
        return Err(AppError::too_many(
            "too_many_photo_orders",
            "今天已经提交了多次照片，请明天再试，或到照相馆拍照取得回执",
            3600,
        ));
    }
    let seq = store::count(conn)? + 1;
    let row = OrderRow {
        number: format!("XP{}{seq:06}", yyyymmdd(now)),
        phone: phone.to_string(),
        id_number,
        hukou_region: hukou.unwrap_or_default(),
        city,
        photo_sha256: photo.map(|p| p.sha256).unwrap_or_default(),
        state: PhotoOrderState::Reviewing,
        reason: None,
        receipt: None,
        submitted_ms: now,
        decided_ms: None,
    };
    store::insert(conn, &row)?;
    Ok(row)
}

/// The centre's verdict: a receipt issued (for the order's card and city, and put in
/// the draft's photo choice if the draft still names that card), or a refusal and why.
pub fn decide(
    conn: &Connection,
    st: &AppState,
    number: &str,
    approve: bool,
    reason: Option<&str>,
    now: Millis,
) -> ApiResult<OrderRow> {
    let mut o =
        store::by_number(conn, number)?.ok_or_else(|| AppError::not_found("没有这个照片订单"))?;
    if o.state != PhotoOrderState::Reviewing {
        return Err(AppError::conflict(
            "photo_order_decided",
            "这个照片订单已经审核过了",
        ));
    }
    let today = st.clock.today();
    if approve {
        let receipt = receipt_number(
            receipt_prefix(&o.hukou_region),
            &o.hukou_region,
            today,
            // The order's own sequence (one receipt per order), clear of the seeded
            // studio receipts' numbers.
            o.number[10..].parse::<u32>().unwrap_or(0) + 1000,
        );
        crate::population::store::put_photo_receipt(
            conn,
            &PhotoReceipt {
                number: receipt.clone(),
                id_number: o.id_number.clone(),
                valid_until: Date::from_days(today.to_days() + VALID_DAYS).to_string(),
                city: o.city.clone(),
            },
        )?;
        store::decide(
            conn,
            &o.number,
            PhotoOrderState::Issued,
            None,
            Some(&receipt),
            now,
        )?;
        let id = o.id_number.clone();
        let choice = CardPhotoChoice {
            source: PhotoSource::Receipt,
            receipt: Some(receipt.clone()),
        };
        if let Some(draft) = crate::drafts::store::load_draft(conn, &o.phone)? {
            if draft.form.id_number.as_deref().map(idcard::normalize) == Some(id) {
                crate::drafts::store::update_draft(conn, &o.phone, now, |d| {
                    d.card_photo = Some(choice);
                    Ok::<_, rusqlite::Error>(())
                })?;
            }
        }
        tell(conn, &o, MessageKind::PhotoReceiptIssued, &receipt, now)?;
        o.state = PhotoOrderState::Issued;
        o.receipt = Some(receipt);
    } else {
        let why = reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or(DEFAULT_REFUSAL)
            .to_string();
        store::decide(
            conn,
            &o.number,
            PhotoOrderState::Refused,
            Some(&why),
            None,
            now,
        )?;
        tell(conn, &o, MessageKind::PhotoReceiptRefused, &why, now)?;
        o.state = PhotoOrderState::Refused;
        o.reason = Some(why);
    }
    o.decided_ms = Some(now);
    Ok(o)
}

fn tell(
    conn: &Connection,
    o: &OrderRow,
    kind: MessageKind,
    detail: &str,
    now: Millis,
) -> ApiResult<()> {
    let key = format!("{}:{}", o.number, kind.as_str());
    crate::messages::store::add_message(conn, &o.phone, kind, &o.number, Some(detail), &key, now)?;
    Ok(())
}

/// The letters a receipt number starts with: the province's, as the seeded studio
/// receipts have them (GD for 广东).
fn receipt_prefix(hukou_region: &str) -> &'static str {
    match hukou_region.get(..2) {
        Some("44") => "GD",
        Some("51") => "SC",
        Some("31") => "SH",
        _ => "XP",
    }
}

/// The order as the applicant reads it.
pub fn to_api(st: &AppState, o: &OrderRow) -> PhotoOrder {
    let city = st
        .regions
        .district(&o.hukou_region)
        .map(|(_, city, _)| city.name.clone())
        .unwrap_or_else(|| o.city.clone());
    PhotoOrder {
        number: o.number.clone(),
        state: o.state,
        city,
        submitted_at: rfc3339(o.submitted_ms),
        reason: o.reason.clone(),
        receipt: o.receipt.clone(),
        valid_until: o
            .decided_ms
            .filter(|_| o.state == PhotoOrderState::Issued)
            .map(|ms| Date::from_days(Date::in_china(ms).to_days() + VALID_DAYS).to_string()),
    }
}
