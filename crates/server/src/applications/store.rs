//! Applications, their timeline, and the one place an application's status changes
//! (through `Status::transition`, with a timeline event for every step).

use crate::db::Cached;
use reissue_domain::api::{
    ApplicationDetail, ApplicationSummary, CardPhotoChoice, DeliveryMethod, DraftPhotos,
    FeeBreakdown, FormAnswers, Rejection, ServiceProfile, TimelineEvent,
};
use reissue_domain::date::Date;
use reissue_domain::delegation::{voucher_shown, AuthorizationStatus, PickupVoucher};
use reissue_domain::lifecycle::Status;
use reissue_domain::loss_report::voids_reports;
use reissue_domain::notify::MessageKind;
use reissue_domain::temporary_card::{self, TemporaryCardStatus, TemporaryCardView};
use reissue_domain::{mask, Field};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};

use crate::clock::{rfc3339, yyyymmdd, Millis};
use crate::db::{json, to_json};
use crate::drafts::store::{delete_correction, load_correction};
use crate::http::error::{ApiResult, AppError};
use crate::photos::store::{set_photo_uses, PhotoOwner};

#[derive(Debug, Clone)]
pub struct AppRecord {
    pub number: String,
    pub phone: String,
    pub status: Status,
    pub answers: FormAnswers,
    pub photos: DraftPhotos,
    /// Where the new card's photo comes from (profiles with a 证件照片 step).
    pub card_photo: Option<CardPhotoChoice>,
    /// The 挂失回执 number of the old card's loss report, once there is one.
    pub loss_report: Option<String>,
    /// The temporary card asked for with it, once paid for.
    pub temporary_card: Option<TemporaryCardStatus>,
    /// 领证凭证 number, from when the card is ready at the office.
    pub voucher: Option<String>,
    pub fees: FeeBreakdown,
    pub rejection: Option<Rejection>,
    pub tracking_number: Option<String>,
    pub paid_flow: Option<String>,
    pub submitted_ms: Millis,
    pub updated_ms: Millis,
    pub status_ms: Millis,
}

const APP_COLS: &str = "number, phone, status, answers, photos, fees, rejection, tracking_number, paid_flow, submitted_ms, updated_ms, status_ms, card_photo, loss_report, temporary_card, voucher";

impl AppRecord {
    /// What the officer asked the applicant to fix (nothing unless rejected).
    pub fn asked_to_fix(&self) -> Vec<Field> {
        self.rejection
            .as_ref()
            .map(|r| r.fields.clone())
            .unwrap_or_default()
    }
}

fn app_from_row(r: &Row) -> rusqlite::Result<AppRecord> {
    let status: String = r.get(2)?;
    let rejection: Option<String> = r.get(6)?;
    let card_photo: Option<String> = r.get(12)?;
    let temporary_card: Option<String> = r.get(14)?;
    Ok(AppRecord {
        number: r.get(0)?,
        phone: r.get(1)?,
        status: Status::parse(&status).unwrap_or(Status::Submitted),
        answers: json(&r.get::<_, String>(3)?)?,
        photos: json(&r.get::<_, String>(4)?)?,
        card_photo: card_photo.map(|s| json(&s)).transpose()?,
        fees: json(&r.get::<_, String>(5)?)?,
        rejection: rejection.map(|s| json(&s)).transpose()?,
        tracking_number: r.get(7)?,
        paid_flow: r.get(8)?,
        submitted_ms: r.get(9)?,
        updated_ms: r.get(10)?,
        status_ms: r.get(11)?,
        loss_report: r.get(13)?,
        temporary_card: temporary_card
            .as_deref()
            .and_then(TemporaryCardStatus::parse),
        voucher: r.get(15)?,
    })
}

pub fn load_app(conn: &Connection, number: &str) -> rusqlite::Result<Option<AppRecord>> {
    conn.query_row_cached(
        &format!("SELECT {APP_COLS} FROM applications WHERE number = ?1"),
        [number],
        app_from_row,
    )
    .optional()
}

