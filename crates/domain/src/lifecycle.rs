//! The life of an application as one enum, and the only function allowed to move it.
//!
//! Every arrow of the service's lifecycles, the application's here and the loss
//! report's, the temporary card's and the pickup authorisation's beside it;
//! `tests/diagram.rs` holds the code to exactly these arrows, no more and no fewer:
//!
//! ```text
//! application (Status)
//!   draft            → submitted
//!   submitted        → under_review | cancelled
//!   under_review     → rejected | awaiting_payment
//!   rejected         → resubmitted | cancelled
//!   resubmitted      → under_review | cancelled
//!   awaiting_payment → paid | expired
//!   paid             → in_production
//!   in_production    → shipped | ready_for_pickup
//!   shipped          → delivered | returned
//!   returned         → picked_up
//!   delivered        → completed
//!   ready_for_pickup → picked_up
//!   picked_up        → completed
//! loss report (ReportStatus): void when an application for the card reaches in_production
//!   reported         → withdrawn | void
//! temporary card (TemporaryCardStatus): ordered when the fee is paid
//!   ordered          → ready
//! pickup authorisation (AuthorizationStatus): expired by the clock
//!   active           → revoked | used | expired
//! ```

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Submitted,
    UnderReview,
    Rejected,
    Resubmitted,
    AwaitingPayment,
    Paid,
    InProduction,
    Shipped,
    Delivered,
    /// The courier could not deliver it (未妥投): back at the office, collected there
    /// like a card that was never posted.
    Returned,
    ReadyForPickup,
    PickedUp,
    Completed,
    Cancelled,
    /// Approved but left unpaid past the profile's window: closed, nothing charged.
    Expired,
}

/// The one thing the applicant should do next on the progress page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NextAction {
    /// 去缴费
    Pay,
    /// 修改并重新提交
    FixAndResubmit,
    /// 查看物流
    TrackShipment,
    /// 到办证中心领取
    PickUp,
    /// 等待审核 / 制证: nothing to do, just wait.
    Wait,
}

impl Status {
    /// What the applicant should do next in this state; `None` once it is over.
    pub fn next_action(self) -> Option<NextAction> {
        use Status::*;
        match self {
            AwaitingPayment => Some(NextAction::Pay),
            Rejected => Some(NextAction::FixAndResubmit),
            Shipped => Some(NextAction::TrackShipment),
            ReadyForPickup | Returned => Some(NextAction::PickUp),
            Submitted | UnderReview | Resubmitted | Paid | InProduction => Some(NextAction::Wait),
            Draft | Delivered | PickedUp | Completed | Cancelled | Expired => None,
        }
    }
}

/// Why a transition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: Status,
    pub to: Status,
}

impl IllegalTransition {
    pub fn message(&self) -> String {
        format!(
            "办件当前状态为“{}”，不能变更为“{}”。请刷新页面查看最新进度。",
            self.from.label(),
            self.to.label()
        )
    }
}

impl Status {
    pub const ALL: [Status; 16] = [
        Status::Draft,
        Status::Submitted,
        Status::UnderReview,
        Status::Rejected,
        Status::Resubmitted,
        Status::AwaitingPayment,
        Status::Paid,
        Status::InProduction,
        Status::Shipped,
        Status::Delivered,
        Status::Returned,
        Status::ReadyForPickup,
        Status::PickedUp,
        Status::Completed,
        Status::Cancelled,
        Status::Expired,
    ];

