//! `--auto-review SECONDS`: a simulated officer. Applications waiting for review longer
//! than SECONDS are approved; paid ones move one production/delivery step per SECONDS.

use std::time::Duration;

use reissue_domain::api::Decision;
use reissue_domain::lifecycle::Status;
use reissue_domain::temporary_card::TemporaryCardStatus;

use crate::applications::temporary_card;
use crate::jobs::job;
use crate::officer::moves;
use crate::parcels::signing;
use crate::state::AppState;

/// One pass over the applications; returns how many moved.
pub async fn tick(state: &AppState) -> usize {
    let Some(secs) = state.config.auto_review else {
        return 0;
    };
    job::over_applications(
        state,
        "auto-review",
        move |_, conn, now| {
            let waiting = [
                Status::Submitted,
                Status::Resubmitted,
                Status::UnderReview,
                Status::Paid,
                Status::InProduction,
                Status::Shipped,
                Status::Returned,
                Status::ReadyForPickup,
                Status::Delivered,
                Status::PickedUp,
            ];
            crate::applications::store::apps_in_status(conn, &waiting, now - (secs as i64) * 1000)
        },
        |st, tx, app, now| {
            match app.status {
                Status::Submitted | Status::Resubmitted | Status::UnderReview => {
                    moves::decide(st, tx, app, &Decision::Approve, now)?
                }
                // The courier's word on an address it cannot deliver to, sooner.
                Status::Shipped if crate::vendors::ems::undeliverable(app) => {
                    moves::return_to_office(st, tx, app, None, now)?
                }
                // Someone else at the door: the courier asks sooner, and the parcel
                // waits for the applicant's answer (or the courier's round to end).
                Status::Shipped
                    if signing::confirmed_in_app(st)
                        && crate::vendors::ems::someone_at_door(app).is_some() =>
                {
                    return signing::ask_at_door(tx, app, now);
                }
                _ => {
                    moves::advance(st, tx, app, None, now)?;
                    // The temporary card is made within the step after payment.
                    if app.temporary_card == Some(TemporaryCardStatus::Ordered) {
                        temporary_card::ready(&st.profile, tx, app, now)?;
                    }
                }
            }
            Ok(true)
        },
    )
    .await
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
