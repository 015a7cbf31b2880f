//! Window appointments (预约窗口办理): the times an office has left, and the
//! applicant's bookings: book, move, cancel. One booking at a time per applicant.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use reissue_domain::api::FormAnswers;
use reissue_domain::api::{
    ApiError, Appointment, AppointmentRequest, AppointmentStatus, DayAvailability, ServiceProfile,
};
use reissue_domain::appointment::{
    bookable_days, check_person, check_request, CHANGES_PER_PHONE_DAY,
};
use reissue_domain::mask;

use crate::appointments::store::AppointmentRow;
use crate::clock::rfc3339;
use crate::clock::DAY_MS;
use crate::http::auth::Applicant;
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::state::AppState;
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

fn not_found() -> AppError {
    AppError::not_found("找不到这个预约，请到“我的办件”查看您的预约")
}

/// Books, moves and cancellations this phone made today: a few, or 429.
fn within_daily_changes(conn: &rusqlite::Connection, phone: &str, now: i64) -> ApiResult<()> {
    if crate::appointments::store::booking_changes_since(conn, phone, now - DAY_MS)?
        >= CHANGES_PER_PHONE_DAY
    {
        return Err(AppError::too_many(
            "appointment_limit",
            "今天预约和改约的次数已达上限，请明天再试，或拨打办证中心的电话预约",
            3600,
        ));
    }
    Ok(())
}

/// A place is left in the slot asked for (`moving`: the booking being moved does not
/// count against itself), or 409 `slot_full`.
fn ensure_place(
    conn: &rusqlite::Connection,
    req: &AppointmentRequest,
    moving: Option<&str>,
    state: &AppState,
) -> ApiResult<()> {
    if crate::appointments::store::places_taken(conn, req, moving)?
        >= u32::from(state.profile.appointments.per_slot)
    {
        return Err(AppError::conflict(
            "slot_full",
            "这个时间段刚刚约满了，请选择其他时间段，已选的办证中心和日期不变",
        ));
    }
    Ok(())
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
        .read(move |c| crate::appointments::store::places_taken_by_slot(c, &office_id, &lookup))
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
        .read(move |c| crate::appointments::store::appointments_of(c, &who.phone))
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
    ApiJson(mut req): ApiJson<AppointmentRequest>,
) -> ApiResult<(StatusCode, ApiJson<Appointment>)> {
    let today = state.clock.today();
    let when = check_request(
        &req,
        &state.profile.appointments,
        &state.profile.offices,
        today,
    );
    let person = check_person(&req, today);
    let (name, id_number) = match (when, person) {
        (Ok(()), Ok(p)) => p,
        (when, person) => {
            let mut errors = person.err().unwrap_or_default();
            errors.extend(when.err().unwrap_or_default());
            return Err(AppError::invalid(errors));
        }
    };
    (req.name, req.id_number) = (name, id_number);
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<AppointmentRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let form = FormAnswers {
                name: Some(req.name.clone()),
                id_number: Some(req.id_number.clone()),
                ..FormAnswers::default()
            };
            if !crate::register::name_is_registered(&tx, &form)? {
                return Err(AppError::invalid_field(
                    "name",
                    "name_mismatch",
                    "姓名与公民身份号码的登记信息不一致，请按身份证或户口本上的姓名填写",
                ));
            }
            within_daily_changes(&tx, &who.phone, now)?;
            let today = today.to_string();
            if crate::appointments::store::upcoming_booking_of_person_elsewhere(&tx, &req.id_number, &who.phone, &today)? {
                return Err(AppError::conflict(
                    "person_already_booked",
                    "这位办证人已经有一个预约了。要换时间，请在预约时用的手机上改约；如不是您本人预约的，请拨打办证中心电话",
                ));
            }
            let upcoming = crate::appointments::store::appointments_of(&tx, &who.phone)?
                .into_iter()
                .any(|a| a.status == AppointmentStatus::Booked && a.request.date >= today);
            if upcoming {
                return Err(AppError::conflict(
                    "already_booked",
                    "您已有一个预约。要换时间请在预约详情中改约，不去了请先取消预约",
                ));
            }
            ensure_place(&tx, &req, None, &st)?;
            let row = AppointmentRow {
                number: crate::appointments::store::next_appointment_number(&tx, now)?,
                phone: who.phone.clone(),
                request: req,
                status: AppointmentStatus::Booked,
                booked_ms: now,
            };
            crate::appointments::store::insert_appointment(&tx, &row)?;
            tx.commit()?;
            Ok(row)
        })
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
        .db
        .call(move |conn| -> ApiResult<AppointmentRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let mut row = crate::appointments::store::appointment_of(&tx, &who.phone, &number)?
                .ok_or_else(not_found)?;
            if row.status == AppointmentStatus::Cancelled {
                return Err(AppError::conflict(
                    "cancelled",
                    "这个预约已经取消了，请重新预约",
                ));
            }
            within_daily_changes(&tx, &who.phone, now)?;
            ensure_place(&tx, &req, Some(&row.number), &st)?;
            // Moved in time, never to another person.
            row.request = AppointmentRequest {
                name: row.request.name.clone(),
                id_number: row.request.id_number.clone(),
                ..req
            };
            crate::appointments::store::update_appointment(&tx, &row, now)?;
            tx.commit()?;
            Ok(row)
        })
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
    let st = state.clone();
    let row = state
        .db
        .call(move |conn| -> ApiResult<AppointmentRow> {
            let now = st.clock.now_ms();
            let tx = conn.transaction()?;
            let mut row = crate::appointments::store::appointment_of(&tx, &who.phone, &number)?
                .ok_or_else(not_found)?;
            if row.status == AppointmentStatus::Booked {
                row.status = AppointmentStatus::Cancelled;
                crate::appointments::store::update_appointment(&tx, &row, now)?;
                tx.commit()?;
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
