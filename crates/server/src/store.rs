//! Rows ↔ domain values, and the one place an application's status changes (through
//! `Status::transition`, with a timeline event for every step).

use reissue_domain::api::{
    ApplicationDetail, ApplicationSummary, DeliveryMethod, Draft, DraftPhotos, FeeBreakdown,
    FormAnswers, NextAction, Rejection, ServiceProfile, TimelineEvent,
};
use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::{rfc3339, Millis};
use crate::error::{ApiResult, AppError};
use crate::vendors::{Flow, FlowKind};

#[derive(Debug, Clone)]
pub struct AppRecord {
    pub number: String,
    pub phone: String,
    pub status: Status,
    pub answers: FormAnswers,
    pub photos: DraftPhotos,
    pub fees: FeeBreakdown,
    pub rejection: Option<Rejection>,
    pub tracking_number: Option<String>,
    pub paid_flow: Option<String>,
    pub submitted_ms: Millis,
    pub updated_ms: Millis,
    pub status_ms: Millis,
}

fn json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable value")
}

const APP_COLS: &str = "number, phone, status, answers, photos, fees, rejection, tracking_number, paid_flow, submitted_ms, updated_ms, status_ms";

fn app_from_row(r: &Row) -> rusqlite::Result<AppRecord> {
    let status: String = r.get(2)?;
    let rejection: Option<String> = r.get(6)?;
    Ok(AppRecord {
        number: r.get(0)?,
        phone: r.get(1)?,
        status: Status::parse(&status).unwrap_or(Status::Submitted),
        answers: json(&r.get::<_, String>(3)?)?,
        photos: json(&r.get::<_, String>(4)?)?,
        fees: json(&r.get::<_, String>(5)?)?,
        rejection: rejection.map(|s| json(&s)).transpose()?,
        tracking_number: r.get(7)?,
        paid_flow: r.get(8)?,
        submitted_ms: r.get(9)?,
        updated_ms: r.get(10)?,
        status_ms: r.get(11)?,
    })
}

pub fn load_app(conn: &Connection, number: &str) -> rusqlite::Result<Option<AppRecord>> {
    conn.query_row(
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
    let mut stmt = conn.prepare(&format!(
        "SELECT {APP_COLS} FROM applications WHERE phone = ?1 ORDER BY submitted_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([phone], app_from_row)?;
    rows.collect()
}

pub fn all_apps(conn: &Connection) -> rusqlite::Result<Vec<AppRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {APP_COLS} FROM applications ORDER BY submitted_ms DESC, number DESC"
    ))?;
    let rows = stmt.query_map([], app_from_row)?;
    rows.collect()
}

pub fn apps_in_status(
    conn: &Connection,
    statuses: &[Status],
    older_than: Millis,
) -> rusqlite::Result<Vec<AppRecord>> {
    let mut out = Vec::new();
    for st in statuses {
        let mut stmt = conn.prepare(&format!(
            "SELECT {APP_COLS} FROM applications WHERE status = ?1 AND status_ms <= ?2 ORDER BY status_ms"
        ))?;
        let rows = stmt.query_map(params![st.as_str(), older_than], app_from_row)?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

pub fn insert_app(conn: &Connection, app: &AppRecord, idem_key: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO applications (number, phone, idem_key, status, answers, photos, fees, rejection, tracking_number, paid_flow, submitted_ms, updated_ms, status_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            app.number,
            app.phone,
            idem_key,
            app.status.as_str(),
            to_json(&app.answers),
            to_json(&app.photos),
            to_json(&app.fees),
            app.rejection.as_ref().map(to_json),
            app.tracking_number,
            app.paid_flow,
            app.submitted_ms,
            app.updated_ms,
            app.status_ms,
        ],
    )?;
    Ok(())
}

/// Writes every mutable column back.
pub fn update_app(conn: &Connection, app: &AppRecord) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE applications SET status = ?2, answers = ?3, photos = ?4, fees = ?5, rejection = ?6,
            tracking_number = ?7, paid_flow = ?8, updated_ms = ?9, status_ms = ?10 WHERE number = ?1",
        params![
            app.number,
            app.status.as_str(),
            to_json(&app.answers),
            to_json(&app.photos),
            to_json(&app.fees),
            app.rejection.as_ref().map(to_json),
            app.tracking_number,
            app.paid_flow,
            app.updated_ms,
            app.status_ms,
        ],
    )?;
    Ok(())
}