    /// The states this one may move to. Whether shipping or pickup follows production
    /// depends on the applicant's choice, which [`next_after_production`] decides.
    pub fn successors(self) -> &'static [Status] {
        use Status::*;
        match self {
            Draft => &[Submitted],
            Submitted => &[UnderReview, Cancelled],
            UnderReview => &[Rejected, AwaitingPayment],
            Rejected => &[Resubmitted, Cancelled],
            Resubmitted => &[UnderReview, Cancelled],
            // Expired: left unpaid until the profile's window closed.
            AwaitingPayment => &[Paid, Expired],
            Paid => &[InProduction],
            InProduction => &[Shipped, ReadyForPickup],
            // Returned: the courier could not deliver it.
            Shipped => &[Delivered, Returned],
            Delivered => &[Completed],
            Returned => &[PickedUp],
            ReadyForPickup => &[PickedUp],
            PickedUp => &[Completed],
            Completed | Cancelled | Expired => &[],
        }
    }

    pub fn can_become(self, to: Status) -> bool {
        self.successors().contains(&to)
    }

    /// Checks a transition; the only way state changes anywhere.
    pub fn transition(self, to: Status) -> Result<Status, IllegalTransition> {
        if self.can_become(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    pub fn is_terminal(self) -> bool {
        self.successors().is_empty()
    }

    /// The states in which an application is no longer going: the card is in its
    /// holder's hands (the officer's last step may never come), or it ended without one.
    /// Nothing more happens for the applicant, a new application for the card may start,
    /// and the photos' time to be forgotten runs from here.
    pub const ENDED: [Status; 5] = [
        Status::Delivered,
        Status::PickedUp,
        Status::Completed,
        Status::Cancelled,
        Status::Expired,
    ];

    pub fn is_ended(self) -> bool {
        Status::ENDED.contains(&self)
    }

    /// [`Status::ENDED`] as an SQL list: `('delivered', 'picked_up', …)`.
    pub fn ended_sql() -> String {
        let names: Vec<String> = Status::ENDED
            .iter()
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        format!("({})", names.join(", "))
    }

    /// The applicant may cancel only before an officer starts the review.
    pub fn can_cancel(self) -> bool {
        self.can_become(Status::Cancelled)
    }

    pub fn as_str(self) -> &'static str {
        use Status::*;
        match self {
            Draft => "draft",
            Submitted => "submitted",
            UnderReview => "under_review",
            Rejected => "rejected",
            Resubmitted => "resubmitted",
            AwaitingPayment => "awaiting_payment",
            Paid => "paid",
            InProduction => "in_production",
            Shipped => "shipped",
            Delivered => "delivered",
            Returned => "returned",
            ReadyForPickup => "ready_for_pickup",
            PickedUp => "picked_up",
            Completed => "completed",
            Cancelled => "cancelled",
            Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// What the applicant reads for this state.
    pub fn label(self) -> &'static str {
        use Status::*;
        match self {
            Draft => "草稿",
            Submitted => "已提交",
            UnderReview => "审核中",
            Rejected => "审核未通过，待修改",
            Resubmitted => "已重新提交",
            AwaitingPayment => "审核通过，待缴费",
            Paid => "已缴费",
            InProduction => "制证中",
            Shipped => "已寄出",
            Delivered => "已签收",
            Returned => "未能投递，已退回办证中心，待领取",
            ReadyForPickup => "待领取",
            PickedUp => "已领取",
            Completed => "已办结",
            Cancelled => "已撤回",
            Expired => "逾期未缴费，已关闭",
        }
    }
}

impl Status {
    /// The history's title of arriving in this state, in the past tense: it says what
    /// happened, and the page says separately what to do now.
    pub fn event_title(self) -> &'static str {
        use Status::*;
        match self {
            Draft => "草稿已保存",
            Submitted => "申请已提交",
            UnderReview => "已开始审核",
            Rejected => "审核未通过",
            Resubmitted => "已修改并重新提交",
            AwaitingPayment => "审核已通过",
            Paid => "已缴费",
            InProduction => "已开始制证",
            Shipped => "证件已由 EMS 寄出",
            Delivered => "证件已签收",
            Returned => "邮件未能投递，已退回办证中心",
            ReadyForPickup => "证件已制好，可以领取",
            PickedUp => "证件已领取",
            Completed => "已办结",
            Cancelled => "申请已撤回",
            Expired => "逾期未缴费，办件已关闭",
        }
    }
}

/// The state one officer action moves an application to, after payment: production,
/// then posting or the counter, then the end. None when the next move is not the
/// officer's (review has its own decision; payment is the applicant's).
pub fn officer_next(status: Status, delivery: crate::field::DeliveryMethod) -> Option<Status> {
    use Status::*;
    match status {
        Paid => Some(InProduction),
        InProduction => Some(next_after_production(delivery)),
        Shipped => Some(Delivered),
        ReadyForPickup | Returned => Some(PickedUp),
        Delivered | PickedUp => Some(Completed),
        _ => None,
    }
}

