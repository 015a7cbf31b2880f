//! How long the service keeps what is personal, table by table, in one place (PIPL's
//! minimum necessary: kept while it is used, then deleted or emptied). The server's
//! hourly job applies these; the README's table says why each is as long as it is.

/// A rejected application nobody corrected closes (cancelled) after this many days…
pub const REJECTED_CLOSES_DAYS: i64 = 60;
/// …and the applicant is reminded this many days before.
pub const REJECTED_REMINDER_DAYS_BEFORE: i64 = 7;

/// A pickup authorisation keeps the delegate's ID number and phone this many days after
/// it ended (used, revoked or expired): a question at the counter afterwards.
pub const AUTHORIZATION_DELEGATE_DAYS: i64 = 30;

/// A window booking is deleted this many days after its day (or its cancellation).
pub const APPOINTMENT_DAYS: i64 = 30;

/// Inbox messages, with their sends, are deleted after this many days.
pub const MESSAGE_DAYS: i64 = 180;

/// A loss report that ended (withdrawn, or void once a new card was made) is deleted
/// this many days after it ended; an open one stays as long as the card is reported.
pub const ENDED_REPORT_DAYS: i64 = 365;

/// The day (days since 1970) on which a rejected application, rejected on `rejected_day`,
/// is reminded, and the one on which it closes.
pub fn rejected_schedule(rejected_day: i64) -> (i64, i64) {
    let closes = rejected_day + REJECTED_CLOSES_DAYS;
    (closes - REJECTED_REMINDER_DAYS_BEFORE, closes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_application_is_reminded_a_week_before_it_closes() {
        assert_eq!(rejected_schedule(100), (153, 160));
        let periods = [
            REJECTED_CLOSES_DAYS,
            AUTHORIZATION_DELEGATE_DAYS,
            APPOINTMENT_DAYS,
            MESSAGE_DAYS,
            ENDED_REPORT_DAYS,
        ];
        assert!(periods.iter().all(|d| *d > 0));
    }
}