/// The applicant's own application, or 404 (also for anyone else's).
pub fn load_own_app(conn: &Connection, number: &str, phone: &str) -> ApiResult<AppRecord> {
    match load_app(conn, number)? {
        Some(app) if app.phone == phone => Ok(app),
        _ => Err(AppError::not_found("找不到该办件，请核对申请编号")),
    }
}

pub fn apps_of(conn: &Connection, phone: &str) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications WHERE phone = ?1 ORDER BY submitted_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([phone], app_from_row)?;
    rows.collect()
}

pub fn all_apps(conn: &Connection) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications ORDER BY submitted_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([], app_from_row)?;
    rows.collect()
}

/// One page of applications, newest first: `limit` from `offset`, only those in
/// `statuses` when any are named.
pub fn apps_page(
    conn: &Connection,
    statuses: &[String],
    limit: u32,
    offset: u32,
) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications
         WHERE ?1 = '' OR instr(',' || ?1 || ',', ',' || status || ',') > 0
         ORDER BY submitted_ms DESC, number DESC LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt.query_map(params![statuses.join(","), limit, offset], app_from_row)?;
    rows.collect()
}

pub fn apps_in_status(
    conn: &Connection,
    statuses: &[Status],
    older_than: Millis,
) -> rusqlite::Result<Vec<AppRecord>> {
    let mut out = Vec::new();
    for st in statuses {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {APP_COLS} FROM applications WHERE status = ?1 AND status_ms <= ?2 ORDER BY status_ms"
        ))?;
        let rows = stmt.query_map(params![st.as_str(), older_than], app_from_row)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

/// The posted applications whose parcel goes to `phone` (the recipient's, which may be
/// another's than the applicant's), newest first.
pub fn posted_to(conn: &Connection, phone: &str) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications
         WHERE recipient_phone = ?1 AND tracking_number IS NOT NULL
         ORDER BY status_ms DESC LIMIT 20"
    ))?;
    let rows = stmt.query_map([phone], app_from_row)?;
    rows.collect()
}

/// The columns that change after submission, in the order of [`changing_values`].
const CHANGING: [&str; 13] = [
    "status",
    "answers",
    "photos",
    "fees",
    "rejection",
    "tracking_number",
    "paid_flow",
    "updated_ms",
    "status_ms",
    "card_photo",
    "loss_report",
    "temporary_card",
    "voucher",
];

fn changing_values(app: &AppRecord) -> [Value; 13] {
    let text = |s: String| Value::Text(s);
    let opt = |s: Option<String>| s.map_or(Value::Null, Value::Text);
    [
        text(app.status.as_str().to_string()),
        text(to_json(&app.answers)),
        text(to_json(&app.photos)),
        text(to_json(&app.fees)),
        opt(app.rejection.as_ref().map(to_json)),
        opt(app.tracking_number.clone()),
        opt(app.paid_flow.clone()),
        Value::Integer(app.updated_ms),
        Value::Integer(app.status_ms),
        opt(app.card_photo.as_ref().map(to_json)),
        opt(app.loss_report.clone()),
        opt(app.temporary_card.map(|t| t.as_str().to_string())),
        opt(app.voucher.clone()),
    ]
}

pub fn insert_app(conn: &Connection, app: &AppRecord, idem_key: &str) -> rusqlite::Result<()> {
    let placeholders: Vec<String> = (5..5 + CHANGING.len()).map(|i| format!("?{i}")).collect();
    let fixed = [
        Value::Text(app.number.clone()),
        Value::Text(app.phone.clone()),
        Value::Text(idem_key.to_string()),
        Value::Integer(app.submitted_ms),
    ];
    conn.execute_cached(
        &format!(
            "INSERT INTO applications (number, phone, idem_key, submitted_ms, {}) VALUES (?1, ?2, ?3, ?4, {})",
            CHANGING.join(", "),
            placeholders.join(", ")
        ),
        params_from_iter(fixed.into_iter().chain(changing_values(app))),
    )?;
    set_photo_uses(
        conn,
        PhotoOwner::Application(&app.number),
        Some(&app.photos),
    )
}

