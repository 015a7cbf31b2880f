//! The mock population register (人口信息库) and the photo-receipt service: what the
//! real ones would answer for an ID number or a receipt number.

use crate::db::Cached;
use reissue_domain::population::{PhotoReceipt, Resident};
use rusqlite::{params, Connection, OptionalExtension};

pub fn resident(conn: &Connection, id_number: &str) -> rusqlite::Result<Option<Resident>> {
    conn.query_row_cached(
        "SELECT id_number, name, hukou_region, card_issued_on, card_issued_region,
                fingerprints, long_term, photo_taken_on
         FROM residents WHERE id_number = ?1",
        [id_number],
        |r| {
            Ok(Resident {
                id_number: r.get(0)?,
                name: r.get(1)?,
                hukou_region: r.get(2)?,
                card_issued_on: r.get(3)?,
                card_issued_region: r.get(4)?,
                fingerprints: r.get(5)?,
                long_term: r.get(6)?,
                photo_taken_on: r.get(7)?,
            })
        },
    )
    .optional()
}

/// Adds or replaces a resident (the seed, and testers' own).
pub fn put_resident(conn: &Connection, r: &Resident) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT OR REPLACE INTO residents (id_number, name, hukou_region, card_issued_on,
           card_issued_region, fingerprints, long_term, photo_taken_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            r.id_number,
            r.name,
            r.hukou_region,
            r.card_issued_on,
            r.card_issued_region,
            r.fingerprints,
            r.long_term,
            r.photo_taken_on
        ],
    )?;
    Ok(())
}

pub fn photo_receipt(conn: &Connection, number: &str) -> rusqlite::Result<Option<PhotoReceipt>> {
    conn.query_row_cached(
        "SELECT number, id_number, valid_until, city FROM photo_receipts WHERE number = ?1",
        [number],
        |r| {
            Ok(PhotoReceipt {
                number: r.get(0)?,
                id_number: r.get(1)?,
                valid_until: r.get(2)?,
                city: r.get(3)?,
            })
        },
    )
    .optional()
}

pub fn put_photo_receipt(conn: &Connection, r: &PhotoReceipt) -> rusqlite::Result<()> {
    conn.execute_cached(
        "INSERT OR REPLACE INTO photo_receipts (number, id_number, valid_until, city) \
         VALUES (?1, ?2, ?3, ?4)",
        params![r.number, r.id_number, r.valid_until, r.city],
    )?;
    Ok(())
}
