//! Which drafts and applications use a photo file (`photo_uses`, kept in step with every
//! save), so that a file is deleted exactly when nothing refers to it any more.

use crate::db::Cached;
use reissue_domain::api::DraftPhotos;
use rusqlite::{params, Connection};

/// Who holds photos: a draft (by phone) or an application (by number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoOwner<'a> {
    Draft(&'a str),
    Application(&'a str),
}

impl PhotoOwner<'_> {
    fn columns(&self) -> (&'static str, &str) {
        match self {
            PhotoOwner::Draft(phone) => ("draft", phone),
            PhotoOwner::Application(number) => ("application", number),
        }
    }
}

/// Records the photos `owner` uses now (none: it uses no photo any more).
pub fn set_photo_uses(
    conn: &Connection,
    owner: PhotoOwner,
    photos: Option<&DraftPhotos>,
) -> rusqlite::Result<()> {
    let (kind, key) = owner.columns();
    conn.execute_cached(
        "DELETE FROM photo_uses WHERE owner_kind = ?1 AND owner_key = ?2",
        params![kind, key],
    )?;
    for meta in photos.into_iter().flat_map(DraftPhotos::all) {
        conn.execute_cached(
            "INSERT OR IGNORE INTO photo_uses (sha256, owner_kind, owner_key) VALUES (?1, ?2, ?3)",
            params![meta.sha256, kind, key],
        )?;
    }
    Ok(())
}

/// Is a photo (by its sha256) still used by any draft or application (one whose photos
/// have not been deleted by the retention rule)?
pub fn photo_in_use(conn: &Connection, sha256: &str) -> rusqlite::Result<bool> {
    conn.query_row_cached(
        "SELECT EXISTS (SELECT 1 FROM photo_uses WHERE sha256 = ?1)",
        [sha256],
        |r| r.get(0),
    )
}
