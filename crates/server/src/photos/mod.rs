//! Photo files: one per content digest under the data directory, written atomically.
//! Which rows still use a photo is the store's to say ([`crate::photos::store::photo_in_use`]).

pub mod decodes;
pub mod jpeg;
pub mod store;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::http::auth;

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
