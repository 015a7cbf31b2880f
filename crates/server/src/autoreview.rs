//! `--auto-review SECONDS`: a simulated officer. Applications waiting for review longer
//! than SECONDS are approved; paid ones move one production/delivery step per SECONDS.

use std::time::Duration;

use reissue_domain::api::Decision;
use reissue_domain::lifecycle::Status;
use reissue_domain::temporary_card::TemporaryCardStatus;

use crate::review;
use crate::state::AppState;
use crate::store;
use crate::temporary_card;

/// One pass over the applications; returns how many moved.
pub async fn tick(state: &AppState) -> usize {
    let Some(secs) = state.config.auto_review else {
        return 0;
    };
    let st = state.clone();
    let moved = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let cutoff = now - (secs as i64) * 1000;
            let waiting = [
                Status::Submitted,
                Status::Resubmitted,
                Status::UnderReview,
                Status::Paid,
                Status::InProduction,
                Status::Shipped,
                Status::ReadyForPickup,
                Status::Delivered,
                Status::PickedUp,
            ];
            let apps = store::apps_in_status(conn, &waiting, cutoff)?;
            let mut moved = 0;
            for mut app in apps {
                let tx = conn.transaction()?;
                let result = match app.status {
                    Status::Submitted | Status::Resubmitted | Status::UnderReview => {
                        review::decide(&st, &tx, &mut app, &Decision::Approve, now)
                    }
                    // The temporary card is made within the step after payment.
                    _ => review::advance(&st, &tx, &mut app, None, now).and_then(|()| {
                        match app.temporary_card {
                            Some(TemporaryCardStatus::Ordered) => {
                                temporary_card::ready(&st.profile, &tx, &mut app, now)
                            }
                            _ => Ok(()),
                        }
                    }),
                };
                match result {
                    Ok(()) => {
                        tx.commit()?;
                        moved += 1;
                    }
                    Err(e) => {
                        tracing::warn!(number = %app.number, "auto-review skipped: {}", e.body.message);
                    }
                }
            }
            Ok(moved)
        })
        .await;
    match moved {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("auto-review failed: {e}");
            0
        }
    }
}

/// Runs [`tick`] forever, about four times per period (at least once a second... at
/// most every 250 ms).
pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let secs = state.config.auto_review?;
    let period = Duration::from_millis((secs * 250).clamp(250, 1000));
    Some(tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            tick(&state).await;
        }
    }))
}
