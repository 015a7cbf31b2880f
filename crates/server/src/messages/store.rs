//! The inbox and its sends: a message per event (a unique key says so, however often the
//! event's request is repeated), a delivery per channel, retried until sent.

use crate::db::Cached;
use reissue_domain::notify::MessageKind;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Millis;

pub const CHANNELS: [&str; 2] = ["sms", "wechat"];

#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    pub id: i64,
    pub phone: String,
    pub kind: MessageKind,
    pub app_number: String,
    pub detail: Option<String>,
    pub created_ms: Millis,
    pub read: bool,
}

fn message_row(r: &rusqlite::Row) -> rusqlite::Result<MessageRow> {
    let kind: String = r.get(2)?;
    Ok(MessageRow {
        id: r.get(0)?,
        phone: r.get(1)?,
        kind: MessageKind::parse(&kind).unwrap_or(MessageKind::Paid),
        app_number: r.get(3)?,
        detail: r.get(4)?,
        created_ms: r.get(5)?,
        read: r.get::<_, Option<Millis>>(6)?.is_some(),
    })
}

const COLUMNS: &str = "id, phone, kind, app_number, detail, created_ms, read_ms";

/// Records the message for an event, with one pending delivery per channel; nothing when
/// that event has its message already.
pub fn add_message(
    conn: &Connection,
    phone: &str,
    kind: MessageKind,
    app_number: &str,
    detail: Option<&str>,
    event_key: &str,
    now: Millis,
) -> rusqlite::Result<Option<i64>> {
    let added = conn.execute_cached(
        "INSERT OR IGNORE INTO messages (phone, kind, app_number, detail, created_ms, event_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![phone, kind.as_str(), app_number, detail, now, event_key],
    )?;
    if added == 0 {
        return Ok(None);
    }
    let id = conn.last_insert_rowid();
    for channel in CHANNELS {
        conn.execute_cached(
            "INSERT INTO deliveries (message_id, channel, status, next_ms) VALUES (?1, ?2, 'pending', ?3)",
            params![id, channel, now],
        )?;
    }
    Ok(Some(id))
}

/// One applicant's messages, newest first, and how many are unread.
pub fn messages_of(conn: &Connection, phone: &str) -> rusqlite::Result<Vec<MessageRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM messages WHERE phone = ?1 ORDER BY id DESC LIMIT 100"
    ))?;
    let rows = stmt.query_map([phone], message_row)?;
    rows.collect()
}

/// How many of the applicant's messages are unread.
pub fn unread_of(conn: &Connection, phone: &str) -> rusqlite::Result<u32> {
    conn.prepare_cached("SELECT count(*) FROM messages WHERE phone = ?1 AND read_ms IS NULL")?
        .query_row([phone], |r| r.get(0))
}

/// Marks one of the applicant's messages read; false when it is not theirs.
pub fn mark_read(conn: &Connection, phone: &str, id: i64, now: Millis) -> rusqlite::Result<bool> {
    let n = conn.execute_cached(
        "UPDATE messages SET read_ms = coalesce(read_ms, ?3) WHERE id = ?1 AND phone = ?2",
        params![id, phone, now],
    )?;
    Ok(n > 0)
}

/// A send that is due.
#[derive(Debug, Clone)]
pub struct Due {
    pub message: MessageRow,
    pub channel: String,
    pub attempts: i64,
}

pub fn due_deliveries(conn: &Connection, now: Millis, limit: i64) -> rusqlite::Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.phone, m.kind, m.app_number, m.detail, m.created_ms, m.read_ms,
                d.channel, d.attempts
         FROM deliveries d JOIN messages m ON m.id = d.message_id
         WHERE d.status = 'pending' AND d.next_ms <= ?1
         ORDER BY d.next_ms LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![now, limit], |r| {
        Ok(Due {
            message: message_row(r)?,
            channel: r.get(7)?,
            attempts: r.get(8)?,
        })
    })?;
    rows.collect()
}

pub fn delivery_sent(
    conn: &Connection,
    message_id: i64,
    channel: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE deliveries SET status = 'sent', sent_ms = ?3, attempts = attempts + 1, last_error = NULL
         WHERE message_id = ?1 AND channel = ?2",
        params![message_id, channel, now],
    )?;
    Ok(())
}

pub fn delivery_failed(
    conn: &Connection,
    message_id: i64,
    channel: &str,
    next_ms: Millis,
    error: &str,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "UPDATE deliveries SET attempts = attempts + 1, next_ms = ?3, last_error = ?4
         WHERE message_id = ?1 AND channel = ?2",
        params![message_id, channel, next_ms, error],
    )?;
    Ok(())
}

/// What the mock WeChat sent: the payload as sent.
pub fn record_wechat(
    conn: &Connection,
    touser: &str,
    payload: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO wechat_outbox (touser, payload, sent_ms) VALUES (?1, ?2, ?3)",
        params![touser, payload, now],
    )?;
    Ok(())
}

/// The mock gateways' outboxes, newest first: (channel, to, content, sent_ms).
pub fn outbox(
    conn: &Connection,
    limit: i64,
) -> rusqlite::Result<Vec<(String, String, String, Millis)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT 'sms', phone, message, sent_ms FROM sms_outbox WHERE kind = 'notice'
         UNION ALL SELECT 'wechat', touser, payload, sent_ms FROM wechat_outbox
         ORDER BY 4 DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    rows.collect()
}

/// The message of an event, if it has one (tests and the officer's questions).
pub fn message_by_key(conn: &Connection, event_key: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row_cached(
        "SELECT id FROM messages WHERE event_key = ?1",
        [event_key],
        |r| r.get(0),
    )
    .optional()
}

/// The mock WeChat outbox before `before`: gone. Returns how many.
pub fn prune_wechat_outbox(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM wechat_outbox WHERE sent_ms < ?1", [before])
}

/// Deletes the messages written before `before`, with their sends.
pub fn prune_messages(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM deliveries WHERE message_id IN (SELECT id FROM messages WHERE created_ms <= ?1)",
        [before],
    )?;
    conn.execute_cached("DELETE FROM messages WHERE created_ms <= ?1", [before])
}
