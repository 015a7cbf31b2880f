//! Whom a session is verified as, and who asked the register about whom.

use crate::db::Cached;
use reissue_domain::identity::Person;
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::Millis;

/// A person a passed face check vouches for on this phone, until `until_ms`.
#[derive(Debug, Clone)]
pub struct Verified {
    pub person: Person,
    pub until_ms: Millis,
}

/// A face check started for a person (to act on a card): what it will vouch for once it
/// passes. Replaces whatever this phone was verified as.
pub fn start_verification(
    conn: &Connection,
    phone: &str,
    flow_id: &str,
    person: &Person,
    next: &str,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO verifications (phone, flow_id, name, id_number, next, until_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, NULL)
         ON CONFLICT(phone) DO UPDATE SET flow_id = ?2, name = ?3, id_number = ?4, next = ?5, until_ms = NULL",
        params![phone, flow_id, person.name, person.id_number, next],
    )?;
    Ok(())
}

/// The person a started face check is for (when it is still the phone's latest).
pub fn person_of_flow(conn: &Connection, flow_id: &str) -> rusqlite::Result<Option<Person>> {
    conn.query_row_cached(
        "SELECT name, id_number FROM verifications WHERE flow_id = ?1",
        [flow_id],
        |r| {
            Ok(Person {
                name: r.get(0)?,
                id_number: r.get(1)?,
            })
        },
    )
    .optional()
}

/// The face check passed: the phone is this person until `until`. Keeps the page to come
/// back to when the check was started outside the wizard.
pub fn set_verified(
    conn: &Connection,
    phone: &str,
    flow_id: &str,
    person: &Person,
    until: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT INTO verifications (phone, flow_id, name, id_number, next, until_ms)
         VALUES (?1, ?2, ?3, ?4, '', ?5)
         ON CONFLICT(phone) DO UPDATE SET
           next = CASE WHEN flow_id = ?2 THEN next ELSE '' END,
           flow_id = ?2, name = ?3, id_number = ?4, until_ms = ?5",
        params![phone, flow_id, person.name, person.id_number, until],
    )?;
    Ok(())
}

/// Whom the phone is verified as at `now`, if anyone.
pub fn verified(conn: &Connection, phone: &str, now: Millis) -> rusqlite::Result<Option<Verified>> {
    conn.query_row_cached(
        "SELECT name, id_number, until_ms FROM verifications
         WHERE phone = ?1 AND until_ms > ?2",
        params![phone, now],
        |r| {
            Ok(Verified {
                person: Person {
                    name: r.get(0)?,
                    id_number: r.get(1)?,
                },
                until_ms: r.get(2)?,
            })
        },
    )
    .optional()
}

/// The phone's last face check for a person, passed or not: whom it was for (as this
/// phone typed them) and the page it asked to come back to.
pub fn last_verification(
    conn: &Connection,
    phone: &str,
) -> rusqlite::Result<Option<(Person, String)>> {
    conn.query_row_cached(
        "SELECT name, id_number, next FROM verifications WHERE phone = ?1",
        [phone],
        |r| {
            Ok((
                Person {
                    name: r.get(0)?,
                    id_number: r.get(1)?,
                },
                r.get(2)?,
            ))
        },
    )
    .optional()
}

/// Signing out (or in again) forgets the person.
pub fn end_verification(conn: &Connection, phone: &str) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM verifications WHERE phone = ?1", [phone])
}

/// Verifications whose time is up (or that never passed) an hour ago: their names and
/// numbers are not kept.
pub fn prune_verifications(conn: &Connection, now: Millis) -> rusqlite::Result<usize> {
    conn.execute_cached(
        "DELETE FROM verifications WHERE coalesce(until_ms, 0) < ?1",
        [now - 3_600_000],
    )
}

/// Records that `asker` asked about `pair` on `day`; the number of distinct pairs it
/// has asked about that day, this one included.
pub fn ask_register(conn: &Connection, asker: &str, pair: &str, day: i64) -> rusqlite::Result<u32> {
    conn.execute_cached(
        "INSERT OR IGNORE INTO register_asks (asker, day, pair) VALUES (?1, ?2, ?3)",
        params![asker, day, pair],
    )?;
    conn.query_row_cached(
        "SELECT count(*) FROM register_asks WHERE asker = ?1 AND day = ?2",
        params![asker, day],
        |r| r.get(0),
    )
}

/// Has `asker` asked about `pair` on `day` already (so asking again costs nothing)?
pub fn asked_register(
    conn: &Connection,
    asker: &str,
    pair: &str,
    day: i64,
) -> rusqlite::Result<bool> {
    conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM register_asks WHERE asker = ?1 AND day = ?2 AND pair = ?3)",
        params![asker, day, pair],
        |r| r.get(0),
    )
}

/// Distinct pairs asked about on `day`.
pub fn register_asks(conn: &Connection, asker: &str, day: i64) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT count(*) FROM register_asks WHERE asker = ?1 AND day = ?2",
        params![asker, day],
        |r| r.get(0),
    )
}

/// Days before yesterday are forgotten.
pub fn prune_register_asks(conn: &Connection, today: i64) -> rusqlite::Result<usize> {
    conn.execute_cached("DELETE FROM register_asks WHERE day < ?1", [today - 1])
}

/// Loss reports this phone filed since `since`.
pub fn reports_since(conn: &Connection, phone: &str, since: Millis) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT count(*) FROM loss_reports WHERE phone = ?1 AND reported_ms >= ?2",
        params![phone, since],
        |r| r.get(0),
    )
}

/// The children's cards this phone applied for with `guardian`'s face: the cards a
/// guardian holds for the family's actions.
pub fn cards_applied_for_by_face(
    conn: &Connection,
    phone: &str,
    guardian: &Person,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT json_extract(answers, '$.id_number') FROM applications
         WHERE phone = ?1 AND json_extract(answers, '$.guardian_id_number') = ?2",
    )?;
    let rows = stmt.query_map(params![phone, guardian.id_number], |r| {
        r.get::<_, Option<String>>(0)
    })?;
    rows.filter_map(|r| r.transpose()).collect()
}

/// Face checks for a person alone this phone started since `since`.
pub fn identity_checks_since(
    conn: &Connection,
    phone: &str,
    since: Millis,
) -> rusqlite::Result<u32> {
    conn.query_row_cached(
        "SELECT count(*) FROM flows WHERE phone = ?1 AND for_identity = 1 AND created_ms >= ?2",
        params![phone, since],
        |r| r.get(0),
    )
}
