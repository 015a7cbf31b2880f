//! Photo-receipt orders (数字相片采集回执, ordered online).

use reissue_domain::photo_order::PhotoOrderState;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock::Millis;
use crate::db::Cached;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRow {
    pub number: String,
    pub phone: String,
    pub id_number: String,
    pub hukou_region: String,
    /// The 办证城市: the 户籍's city (four digits).
    pub city: String,
    pub photo_sha256: String,
    pub state: PhotoOrderState,
    pub reason: Option<String>,
    pub receipt: Option<String>,
    pub submitted_ms: Millis,
    pub decided_ms: Option<Millis>,
}

const COLS: &str = "number, phone, id_number, hukou_region, city, photo_sha256, state, reason, receipt, submitted_ms, decided_ms";

fn from_row(r: &Row<'_>) -> rusqlite::Result<OrderRow> {
    let state: String = r.get(6)?;
    Ok(OrderRow {
        number: r.get(0)?,
        phone: r.get(1)?,
        id_number: r.get(2)?,
        hukou_region: r.get(3)?,
        city: r.get(4)?,
        photo_sha256: r.get(5)?,
        state: PhotoOrderState::parse(&state).unwrap_or(PhotoOrderState::Refused),
        reason: r.get(7)?,
        receipt: r.get(8)?,
        submitted_ms: r.get(9)?,
        decided_ms: r.get(10)?,
    })
}

pub fn insert(conn: &Connection, o: &OrderRow) -> rusqlite::Result<()> {
    conn.execute_cached(
        &format!("INSERT INTO photo_orders ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
        params![
            o.number,
            o.phone,
            o.id_number,
            o.hukou_region,
            o.city,
            o.photo_sha256,
            o.state.as_str(),
            o.reason,
            o.receipt,
            o.submitted_ms,
            o.decided_ms
        ],
    )?;
    Ok(())
}

/// The phone's latest order for this card number.
pub fn latest(
    conn: &Connection,
    phone: &str,
    id_number: &str,
) -> rusqlite::Result<Option<OrderRow>> {
    conn.query_row_cached(
        &format!(
            "SELECT {COLS} FROM photo_orders WHERE phone = ?1 AND id_number = ?2 \
             ORDER BY submitted_ms DESC, number DESC LIMIT 1"
        ),
        params![phone, id_number],
        from_row,
    )
    .optional()
}

pub fn by_number(conn: &Connection, number: &str) -> rusqlite::Result<Option<OrderRow>> {
    conn.query_row_cached(
        &format!("SELECT {COLS} FROM photo_orders WHERE number = ?1"),
        [number],
        from_row,
    )
    .optional()
}

/// Orders still under review, submitted before `before`.
pub fn reviewing_since(conn: &Connection, before: Millis) -> rusqlite::Result<Vec<OrderRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM photo_orders WHERE state = 'reviewing' AND submitted_ms <= ?1 ORDER BY submitted_ms"
    ))?;
    let rows = stmt.query_map([before], from_row)?;
    rows.collect()
}

/// How many orders the phone placed since `since`.
pub fn placed_since(conn: &Connection, phone: &str, since: Millis) -> rusqlite::Result<i64> {
    conn.query_row_cached(
        "SELECT COUNT(*) FROM photo_orders WHERE phone = ?1 AND submitted_ms >= ?2",
        params![phone, since],
        |r| r.get(0),
    )
}

/// How many orders there have been: the sequence of the next order's and receipt's
/// numbers.
pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row_cached("SELECT COUNT(*) FROM photo_orders", [], |r| r.get(0))
}

/// The centre's verdict on an order still under review; false when it was decided
/// already.
pub fn decide(
    conn: &Connection,
    number: &str,
    state: PhotoOrderState,
    reason: Option<&str>,
    receipt: Option<&str>,
    now: Millis,
) -> rusqlite::Result<bool> {
    let n = conn.execute_cached(
        "UPDATE photo_orders SET state = ?2, reason = ?3, receipt = ?4, decided_ms = ?5 \
         WHERE number = ?1 AND state = 'reviewing'",
        params![number, state.as_str(), reason, receipt, now],
    )?;
    Ok(n == 1)
}
