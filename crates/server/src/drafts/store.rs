//! The applicant's one draft, and the corrections of a rejected application: one JSON
//! document per key, upserted whole.

use crate::db::Cached;
use reissue_domain::api::{Draft, DraftPhotos, FormAnswers};
use rusqlite::{params, Connection, OptionalExtension};

use crate::clock::{rfc3339, Millis};
use crate::db::{json, to_json};
use crate::photos::store::{set_photo_uses, PhotoOwner};

fn load_doc<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    select: &str,
    key: &str,
) -> rusqlite::Result<Option<T>> {
    let body: Option<String> = conn
        .query_row_cached(select, [key], |r| r.get(0))
        .optional()?;
    body.as_deref().map(json).transpose()
}

fn save_doc<T: serde::Serialize>(
    conn: &Connection,
    upsert: &str,
    key: &str,
    doc: &T,
    now: Millis,
) -> rusqlite::Result<()> {
    conn.execute_cached(upsert, params![key, to_json(doc), now])?;
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
    )?;
    set_photo_uses(conn, PhotoOwner::Draft(phone), Some(&draft.photos))
}

/// The one way a draft changes: loads it (an empty one if there is none), lets
/// `change` edit it, stamps and saves it. When `change` refuses, nothing is saved.
pub fn update_draft<T, E: From<rusqlite::Error>>(
    conn: &Connection,
    phone: &str,
    now: Millis,
    change: impl FnOnce(&mut Draft) -> Result<T, E>,
) -> Result<(Draft, T), E> {
    let mut draft = load_draft(conn, phone)?.unwrap_or_default();
    let out = change(&mut draft)?;
    draft.updated_at = rfc3339(now);
    save_draft(conn, phone, &draft, now)?;
    Ok((draft, out))
}

pub fn delete_draft(conn: &Connection, phone: &str) -> rusqlite::Result<()> {
    conn.execute_cached("DELETE FROM drafts WHERE phone = ?1", [phone])?;
    set_photo_uses(conn, PhotoOwner::Draft(phone), None)
}

/// Deletes the drafts nobody changed since `before`; returns the photos they held (the
/// caller removes the files nothing else uses).
pub fn delete_drafts_untouched_since(
    conn: &Connection,
    before: Millis,
) -> rusqlite::Result<Vec<DraftPhotos>> {
    let mut stmt = conn.prepare_cached("SELECT phone, body FROM drafts WHERE updated_ms < ?1")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut photos = Vec::with_capacity(rows.len());
    for (phone, body) in rows {
        delete_draft(conn, &phone)?;
        photos.push(json::<Draft>(&body)?.photos);
    }
    Ok(photos)
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
    conn.execute_cached("DELETE FROM corrections WHERE number = ?1", [number])?;
    Ok(())
}