/// The timeline's plain-words title of arriving in `status`.
pub fn title_for(status: Status) -> &'static str {
    match status {
        Status::Draft => "草稿已保存",
        Status::Submitted => "申请已提交",
        Status::UnderReview => "开始审核",
        Status::Rejected => "审核未通过，请修改后重新提交",
        Status::Resubmitted => "已修改并重新提交",
        Status::AwaitingPayment => "审核通过，请缴费",
        Status::Paid => "已缴费",
        Status::InProduction => "开始制证",
        Status::Shipped => "证件已通过 EMS 寄出",
        Status::Delivered => "证件已签收",
        Status::ReadyForPickup => "证件已制好，请到办证中心领取",
        Status::PickedUp => "证件已领取",
        Status::Completed => "办结",
        Status::Cancelled => "申请已撤回",
    }
}

pub fn add_event(
    conn: &Connection,
    number: &str,
    at: Millis,
    status: Status,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO events (number, at_ms, status, title, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![number, at, status.as_str(), title_for(status), detail],
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
    Ok(())
}

pub fn timeline(conn: &Connection, number: &str) -> rusqlite::Result<Vec<(Millis, TimelineEvent)>> {
    let mut stmt = conn
        .prepare("SELECT at_ms, status, title, detail FROM events WHERE number = ?1 ORDER BY id")?;
    let rows = stmt.query_map([number], |r| {
        let at: Millis = r.get(0)?;
        let status: String = r.get(1)?;
        Ok((
            at,
            TimelineEvent {
                at: rfc3339(at),
                status: Status::parse(&status).unwrap_or(Status::Submitted),
                title: r.get(2)?,
                detail: r.get(3)?,
            },
        ))
    })?;
    rows.collect()
}

pub fn next_action(status: Status) -> Option<NextAction> {
    match status {
        Status::AwaitingPayment => Some(NextAction::Pay),
        Status::Rejected => Some(NextAction::FixAndResubmit),
        Status::Shipped => Some(NextAction::TrackShipment),
        Status::ReadyForPickup => Some(NextAction::PickUp),
        Status::Submitted
        | Status::UnderReview
        | Status::Resubmitted
        | Status::Paid
        | Status::InProduction => Some(NextAction::Wait),
        Status::Draft
        | Status::Delivered
        | Status::PickedUp
        | Status::Completed
        | Status::Cancelled => None,
    }
}

pub fn fees_for(profile: &ServiceProfile, delivery: Option<DeliveryMethod>) -> FeeBreakdown {
    let ems = if delivery == Some(DeliveryMethod::Ems) {
        profile.fees.ems_fee_fen
    } else {
        0
    };
    FeeBreakdown {
        card_fee_fen: profile.fees.card_fee_fen,
        ems_fee_fen: ems,
        total_fen: profile.fees.card_fee_fen + ems,
    }
}

pub fn yuan(fen: u32) -> String {
    format!("{}.{:02} 元", fen / 100, fen % 100)
}

pub fn summary(app: &AppRecord) -> ApplicationSummary {
    ApplicationSummary {
        number: app.number.clone(),
        status: app.status,
        submitted_at: rfc3339(app.submitted_ms),
        updated_at: rfc3339(app.updated_ms),
        next_action: next_action(app.status),
    }
}

/// What the applicant sees: the ID number masked.
pub fn detail(
    conn: &Connection,
    app: &AppRecord,
    profile: &ServiceProfile,
) -> rusqlite::Result<ApplicationDetail> {
    let mut answers = app.answers.clone();
    answers.id_number = answers.id_number.as_deref().map(mask::id_number);
    let office = match app.answers.delivery {
        Some(DeliveryMethod::Pickup) => app
            .answers
            .office_id
            .as_ref()
            .and_then(|id| profile.offices.iter().find(|o| &o.id == id))
            .cloned(),
        _ => None,
    };
    Ok(ApplicationDetail {
        number: app.number.clone(),
        status: app.status,
        answers,
        timeline: timeline(conn, &app.number)?
            .into_iter()
            .map(|(_, e)| e)
            .collect(),
        next_action: next_action(app.status),
        rejection: if app.status == Status::Rejected {
            app.rejection.clone()
        } else {
            None
        },
        correction: if app.status == Status::Rejected {
            load_correction(conn, &app.number)?.map(|mut form| {
                form.id_number = form.id_number.as_deref().map(mask::id_number);
                form
            })
        } else {
            None
        },
        fees: app.fees,
        paid: app.paid_flow.is_some(),
        office,
        tracking_number: app.tracking_number.clone(),
        submitted_at: rfc3339(app.submitted_ms),
        updated_at: rfc3339(app.updated_ms),
    })
}

// ------------------------------------------------------- drafts and corrections
// One JSON document per key, upserted whole: a draft by phone, the corrections of a
// rejected application by its number.

fn load_doc<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    select: &str,
    key: &str,
) -> rusqlite::Result<Option<T>> {
    let body: Option<String> = conn.query_row(select, [key], |r| r.get(0)).optional()?;
    body.as_deref().map(json).transpose()
}

