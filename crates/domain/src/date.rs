//! Calendar dates without chrono (it would add ~100 KB to the wasm for three functions).

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// None unless the date exists (19990230 does not).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Reads the date part of an RFC 3339 timestamp or a plain `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s.get(0..4)?.parse().ok()?;
        let month = s.get(5..7)?.parse().ok()?;
        let day = s.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// Full years from `self` (a birth date) to `on`.
    pub fn years_until(self, on: Date) -> i32 {
        let mut years = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl Date {
    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.to_days() + 3).rem_euclid(7) as u8
    }

    /// The date `n` working days (Monday to Friday) after this one. Public holidays
    /// are not known here, so what it gives is an estimate, and is shown as one.
    pub fn add_working_days(self, n: u16) -> Date {
        let mut days = self.to_days();
        let mut left = n;
        while left > 0 {
            days += 1;
            if Date::from_days(days).weekday() < 5 {
                left -= 1;
            }
        }
        Date::from_days(days)
    }

    /// The date in China (UTC+8, where the service runs) at `ms` since 1970.
    pub fn in_china(ms: i64) -> Date {
        Date::from_days((ms + CHINA_OFFSET_MS).div_euclid(DAY_MS))
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// China time (UTC+8, no summer time): where the service runs and every date it says is.
/// The one place the offset is written; the server and the browser both read it here.
pub const CHINA_OFFSET_MS: i64 = 8 * 3_600_000;

/// A day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

/// `ms` since 1970 in China time: the date and the second of that day.
fn china(ms: i64) -> (Date, i64) {
    let local = ms + CHINA_OFFSET_MS;
    (
        Date::from_days(local.div_euclid(DAY_MS)),
        local.rem_euclid(DAY_MS) / 1000,
    )
}

/// `2026-11-23T18:04:05+08:00`: how the service writes a time.
pub fn rfc3339_china(ms: i64) -> String {
    let (date, secs) = china(ms);
    format!(
        "{date}T{:02}:{:02}:{:02}+08:00",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// `2026-11-23 18:04`: a time as a page or a message shows it.
pub fn china_minute(ms: i64) -> String {
    let (date, secs) = china(ms);
    format!("{date} {:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// Milliseconds since 1970 of an RFC 3339 timestamp, as the server writes them (China
/// time, `2026-11-23T18:04:05+08:00`) or with `Z`; a fraction of a second is ignored.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let date = Date::parse_iso(s)?;
    let b = s.as_bytes();
    if b.len() < 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = &frac[n..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            sign * (rest[1..3].parse::<i64>().ok()? * 60 + rest[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    Some(((date.to_days() * 86_400 + h * 3600 + m * 60 + sec) - offset_min * 60) * 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_do_not_exist() {
        assert!(Date::new(1999, 2, 30).is_none());
        assert!(Date::new(1999, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = Date::new(2010, 6, 15).unwrap();
        assert_eq!(birth.years_until(Date::new(2026, 6, 14).unwrap()), 15);
        assert_eq!(birth.years_until(Date::new(2026, 6, 15).unwrap()), 16);
    }

    #[test]
    fn timestamps_read_with_their_offset() {
        assert_eq!(parse_rfc3339("1970-01-01T01:02:03Z"), Some(3_723_000));
        assert_eq!(parse_rfc3339("1970-01-01T09:02:03+08:00"), Some(3_723_000));
        assert_eq!(
            parse_rfc3339("1970-01-01T01:02:03.123456Z"),
            Some(3_723_000)
        );
        assert_eq!(parse_rfc3339("not a time"), None);
    }

    #[test]
    fn working_days_skip_weekends() {
        let friday = Date::new(2026, 11, 27).unwrap();
        assert_eq!(friday.weekday(), 4);
        assert_eq!(friday.add_working_days(1), Date::new(2026, 11, 30).unwrap());
        assert_eq!(friday.add_working_days(3), Date::new(2026, 12, 2).unwrap());
        let saturday = Date::new(2026, 11, 28).unwrap();
        assert_eq!(
            saturday.add_working_days(1),
            Date::new(2026, 11, 30).unwrap()
        );
        assert_eq!(friday.add_working_days(0), friday);
        assert_eq!(
            friday.add_working_days(20),
            Date::new(2026, 12, 25).unwrap()
        );
        // 16:30 UTC is already the next day in China.
        let ms = parse_rfc3339("2026-11-27T16:30:00Z").unwrap();
        assert_eq!(Date::in_china(ms), saturday);
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(
            Date::parse_iso("2026-11-23T10:00:00Z"),
            Date::new(2026, 11, 23)
        );
    }
}