impl Status {
    /// The officer's button that moves an application here, named by what it does.
    pub fn officer_action(self) -> &'static str {
        use Status::*;
        match self {
            InProduction => "开始制证",
            Shipped => "标记已寄出",
            ReadyForPickup => "标记可领取",
            Delivered => "标记已签收",
            PickedUp => "标记已领取",
            Completed => "办结",
            _ => "",
        }
    }
}

/// After production the card is either posted or waits at the office.
pub fn next_after_production(delivery: crate::field::DeliveryMethod) -> Status {
    match delivery {
        crate::field::DeliveryMethod::Ems => Status::Shipped,
        crate::field::DeliveryMethod::Pickup => Status::ReadyForPickup,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_paths_are_allowed() {
        use Status::*;
        let ems = [
            Draft,
            Submitted,
            UnderReview,
            AwaitingPayment,
            Paid,
            InProduction,
            Shipped,
            Delivered,
            Completed,
        ];
        let pickup = [
            Draft,
            Submitted,
            UnderReview,
            AwaitingPayment,
            Paid,
            InProduction,
            ReadyForPickup,
            PickedUp,
            Completed,
        ];
        // The courier could not deliver it: collected at the office.
        let returned = [InProduction, Shipped, Returned, PickedUp, Completed];
        let rejected = [
            Submitted,
            UnderReview,
            Rejected,
            Resubmitted,
            UnderReview,
            AwaitingPayment,
        ];
        for path in [&ems[..], &pickup[..], &returned[..], &rejected[..]] {
            for pair in path.windows(2) {
                assert_eq!(
                    pair[0].transition(pair[1]),
                    Ok(pair[1]),
                    "{:?} -> {:?}",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn everything_else_is_refused() {
        let mut allowed = 0;
        for from in Status::ALL {
            for to in Status::ALL {
                match from.transition(to) {
                    Ok(_) => allowed += 1,
                    Err(e) => {
                        assert_eq!((e.from, e.to), (from, to));
                        assert!(e.message().contains(from.label()));
                    }
                }
            }
        }
        // Count of the arrows in the diagram above; a new arrow must be added on purpose.
        assert_eq!(allowed, 20);
    }

    #[test]
    fn every_officer_step_is_allowed_and_named() {
        use crate::field::DeliveryMethod::{Ems, Pickup};
        for delivery in [Ems, Pickup] {
            let mut at = Status::Paid;
            let mut names = Vec::new();
            while let Some(next) = officer_next(at, delivery) {
                assert!(at.can_become(next), "{at:?} -> {next:?}");
                names.push(next.officer_action());
                at = next;
            }
            assert_eq!(at, Status::Completed);
            assert!(names.iter().all(|n| !n.is_empty()));
            let expected = match delivery {
                Ems => vec!["开始制证", "标记已寄出", "标记已签收", "办结"],
                Pickup => vec!["开始制证", "标记可领取", "标记已领取", "办结"],
            };
            assert_eq!(names, expected);
        }
        assert_eq!(officer_next(Status::AwaitingPayment, Ems), None);
    }

    #[test]
    fn cancel_only_before_review() {
        assert!(Status::Submitted.can_cancel());
        // Ended: every terminal state, and the two where the card is in hand.
        for s in Status::ALL {
            let in_hand = matches!(s, Status::Delivered | Status::PickedUp);
            assert_eq!(s.is_ended(), s.is_terminal() || in_hand, "{s:?}");
        }
        assert_eq!(
            Status::ended_sql(),
            "('delivered', 'picked_up', 'completed', 'cancelled', 'expired')"
        );
        assert!(!Status::UnderReview.can_cancel());
        assert!(!Status::AwaitingPayment.can_cancel());
        assert!(!Status::Completed.can_cancel());
    }

    #[test]
    fn names_round_trip_through_serde_and_parse() {
        for st in Status::ALL {
            let json = serde_json::to_string(&st).unwrap();
            assert_eq!(json, format!("\"{}\"", st.as_str()));
            assert_eq!(Status::parse(st.as_str()), Some(st));
        }
    }
}
