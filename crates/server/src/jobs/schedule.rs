//! What happens because time passes, every `--notify-every` seconds (never with 0: the
//! tests call each pass themselves): the mock courier's parcels signed for, the mock
//! photo centre's receipts issued, unpaid approvals reminded or closed (once a minute:
//! their times are days), and then the notifier sends what all that said.

use std::time::Duration;

use crate::jobs::deadlines;
use crate::jobs::notifier;
use crate::state::AppState;
use crate::vendors::{ems, photo_centre};

pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    let every = state.config.notify_every;
    (every > 0).then(|| {
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(Duration::from_secs(every));
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            // Every unpaid approval older than a day is looked at on each deadlines pass.
            let deadlines_every = (60 / every).max(1);
            for n in 0u64.. {
                interval.tick().await;
                if n % deadlines_every == 0 {
                    deadlines::tick(&state).await;
                }
                ems::tick(&state).await;
                photo_centre::tick(&state).await;
                notifier::tick(&state).await;
            }
        })
    })
}
