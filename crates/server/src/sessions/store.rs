//! SMS codes, the SMS outbox and sessions.

use crate::db::Cached;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Millis;

/// A live session, as a request finds it.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub phone: String,
    pub created_ms: Millis,
    pub expires_ms: Millis,
}

/// The session of `token_hash` if it has not ended at `now`, its end moved to
/// `ends_at(created)` (the request is activity). The end is written only when it moves by
/// a minute or more: a page's bursts of requests cost one read each, not one write.
pub fn touch_session(
    conn: &Connection,
    token_hash: &str,
    now: Millis,
    ends_at: impl Fn(Millis) -> Millis,
) -> rusqlite::Result<Option<LiveSession>> {
    let found = conn
        .query_row_cached(
            "SELECT phone, created_ms, expires_ms FROM sessions WHERE token_hash = ?1 AND expires_ms > ?2",
            params![token_hash, now],
            |r| {
                Ok(LiveSession {
                    phone: r.get(0)?,
                    created_ms: r.get(1)?,
                    expires_ms: r.get(2)?,
                })
            },
        )
        .optional()?;
    let Some(mut session) = found else {
        return Ok(None);
    };
    let ends = ends_at(session.created_ms);
    if ends - session.expires_ms >= 60_000 {
        conn.execute_cached(
            "UPDATE sessions SET expires_ms = ?2 WHERE token_hash = ?1",
            params![token_hash, ends],
        )?;
        session.expires_ms = ends;
    }
    Ok(Some(session))
}

pub fn insert_session(
    conn: &Connection,
    token_hash: &str,
    phone: &str,
    now: Millis,
    expires: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO sessions (token_hash, phone, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, phone, now, expires],
    )?;
    Ok(())
}

/// Ends every session of `phone`, and with them whom the phone was verified as.
pub fn end_sessions_of(conn: &Connection, phone: &str) -> rusqlite::Result<usize> {
    crate::identity::store::end_verification(conn, phone)?;
    conn.execute_cached("DELETE FROM sessions WHERE phone = ?1", [phone])
}

/// The codes sent to a number since a time: by one requester, and by everyone.
#[derive(Debug, Clone, Copy, Default)]
pub struct CodeSends {
    /// By the requester: how many, the first and the last.
    pub mine: i64,
    pub my_first_ms: Option<Millis>,
    pub my_last_ms: Option<Millis>,
    /// By everyone: how many, and the first.
    pub all: i64,
    pub first_ms: Option<Millis>,
}

/// The codes that went to `phone` after `since`, by `requester` and by everyone.
pub fn code_sends(
    conn: &Connection,
    phone: &str,
    requester: &str,
    since: Millis,
) -> rusqlite::Result<CodeSends> {
    conn.query_row_cached(
        "SELECT coalesce(sum(requester = ?2), 0),
                min(CASE WHEN requester = ?2 THEN sent_ms END),
                max(CASE WHEN requester = ?2 THEN sent_ms END),
                count(*), min(sent_ms)
         FROM sms_outbox WHERE phone = ?1 AND kind = 'code' AND sent_ms > ?3",
        params![phone, requester, since],
        |r| {
            Ok(CodeSends {
                mine: r.get(0)?,
                my_first_ms: r.get(1)?,
                my_last_ms: r.get(2)?,
                all: r.get(3)?,
                first_ms: r.get(4)?,
            })
        },
    )
}

/// A new code for `phone` (by its hash). Earlier ones still work until they expire:
/// a code someone else asked for never takes the owner's away.
pub fn issue_code(
    conn: &Connection,
    phone: &str,
    code_hash: &str,
    now: Millis,
    expires: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO sms_codes (phone, code_hash, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![phone, code_hash, now, expires],
    )?;
    Ok(())
}

/// What the SMS gateway sends (the mock keeps it in its outbox), as a `code` (counted
/// against sign-in limits, with who asked for it) or a `notice`.
fn insert_sms(
    conn: &Connection,
    phone: &str,
    message: &str,
    now: Millis,
    kind: &str,
    requester: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO sms_outbox (phone, message, sent_ms, kind, requester) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![phone, message, now, kind, requester],
    )?;
    Ok(())
}

