//! SQLite: one connection behind a mutex, WAL with `synchronous=FULL`, migrations at
//! start. Every accepted write is committed before its response is sent.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

/// Migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[
    // 1: everything the mock backend keeps.
    r#"
    CREATE TABLE sms_codes (
        id           INTEGER PRIMARY KEY,
        phone        TEXT NOT NULL,
        code_hash    TEXT NOT NULL,
        created_ms   INTEGER NOT NULL,
        expires_ms   INTEGER NOT NULL,
        wrong_tries  INTEGER NOT NULL DEFAULT 0,
        state        TEXT NOT NULL DEFAULT 'active'  -- active | used | burned | superseded
    );
    CREATE INDEX sms_codes_phone ON sms_codes(phone, id);

    -- What the SMS gateway would have sent (the mock's "outbox").
    CREATE TABLE sms_outbox (
        id       INTEGER PRIMARY KEY,
        phone    TEXT NOT NULL,
        message  TEXT NOT NULL,
        sent_ms  INTEGER NOT NULL
    );
    CREATE INDEX sms_outbox_phone ON sms_outbox(phone, sent_ms);

    CREATE TABLE sessions (
        token_hash  TEXT PRIMARY KEY,
        phone       TEXT NOT NULL,
        created_ms  INTEGER NOT NULL,
        expires_ms  INTEGER NOT NULL
    );

    -- One current draft per applicant (the normalised phone); body is api::Draft JSON.
    CREATE TABLE drafts (
        phone       TEXT PRIMARY KEY,
        body        TEXT NOT NULL,
        updated_ms  INTEGER NOT NULL
    );

    -- Liveness and payment flows with a vendor.
    CREATE TABLE flows (
        id                 TEXT PRIMARY KEY,
        kind               TEXT NOT NULL,            -- liveness | payment
        phone              TEXT NOT NULL,
        app_number         TEXT,
        created_ms         INTEGER NOT NULL,
        expires_ms         INTEGER NOT NULL,
        status             TEXT NOT NULL,            -- pending | passed | failed | cancelled | expired
        reason             TEXT,
        decided_ms         INTEGER,
        vendor_token       TEXT,
        vendor_outcome     TEXT,                     -- what the vendor's side recorded
        vendor_outcome_ms  INTEGER,
        actions            TEXT,
        amount_fen         INTEGER
    );
    CREATE INDEX flows_phone ON flows(phone, created_ms);

    CREATE TABLE applications (
        number           TEXT PRIMARY KEY,
        phone            TEXT NOT NULL,
        idem_key         TEXT NOT NULL,
        status           TEXT NOT NULL,
        answers          TEXT NOT NULL,
        photos           TEXT NOT NULL,
        fees             TEXT NOT NULL,
        rejection        TEXT,
        tracking_number  TEXT,
        paid_flow        TEXT,
        submitted_ms     INTEGER NOT NULL,
        updated_ms       INTEGER NOT NULL,
        status_ms        INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX applications_idem ON applications(phone, idem_key);
    CREATE INDEX applications_phone ON applications(phone, submitted_ms);
    CREATE INDEX applications_status ON applications(status, status_ms);

    CREATE TABLE events (
        id      INTEGER PRIMARY KEY,
        number  TEXT NOT NULL,
        at_ms   INTEGER NOT NULL,
        status  TEXT NOT NULL,
        title   TEXT NOT NULL,
        detail  TEXT
    );
    CREATE INDEX events_number ON events(number, id);

    CREATE TABLE app_seq (
        day  TEXT PRIMARY KEY,
        n    INTEGER NOT NULL
    );
    "#,
    // 2: photo retention — when an ended application's photos were deleted.
    r#"
    ALTER TABLE applications ADD COLUMN photos_purged_ms INTEGER;
    "#,
    // 3: corrections of a rejected application, kept until it is resubmitted.
    r#"
    CREATE TABLE corrections (
        number      TEXT PRIMARY KEY,
        form        TEXT NOT NULL,
        updated_ms  INTEGER NOT NULL
    );
    "#,
];

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, String> {
        let mut conn =
            Connection::open(path).map_err(|e| format!("open {}: {e}", path.display()))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| e.to_string())?;
        migrate(&mut conn).map_err(|e| format!("migrate: {e}"))?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on the blocking pool.
    pub async fn call<R, F>(&self, f: F) -> R
    where
        R: Send + 'static,
        F: FnOnce(&mut Connection) -> R + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .expect("database task panicked")
    }

    /// Runs `f` on the calling thread (background tasks, tests).
    pub fn call_sync<R>(&self, f: impl FnOnce(&mut Connection) -> R) -> R {
        let mut guard = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let done: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        drop(Db::open(&path).unwrap());
        let db = Db::open(&path).unwrap();
        let (v, mode): (i64, String) = db.call_sync(|c| {
            (
                c.pragma_query_value(None, "user_version", |r| r.get(0))
                    .unwrap(),
                c.pragma_query_value(None, "journal_mode", |r| r.get(0))
                    .unwrap(),
            )
        });
        assert_eq!(v, MIGRATIONS.len() as i64);
        assert_eq!(mode, "wal");
    }
}
