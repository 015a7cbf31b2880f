//! Privacy: how long anything personal is kept, per PIPL's minimum-necessary rule (what
//! may reach a log line is the domain's [`reissue_domain::mask::in_text`]). [`spawn`]
//! runs both jobs at start and every hour, on the server's clock.
//!
//! * [`purge_photos`]: the photos of applications ended (completed, cancelled, closed
//!   unpaid) more than `--photo-retention-days` ago are deleted and the deletion
//!   recorded (`applications.photos_purged_ms`).
//! * [`prune`]: drafts nobody changed for `--draft-retention-days`, with their photos;
//!   the gateways' outboxes after `--outbox-retention-days`; sessions and codes once
//!   over; flows that decided nothing a day after; callback nonces once their
//!   timestamps would be refused anyway; a verified person an hour after the face
//!   check's time is up; who asked the register about whom after a day; and by the
//!   domain's [`reissue_domain::retention`] periods: rejected applications nobody
//!   corrected (reminded, then closed), the delegate's ID number and phone of ended
//!   authorisations, past window bookings, inbox messages, ended loss reports.

use std::time::Duration;

use reissue_domain::api::DraftPhotos;
use reissue_domain::date::Date;
use reissue_domain::lifecycle::Status;
use reissue_domain::notify::MessageKind;
use reissue_domain::retention;

use crate::clock::Millis;
use crate::photos::photo_path;
use crate::state::AppState;
use crate::vendors::CALLBACK_WINDOW_MS;

use crate::clock::DAY_MS;

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
            let due = crate::applications::store::apps_ended_with_photos(conn, cutoff)?;
            for (number, photos) in &due {
                crate::applications::store::mark_photos_purged(conn, number, now)?;
                remove_unused(conn, &st.photos_dir, photos)?;
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

/// What one [`prune`] removed, by table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub drafts: usize,
    pub sessions: usize,
    pub codes: usize,
    pub flows: usize,
    /// SMS and WeChat sends.
    pub outbox: usize,
    pub nonces: usize,
    /// Verified persons and register questions.
    pub identities: usize,
    /// Rejected applications nobody corrected, closed.
    pub rejected_closed: usize,
    /// Authorisations whose delegate's ID number and phone were emptied.
    pub delegates_forgotten: usize,
    pub appointments: usize,
    /// Inbox messages, with their sends.
    pub messages: usize,
    /// Loss reports that ended.
    pub reports: usize,
}

/// Removes the photo files of `photos` that nothing uses any more.
fn remove_unused(
    conn: &rusqlite::Connection,
    dir: &std::path::Path,
    photos: &DraftPhotos,
) -> rusqlite::Result<()> {
    for meta in photos.all() {
        if !crate::photos::store::photo_in_use(conn, &meta.sha256)? {
            match std::fs::remove_file(photo_path(dir, &meta.sha256)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => tracing::warn!("retention: removing a photo: {e}"),
            }
        }
    }
    Ok(())
}

/// Deletes what is kept no longer than its use (see the module's list).
pub async fn prune(state: &AppState) -> Pruned {
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<Pruned> {
            let now = st.clock.now_ms();
            let days = |n: u32| now - i64::from(n) * DAY_MS;
            let tx = conn.transaction()?;
            let drafts = crate::drafts::store::delete_drafts_untouched_since(
                &tx,
                days(st.config.draft_retention_days),
            )?;
            for photos in &drafts {
                remove_unused(&tx, &st.photos_dir, photos)?;
            }
            let outbox_before = days(st.config.outbox_retention_days);
            let pruned = Pruned {
                drafts: drafts.len(),
                sessions: crate::sessions::store::prune_sessions(&tx, now)?
                    + crate::officer::store::prune_officer_sessions(&tx, now)?,
                codes: crate::sessions::store::prune_codes(&tx, now)?,
                flows: crate::flows::store::prune_flows(&tx, now - DAY_MS)?,
                outbox: crate::sessions::store::prune_sms_outbox(&tx, outbox_before)?
                    + crate::messages::store::prune_wechat_outbox(&tx, outbox_before)?,
                nonces: crate::flows::store::prune_nonces(&tx, now - 2 * CALLBACK_WINDOW_MS)?,
                identities: crate::identity::store::prune_verifications(&tx, now)?
                    + crate::identity::store::prune_register_asks(&tx, now.div_euclid(DAY_MS))?,
                ..Pruned::default()
            };
            let pruned = Pruned {
                rejected_closed: close_rejected(&tx, now)?,
                delegates_forgotten: crate::delegation::store::forget_delegates(
                    &tx,
                    now - retention::AUTHORIZATION_DELEGATE_DAYS * DAY_MS,
                )?,
                appointments: crate::appointments::store::prune_appointments(
                    &tx,
                    &Date::from_days(now.div_euclid(DAY_MS) - retention::APPOINTMENT_DAYS)
                        .to_string(),
                    now - retention::APPOINTMENT_DAYS * DAY_MS,
                )?,
                messages: crate::messages::store::prune_messages(
                    &tx,
                    now - retention::MESSAGE_DAYS * DAY_MS,
                )?,
                reports: crate::loss_reports::store::prune_ended_reports(
                    &tx,
                    now - retention::ENDED_REPORT_DAYS * DAY_MS,
                )?,
                ..pruned
            };
            tx.commit()?;
            Ok(pruned)
        })
        .await;
    match result {
        Ok(p) => {
            if p != Pruned::default() {
                tracing::info!("retention: removed {p:?}");
            }
            p
        }
        Err(e) => {
            tracing::error!("retention failed: {e}");
            Pruned::default()
        }
    }
}

/// Rejected applications nobody corrected: reminded a week before, then closed (their
/// photos then go by the ended applications' rule). How many were closed.
fn close_rejected(tx: &rusqlite::Connection, now: Millis) -> rusqlite::Result<usize> {
    let remind_before =
        now - (retention::REJECTED_CLOSES_DAYS - retention::REJECTED_REMINDER_DAYS_BEFORE) * DAY_MS;
    let mut closed = 0;
    for mut app in crate::applications::store::rejected_before(tx, remind_before)? {
        let (_, closes) = retention::rejected_schedule(app.status_ms.div_euclid(DAY_MS));
        if now.div_euclid(DAY_MS) < closes {
            let on = Date::from_days(closes).to_string();
            let key = format!("{}:rejected-closing:{}", app.number, app.status_ms);
            crate::messages::store::add_message(
                tx,
                &app.phone,
                MessageKind::RejectedClosing,
                &app.number,
                Some(&on),
                &key,
                now,
            )?;
            continue;
        }
        let detail = format!(
            "审核未通过后 {} 天未修改，办件已关闭。如仍需补领，请重新申请",
            retention::REJECTED_CLOSES_DAYS
        );
        match crate::applications::store::transition(
            tx,
            &mut app,
            Status::Cancelled,
            now,
            Some(&detail),
        ) {
            Ok(()) => closed += 1,
            Err(e) => {
                tracing::warn!(number = %app.number, "retention: closing a rejected application: {}", e.body.message)
            }
        }
    }
    Ok(closed)
}

/// Runs [`purge_photos`] and [`prune`] now and then every hour.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(3600));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            purge_photos(&state).await;
            prune(&state).await;
        }
    })
}
