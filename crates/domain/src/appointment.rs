//! 预约窗口办理: for those who cannot apply online, a time at an office window. Which
//! days and times may be booked, and what to bring, are the profile's; the server
//! counts the places left.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::error::FieldError;
use crate::office::Office;

/// The profile's window appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AppointmentRules {
    /// How many days ahead one may book (from tomorrow; weekends are never offered).
    pub days_ahead: u8,
    /// The time slots of a working day, as shown (`09:00–10:00`).
    pub slots: Vec<String>,
    /// Places per office and slot.
    pub per_slot: u8,
    /// What to bring to the window.
    pub bring: Vec<String>,
}

impl Default for AppointmentRules {
    fn default() -> Self {
        AppointmentRules {
            days_ahead: 14,
            slots: Vec::new(),
            per_slot: 0,
            bring: Vec::new(),
        }
    }
}

/// `POST /api/v1/appointments` (and `PUT` to move one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AppointmentRequest {
    pub office_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub slot: String,
    /// Whose booking it is: a place at a window is a person's, not a phone's (one booking
    /// per person, whichever phone made it). Kept from the booking when it is moved.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Booked,
    Cancelled,
}

/// A booking as the applicant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Appointment {
    pub number: String,
    pub status: AppointmentStatus,
    pub office: Office,
    pub date: String,
    pub slot: String,
    pub bring: Vec<String>,
    pub booked_at: String,
    /// Whose booking: the name, and the ID number masked.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
}

/// Books and moves one phone may make in a day: a citizen books once and perhaps moves
/// twice; more is someone holding places.
pub const CHANGES_PER_PHONE_DAY: u32 = 5;

/// Whose booking it is, as typed: the name and the ID number (normalised), or what is
/// wrong with them.
pub fn check_person(
    req: &AppointmentRequest,
    today: Date,
) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = crate::validate::name(&req.name);
    if let Err(e) = &name {
        errors.push(bad("name", e.code, &e.message));
    }
    let id = crate::idcard::parse(&req.id_number, today);
    if let Err(e) = &id {
        errors.push(FieldError {
            field: "id_number".into(),
            code: e.code().into(),
            message: e.message(),
        });
    }
    match (name, id) {
        (Ok(name), Ok(id)) => Ok((name, id.number)),
        _ => Err(errors),
    }
}

/// One bookable day of one office, with the places left in each slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DayAvailability {
    pub date: String,
    /// `(slot, places left)`, in the profile's order.
    pub slots: Vec<(String, u8)>,
}

/// The days that may be booked from `today`: the working days (Monday to Friday) from
/// tomorrow up to `days_ahead` days away.
pub fn bookable_days(rules: &AppointmentRules, today: Date) -> Vec<Date> {
    (1..=i64::from(rules.days_ahead))
        .map(|n| Date::from_days(today.to_days() + n))
        .filter(|d| d.weekday() < 5)
        .collect()
}

fn bad(field: &str, code: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.to_string(),
    }
}

/// A new booking checked whole: the person (their name and number, canonical) and the
/// time, every problem at once, each under its field.
pub fn check_booking(
    req: &AppointmentRequest,
    rules: &AppointmentRules,
    offices: &[Office],
    today: Date,
) -> Result<AppointmentRequest, Vec<FieldError>> {
    let when = check_request(req, rules, offices, today);
    match (check_person(req, today), when) {
        (Ok((name, id_number)), Ok(())) => Ok(AppointmentRequest {
            name,
            id_number,
            ..req.clone()
        }),
        (person, when) => {
            let mut errors = person.err().unwrap_or_default();
            errors.extend(when.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// Is this a time the profile offers on `today` (places left are the server's to
/// count)? Every problem at once, each under its field.
pub fn check_request(
    req: &AppointmentRequest,
    rules: &AppointmentRules,
    offices: &[Office],
    today: Date,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !offices.iter().any(|o| o.id == req.office_id) {
        errors.push(bad("office_id", "required", "请选择办证中心"));
    }
    match Date::parse_iso(&req.date).filter(|_| req.date.len() == 10) {
        Some(d) if bookable_days(rules, today).contains(&d) => {}
        Some(_) => errors.push(bad(
            "date",
            "date_not_offered",
            "这一天不能预约，请在可预约的日期中重新选择",
        )),
        None => errors.push(bad("date", "required", "请选择日期")),
    }
    if !rules.slots.contains(&req.slot) {
        errors.push(bad("slot", "required", "请选择时间段"));
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> AppointmentRules {
        AppointmentRules {
            days_ahead: 7,
            slots: vec!["09:00–10:00".into()],
            per_slot: 2,
            bring: vec![],
        }
    }

    #[test]
    fn bookable_days_skip_today_and_weekends() {
        // 2026-12-04 is a Friday.
        let friday = Date::new(2026, 12, 4).unwrap();
        let days: Vec<String> = bookable_days(&rules(), friday)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            days,
            [
                "2026-12-07",
                "2026-12-08",
                "2026-12-09",
                "2026-12-10",
                "2026-12-11"
            ]
        );
    }
}