fn save_doc<T: serde::Serialize>(
    conn: &Connection,
    upsert: &str,
    key: &str,
    doc: &T,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute(upsert, params![key, to_json(doc), now])?;
    Ok(())
}

pub fn load_draft(conn: &Connection, phone: &str) -> rusqlite::Result<Option<Draft>> {
    load_doc(conn, "SELECT body FROM drafts WHERE phone = ?1", phone)
}

pub fn save_draft(
    conn: &Connection,
    phone: &str,
    draft: &Draft,
    now: Millis,
) -> rusqlite::Result<()> {
    save_doc(
        conn,
        "INSERT INTO drafts (phone, body, updated_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(phone) DO UPDATE SET body = excluded.body, updated_ms = excluded.updated_ms",
        phone,
        draft,
        now,
    )
}

pub fn delete_draft(conn: &Connection, phone: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM drafts WHERE phone = ?1", [phone])?;
    Ok(())
}

pub fn load_correction(conn: &Connection, number: &str) -> rusqlite::Result<Option<FormAnswers>> {
    load_doc(
        conn,
        "SELECT form FROM corrections WHERE number = ?1",
        number,
    )
}

pub fn save_correction(
    conn: &Connection,
    number: &str,
    form: &FormAnswers,
    now: Millis,
) -> rusqlite::Result<()> {
    save_doc(
        conn,
        "INSERT INTO corrections (number, form, updated_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(number) DO UPDATE SET form = excluded.form, updated_ms = excluded.updated_ms",
        number,
        form,
        now,
    )
}

pub fn delete_correction(conn: &Connection, number: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM corrections WHERE number = ?1", [number])?;
    Ok(())
}

/// When the retention rule deleted the application's photos, if it has.
pub fn photos_purged_ms(conn: &Connection, number: &str) -> rusqlite::Result<Option<Millis>> {
    Ok(conn
        .query_row(
            "SELECT photos_purged_ms FROM applications WHERE number = ?1",
            [number],
            |r| r.get::<_, Option<Millis>>(0),
        )
        .optional()?
        .flatten())
}

/// Is a photo (by its sha256) still used by any draft or application (one whose photos
/// have not been deleted by the retention rule)?
pub fn photo_in_use(conn: &Connection, sha256: &str) -> rusqlite::Result<bool> {
    let pattern = format!("%{sha256}%");
    let n: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM drafts WHERE body LIKE ?1)
              + (SELECT count(*) FROM applications WHERE photos LIKE ?1 AND photos_purged_ms IS NULL)",
        [pattern],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

// ---------------------------------------------------------------- flows

const FLOW_COLS: &str = "id, kind, phone, app_number, created_ms, expires_ms, status, reason, vendor_token, vendor_outcome, vendor_outcome_ms, actions, amount_fen";

fn flow_from_row(r: &Row) -> rusqlite::Result<Flow> {
    let kind: String = r.get(1)?;
    let actions: Option<String> = r.get(11)?;
    Ok(Flow {
        id: r.get(0)?,
        kind: FlowKind::parse(&kind).unwrap_or(FlowKind::Liveness),
        phone: r.get(2)?,
        app_number: r.get(3)?,
        created_ms: r.get(4)?,
        expires_ms: r.get(5)?,
        status: r.get(6)?,
        reason: r.get(7)?,
        vendor_token: r.get(8)?,
        vendor_outcome: r.get(9)?,
        vendor_outcome_ms: r.get(10)?,
        actions: actions.map(|a| json(&a)).transpose()?.unwrap_or_default(),
        amount_fen: r.get(12)?,
    })
}

pub fn load_flow(conn: &Connection, id: &str) -> rusqlite::Result<Option<Flow>> {
    conn.query_row(
        &format!("SELECT {FLOW_COLS} FROM flows WHERE id = ?1"),
        [id],
        flow_from_row,
    )
    .optional()
}

pub fn insert_flow(conn: &Connection, f: &Flow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO flows (id, kind, phone, app_number, created_ms, expires_ms, status, reason, vendor_token, vendor_outcome, vendor_outcome_ms, actions, amount_fen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            f.id,
            f.kind.as_str(),
            f.phone,
            f.app_number,
            f.created_ms,
            f.expires_ms,
            f.status,
            f.reason,
            f.vendor_token,
            f.vendor_outcome,
            f.vendor_outcome_ms,
            to_json(&f.actions),
            f.amount_fen,
        ],
    )?;
    Ok(())
}

pub fn set_flow_status(
    conn: &Connection,
    id: &str,
    status: &str,
    reason: Option<&str>,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE flows SET status = ?2, reason = ?3, decided_ms = ?4 WHERE id = ?1 AND status = 'pending'",
        params![id, status, reason, now],
    )?;
    Ok(())
}
