use reissue_domain::date::Date;
use reissue_domain::validate::{check_form, FormRules};

use super::Wizard;

/// The wizard's steps in the order the user meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Notice,
    Phone,
    Form,
    Photos,
    Liveness,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Notice,
        Step::Phone,
        Step::Form,
        Step::Photos,
        Step::Liveness,
        Step::Review,
    ];

    /// 1-based position, for "第 2 步，共 6 步".
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn path(self) -> &'static str {
        match self {
            Step::Notice => "/notice",
            Step::Phone => "/verify",
            Step::Form => "/form",
            Step::Photos => "/photos",
            Step::Liveness => "/liveness",
            Step::Review => "/review",
        }
    }

    pub fn previous(self) -> Option<Step> {
        let i = self.number() - 1;
        i.checked_sub(1).map(|p| Step::ALL[p])
    }

    /// The step where a field (as named in `FormAnswers` or a rejection) is answered.
    pub fn of_field(field: &str) -> Step {
        match field {
            "register_home" | "register_self" => Step::Photos,
            "liveness" => Step::Liveness,
            _ => Step::Form,
        }
    }
}

/// Liveness must have passed this recently for a submit to be accepted (server rule).
pub const LIVENESS_VALID_MINUTES: i64 = 30;

/// The first step whose prerequisites are not met before `target`, if any: a user who
/// opens a later step without the earlier ones done is sent there.
pub fn first_missing_step(w: &Wizard, target: Step, today: Date, now_minutes: i64) -> Option<Step> {
    let profile = w.profile.as_deref()?;
    for step in Step::ALL {
        if step >= target {
            return None;
        }
        let done = match step {
            Step::Notice => w.notice_agreed() || w.fixing.is_some(),
            Step::Phone => w.signed_in,
            Step::Form => {
                let office_ids: Vec<String> =
                    profile.offices.iter().map(|o| o.id.clone()).collect();
                let rules = FormRules {
                    today,
                    region_prefixes: &profile.region_prefixes,
                    min_age: profile.min_age,
                    office_ids: &office_ids,
                    regions: None,
                };
                // A fix of a rejected application starts from answers the server holds.
                w.fixing.is_some() || check_form(&w.draft.form, &rules, true).is_empty()
            }
            Step::Photos => {
                !profile.register_upload_required
                    || w.draft.photos.complete()
                    || w.fixing.as_ref().is_some_and(|f| !f.needs(Step::Photos))
            }
            Step::Liveness => {
                !profile.liveness_required
                    || liveness_fresh(w, now_minutes)
                    || w.fixing.as_ref().is_some_and(|f| !f.needs(Step::Liveness))
            }
            Step::Review => true,
        };
        if !done {
            return Some(step);
        }
    }
    None
}

fn liveness_fresh(w: &Wizard, now_minutes: i64) -> bool {
    w.draft
        .liveness
        .passed_at
        .as_deref()
        .and_then(minutes_since_epoch)
        .is_some_and(|passed| now_minutes - passed < LIVENESS_VALID_MINUTES)
}

/// Minutes since 1970 (UTC) of an RFC 3339 timestamp, with `Z` or a `±hh:mm` offset
/// (the server writes China time, `2026-11-23T18:04:05+08:00`).
pub fn minutes_since_epoch(ts: &str) -> Option<i64> {
    let date = Date::parse_iso(ts)?;
    let hour: i64 = ts.get(11..13)?.parse().ok()?;
    let minute: i64 = ts.get(14..16)?.parse().ok()?;
    let local = date.to_days() * 24 * 60 + hour * 60 + minute;
    // The offset is what follows the seconds (and any fraction).
    let tail = ts.get(19..).unwrap_or("");
    let tail = tail.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    let offset = match tail.as_bytes().first() {
        None | Some(b'Z') | Some(b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let h: i64 = tail.get(1..3)?.parse().ok()?;
            let m: i64 = tail.get(4..6)?.parse().ok()?;
            let off = h * 60 + m;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        Some(_) => return None,
    };
    Some(local - offset)
}
