//! The applicant's one current draft: its answers, its photos and its face check, and a
//! correction asked for by the officer.

pub mod routes;
pub mod store;
use reissue_domain::api::{PhotoMeta, PhotoSlot};
use rusqlite::Transaction;

use crate::clock::{rfc3339, Millis};
use crate::http::error::ApiResult;
use crate::photos::Kept;

/// Puts photo `kept` in `slot` of `phone`'s draft; the digest it replaced, if another.
pub fn set_photo(
    tx: &Transaction,
    phone: &str,
    slot: PhotoSlot,
    kept: &Kept,
    now: Millis,
) -> ApiResult<(PhotoMeta, Option<String>)> {
    let meta = PhotoMeta {
        width: kept.width,
        height: kept.height,
        bytes: kept.bytes,
        sha256: kept.sha256.clone(),
        uploaded_at: rfc3339(now),
    };
    let (_, old) = store::update_draft(tx, phone, now, |draft| {
        let old = draft.photos.get(slot).map(|m| m.sha256.clone());
        draft.photos.set(slot, Some(meta.clone()));
        Ok::<_, rusqlite::Error>(old)
    })?;
    Ok((meta, old.filter(|old| *old != kept.sha256)))
}