/// Writes every column that changes after submission back.
pub fn update_app(conn: &Connection, app: &AppRecord) -> rusqlite::Result<()> {
    let set: Vec<String> = CHANGING
        .iter()
        .enumerate()
        .map(|(i, col)| format!("{col} = ?{}", i + 2))
        .collect();
    conn.execute_cached(
        &format!(
            "UPDATE applications SET {} WHERE number = ?1",
            set.join(", ")
        ),
        params_from_iter(
            [Value::Text(app.number.clone())]
                .into_iter()
                .chain(changing_values(app)),
        ),
    )?;
    set_photo_uses(
        conn,
        PhotoOwner::Application(&app.number),
        Some(&app.photos),
    )
}

pub fn add_event(
    conn: &Connection,
    number: &str,
    at: Millis,
    status: Status,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO events (number, at_ms, status, title, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![number, at, status.as_str(), status.event_title(), detail],
    )?;
    Ok(())
}

/// Moves the temporary card to `to` if its lifecycle allows it (from nothing: only to
/// ordered), recording its event in the application's timeline. The caller commits.
pub fn temporary_card_to(
    conn: &Connection,
    app: &mut AppRecord,
    to: TemporaryCardStatus,
    now: Millis,
    detail: Option<&str>,
) -> ApiResult<()> {
    let allowed = match app.temporary_card {
        None => to == TemporaryCardStatus::Ordered,
        Some(from) => from.can_become(to),
    };
    if !allowed {
        return Err(AppError::conflict(
            "temporary_card_state",
            "临时居民身份证当前状态不能这样变更，请刷新页面查看最新进度",
        ));
    }
    app.temporary_card = Some(to);
    app.updated_ms = now;
    update_app(conn, app)?;
    conn.execute_cached(
        "INSERT INTO events (number, at_ms, status, title, detail, temporary_card) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![app.number, now, app.status.as_str(), to.event_title(), detail, to.as_str()],
    )?;
    tracing::info!(number = %app.number, temporary_card = to.as_str(), "temporary card changed");
    Ok(())
}

/// Records an authorisation's event (given, revoked) in the application's timeline.
pub fn add_authorization_event(
    conn: &Connection,
    app: &AppRecord,
    status: AuthorizationStatus,
    now: Millis,
    detail: &str,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO events (number, at_ms, status, title, detail, authorization) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![app.number, now, app.status.as_str(), status.event_title(), detail, status.as_str()],
    )?;
    Ok(())
}

/// Moves `app` to `to` if the lifecycle allows it, recording the event. The caller
/// commits.
pub fn transition(
    conn: &Connection,
    app: &mut AppRecord,
    to: Status,
    now: Millis,
    detail: Option<&str>,
) -> ApiResult<()> {
    let from = app.status;
    app.status = from.transition(to)?;
    app.updated_ms = now;
    app.status_ms = now;
    update_app(conn, app)?;
    // Corrections live only while the application is rejected (resubmitted or withdrawn:
    // gone), so no personal data outlives its use.
    if from == Status::Rejected {
        delete_correction(conn, &app.number)?;
    }
    add_event(conn, &app.number, now, to, detail)?;
    tracing::info!(number = %app.number, status = to.as_str(), "application status changed");
    // The applicant is told, in the same transaction as the change: one message per
    // event (keyed by it), sent by the notifier later, never holding the change up.
    if let Some(kind) = MessageKind::on_status(to) {
        let key = format!("{}:{}", app.number, conn.last_insert_rowid());
        crate::messages::store::add_message(
            conn,
            &app.phone,
            kind,
            &app.number,
            detail,
            &key,
            now,
        )?;
    }
    // A new card being made ends the old card's loss report for good.
    if voids_reports(to) {
        if let Some(id) = app.answers.id_number.as_deref() {
            crate::loss_reports::store::void_open_report(conn, id, now)?;
        }
    }
    Ok(())
}

/// An officer's step on an application, as the officer page lists them.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct OfficerStep {
    pub at: String,
    pub title: String,
    pub officer: String,
}

/// Names `officer` on the events `number` got at `at` (the officer's move just made).
pub fn attribute_events(
    conn: &Connection,
    number: &str,
    at: Millis,
    officer: &str,
) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "UPDATE events SET officer = ?3 WHERE number = ?1 AND at_ms = ?2 AND officer IS NULL",
        params![number, at, officer],
    )
}

