//! How long a sign-in lasts. Two limits, as a counter clerk would apply them: the
//! session ends after a while without any request (the phone left on a table), and in
//! any case some time after signing in (a stolen cookie is worth little). Every answer
//! to a signed-in request says when the session ends, so the page's warning is never a
//! guess.

/// The two limits, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRules {
    /// Without a request for this long, the session ends.
    pub idle_ms: i64,
    /// After this long from signing in, the session ends whatever happens.
    pub absolute_ms: i64,
}

impl Default for SessionRules {
    /// Thirty minutes idle, two hours in all: long enough to find the household register
    /// and photograph it, short enough for a phone left behind.
    fn default() -> Self {
        SessionRules {
            idle_ms: 30 * 60 * 1000,
            absolute_ms: 2 * 3600 * 1000,
        }
    }
}

impl SessionRules {
    /// When a session signed in at `created_ms` ends, if a request comes at `now_ms`.
    pub fn ends_at(&self, created_ms: i64, now_ms: i64) -> i64 {
        (now_ms + self.idle_ms).min(created_ms + self.absolute_ms)
    }

    /// What a page is told at `now_ms` about a session ending at `ends_ms`.
    pub fn end(&self, created_ms: i64, ends_ms: i64, now_ms: i64) -> SessionEnd {
        SessionEnd {
            seconds: ((ends_ms - now_ms).max(0) + 999).div_euclid(1000) as u32,
            last: ends_ms >= created_ms + self.absolute_ms,
        }
    }
}

/// The header every answer to a signed-in request carries: `1800`, or `600;last` when
/// no request can make the session last longer.
pub const SESSION_HEADER: &str = "session-expires-in";

/// When the session ends, by the server's clock, as seconds from the answer (a phone's
/// own clock may be wrong; counting from the answer is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionEnd {
    pub seconds: u32,
    /// The absolute limit: activity cannot move it, signing in again can.
    pub last: bool,
}

impl SessionEnd {
    pub fn to_header(self) -> String {
        if self.last {
            format!("{};last", self.seconds)
        } else {
            self.seconds.to_string()
        }
    }

    pub fn from_header(value: &str) -> Option<SessionEnd> {
        let (seconds, last) = match value.trim().split_once(';') {
            Some((s, "last")) => (s, true),
            Some(_) => return None,
            None => (value.trim(), false),
        };
        Some(SessionEnd {
            seconds: seconds.parse().ok()?,
            last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60 * 1000;

    #[test]
    fn activity_moves_the_end_until_the_absolute_limit() {
        let r = SessionRules::default();
        assert_eq!(r.ends_at(0, 0), 30 * MIN);
        assert_eq!(r.ends_at(0, 60 * MIN), 90 * MIN);
        // An hour and three quarters in: the two hours are nearer than thirty minutes.
        assert_eq!(r.ends_at(0, 105 * MIN), 120 * MIN);
        assert_eq!(r.ends_at(0, 200 * MIN), 120 * MIN);
    }

    #[test]
    fn the_end_says_whether_it_is_the_last() {
        let r = SessionRules::default();
        let idle = r.end(0, r.ends_at(0, 10 * MIN), 10 * MIN);
        assert_eq!(
            idle,
            SessionEnd {
                seconds: 1800,
                last: false
            }
        );
        let last = r.end(0, r.ends_at(0, 100 * MIN), 100 * MIN);
        assert_eq!(
            last,
            SessionEnd {
                seconds: 1200,
                last: true
            }
        );
        // Rounded up: a session with half a second left has not ended.
        assert_eq!(r.end(0, 1500, 1000).seconds, 1);
        assert_eq!(r.end(0, 1000, 5000).seconds, 0);
    }

    #[test]
    fn the_header_round_trips_and_refuses_anything_else() {
        for end in [
            SessionEnd {
                seconds: 1800,
                last: false,
            },
            SessionEnd {
                seconds: 60,
                last: true,
            },
        ] {
            assert_eq!(SessionEnd::from_header(&end.to_header()), Some(end));
        }
        assert_eq!(
            SessionEnd::from_header("600;last").map(|e| e.last),
            Some(true)
        );
        for bad in ["", "abc", "-5", "60;soon", "60;"] {
            assert_eq!(SessionEnd::from_header(bad), None, "{bad}");
        }
    }
}

// ---------------------------------------------------------------- on the wire

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::draft::Draft;

/// The cookie, readable by the page, that the server sets beside the HttpOnly session
/// cookie and clears with it: `1` when this browser may be signed in, nothing else. The
/// page asks for a draft only when it is there (index.html checks it by this name too).
pub const SIGNED_IN_HINT_COOKIE: &str = "reissue_signed_in";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SmsCodeRequest {
    pub phone: String,
    /// The human check's answer, when the server asked for one (`captcha_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha: Option<CaptchaAnswer>,
}

/// What the captcha vendor's slider gives the page once solved, for the server to check
/// with the vendor (Tencent 天御's shape: a ticket and a random string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CaptchaAnswer {
    pub ticket: String,
    pub randstr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SmsCodeResponse {
    /// Seconds before another code may be requested for this phone.
    pub cooldown_seconds: u32,
    /// The phone the code went to, masked (138****0000).
    pub phone_masked: String,
    /// Only in `--mock` mode: the code itself, so demos and tests can sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfo {
    pub phone_masked: String,
    pub expires_at: String,
    /// Seconds left by the server's clock: the page counts down from this, not from
    /// `expires_at` against a phone clock that may be wrong.
    #[serde(default)]
    pub expires_in_seconds: u32,
    /// The end is the absolute one: activity no longer moves it.
    #[serde(default)]
    pub last: bool,
}

/// What the app needs to start (`GET /api/v1/start`, 200 for anyone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StartState {
    pub signed_in: bool,
    /// The signed-in applicant's draft, if they have one.
    #[serde(default)]
    pub draft: Option<Draft>,
}
