//! Privacy: how long photos are kept (what may reach a log line is the domain's
//! [`reissue_domain::mask::in_text`]).
//!
//! * [`purge_photos`]: the photos of applications completed or cancelled more than
//!   `--photo-retention-days` ago are deleted and the deletion recorded
//!   (`applications.photos_purged_ms`); [`spawn`] runs it at start and every hour.

use std::time::Duration;

use crate::clock::Millis;
use crate::photos::photo_path;
use crate::state::AppState;
use crate::store;

pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// Deletes the photos of applications completed or cancelled more than
/// `--photo-retention-days` before the clock's now. A file is removed once nothing that
/// still keeps photos (a draft, or an application not yet purged) refers to it.
/// Returns how many applications were purged.
pub async fn purge_photos(state: &AppState) -> usize {
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let cutoff: Millis = now - i64::from(st.config.photo_retention_days) * DAY_MS;
            let due = store::apps_ended_with_photos(conn, cutoff)?;
            for (number, photos) in &due {
                store::mark_photos_purged(conn, number, now)?;
                for meta in photos.all() {
                    if !store::photo_in_use(conn, &meta.sha256)? {
                        let path = photo_path(&st.photos_dir, &meta.sha256);
                        match std::fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => tracing::warn!("photo retention: removing a photo: {e}"),
                        }
                    }
                }
                tracing::info!(
                    number = %number,
                    "photo retention: photos deleted ({} days after the application ended)",
                    st.config.photo_retention_days
                );
            }
            Ok(due.len())
        })
        .await;
    match result {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("photo retention failed: {e}");
            0
        }
    }
}

/// Runs [`purge_photos`] now and then every hour.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(3600));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            purge_photos(&state).await;
        }
    })
}