/// The officers' steps on `number`, oldest first.
pub fn officer_steps(conn: &Connection, number: &str) -> rusqlite::Result<Vec<OfficerStep>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at_ms, title, officer FROM events WHERE number = ?1 AND officer IS NOT NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([number], |r| {
        Ok(OfficerStep {
            at: crate::clock::rfc3339(r.get(0)?),
            title: r.get(1)?,
            officer: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// Every reissue application for this card that is still going, on any phone, newest
/// first.
pub fn open_apps_for_card(conn: &Connection, id_number: &str) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications
         WHERE card_id = ?1 AND status NOT IN {ended}
         ORDER BY submitted_ms DESC",
        ended = Status::ended_sql()
    ))?;
    let rows = stmt.query_map([id_number], app_from_row)?;
    rows.collect()
}

pub fn timeline(conn: &Connection, number: &str) -> rusqlite::Result<Vec<(Millis, TimelineEvent)>> {
    // The title is the domain's, from the status (or the temporary card's state), not
    // the one stored when the event happened: an event is read in the past tense
    // whenever it is read.
    let mut stmt = conn.prepare_cached(
        "SELECT at_ms, status, detail, temporary_card, authorization FROM events WHERE number = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([number], |r| {
        let at: Millis = r.get(0)?;
        let status: String = r.get(1)?;
        let status = Status::parse(&status).unwrap_or(Status::Submitted);
        let temporary_card = r
            .get::<_, Option<String>>(3)?
            .as_deref()
            .and_then(TemporaryCardStatus::parse);
        let authorization = r
            .get::<_, Option<String>>(4)?
            .as_deref()
            .and_then(AuthorizationStatus::parse);
        let title = match (temporary_card, authorization) {
            (Some(t), _) => t.event_title(),
            (None, Some(a)) => a.event_title(),
            (None, None) => status.event_title(),
        };
        Ok((
            at,
            TimelineEvent {
                at: rfc3339(at),
                status,
                title: title.to_string(),
                detail: r.get(2)?,
                temporary_card,
                authorization,
            },
        ))
    })?;
    rows.collect()
}

pub fn summary(app: &AppRecord) -> ApplicationSummary {
    ApplicationSummary {
        number: app.number.clone(),
        status: app.status,
        submitted_at: rfc3339(app.submitted_ms),
        updated_at: rfc3339(app.updated_ms),
        next_action: app.status.next_action(),
    }
}

/// What the applicant sees: the ID number masked.
pub fn detail(
    conn: &Connection,
    app: &AppRecord,
    profile: &ServiceProfile,
    now: Millis,
) -> rusqlite::Result<ApplicationDetail> {
    let answers = mask::answers(&app.answers);
    let office = match app.answers.delivery {
        Some(DeliveryMethod::Pickup) => app
            .answers
            .office_id
            .as_ref()
            .and_then(|id| profile.offices.iter().find(|o| &o.id == id))
            .cloned(),
        // Posted, but the courier brought it back: where it waits.
        Some(DeliveryMethod::Ems) if app.status == Status::Returned => {
            profile.returns_office().cloned()
        }
        _ => None,
    };
    let timeline = timeline(conn, &app.number)?;
    // Counted from the day it was ordered (the day of payment).
    let temporary_card = profile
        .temporary_card
        .as_ref()
        .filter(|_| temporary_card::wanted(&app.answers))
        .map(|rules| {
            let ordered = timeline
                .iter()
                .find(|(_, e)| e.temporary_card == Some(TemporaryCardStatus::Ordered));
            TemporaryCardView {
                status: app.temporary_card,
                ready_by: ordered.map(|(ms, _)| rules.ready_by(Date::in_china(*ms)).to_string()),
                fee_fen: app.fees.temporary_card_fee_fen,
            }
        });
    let loss_report = match &app.loss_report {
        Some(n) => crate::loss_reports::store::report_by_number(conn, n)?.map(|r| r.to_ref()),
        None => None,
    };
    Ok(ApplicationDetail {
        number: app.number.clone(),
        status: app.status,
        answers,
        timeline: timeline.into_iter().map(|(_, e)| e).collect(),
        next_action: app.status.next_action(),
        rejection: if app.status == Status::Rejected {
            app.rejection.clone()
        } else {
            None
        },
        correction: if app.status == Status::Rejected {
            load_correction(conn, &app.number)?.map(|form| mask::answers(&form))
        } else {
            None
        },
        fees: app.fees,
        paid: app.paid_flow.is_some(),
        pay_by: (app.status == Status::AwaitingPayment)
            .then(|| rfc3339(profile.payment.closes_at(app.status_ms))),
        office,
        tracking_number: app.tracking_number.clone(),
        card_photo: app.card_photo.clone(),
        loss_report,
        temporary_card,
        authorization: crate::delegation::store::latest_authorization(conn, &app.number)?
            .map(|a| a.to_api(now)),
        voucher: app
            .voucher
            .clone()
            .filter(|_| voucher_shown(app.status, profile.sign_for_others))
            .map(|number| PickupVoucher { number }),
        sign_request: crate::parcels::store::request_of(conn, &app.number)?.map(|r| r.to_api()),
        submitted_at: rfc3339(app.submitted_ms),
        updated_at: rfc3339(app.updated_ms),
    })
}

