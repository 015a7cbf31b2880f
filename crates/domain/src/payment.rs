//! The fee's time limit: an approved application is held for the profile's window while
//! the applicant pays; a reminder after a day, a last one the day before it closes, and
//! closed (cancelled) when the window has passed unpaid. The server's clock decides.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

const HOUR_MS: i64 = 3_600_000;

/// What a profile allows: how long an approval waits for the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PaymentRules {
    /// Hours from approval to closing unpaid.
    pub window_hours: u32,
}

impl Default for PaymentRules {
    /// Seven days, the usual hold of a government payment order.
    fn default() -> PaymentRules {
        PaymentRules { window_hours: 168 }
    }
}

/// Where an unpaid approval stands, `elapsed_ms` after it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PaymentDue {
    /// Nothing to say yet.
    Waiting,
    /// A day has gone by: 提醒缴费.
    Reminder,
    /// The last day: 最后提醒.
    LastCall,
    /// The window has passed: the application closes.
    Expired,
}

impl PaymentRules {
    pub fn window_ms(&self) -> i64 {
        i64::from(self.window_hours) * HOUR_MS
    }

    /// When an approval given at `approved_ms` closes unpaid.
    pub fn closes_at(&self, approved_ms: i64) -> i64 {
        approved_ms + self.window_ms()
    }

    /// When the first reminder goes, after approval: a day, or half the window when
    /// the window is two days or shorter (so the two never coincide).
    pub fn reminder_after_ms(&self) -> i64 {
        (24 * HOUR_MS).min(self.window_ms() / 4)
    }

    /// When the last reminder goes: a day before closing, or at half the window when the
    /// window is two days or shorter.
    pub fn last_call_after_ms(&self) -> i64 {
        (self.window_ms() - 24 * HOUR_MS).max(self.window_ms() / 2)
    }

    /// The stage `elapsed_ms` after approval.
    pub fn due(&self, elapsed_ms: i64) -> PaymentDue {
        if elapsed_ms >= self.window_ms() {
            PaymentDue::Expired
        } else if elapsed_ms >= self.last_call_after_ms() {
            PaymentDue::LastCall
        } else if elapsed_ms >= self.reminder_after_ms() {
            PaymentDue::Reminder
        } else {
            PaymentDue::Waiting
        }
    }
}

/// What the application's history says when it closes unpaid.
pub const EXPIRED_DETAIL: &str = "逾期未缴费，办件已关闭，没有收取任何费用。如仍需补领，请重新申请";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_week_reminds_after_a_day_and_on_the_last_day_then_closes() {
        let r = PaymentRules::default();
        let h = |n: i64| n * HOUR_MS;
        assert_eq!(r.due(h(23)), PaymentDue::Waiting);
        assert_eq!(r.due(h(24)), PaymentDue::Reminder);
        assert_eq!(r.due(h(143)), PaymentDue::Reminder);
        assert_eq!(r.due(h(144)), PaymentDue::LastCall);
        assert_eq!(r.due(h(167)), PaymentDue::LastCall);
        assert_eq!(r.due(h(168)), PaymentDue::Expired);
    }

    #[test]
    fn a_short_window_still_has_both_reminders_apart() {
        for hours in [2, 24, 36, 48, 72] {
            let r = PaymentRules {
                window_hours: hours,
            };
            assert!(0 < r.reminder_after_ms(), "{hours}");
            assert!(r.reminder_after_ms() < r.last_call_after_ms(), "{hours}");
            assert!(r.last_call_after_ms() < r.window_ms(), "{hours}");
        }
    }
}
