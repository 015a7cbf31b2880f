//! The fee's time limit kept by the server's clock: an approval left unpaid is reminded
//! once after a day and once on its last day, then closed (the domain's
//! [`PaymentRules`]). Each reminder is one message, keyed by the approval it is about,
//! however often this runs.

use reissue_domain::lifecycle::Status;
use reissue_domain::notify::MessageKind;
use reissue_domain::payment::{PaymentDue, PaymentRules, EXPIRED_DETAIL};
use rusqlite::Connection;

use crate::applications::store::AppRecord;
use crate::clock::Millis;
use crate::http::error::ApiResult;
use crate::jobs::job;
use crate::state::AppState;
use reissue_domain::date::china_minute;

/// Is `app` approved and past its time to pay?
pub fn past_due(rules: &PaymentRules, app: &AppRecord, now: Millis) -> bool {
    app.status == Status::AwaitingPayment && rules.due(now - app.status_ms) == PaymentDue::Expired
}

/// What is due for one unpaid approval: a reminder, the last call, or closing it (not
/// while a payment is open at the vendor: that one decides). Returns whether anything
/// was done.
fn keep(
    conn: &Connection,
    rules: &PaymentRules,
    app: &mut AppRecord,
    now: Millis,
) -> ApiResult<bool> {
    let remind = |kind: MessageKind| -> ApiResult<bool> {
        let key = format!("{}:{}:{}", app.number, kind.as_str(), app.status_ms);
        let by = china_minute(rules.closes_at(app.status_ms));
        let added = crate::messages::store::add_message(
            conn,
            &app.phone,
            kind,
            &app.number,
            Some(&by),
            &key,
            now,
        )?;
        Ok(added.is_some())
    };
    match rules.due(now - app.status_ms) {
        PaymentDue::Waiting => Ok(false),
        PaymentDue::Reminder => remind(MessageKind::PaymentReminder),
        PaymentDue::LastCall => remind(MessageKind::PaymentLastCall),
        PaymentDue::Expired if crate::flows::store::payment_open(conn, &app.number, now)? => {
            Ok(false)
        }
        PaymentDue::Expired => {
            crate::applications::store::transition(
                conn,
                app,
                Status::Expired,
                now,
                Some(EXPIRED_DETAIL),
            )?;
            tracing::info!(number = %app.number, "approval closed unpaid");
            Ok(true)
        }
    }
}

/// One pass over the unpaid approvals old enough for something; returns how many
/// had a reminder or were closed.
pub async fn tick(state: &AppState) -> usize {
    job::over_applications(
        state,
        "payment deadlines",
        |st, conn, now| {
            let since = now - st.profile.payment.reminder_after_ms();
            crate::applications::store::apps_in_status(conn, &[Status::AwaitingPayment], since)
        },
        |st, conn, app, now| keep(conn, &st.profile.payment, app, now),
    )
    .await
}