/// A sign-in code by SMS, asked for by `requester` (a client's address key).
pub fn record_sms(
    conn: &Connection,
    phone: &str,
    requester: &str,
    message: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    insert_sms(conn, phone, message, now, "code", Some(requester))
}

/// A notice (not a sign-in code) by SMS: it does not count against sign-in limits.
pub fn record_notice_sms(
    conn: &Connection,
    phone: &str,
    message: &str,
    now: Millis,
) -> rusqlite::Result<()> {
    insert_sms(conn, phone, message, now, "notice", None)
}

/// A code sent to a phone.
#[derive(Debug, Clone)]
pub struct SmsCode {
    pub id: i64,
    pub code_hash: String,
    pub expires_ms: Millis,
    pub wrong_tries: i64,
    /// active | used | burned | superseded
    pub state: String,
}

/// The codes of `phone` that still work at `now` (active, sent after `sent_after` and
/// not expired), newest first.
pub fn active_codes(
    conn: &Connection,
    phone: &str,
    sent_after: Millis,
    now: Millis,
) -> rusqlite::Result<Vec<SmsCode>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, code_hash, expires_ms, wrong_tries, state FROM sms_codes
         WHERE phone = ?1 AND state = 'active' AND created_ms > ?2 AND expires_ms > ?3
         ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![phone, sent_after, now], |r| {
        Ok(SmsCode {
            id: r.get(0)?,
            code_hash: r.get(1)?,
            expires_ms: r.get(2)?,
            wrong_tries: r.get(3)?,
            state: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The other codes of `phone` stop working once one was used: the number's owner is in.
pub fn retire_codes_of(conn: &Connection, phone: &str) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "UPDATE sms_codes SET state = 'superseded' WHERE phone = ?1 AND state = 'active'",
        [phone],
    )
}

pub fn use_code(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute_cached("UPDATE sms_codes SET state = 'used' WHERE id = ?1", [id])?;
    Ok(())
}

/// Counts a wrong try; `burned` when it was the last one allowed.
pub fn record_wrong_try(
    conn: &Connection,
    id: i64,
    tries: i64,
    burned: bool,
) -> rusqlite::Result<()> {
    let state = if burned { "burned" } else { "active" };
    conn.execute_cached(
        "UPDATE sms_codes SET wrong_tries = ?2, state = ?3 WHERE id = ?1",
        params![id, tries, state],
    )?;
    Ok(())
}

/// Sessions past their end: gone. Returns how many.
pub fn prune_sessions(conn: &Connection, now: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM sessions WHERE expires_ms <= ?1", [now])
}

/// Codes past their end (used, burned or never used): gone. Returns how many.
pub fn prune_codes(conn: &Connection, now: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM code_tries WHERE code_id IN (SELECT id FROM sms_codes WHERE expires_ms <= ?1)",
        [now],
    )?;
    conn.execute_cached("DELETE FROM sms_codes WHERE expires_ms <= ?1", [now])
}

/// The SMS outbox before `before`: gone. Returns how many.
pub fn prune_sms_outbox(conn: &Connection, before: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM sms_outbox WHERE sent_ms < ?1", [before])
}

/// Wrong tries at code `id` by `requester` so far.
pub fn tries_by(conn: &Connection, id: i64, requester: &str) -> rusqlite::Result<i64> {
    conn.query_row_cached(
        "SELECT coalesce(max(tries), 0) FROM code_tries WHERE code_id = ?1 AND requester = ?2",
        params![id, requester],
        |r| r.get(0),
    )
}

/// One more wrong try at code `id` by `requester`; returns their count.
pub fn count_try_by(conn: &Connection, id: i64, requester: &str) -> rusqlite::Result<i64> {
    conn.query_row_cached(
        "INSERT INTO code_tries (code_id, requester, tries) VALUES (?1, ?2, 1)
         ON CONFLICT(code_id, requester) DO UPDATE SET tries = tries + 1 RETURNING tries",
        params![id, requester],
        |r| r.get(0),
    )
}
