//! Vendor flows (liveness, payment).

use crate::db::Cached;
use reissue_domain::flow::FlowState;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Millis;
use crate::db::{json, to_json};
use crate::vendors::{Flow, FlowKind};

const FLOW_COLS: &str = "id, kind, phone, app_number, created_ms, expires_ms, status, reason, vendor_token, vendor_outcome, vendor_outcome_ms, actions, amount_fen, subject, for_identity";

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
        status: FlowState::parse(&r.get::<_, String>(6)?).unwrap_or(FlowState::Expired),
        reason: r.get(7)?,
        vendor_token: r.get(8)?,
        vendor_outcome: r.get(9)?,
        vendor_outcome_ms: r.get(10)?,
        actions: actions.map(|a| json(&a)).transpose()?.unwrap_or_default(),
        amount_fen: r.get(12)?,
        subject: r.get(13)?,
        for_identity: r.get(14)?,
    })
}

pub fn load_flow(conn: &Connection, id: &str) -> rusqlite::Result<Option<Flow>> {
    conn.query_row_cached(
        &format!("SELECT {FLOW_COLS} FROM flows WHERE id = ?1"),
        [id],
        flow_from_row,
    )
    .optional()
}

pub fn insert_flow(conn: &Connection, f: &Flow) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO flows (id, kind, phone, app_number, created_ms, expires_ms, status, reason, vendor_token, vendor_outcome, vendor_outcome_ms, actions, amount_fen, subject, for_identity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            f.id,
            f.kind.as_str(),
            f.phone,
            f.app_number,
            f.created_ms,
            f.expires_ms,
            f.status.as_str(),
            f.reason,
            f.vendor_token,
            f.vendor_outcome,
            f.vendor_outcome_ms,
            to_json(&f.actions),
            f.amount_fen,
            f.subject,
            f.for_identity,
        ],
    )?;
    Ok(())
}

/// When `phone` last passed a face check for `subject` (an identity digest), for a new
/// application (`app_number` None) or for the correction of `app_number`.
pub fn last_face_check(
    conn: &Connection,
    phone: &str,
    subject: &str,
    app_number: Option<&str>,
) -> rusqlite::Result<Option<Millis>> {
    conn.query_row_cached(
        "SELECT max(decided_ms) FROM flows WHERE phone = ?1 AND kind = 'liveness'
           AND status = 'passed' AND subject = ?2 AND app_number IS ?3",
        params![phone, subject, app_number],
        |r| r.get(0),
    )
}

/// When the face check that vouched for a submitted application passed: the latest one
/// for its identity, made for the draft or for a correction of it, up to `until`.
pub fn face_check_of_app(
    conn: &Connection,
    phone: &str,
    subject: &str,
    number: &str,
    until: Millis,
) -> rusqlite::Result<Option<Millis>> {
    conn.query_row_cached(
        "SELECT max(decided_ms) FROM flows WHERE phone = ?1 AND kind = 'liveness'
           AND status = 'passed' AND subject = ?2 AND (app_number IS NULL OR app_number = ?3)
           AND decided_ms <= ?4",
        params![phone, subject, number, until],
        |r| r.get(0),
    )
}

pub fn set_flow_status(
    conn: &Connection,
    id: &str,
    status: FlowState,
    reason: Option<&str>,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE flows SET status = ?2, reason = ?3, decided_ms = ?4 WHERE id = ?1 AND status = 'pending'",
        params![id, status.as_str(), reason, now],
    )?;
    Ok(())
}

/// Keeps what the tester chose on a mock vendor page: the first answer wins, and a flow
/// past its expiry takes none.
pub fn record_vendor_outcome(
    conn: &Connection,
    id: &str,
    kind: FlowKind,
    outcome: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE flows SET vendor_outcome = ?2, vendor_outcome_ms = ?3
         WHERE id = ?1 AND kind = ?4 AND status = 'pending' AND vendor_outcome IS NULL AND expires_ms > ?3",
        params![id, outcome, now, kind.as_str()],
    )?;
    Ok(())
}

/// Is a payment of the application open at the vendor now (started, not yet decided,
/// not past its own time)? Its approval is not closed under it.
pub fn payment_open(conn: &Connection, number: &str, now: Millis) -> rusqlite::Result<bool> {
    conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM flows WHERE app_number = ?1 AND kind = 'payment'
           AND status = 'pending' AND expires_ms > ?2)",
        params![number, now],
        |r| r.get(0),
    )
}

/// Records a vendor callback's nonce; false when it was seen before (a replay).
pub fn first_use_of_nonce(conn: &Connection, nonce: &str, now: Millis) -> rusqlite::Result<bool> {
    let added = conn.execute_cached(
        "INSERT OR IGNORE INTO vendor_nonces (nonce, seen_ms) VALUES (?1, ?2)",
        params![nonce, now],
    )?;
    Ok(added == 1)
}

/// The application's payment open at the vendor now, if any (one at a time).
pub fn open_payment(
    conn: &Connection,
    number: &str,
    now: Millis,
) -> rusqlite::Result<Option<Flow>> {
    conn.query_row_cached(
        &format!(
            "SELECT {FLOW_COLS} FROM flows WHERE app_number = ?1 AND kind = 'payment'
               AND status = 'pending' AND expires_ms > ?2 ORDER BY created_ms DESC LIMIT 1"
        ),
        params![number, now],
        flow_from_row,
    )
    .optional()
}

/// Money a flow brought when nothing was owed, to be given back (once per flow).
pub fn record_refund_due(
    conn: &Connection,
    flow: &Flow,
    app_number: &str,
    amount_fen: u32,
    reason: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT OR IGNORE INTO refunds (flow_id, app_number, amount_fen, reason, recorded_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![flow.id, app_number, amount_fen, reason, now],
    )?;
    Ok(())
}

/// What is still to be given back on an application, in fen.
pub fn refund_due_fen(conn: &Connection, app_number: &str) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT coalesce(sum(amount_fen), 0) FROM refunds WHERE app_number = ?1 AND refunded_ms IS NULL",
        [app_number],
        |r| r.get(0),
    )
}

/// The vendor says an order was paid, even one whose time ran out here: money moved, so
/// the flow is decided by it (the application paid, or the money kept for refund).
pub fn record_payment_arrived(conn: &Connection, id: &str, now: Millis) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE flows SET vendor_outcome = 'pay', vendor_outcome_ms = ?2, status = 'pending'
         WHERE id = ?1 AND kind = 'payment' AND vendor_outcome IS NULL
           AND status IN ('pending', 'expired')",
        params![id, now],
    )?;
    Ok(())
}

/// Flows that decided nothing (expired, cancelled, failed, or left open past their time)
/// and ended before `before`: gone. Passed ones stay: a face check vouches for its
/// application, a payment is the fee's record; so do those with money to give back.
pub fn prune_flows(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM flows
         WHERE (status IN ('expired', 'cancelled', 'failed') AND coalesce(decided_ms, expires_ms) < ?1
                OR status = 'pending' AND vendor_outcome IS NULL AND expires_ms < ?1)
           AND id NOT IN (SELECT flow_id FROM refunds)",
        [before],
    )
}

/// Callback nonces seen before `before` (a callback that old fails on its timestamp
/// anyway): gone.
pub fn prune_nonces(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM vendor_nonces WHERE seen_ms < ?1", [before])
}
