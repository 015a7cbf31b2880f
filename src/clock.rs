//! The browser's clock, read the service's way: today in China time, and times as the
//! pages show them. Pages, hooks and widgets read it here (below all of them).

use reissue_domain::date::Date;

/// Today (China time, where the service runs) and milliseconds since 1970 (UTC), from
/// the browser's clock.
pub fn clock_now() -> (Date, i64) {
    let ms = js_sys::Date::now() as i64;
    (Date::in_china(ms), ms)
}

/// Today in China time, from the browser's clock.
pub fn today() -> Date {
    clock_now().0
}

/// "2026-11-23T02:04:05Z" → "2026-11-23 10:04" in China time.
pub fn format_time(ts: &str) -> String {
    match reissue_domain::date::parse_rfc3339(ts) {
        Some(ms) => reissue_domain::date::china_minute(ms),
        None => ts.to_string(),
    }
}
