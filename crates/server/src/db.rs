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
    // 4: whom a face check vouches for: a digest of the name and ID number it was started
    // for (not the numbers themselves); it counts for that identity only.
    r#"
    ALTER TABLE flows ADD COLUMN subject TEXT;
    CREATE INDEX flows_subject ON flows(phone, kind, status, subject);
    "#,
    // 5: which drafts and applications use a photo file, so a file is deleted exactly
    // when nothing refers to it (looked up by index, not by searching the JSON).
    r#"
    CREATE TABLE photo_uses (
        sha256      TEXT NOT NULL,
        owner_kind  TEXT NOT NULL,   -- draft | application
        owner_key   TEXT NOT NULL,   -- the phone of a draft, the number of an application
        PRIMARY KEY (sha256, owner_kind, owner_key)
    );
    CREATE INDEX photo_uses_owner ON photo_uses(owner_kind, owner_key);
    INSERT OR IGNORE INTO photo_uses
        SELECT json_extract(body, '$.photos.' || slot.name || '.sha256'), 'draft', phone
        FROM drafts, (SELECT 'register_home' AS name UNION ALL SELECT 'register_self') AS slot
        WHERE json_extract(body, '$.photos.' || slot.name || '.sha256') IS NOT NULL;
    INSERT OR IGNORE INTO photo_uses
        SELECT json_extract(photos, '$.' || slot.name || '.sha256'), 'application', number
        FROM applications, (SELECT 'register_home' AS name UNION ALL SELECT 'register_self') AS slot
        WHERE photos_purged_ms IS NULL AND json_extract(photos, '$.' || slot.name || '.sha256') IS NOT NULL;
    "#,
    // 6: the mock population register and photo-receipt service (seeded at start), the
    // card photo an application uses, and window appointments.
    r#"
    CREATE TABLE residents (
        id_number           TEXT PRIMARY KEY,
        name                TEXT NOT NULL,
        hukou_region        TEXT NOT NULL,
        card_issued_on      TEXT NOT NULL,
        card_issued_region  TEXT NOT NULL,
        fingerprints        INTEGER NOT NULL,
        long_term           INTEGER NOT NULL,
        photo_taken_on      TEXT
    );
    CREATE TABLE photo_receipts (
        number       TEXT PRIMARY KEY,
        id_number    TEXT NOT NULL,
        valid_until  TEXT NOT NULL
    );
    ALTER TABLE applications ADD COLUMN card_photo TEXT;
    CREATE TABLE appointments (
        number      TEXT PRIMARY KEY,
        phone       TEXT NOT NULL,
        office_id   TEXT NOT NULL,
        day         TEXT NOT NULL,
        slot        TEXT NOT NULL,
        status      TEXT NOT NULL,   -- booked | cancelled
        booked_ms   INTEGER NOT NULL,
        updated_ms  INTEGER NOT NULL
    );
    CREATE INDEX appointments_phone ON appointments(phone, booked_ms);
    CREATE INDEX appointments_slot ON appointments(office_id, day, slot, status);
    "#,
    // 7: loss reports (挂失), one open per ID number.
    r#"
    CREATE TABLE loss_reports (
        number          TEXT PRIMARY KEY,
        phone           TEXT NOT NULL,
        id_number       TEXT NOT NULL,
        name            TEXT NOT NULL,
        kind            TEXT NOT NULL,
        lost_on         TEXT NOT NULL,
        place           TEXT NOT NULL,
        description     TEXT NOT NULL,
        police_receipt  TEXT,
        status          TEXT NOT NULL,   -- reported | withdrawn | void
        reported_ms     INTEGER NOT NULL,
        ended_ms        INTEGER
    );
    CREATE INDEX loss_reports_phone ON loss_reports(phone, reported_ms);
    CREATE UNIQUE INDEX loss_reports_open ON loss_reports(id_number) WHERE status = 'reported';
    "#,
    // 8: an application names the loss report for its card, and may come with a
    // temporary card, whose events share the application's timeline.
    r#"
    ALTER TABLE applications ADD COLUMN loss_report TEXT;
    ALTER TABLE applications ADD COLUMN temporary_card TEXT;  -- ordered | ready
    ALTER TABLE events ADD COLUMN temporary_card TEXT;
    "#,
    // 9: 委托领取 authorisations, the pickup voucher, and notices told apart from sign-in
    // codes in the SMS outbox (only codes count against sign-in limits).
    r#"
    CREATE TABLE authorizations (
        number          TEXT PRIMARY KEY,
        app_number      TEXT NOT NULL REFERENCES applications(number),
        delegate_name   TEXT NOT NULL,
        delegate_id     TEXT NOT NULL,
        delegate_phone  TEXT NOT NULL,
        code            TEXT NOT NULL,
        status          TEXT NOT NULL,   -- active | revoked | used | expired
        issued_ms       INTEGER NOT NULL,
        valid_until_ms  INTEGER NOT NULL,
        ended_ms        INTEGER
    );
    CREATE INDEX authorizations_app ON authorizations(app_number, issued_ms);
    CREATE UNIQUE INDEX authorizations_active ON authorizations(app_number) WHERE status = 'active';
    ALTER TABLE applications ADD COLUMN voucher TEXT;
    ALTER TABLE events ADD COLUMN authorization TEXT;
    ALTER TABLE sms_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'code';
    "#,
    // 10: the applicant's inbox (消息), one message per event that needs them, and its
    // sends, one per channel, retried until they go out; what the mock WeChat sent.
    r#"
    CREATE TABLE messages (
        id          INTEGER PRIMARY KEY,
        phone       TEXT NOT NULL,
        kind        TEXT NOT NULL,
        app_number  TEXT NOT NULL,
        detail      TEXT,
        created_ms  INTEGER NOT NULL,
        read_ms     INTEGER,
        event_key   TEXT NOT NULL UNIQUE
    );
    CREATE INDEX messages_phone ON messages(phone, id);
    CREATE TABLE deliveries (
        message_id  INTEGER NOT NULL REFERENCES messages(id),
        channel     TEXT NOT NULL,      -- sms | wechat
        status      TEXT NOT NULL,      -- pending | sent
        attempts    INTEGER NOT NULL DEFAULT 0,
        next_ms     INTEGER NOT NULL,
        sent_ms     INTEGER,
        last_error  TEXT,
        PRIMARY KEY (message_id, channel)
    );
    CREATE INDEX deliveries_due ON deliveries(status, next_ms);
    CREATE TABLE wechat_outbox (
        id       INTEGER PRIMARY KEY,
        touser   TEXT NOT NULL,
        payload  TEXT NOT NULL,
        sent_ms  INTEGER NOT NULL
    );
    "#,
    // 11: the nonces of the vendors' signed callbacks, so none is accepted twice; money
    // that arrived when nothing was owed (a second order paid, an order paid after it
    // closed), to be given back.
    r#"
    CREATE TABLE vendor_nonces (
        nonce    TEXT PRIMARY KEY,
        seen_ms  INTEGER NOT NULL
    );
    CREATE TABLE refunds (
        flow_id      TEXT PRIMARY KEY REFERENCES flows(id),
        app_number   TEXT NOT NULL,
        amount_fen   INTEGER NOT NULL,
        reason       TEXT NOT NULL,
        recorded_ms  INTEGER NOT NULL,
        refunded_ms  INTEGER
    );
    CREATE INDEX refunds_app ON refunds(app_number);
    "#,
    // 12: wrong tries at a code, per requester (a stranger's tries are their own).
    r#"
    CREATE TABLE code_tries (
        code_id    INTEGER NOT NULL,
        requester  TEXT NOT NULL,
        tries      INTEGER NOT NULL,
        PRIMARY KEY (code_id, requester)
    );
    "#,
    // 13: officers by name (a salted password hash each) and their sessions.
    r#"
    CREATE TABLE officers (
        name           TEXT PRIMARY KEY,
        password_hash  TEXT NOT NULL,
        created_ms     INTEGER NOT NULL
    );
    CREATE TABLE officer_sessions (
        token_hash  TEXT PRIMARY KEY,
        name        TEXT NOT NULL REFERENCES officers(name),
        created_ms  INTEGER NOT NULL,
        expires_ms  INTEGER NOT NULL
    );
    "#,
    // 14: whom a session is verified as (a face check bound to a name and an ID number,
    // started outside the wizard or by it), and who asked the register about whom.
    r#"
    ALTER TABLE flows ADD COLUMN for_identity INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE verifications (
        phone      TEXT PRIMARY KEY,
        flow_id    TEXT NOT NULL,
        name       TEXT NOT NULL,
        id_number  TEXT NOT NULL,
        next       TEXT NOT NULL,
        until_ms   INTEGER            -- NULL until the face check passes
    );
    CREATE TABLE register_asks (
        asker  TEXT NOT NULL,         -- 'phone:…' or 'client:…'
        pair   TEXT NOT NULL,         -- a digest of the name and the number
        day    INTEGER NOT NULL,      -- days since 1970 (UTC)
        PRIMARY KEY (asker, day, pair)
    );
    "#,
    // 15: who asked for each code sent (a client's address key): a number's limits of a
    // minute between codes and ten a day are each requester's, so a stranger asking
    // never spends the owner's. Gone with the outbox row.
    r#"
    ALTER TABLE sms_outbox ADD COLUMN requester TEXT;
    "#,
    // 16: wrong 核验码 given at the counter (the code itself is kept as a salted digest).
    r#"
    ALTER TABLE authorizations ADD COLUMN code_tries INTEGER NOT NULL DEFAULT 0;
    "#,
    // 17: who made each officer's step (a named officer, or `shared` for the token).
    r#"
    ALTER TABLE events ADD COLUMN officer TEXT;
    "#,
    // 18: a window booking is a person's (name and ID number), and how often it moved.
    r#"
    ALTER TABLE appointments ADD COLUMN name TEXT;
    ALTER TABLE appointments ADD COLUMN id_number TEXT;
    ALTER TABLE appointments ADD COLUMN changes INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX appointments_person ON appointments(id_number, status, day);
    "#,
    // 19: the card and the parcel's phone of an application, as indexed columns computed
    // from its answers: a loss report and a parcel look-up find theirs without reading
    // every application.
    r#"
    ALTER TABLE applications ADD COLUMN card_id TEXT
        GENERATED ALWAYS AS (json_extract(answers, '$.id_number')) VIRTUAL;
    ALTER TABLE applications ADD COLUMN recipient_phone TEXT
        GENERATED ALWAYS AS (json_extract(answers, '$.recipient_phone')) VIRTUAL;
    CREATE INDEX applications_card ON applications(card_id);
    CREATE INDEX applications_recipient ON applications(recipient_phone);
    "#,
    // 20: the 办证城市 of a photo receipt (its region code's first four digits), which
    // must be the applicant's.
    r#"
    ALTER TABLE photo_receipts ADD COLUMN city TEXT NOT NULL DEFAULT '';
    "#,
    // 21: the courier's requests to let someone else sign for a posted card, where the
    // applicant confirms them in the app (one per parcel).
    r#"
    CREATE TABLE sign_requests (
        app_number TEXT PRIMARY KEY REFERENCES applications(number) ON DELETE CASCADE,
        signer TEXT NOT NULL,
        asked_ms INTEGER NOT NULL,
        state TEXT NOT NULL,
        answered_ms INTEGER
    );
    "#,
    // 22: 数字相片采集回执 ordered online: the photo sent to the detection centre, its
    // review, and the receipt issued (which then also sits in photo_receipts).
    r#"
    CREATE TABLE photo_orders (
        number TEXT PRIMARY KEY,
        phone TEXT NOT NULL,
        id_number TEXT NOT NULL,
        hukou_region TEXT NOT NULL,
        city TEXT NOT NULL,
        photo_sha256 TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT,
        receipt TEXT,
        submitted_ms INTEGER NOT NULL,
        decided_ms INTEGER
    );
    CREATE INDEX photo_orders_phone ON photo_orders(phone, submitted_ms);
    CREATE INDEX photo_orders_state ON photo_orders(state, submitted_ms);
    "#,
];

