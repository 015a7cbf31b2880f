//! Sends the inbox's messages out, by SMS and by WeChat subscription message: each due
//! delivery once, retried with a growing wait when the gateway fails, never holding up
//! the status change that made it. The mock gateways record what they would have sent
//! (the SMS outbox, the WeChat outbox); `PUT /admin/faults {notifier_down}` makes them
//! fail, to show that nothing is lost.

use std::sync::atomic::Ordering;

use reissue_domain::notify;
use rusqlite::Connection;

use crate::clock::{rfc3339, Millis};
use crate::http::auth::sha256_hex;
use crate::messages::store::Due;
use crate::state::AppState;

/// The mock's WeChat identity of a phone's owner (a real service has the openid from the
/// login; the phone never goes to WeChat).
pub fn openid(phone: &str) -> String {
    format!("o-mock-{}", &sha256_hex(phone)[..16])
}

/// The wait before retry `attempt` (1, 2, …): a minute, doubling, at most an hour.
pub fn backoff_ms(attempt: i64) -> Millis {
    (30_000i64 << attempt.clamp(0, 7)).min(3_600_000)
}

fn send(state: &AppState, conn: &Connection, due: &Due, now: Millis) -> Result<(), String> {
    if state.gateways.down.load(Ordering::Relaxed) {
        return Err("gateway unavailable (mock fault)".into());
    }
    let m = &due.message;
    match due.channel.as_str() {
        "sms" => {
            let w = notify::wording(
                m.kind,
                &m.app_number,
                m.detail.as_deref(),
                &state.profile.service_phone,
            );
            crate::sessions::store::record_notice_sms(conn, &m.phone, &w.sms, now)
                .map_err(|e| e.to_string())
        }
        "wechat" => {
            let at = reissue_domain::date::china_minute(m.created_ms);
            let payload = notify::wechat(
                m.kind,
                &openid(&m.phone),
                &m.app_number,
                m.kind.title(),
                &at,
            );
            let json = serde_json::to_string(&payload).map_err(|e| e.to_string())?;
            crate::messages::store::record_wechat(conn, &payload.touser, &json, now)
                .map_err(|e| e.to_string())
        }
        other => Err(format!("unknown channel {other}")),
    }
}

/// One pass: every due delivery sent or rescheduled. Returns how many went out.
pub async fn tick(state: &AppState) -> usize {
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let due = crate::messages::store::due_deliveries(conn, now, 200)?;
            let mut sent = 0;
            for d in &due {
                let tx = conn.transaction()?;
                match send(&st, &tx, d, now) {
                    Ok(()) => {
                        crate::messages::store::delivery_sent(&tx, d.message.id, &d.channel, now)?;
                        sent += 1;
                    }
                    Err(e) => {
                        let next = now + backoff_ms(d.attempts + 1);
                        crate::messages::store::delivery_failed(&tx, d.message.id, &d.channel, next, &e)?;
                        tracing::warn!(message = d.message.id, channel = %d.channel, "send failed, retried at {}: {e}", rfc3339(next));
                    }
                }
                tx.commit()?;
            }
            Ok(sent)
        })
        .await;
    result.unwrap_or_else(|e| {
        tracing::warn!("notifier pass failed: {e}");
        0
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(super::backoff_ms).collect();
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(waits[0], 60_000);
        assert_eq!(*waits.last().unwrap(), 3_600_000);
    }
}
