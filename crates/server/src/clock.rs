//! Time: real time plus an offset the tests can move forward, and the formats the API
//! uses (RFC 3339 in China Standard Time, UTC+8).

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reissue_domain::date::Date;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

/// A day, for the limits counted over the last one.
pub const DAY_MS: Millis = reissue_domain::date::DAY_MS;

#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn new() -> Clock {
        Clock::default()
    }

    pub fn now_ms(&self) -> Millis {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        real + self.offset_ms.load(Ordering::SeqCst)
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }

    /// Today's date in China.
    pub fn today(&self) -> Date {
        Date::in_china(self.now_ms())
    }
}

/// `2026-11-23T18:04:05+08:00`.
pub fn rfc3339(ms: Millis) -> String {
    reissue_domain::date::rfc3339_china(ms)
}

/// `20261123`, for application numbers.
pub fn yyyymmdd(ms: Millis) -> String {
    let d = Date::in_china(ms);
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_in_china_time() {
        // 2026-11-23T10:04:05Z
        let ms = (Date::new(2026, 11, 23).unwrap().to_days() * 86_400 + 10 * 3600 + 245) * 1000;
        assert_eq!(rfc3339(ms), "2026-11-23T18:04:05+08:00");
        assert_eq!(yyyymmdd(ms + 14 * 3600 * 1000), "20261124");
    }

    #[test]
    fn moves_forward() {
        let c = Clock::new();
        let a = c.now_ms();
        c.clone().advance(Duration::from_secs(600));
        assert!(c.now_ms() - a >= 600_000);
    }
}

/// Milliseconds since 1970 of an RFC 3339 timestamp (the domain's one parser, shared
/// with the browser).
pub use reissue_domain::date::parse_rfc3339;

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn round_trips() {
        let ms = 1_795_000_000_000;
        assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        assert_eq!(
            parse_rfc3339("2026-11-23T10:00:00Z"),
            parse_rfc3339("2026-11-23T18:00:00+08:00")
        );
        assert_eq!(parse_rfc3339("garbage"), None);
    }
}
