//! 办理进度 as the applicant reads it: every stage of the service, done, current or to
//! come, with when it happened or when it is expected. Worked out from the status, the
//! events so far and the profile's working-day figures, the same way on every page.

use crate::application::TimelineEvent;
use crate::date::{parse_rfc3339, Date};
use crate::field::DeliveryMethod;
use crate::lifecycle::Status;
use crate::profile::WorkingDays;

/// The stages of the service, in order. An application goes through the first four and
/// then either [`Stage::Post`] or [`Stage::Collect`], by the delivery chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Submit,
    Review,
    Pay,
    Produce,
    Post,
    Collect,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageState {
    /// Finished; `at` is the event that finished it (RFC 3339).
    Done { at: String },
    /// Under way since `since`. `expected_by` is the last day it usually takes (working
    /// days counted from its start); `yours` when it waits for the applicant.
    Current {
        since: Option<String>,
        expected_by: Option<Date>,
        yours: bool,
    },
    /// Not started; it usually takes this many working days once it starts.
    ToCome { working_days: Option<(u16, u16)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageView {
    pub stage: Stage,
    pub state: StageState,
}

impl Stage {
    /// The stages an application with this delivery goes through.
    pub fn for_delivery(delivery: Option<DeliveryMethod>) -> [Stage; 5] {
        let last = match delivery {
            Some(DeliveryMethod::Ems) => Stage::Post,
            _ => Stage::Collect,
        };
        [
            Stage::Submit,
            Stage::Review,
            Stage::Pay,
            Stage::Produce,
            last,
        ]
    }

    /// The statuses an application is in while this stage is current.
    fn current_in(self, status: Status) -> bool {
        use Status::*;
        match self {
            Stage::Submit => status == Draft,
            Stage::Review => matches!(status, Submitted | UnderReview | Rejected | Resubmitted),
            Stage::Pay => status == AwaitingPayment,
            Stage::Produce => matches!(status, Paid | InProduction),
            // A parcel the courier could not deliver waits at the office, still posted.
            Stage::Post => matches!(status, Shipped | Returned),
            Stage::Collect => status == ReadyForPickup,
        }
    }

    /// The statuses whose event starts this stage (the latest one counts).
    fn started_by(self) -> &'static [Status] {
        use Status::*;
        match self {
            Stage::Submit => &[],
            Stage::Review => &[Submitted, Resubmitted],
            Stage::Pay => &[AwaitingPayment],
            Stage::Produce => &[Paid],
            Stage::Post => &[Shipped],
            Stage::Collect => &[ReadyForPickup],
        }
    }

    /// The statuses whose event ends this stage.
    fn ended_by(self) -> &'static [Status] {
        use Status::*;
        match self {
            Stage::Submit => &[Submitted],
            Stage::Review => &[AwaitingPayment],
            Stage::Pay => &[Paid],
            Stage::Produce => &[Shipped, ReadyForPickup],
            Stage::Post => &[Delivered, PickedUp],
            Stage::Collect => &[PickedUp],
        }
    }

    /// How long it usually takes, in working days; None when it is the applicant's to do.
    fn takes(self, days: &WorkingDays) -> Option<(u16, u16)> {
        match self {
            Stage::Review => Some(days.review),
            Stage::Produce => Some(days.production),
            Stage::Post => Some(days.delivery),
            Stage::Submit | Stage::Pay | Stage::Collect => None,
        }
    }

    /// Waiting for the applicant (to correct, to pay, to collect).
    fn yours(self, status: Status) -> bool {
        matches!(self, Stage::Pay | Stage::Collect)
            || matches!(status, Status::Rejected | Status::Returned)
    }
}

fn latest<'a>(timeline: &'a [TimelineEvent], of: &[Status]) -> Option<&'a TimelineEvent> {
    timeline
        .iter()
        .rev()
        .find(|e| !e.is_side_event() && of.contains(&e.status))
}

