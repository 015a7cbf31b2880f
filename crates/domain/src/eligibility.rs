//! 能否在线办理: the three questions asked before anything is sent (not even an SMS
//! code), and who must go to an office window instead. The answers are the person's
//! own: where their 户籍 is now and when they were born. The ID number is not asked
//! here, and its first six digits never stand in for the 户籍 (they say where the
//! number was first issued).
//!
//! The server checks the same rules again on the application itself (the 户籍 answer
//! and the age in the ID number), so this is an early answer, never the authority.

use crate::date::Date;
use crate::error::FieldError;
use crate::field::Field;
use crate::field::Reason;
use crate::profile::ServiceProfile;
use crate::region::Regions;
use crate::validate::{hukou_region, outside_province, under_age, FormRules, Invalid};

/// The answers to 能否在线办理, as the page holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EligibilityAnswers {
    /// The district code of the 户籍 (as on the 户口本's first page).
    pub hukou_region: Option<String>,
    /// `YYYY-MM-DD`, as a date input gives it.
    pub birth_date: Option<String>,
    pub reason: Option<Reason>,
}

/// Why someone must apply at an office window rather than online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WindowReason {
    /// The 户籍 is outside the service's province: 异地补领 at an office where they live.
    OutsideProvince,
    /// Younger than the profile's minimum age: a guardian applies with the child.
    UnderAge { min_age: u8 },
}

/// The verdict on the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eligibility {
    /// May apply online.
    Online,
    /// Must go to a window, for every one of these reasons.
    Window(Vec<WindowReason>),
}

impl WindowReason {
    /// What to tell the person: why, and where to go instead.
    pub fn message(&self, profile: &ServiceProfile) -> String {
        match self {
            WindowReason::OutsideProvince => outside_province(&profile.region_prefixes).message,
            WindowReason::UnderAge { min_age } => under_age(*min_age).message,
        }
    }

    /// A stable code, for the page's address and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            WindowReason::OutsideProvince => "outside_province",
            WindowReason::UnderAge { .. } => "under_age",
        }
    }
}

const BIRTH_DATE: &str = "birth_date";

fn problem(field: &str, e: Invalid) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: e.code.to_string(),
        message: e.message,
    }
}

fn birth_date(s: &str, today: Date) -> Result<Date, FieldError> {
    let bad = |code: &str, message: &str| FieldError {
        field: BIRTH_DATE.to_string(),
        code: code.to_string(),
        message: message.to_string(),
    };
    let date = Date::parse_iso(s.trim())
        .filter(|_| s.trim().len() == 10)
        .ok_or_else(|| bad("invalid", "出生日期不正确，请按“年-月-日”重新选择"))?;
    if date > today {
        return Err(bad("future", "出生日期不能晚于今天，请重新选择"));
    }
    if date.year < 1900 {
        return Err(bad("too_early", "出生日期不正确，请检查年份后重新选择"));
    }
    Ok(date)
}

/// Decides 能否在线办理 for `profile` on `today`. Unanswered or unreadable answers
/// come back as field errors (one per question, in the page's order); otherwise the
/// verdict, with every reason to go to a window at once so nobody fixes one and
/// meets the next.
pub fn assess(
    answers: &EligibilityAnswers,
    profile: &ServiceProfile,
    today: Date,
    regions: Option<&Regions>,
) -> Result<Eligibility, Vec<FieldError>> {
    let rules = FormRules::for_profile(profile, today, regions);
    let mut errors = Vec::new();
    let mut window = Vec::new();
    let hukou = Field::HukouRegion.as_str();
    match answers.hukou_region.as_deref().map(str::trim) {
        None | Some("") => errors.push(FieldError {
            field: hukou.to_string(),
            code: "required".into(),
            message: Field::HukouRegion.required_message().into(),
        }),
        Some(code) => match hukou_region(code, &rules) {
            Ok(_) => {}
            Err(e) if e.code == "outside_province" => window.push(WindowReason::OutsideProvince),
            Err(e) => errors.push(problem(hukou, e)),
        },
    }
    match answers.birth_date.as_deref().map(str::trim) {
        None | Some("") => errors.push(FieldError {
            field: BIRTH_DATE.to_string(),
            code: "required".into(),
            message: "请选择出生日期".into(),
        }),
        Some(s) => match birth_date(s, today) {
            // A child applies through a guardian where the profile allows it online.
            Ok(born)
                if born.years_until(today) < i32::from(profile.min_age)
                    && !profile.guardians_online =>
            {
                window.push(WindowReason::UnderAge {
                    min_age: profile.min_age,
                })
            }
            Ok(_) => {}
            Err(e) => errors.push(e),
        },
    }
    if answers.reason.is_none() {
        errors.push(FieldError {
            field: Field::Reason.as_str().to_string(),
            code: "required".into(),
            message: Field::Reason.required_message().into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match window.is_empty() {
        true => Eligibility::Online,
        false => Eligibility::Window(window),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sichuan() -> ServiceProfile {
        serde_json::from_value(serde_json::json!({
            "service_name": "居民身份证丢失补领", "province_name": "四川省",
            "region_prefixes": ["51"], "min_age": 16,
            "fees": { "card_fee_fen": 4000, "ems_fee_fen": 2000 },
            "offices": [],
            "notice": { "version": "2026-11", "title": "须知", "sections": [] },
            "liveness_provider": "mock", "payment_provider": "mock",
            "register_upload_required": true, "liveness_required": true,
            "liveness_max_attempts": 3, "service_phone": "028-12345", "mock": false
        }))
        .unwrap()
    }

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    fn answers(region: &str, born: &str) -> EligibilityAnswers {
        EligibilityAnswers {
            hukou_region: Some(region.into()),
            birth_date: Some(born.into()),
            reason: Some(Reason::Lost),
        }
    }

    #[test]
    fn a_sichuan_adult_may_apply_online() {
        let p = sichuan();
        assert_eq!(
            assess(&answers("510104", "1990-03-07"), &p, today(), None),
            Ok(Eligibility::Online)
        );
        // Sixteen today counts.
        assert_eq!(
            assess(&answers("510104", "2010-11-23"), &p, today(), None),
            Ok(Eligibility::Online)
        );
    }

    #[test]
    fn a_child_and_a_beijing_hukou_go_to_the_window_for_both_reasons() {
        let p = sichuan();
        let verdict = assess(&answers("110101", "2010-11-24"), &p, today(), None);
        let Ok(Eligibility::Window(reasons)) = verdict else {
            panic!("{verdict:?}")
        };
        assert_eq!(
            reasons,
            vec![
                WindowReason::OutsideProvince,
                WindowReason::UnderAge { min_age: 16 }
            ]
        );
        assert!(reasons[0].message(&p).contains("四川省"));
        assert!(reasons[1].message(&p).contains("监护人"));
    }

    #[test]
    fn unanswered_or_impossible_answers_are_field_errors() {
        let p = sichuan();
        let errors = assess(&EligibilityAnswers::default(), &p, today(), None).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["hukou_region", "birth_date", "reason"]);
        for (born, code) in [
            ("2026-11-24", "future"),
            ("1899-12-31", "too_early"),
            ("1990-02-30", "invalid"),
            ("1990-2-3", "invalid"),
        ] {
            let errors = assess(&answers("510104", born), &p, today(), None).unwrap_err();
            assert_eq!(errors[0].code, code, "{born}");
        }
    }
}
