//! Window appointments (预约窗口办理): the times an office has left, and the
//! applicant's bookings: book, move, cancel. One booking at a time per applicant.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use reissue_domain::api::{
    ApiError, Appointment, AppointmentRequest, AppointmentStatus, DayAvailability, ServiceProfile,
};
use reissue_domain::appointment::{bookable_days, check_booking, check_request};
use reissue_domain::mask;

use super::{not_found, store};
use crate::clock::rfc3339;
use crate::http::auth::Applicant;
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::state::AppState;
use store::AppointmentRow;
use utoipa_axum::{router::OpenApiRouter, routes};

fn to_api(row: &AppointmentRow, profile: &ServiceProfile) -> Appointment {
    let office = profile
        .offices
        .iter()
        .find(|o| o.id == row.request.office_id)
        .cloned()
        .unwrap_or_else(|| reissue_domain::api::Office {
            id: row.request.office_id.clone(),
            name: row.request.office_id.clone(),
            address: String::new(),
            hours: String::new(),
            phone: profile.service_phone.clone(),
        });
    Appointment {
        number: row.number.clone(),
        status: row.status,
        office,
        date: row.request.date.clone(),
        slot: row.request.slot.clone(),
        bring: profile.appointments.bring.clone(),
        booked_at: rfc3339(row.booked_ms),
        name: row.request.name.clone(),
        id_number: mask::id_number(&row.request.id_number),
    }
}

/// The days that may be booked at one office, with the places left in each slot.
#[utoipa::path(get, path = "/api/v1/appointments/availability", tag = "appointment",
    params(("office_id" = String, Query, description = "One of the profile's offices")),
    responses((status = 200, body = Vec<DayAvailability>),
              (status = 404, description = "No such office", body = ApiError)))]
pub async fn availability(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<Vec<DayAvailability>>> {
    let office_id = query.get("office_id").cloned().unwrap_or_default();
    if !state.profile.offices.iter().any(|o| o.id == office_id) {
        return Err(AppError::not_found("没有这个办证中心，请重新选择"));
    }
    let rules = &state.profile.appointments;
    let days: Vec<String> = bookable_days(rules, state.clock.today())
        .iter()
        .map(|d| d.to_string())
        .collect();
    let lookup = days.clone();
    let taken = state
        .db
        .read(move |c| store::places_taken_by_slot(c, &office_id, &lookup))
        .await?;
    let left = |day: &str, slot: &str| {
        let used = taken
            .iter()
            .find(|(d, s, _)| d == day && s == slot)
            .map_or(0, |t| t.2);
        u8::try_from(u32::from(rules.per_slot).saturating_sub(used)).unwrap_or(0)
    };
    Ok(ApiJson(
        days.iter()
            .map(|day| DayAvailability {
                date: day.clone(),
                slots: rules
                    .slots
                    .iter()
                    .map(|slot| (slot.clone(), left(day, slot)))
                    .collect(),
            })
            .collect(),
    ))
}

/// The applicant's bookings, newest first (cancelled ones too).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointment",
    responses((status = 200, body = Vec<Appointment>), (status = 401, body = ApiError)))]
pub async fn list(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<Vec<Appointment>>> {
    let rows = state
        .db
        .read(move |c| store::appointments_of(c, &who.phone))
        .await?;
    Ok(ApiJson(
        rows.iter().map(|r| to_api(r, &state.profile)).collect(),
    ))
}

/// Books a window time for a person (name and ID number, the register's name where it
/// knows the number). One booking at a time: an applicant with a booking to come moves
/// or cancels it instead (409 `already_booked`); one per person, whichever phone made it
/// (409 `person_already_booked`); a few books and moves a phone a day (429).
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointment",
    request_body = AppointmentRequest,
    responses((status = 201, body = Appointment),
              (status = 401, body = ApiError),
              (status = 409, description = "`already_booked`, `person_already_booked`, or `slot_full`", body = ApiError),
              (status = 422, description = "Not a time the profile offers, or not a person the register answers for", body = ApiError),
              (status = 429, description = "`appointment_limit`", body = ApiError)))]
pub async fn book(
    State(state): State<AppState>,
    who: Applicant,
    ApiJson(req): ApiJson<AppointmentRequest>,
) -> ApiResult<(StatusCode, ApiJson<Appointment>)> {
    let profile = &state.profile;
    let req = check_booking(
        &req,
        &profile.appointments,
        &profile.offices,
        state.clock.today(),
    )
    .map_err(AppError::invalid)?;
    let st = state.clone();
    let row = state
        .tx(move |tx, now| super::book(tx, &st, &who, req, now))
        .await?;
    tracing::info!(number = %row.number, "appointment booked");
    Ok((StatusCode::CREATED, ApiJson(to_api(&row, &state.profile))))
}

/// Moves a booking to another office, day or slot.
#[utoipa::path(put, path = "/api/v1/appointments/{number}", tag = "appointment",
    request_body = AppointmentRequest,
    params(("number" = String, Path)),
    responses((status = 200, body = Appointment),
              (status = 401, body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`slot_full`, or `cancelled`", body = ApiError),
              (status = 422, body = ApiError)))]
pub async fn reschedule(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<AppointmentRequest>,
) -> ApiResult<ApiJson<Appointment>> {
    let today = state.clock.today();
    check_request(
        &req,
        &state.profile.appointments,
        &state.profile.offices,
        today,
    )
    .map_err(AppError::invalid)?;
    let st = state.clone();
    let row = state
        .tx(move |tx, now| super::reschedule(tx, &st, &who, &number, req, now))
        .await?;
    Ok(ApiJson(to_api(&row, &state.profile)))
}

/// Cancels a booking (cancelling one already cancelled changes nothing).
#[utoipa::path(post, path = "/api/v1/appointments/{number}/cancellation", tag = "appointment",
    params(("number" = String, Path)),
    responses((status = 200, body = Appointment),
              (status = 401, body = ApiError),
              (status = 404, body = ApiError)))]
pub async fn cancel(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<Appointment>> {
    let row = state
        .tx(move |tx, now| -> ApiResult<AppointmentRow> {
            let mut row = store::appointment_of(tx, &who.phone, &number)?.ok_or_else(not_found)?;
            if row.status == AppointmentStatus::Booked {
                row.status = AppointmentStatus::Cancelled;
                store::update_appointment(tx, &row, now)?;
            }
            Ok(row)
        })
        .await?;
    Ok(ApiJson(to_api(&row, &state.profile)))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(book, list))
        .routes(routes!(availability))
        .routes(routes!(reschedule))
        .routes(routes!(cancel))
}