/// Every stage of this application; empty for one withdrawn or closed unpaid (its
/// history says it all).
pub fn progress(
    status: Status,
    delivery: Option<DeliveryMethod>,
    timeline: &[TimelineEvent],
    days: &WorkingDays,
) -> Vec<StageView> {
    if matches!(status, Status::Cancelled | Status::Expired) {
        return Vec::new();
    }
    let stages = Stage::for_delivery(delivery);
    let all_done = matches!(
        status,
        Status::Delivered | Status::PickedUp | Status::Completed
    );
    let current = stages.iter().position(|s| s.current_in(status));
    stages
        .iter()
        .enumerate()
        .map(|(i, &stage)| {
            let state = match current {
                Some(c) if i == c => {
                    let since = latest(timeline, stage.started_by());
                    let expected_by = stage.takes(days).zip(since).and_then(|((_, most), e)| {
                        parse_rfc3339(&e.at).map(|ms| Date::in_china(ms).add_working_days(most))
                    });
                    StageState::Current {
                        since: since.map(|e| e.at.clone()),
                        expected_by: expected_by.filter(|_| status != Status::Rejected),
                        yours: stage.yours(status),
                    }
                }
                Some(c) if i > c => StageState::ToCome {
                    working_days: stage.takes(days),
                },
                _ if all_done || current.is_some() => StageState::Done {
                    at: latest(timeline, stage.ended_by())
                        .map(|e| e.at.clone())
                        .unwrap_or_default(),
                },
                _ => StageState::ToCome {
                    working_days: stage.takes(days),
                },
            };
            StageView { stage, state }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(status: Status, at: &str) -> TimelineEvent {
        TimelineEvent {
            at: at.into(),
            status,
            title: String::new(),
            detail: None,
            temporary_card: None,
            authorization: None,
        }
    }

    fn states(views: &[StageView]) -> Vec<&'static str> {
        views
            .iter()
            .map(|v| match v.state {
                StageState::Done { .. } => "done",
                StageState::Current { yours: true, .. } => "yours",
                StageState::Current { .. } => "current",
                StageState::ToCome { .. } => "to come",
            })
            .collect()
    }

    #[test]
    fn a_new_application_is_in_review_until_three_working_days_on() {
        // Submitted on a Friday: three working days is the Wednesday after.
        let timeline = [event(Status::Submitted, "2026-11-27T10:00:00+08:00")];
        let views = progress(
            Status::Submitted,
            Some(DeliveryMethod::Ems),
            &timeline,
            &WorkingDays::default(),
        );
        assert_eq!(
            states(&views),
            ["done", "current", "to come", "to come", "to come"]
        );
        assert_eq!(views[4].stage, Stage::Post);
        assert_eq!(
            views[1].state,
            StageState::Current {
                since: Some("2026-11-27T10:00:00+08:00".into()),
                expected_by: Date::new(2026, 12, 2),
                yours: false,
            }
        );
        assert_eq!(
            views[3].state,
            StageState::ToCome {
                working_days: Some((15, 20))
            }
        );
    }

    #[test]
    fn payment_and_pickup_wait_for_the_applicant() {
        let timeline = [
            event(Status::Submitted, "2026-11-23T10:00:00+08:00"),
            event(Status::UnderReview, "2026-11-23T11:00:00+08:00"),
            event(Status::AwaitingPayment, "2026-11-24T09:00:00+08:00"),
        ];
        let days = WorkingDays::default();
        let views = progress(
            Status::AwaitingPayment,
            Some(DeliveryMethod::Pickup),
            &timeline,
            &days,
        );
        assert_eq!(
            states(&views),
            ["done", "done", "yours", "to come", "to come"]
        );
        assert_eq!(
            views[1].state,
            StageState::Done {
                at: "2026-11-24T09:00:00+08:00".into()
            }
        );
        assert_eq!(views[4].stage, Stage::Collect);

        let mut later = timeline.to_vec();
        later.push(event(Status::Paid, "2026-11-24T10:00:00+08:00"));
        later.push(event(Status::InProduction, "2026-11-24T11:00:00+08:00"));
        later.push(event(Status::ReadyForPickup, "2026-12-10T11:00:00+08:00"));
        let views = progress(
            Status::ReadyForPickup,
            Some(DeliveryMethod::Pickup),
            &later,
            &days,
        );
        assert_eq!(states(&views), ["done", "done", "done", "done", "yours"]);
    }

    #[test]
    fn a_rejection_is_the_applicants_turn_without_a_date() {
        let timeline = [
            event(Status::Submitted, "2026-11-23T10:00:00+08:00"),
            event(Status::Rejected, "2026-11-24T10:00:00+08:00"),
        ];
        let views = progress(Status::Rejected, None, &timeline, &WorkingDays::default());
        assert!(matches!(
            views[1].state,
            StageState::Current {
                yours: true,
                expected_by: None,
                ..
            }
        ));
    }

    #[test]
    fn the_end_is_all_done_and_a_withdrawal_has_no_stages() {
        let days = WorkingDays::default();
        let views = progress(Status::Completed, Some(DeliveryMethod::Ems), &[], &days);
        assert_eq!(states(&views), ["done"; 5]);
        assert!(progress(Status::Cancelled, None, &[], &days).is_empty());
    }
}