/// When the retention rule deleted the application's photos, if it has.
pub fn photos_purged_ms(conn: &Connection, number: &str) -> rusqlite::Result<Option<Millis>> {
    Ok(conn
        .query_row_cached(
            "SELECT photos_purged_ms FROM applications WHERE number = ?1",
            [number],
            |r| r.get::<_, Option<Millis>>(0),
        )
        .optional()?
        .flatten())
}

/// "BL" + yyyymmdd + a six-digit sequence of the day: 16 characters.
pub fn next_number(conn: &Connection, now: Millis) -> rusqlite::Result<String> {
    let day = yyyymmdd(now);
    let n: i64 = conn.query_row_cached(
        "INSERT INTO app_seq (day, n) VALUES (?1, 1) ON CONFLICT(day) DO UPDATE SET n = n + 1 RETURNING n",
        [&day],
        |r| r.get(0),
    )?;
    Ok(format!("BL{day}{n:06}"))
}

/// The application `phone` already submitted with this Idempotency-Key, if any.
pub fn app_by_idempotency_key(
    conn: &Connection,
    phone: &str,
    key: &str,
) -> rusqlite::Result<Option<AppRecord>> {
    let number: Option<String> = conn
        .query_row_cached(
            "SELECT number FROM applications WHERE phone = ?1 AND idem_key = ?2",
            params![phone, key],
            |r| r.get(0),
        )
        .optional()?;
    match number {
        Some(n) => load_app(conn, &n),
        None => Ok(None),
    }
}

/// Applications that ended (completed, cancelled or closed unpaid) at or before
/// `cutoff` and still keep their photos: number and photos.
pub fn apps_ended_with_photos(
    conn: &Connection,
    cutoff: Millis,
) -> rusqlite::Result<Vec<(String, DraftPhotos)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT number, photos FROM applications
         WHERE photos_purged_ms IS NULL AND status IN {ended} AND status_ms <= ?1
         ORDER BY status_ms",
        ended = Status::ended_sql()
    ))?;
    let rows = stmt.query_map([cutoff], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|row| {
        let (number, photos) = row?;
        Ok((number, json(&photos).unwrap_or_default()))
    })
    .collect()
}

/// Records that the retention rule deleted the application's photos.
pub fn mark_photos_purged(conn: &Connection, number: &str, now: Millis) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE applications SET photos_purged_ms = ?2 WHERE number = ?1",
        params![number, now],
    )?;
    set_photo_uses(conn, PhotoOwner::Application(number), None)
}

/// Rejected applications not corrected since `before`.
pub fn rejected_before(conn: &Connection, before: Millis) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APP_COLS} FROM applications WHERE status = ?1 AND status_ms <= ?2 ORDER BY status_ms"
    ))?;
    let rows = stmt.query_map(params![Status::Rejected.as_str(), before], app_from_row)?;
    rows.collect()
}
