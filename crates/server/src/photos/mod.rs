//! Photo files: one per content digest under the data directory, written atomically.
//! Which rows still use a photo is the store's to say ([`store::photo_in_use`]).

pub mod decodes;
pub mod jpeg;
pub mod store;

use reissue_domain::error::Refusal;
use std::io::Write;
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use axum::http::StatusCode;
use reissue_domain::api::PhotoSlot;
use reissue_domain::photo::PhotoRefused;

use crate::http::auth;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use jpeg::JpegError;

/// A refused photo as the API says it: under the photo's slot when there is one; 415 for
/// what is no JPEG, 413 for too many bytes, 400 for an upload cut off, else 422.
pub fn refusal(slot: Option<PhotoSlot>, refused: PhotoRefused) -> AppError {
    let (code, message) = (refused.code(), refused.message());
    let status = match refused {
        PhotoRefused::NotJpeg => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        PhotoRefused::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        PhotoRefused::Interrupted => return AppError::bad_request(code, message),
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let mut e = match slot {
        Some(slot) => AppError::invalid_field(slot.as_str(), code, &message),
        None => AppError::new(status, code, message),
    };
    e.status = status;
    e
}

/// A photo kept: its digest names the file.
pub struct Kept {
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// Cleans `bytes` (metadata stripped), checks the picture, and writes it under its
/// digest, or says why it is refused.
pub async fn keep(state: &AppState, bytes: Bytes) -> ApiResult<Result<Kept, PhotoRefused>> {
    let cleaned = match jpeg::clean(&bytes) {
        Ok(c) => c,
        Err(JpegError::NotJpeg) => return Ok(Err(PhotoRefused::NotJpeg)),
        Err(JpegError::Truncated) => return Ok(Err(PhotoRefused::Truncated)),
    };
    let (width, height) = (cleaned.width, cleaned.height);
    if let Some(refused) = PhotoRefused::for_size(width, height) {
        return Ok(Err(refused));
    }
    let size = cleaned.bytes.len() as u64;
    // Off the request threads, on the one copy of the bytes: the header's size is a
    // claim, so the picture is checked against it (nothing but a real photo is stored);
    // then the file is named by its digest, written and synced before the database is
    // asked for (a write whose record then fails is found again by the next upload of
    // the same photo), so nobody waits for the disk while holding the database. As many
    // at once as there are cores: the others wait their turn.
    let dir = state.photos_dir.clone();
    let stored = state
        .decodes
        .run(move || -> ApiResult<Option<String>> {
            if !jpeg::decodes_to(&cleaned.bytes, width, height) {
                return Ok(None);
            }
            let sha = auth::sha256_hex(&cleaned.bytes);
            let path = photo_path(&dir, &sha);
            if !path.exists() {
                write_atomic(&dir, &path, &cleaned.bytes)?;
            }
            Ok(Some(sha))
        })
        .await
        // Only the check can panic (a decoder's bug on a strange file): that file is not a
        // photo we can read.
        .unwrap_or(Ok(None))?;
    Ok(match stored {
        Some(sha256) => Ok(Kept {
            sha256,
            width,
            height,
            bytes: size,
        }),
        None => Err(PhotoRefused::NotAnImage),
    })
}

/// Removes the file of `sha256` unless a row still uses it.
pub async fn forget_if_unused(state: &AppState, sha256: String) -> ApiResult<()> {
    let dir = state.photos_dir.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            if !store::photo_in_use(conn, &sha256)? {
                let _ = std::fs::remove_file(photo_path(&dir, &sha256));
            }
            Ok(())
        })
        .await
}

pub fn photo_path(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(format!("{sha256}.jpg"))
}

/// temp file + fsync + rename + fsync of the directory.
pub fn write_atomic(dir: &Path, name: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".upload-{}.tmp", auth::random_hex(8)));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, name)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
