//! Officers and their sessions.

use crate::db::Cached;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Millis;

/// Adds an officer, or gives an existing one a new password.
pub fn put_officer(conn: &Connection, name: &str, hash: &str, now: Millis) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO officers (name, password_hash, created_ms) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash",
        params![name, hash, now],
    )?;
    // A new password ends the sessions opened with the old one.
    conn.execute_cached("DELETE FROM officer_sessions WHERE name = ?1", [name])?;
    Ok(())
}

pub fn officer_hash(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row_cached(
        "SELECT password_hash FROM officers WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()
}

pub fn insert_officer_session(
    conn: &Connection,
    token_hash: &str,
    name: &str,
    now: Millis,
    expires: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO officer_sessions (token_hash, name, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, name, now, expires],
    )?;
    Ok(())
}

/// The officer of a session that has not ended; its end moves to `ends_at(created)`
/// (the request is activity: an idle session ends sooner than a used one).
pub fn officer_of_session(
    conn: &Connection,
    token_hash: &str,
    now: Millis,
    ends_at: impl Fn(Millis) -> Millis,
) -> rusqlite::Result<Option<String>> {
    let found: Option<(String, Millis)> = conn
        .query_row_cached(
            "SELECT name, created_ms FROM officer_sessions WHERE token_hash = ?1 AND expires_ms > ?2",
            params![token_hash, now],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((_, created)) = &found {
        conn.execute_cached(
            "UPDATE officer_sessions SET expires_ms = ?2 WHERE token_hash = ?1",
            params![token_hash, ends_at(*created)],
        )?;
    }
    Ok(found.map(|(name, _)| name))
}

/// Signing out: the session ends now.
pub fn end_officer_session(conn: &Connection, token_hash: &str) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM officer_sessions WHERE token_hash = ?1",
        [token_hash],
    )
}

/// Officer sessions past their end: gone.
pub fn prune_officer_sessions(conn: &Connection, now: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM officer_sessions WHERE expires_ms <= ?1", [now])
}