/// The one writer, and a few readers beside it: WAL lets readers see the last commit
/// while the writer works, so a page reading its application, its inbox or the places
/// left does not queue behind someone's submission.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<Vec<Mutex<Connection>>>,
    next: Arc<std::sync::atomic::AtomicUsize>,
}

/// Readers beside the writer: as many as the blocking pool will run at once in
/// practice on a small machine, and a few more.
const READERS: usize = 4;

fn open_one(path: &Path) -> Result<Connection, String> {
    let conn = Connection::open(path).map_err(|e| format!("open {}: {e}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| e.to_string())?;
    // Room for every statement the store has (about a hundred), each compiled once.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(conn)
}

impl Db {
    pub fn open(path: &Path) -> Result<Db, String> {
        let mut conn = open_one(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(|e| e.to_string())?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| e.to_string())?;
        migrate(&mut conn).map_err(|e| format!("migrate: {e}"))?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let reader = open_one(path)?;
            // A reader that tried to write would be a bug: SQLite refuses it.
            reader
                .pragma_update(None, "query_only", "ON")
                .map_err(|e| e.to_string())?;
            readers.push(Mutex::new(reader));
        }
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
            readers: Arc::new(readers),
            next: Arc::default(),
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

    /// Runs `f`, which only reads, on a reader (a free one if any, else the next in
    /// turn), on the blocking pool. It sees what was committed before it started.
    pub async fn read<R, F>(&self, f: F) -> R
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> R + Send + 'static,
    {
        let (readers, next) = (self.readers.clone(), self.next.clone());
        tokio::task::spawn_blocking(move || {
            let start = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let n = readers.len();
            for i in 0..n {
                if let Ok(guard) = readers[(start + i) % n].try_lock() {
                    return f(&guard);
                }
            }
            let guard = readers[start % n].lock().unwrap_or_else(|p| p.into_inner());
            f(&guard)
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

/// Every statement goes through the connection's cache of compiled statements: parsed
/// and planned once, then reused. Compiling the SQL anew for every call took about a
/// twentieth of the server's CPU under load (`make bench-load`).
pub(crate) trait Cached {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;
    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl Cached for rusqlite::Connection {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

pub(crate) fn json<T: serde::de::DeserializeOwned>(s: &str) -> rusqlite::Result<T> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable value")
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn readers_see_what_was_committed_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("db.sqlite")).unwrap();
        db.call(|c| c.execute("INSERT INTO app_seq (day, n) VALUES ('X', 7)", []))
            .await
            .unwrap();
        let n: i64 = db
            .read(|c| c.query_row("SELECT n FROM app_seq WHERE day = 'X'", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(n, 7);
        let write = db
            .read(|c| c.execute("INSERT INTO app_seq (day, n) VALUES ('Y', 1)", []))
            .await;
        assert!(write.is_err(), "a reader is query-only");
        // A reader held by a read that cannot finish yet does not hold the others up:
        // the second read ends while the first still waits (with one connection for
        // all, it would wait for ever).
        let (go, wait) = std::sync::mpsc::channel::<()>();
        let busy = db.clone();
        let long = tokio::spawn(async move { busy.read(move |_| wait.recv().unwrap()).await });
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let other = db.read(|c| c.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)));
        let answer = tokio::time::timeout(std::time::Duration::from_secs(10), other)
            .await
            .expect("another reader answers while the first is held");
        assert_eq!(answer.unwrap(), 1);
        go.send(()).unwrap();
        long.await.unwrap();
    }

    #[test]
    fn a_card_and_a_parcel_s_phone_are_found_by_index_not_by_reading_every_application() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("db.sqlite")).unwrap();
        let plans: Vec<String> = db.call_sync(|c| {
            [
                "SELECT number FROM applications WHERE card_id = ?1",
                "SELECT number FROM applications WHERE recipient_phone = ?1 AND tracking_number IS NOT NULL",
            ]
            .iter()
            .map(|sql| {
                let mut stmt = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
                let rows = stmt.query_map(["x"], |r| r.get::<_, String>(3)).unwrap();
                rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
            })
            .collect()
        });
        assert!(
            plans[0].contains("USING INDEX applications_card"),
            "{}",
            plans[0]
        );
        assert!(
            plans[1].contains("USING INDEX applications_recipient"),
            "{}",
            plans[1]
        );
    }

    #[test]
    fn photo_uses_are_filled_in_from_the_rows_that_existed_before() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..4] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 4).unwrap();
        let photo = |sha: &str| {
            format!(r#"{{"sha256":"{sha}","width":1,"height":1,"bytes":1,"uploaded_at":""}}"#)
        };
        conn.execute(
            "INSERT INTO drafts (phone, body, updated_ms) VALUES ('13900000001', ?1, 0)",
            [format!(
                r#"{{"photos":{{"register_home":{}}}}}"#,
                photo("aa")
            )],
        )
        .unwrap();
        for (number, purged) in [("BL1", None), ("BL2", Some(1))] {
            conn.execute(
                "INSERT INTO applications (number, phone, idem_key, status, answers, photos, fees,
                   submitted_ms, updated_ms, status_ms, photos_purged_ms)
                 VALUES (?1, 'p', ?1, 'submitted', '{}', ?2, '{}', 0, 0, 0, ?3)",
                rusqlite::params![
                    number,
                    format!(
                        r#"{{"register_home":{},"register_self":{}}}"#,
                        photo("bb"),
                        photo(number)
                    ),
                    purged
                ],
            )
            .unwrap();
        }
        migrate(&mut conn).unwrap();
        let mut uses: Vec<(String, String, String)> = conn
            .prepare("SELECT sha256, owner_kind, owner_key FROM photo_uses")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        uses.sort();
        let row = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
        assert_eq!(
            uses,
            [
                row("BL1", "application", "BL1"),
                row("aa", "draft", "13900000001"),
                row("bb", "application", "BL1"),
            ],
            "the purged application's photos are not in use"
        );
    }
}
