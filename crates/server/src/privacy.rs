//! Privacy: what may reach a log line, and how long photos are kept.
//!
//! * [`mask_log`]: every ID number and phone number in a text is masked, also when
//!   percent-encoded in a URL, written with `+86`/`86` in front, or with an ID number
//!   cut short to 17 digits.
//! * [`purge_photos`]: the photos of applications completed or cancelled more than
//!   `--photo-retention-days` ago are deleted and the deletion recorded
//!   (`applications.photos_purged_ms`); [`spawn`] runs it at start and every hour.

use std::time::Duration;

use reissue_domain::lifecycle::Status;
use reissue_domain::mask;
use rusqlite::params;

use crate::clock::Millis;
use crate::routes::drafts::photo_path;
use crate::state::AppState;

pub const DAY_MS: i64 = 24 * 3600 * 1000;

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `%2B86%20138…` → `+86 138…` (invalid escapes stay as they are).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Full-width digits (０-９, Ｘ) as ASCII, so they are recognised too.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'Ｘ' => 'X',
            'ｘ' => 'x',
            _ => c,
        })
        .collect()
}

/// A text fit for a log line: see the module documentation.
pub fn mask_log(s: &str) -> String {
    let decoded = ascii_digits(&percent_decode(s));
    let mut out = String::with_capacity(decoded.len());
    let mut rest = decoded.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let x = digits == 17 && matches!(rest.as_bytes().get(digits), Some(b'X' | b'x'));
        let run_len = digits + usize::from(x);
        let run = &rest[..run_len];
        match run_len {
            // 86 + a mobile number.
            13 if run.starts_with("861") => {
                out.push_str("86");
                out.push_str(&mask::phone(&run[2..]));
            }
            // 0086 + a mobile number.
            15 if run.starts_with("00861") => {
                out.push_str("0086");
                out.push_str(&mask::phone(&run[4..]));
            }
            // ID numbers, also one digit short or long (typos), old 15-digit ones.
            15..=19 => out.push_str(&mask::id_number(run)),
            11 if run.starts_with('1') => out.push_str(&mask::phone(run)),
            _ => out.push_str(run),
        }
        rest = &rest[run_len..];
    }
    out.push_str(rest);
    // Numbers written in groups ("138 0013 8000", "138-0013-8000"): mask what is left
    // of any group run holding 10 or more digits in all.
    mask_grouped(&out)
}

/// Masks runs like `138 0013 8000` / `5101 0719 9005 1707 7X` (digit groups joined by
/// single spaces or hyphens) that hold at least 10 digits.
fn mask_grouped(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            // Extend over digits and single separators between digits.
            let mut j = i;
            let mut digits = 0;
            let mut groups = 1;
            while j < chars.len() {
                if chars[j].is_ascii_digit() {
                    digits += 1;
                    j += 1;
                } else if (chars[j] == ' ' || chars[j] == '-')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                    && j > i
                {
                    groups += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            let run: String = chars[i..j].iter().collect();
            if groups > 1 && digits >= 10 {
                let digits: String = run.chars().filter(|c| c.is_ascii_digit()).collect();
                if digits.len() == 11 && digits.starts_with('1') {
                    out.push_str(&mask::phone(&digits));
                } else {
                    out.push_str(&mask::id_number(&digits));
                }
            } else {
                out.push_str(&run);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Deletes the photos of applications completed or cancelled more than
/// `--photo-retention-days` before the clock's now. A file is removed once nothing that
/// still keeps photos (a draft, or an application not yet purged) refers to it.
/// Returns how many applications were purged.
pub async fn purge_photos(state: &AppState) -> usize {
    let st = state.clone();
    let result = state
        .db
        .call(move |conn| -> rusqlite::Result<usize> {
            let now = st.clock.now_ms();
            let cutoff: Millis = now - i64::from(st.config.photo_retention_days) * DAY_MS;
            let due: Vec<(String, String)> = {
                let mut stmt = conn.prepare(
                    "SELECT number, photos FROM applications
                     WHERE photos_purged_ms IS NULL AND status IN (?1, ?2) AND status_ms <= ?3
                     ORDER BY status_ms",
                )?;
                let rows = stmt.query_map(
                    params![
                        Status::Completed.as_str(),
                        Status::Cancelled.as_str(),
                        cutoff
                    ],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (number, photos) in &due {
                let photos: reissue_domain::api::DraftPhotos =
                    serde_json::from_str(photos).unwrap_or_default();
                conn.execute(
                    "UPDATE applications SET photos_purged_ms = ?2 WHERE number = ?1",
                    params![number, now],
                )?;
                for meta in [&photos.register_home, &photos.register_self]
                    .into_iter()
                    .flatten()
                {
                    if !crate::store::photo_in_use(conn, &meta.sha256)? {
                        let path = photo_path(&st.photos_dir, &meta.sha256);
                        match std::fs::remove_file(&path) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => tracing::warn!("photo retention: removing a photo: {e}"),
                        }
                    }
                }
                tracing::info!(
                    number = %number,
                    "photo retention: photos deleted ({} days after the application ended)",
                    st.config.photo_retention_days
                );
            }
            Ok(due.len())
        })
        .await;
    match result {
        Ok(n) => n,
        Err(e) => {
            tracing::error!("photo retention failed: {e}");
            0
        }
    }
}

/// Runs [`purge_photos`] now and then every hour.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(3600));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            purge_photos(&state).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_every_form_of_the_numbers() {
        let cases = [
            ("/api/v1/x/51010719900517077X", "5101**********077X"),
            ("/api/v1/x/51010719900517077x", "5101**********077x"),
            ("/api/v1/x/5101071990051707", "51************07"),
            ("/api/v1/x/51010719900517077", "*******"),
            ("/q/%2B8613800138000", "+86138****8000"),
            ("/q/8613800138000", "86138****8000"),
            ("/q/008613800138000", "0086138****8000"),
            ("/q/138%200013%208000", "138****8000"),
            ("/q/138-0013-8000", "138****8000"),
            ("/q/１３８００１３８０００", "138****8000"),
        ];
        for (input, want) in cases {
            let got = mask_log(input);
            assert!(got.contains(want), "{input} → {got}");
            assert!(!got.contains("0013"), "{input} → {got}");
        }
        // Application numbers, timestamps and ordinary numbers stay.
        for keep in [
            "/api/v1/applications/BL20261123000001",
            "took 12ms",
            "at 1795000000000",
            "2026-11-23T18:04:05+08:00",
            "status 503",
        ] {
            assert_eq!(mask_log(keep), keep);
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%E5%8A%9E"), "办");
        assert_eq!(percent_decode("%zz%"), "%zz%");
    }
}
