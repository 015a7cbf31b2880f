//! 预约窗口办理: the places an office has left and an applicant's bookings.

pub mod routes;
pub mod store;

use crate::clock::{Millis, DAY_MS};
use crate::http::auth::Applicant;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use reissue_domain::api::{AppointmentRequest, AppointmentStatus, FormAnswers};
use reissue_domain::appointment::CHANGES_PER_PHONE_DAY;
use rusqlite::Transaction;
use store::AppointmentRow;

/// Books `req` (checked) for `who`: under the register's name for the number, a few
/// changes a phone a day, one upcoming booking a person and a phone, a place left.
pub fn book(
    tx: &Transaction,
    st: &AppState,
    who: &Applicant,
    req: AppointmentRequest,
    now: Millis,
) -> ApiResult<AppointmentRow> {
    let form = FormAnswers {
        name: Some(req.name.clone()),
        id_number: Some(req.id_number.clone()),
        ..FormAnswers::default()
    };
    if !crate::population::name_is_registered(tx, &form)? {
        return Err(AppError::invalid_field(
            "name",
            "name_mismatch",
            "姓名与公民身份号码的登记信息不一致，请按身份证或户口本上的姓名填写",
        ));
    }
    within_daily_changes(tx, &who.phone, now)?;
    let today = st.clock.today().to_string();
    if store::upcoming_booking_of_person_elsewhere(tx, &req.id_number, &who.phone, &today)? {
        return Err(AppError::conflict(
            "person_already_booked",
            "这位办证人已经有一个预约了。要换时间，请在预约时用的手机上改约；如不是您本人预约的，请拨打办证中心电话",
        ));
    }
    let upcoming = store::appointments_of(tx, &who.phone)?
        .into_iter()
        .any(|a| a.status == AppointmentStatus::Booked && a.request.date >= today);
    if upcoming {
        return Err(AppError::conflict(
            "already_booked",
            "您已有一个预约。要换时间请在预约详情中改约，不去了请先取消预约",
        ));
    }
    ensure_place(tx, &req, None, st)?;
    let row = AppointmentRow {
        number: store::next_appointment_number(tx, now)?,
        phone: who.phone.clone(),
        request: req,
        status: AppointmentStatus::Booked,
        booked_ms: now,
    };
    store::insert_appointment(tx, &row)?;
    Ok(row)
}

/// Moves booking `number` of `who` to the time in `req` (checked): never to another person.
pub fn reschedule(
    tx: &Transaction,
    st: &AppState,
    who: &Applicant,
    number: &str,
    req: AppointmentRequest,
    now: Millis,
) -> ApiResult<AppointmentRow> {
    let mut row = store::appointment_of(tx, &who.phone, number)?.ok_or_else(not_found)?;
    if row.status == AppointmentStatus::Cancelled {
        return Err(AppError::conflict(
            "cancelled",
            "这个预约已经取消了，请重新预约",
        ));
    }
    within_daily_changes(tx, &who.phone, now)?;
    ensure_place(tx, &req, Some(&row.number), st)?;
    // Moved in time, never to another person.
    row.request = AppointmentRequest {
        name: row.request.name.clone(),
        id_number: row.request.id_number.clone(),
        ..req
    };
    store::update_appointment(tx, &row, now)?;
    Ok(row)
}

/// Books, moves and cancellations this phone made today: a few, or 429.
pub(crate) fn within_daily_changes(
    conn: &rusqlite::Connection,
    phone: &str,
    now: i64,
) -> ApiResult<()> {
    if store::booking_changes_since(conn, phone, now - DAY_MS)? >= CHANGES_PER_PHONE_DAY {
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
pub(crate) fn ensure_place(
    conn: &rusqlite::Connection,
    req: &AppointmentRequest,
    moving: Option<&str>,
    state: &AppState,
) -> ApiResult<()> {
    if store::places_taken(conn, req, moving)? >= u32::from(state.profile.appointments.per_slot) {
        return Err(AppError::conflict(
            "slot_full",
            "这个时间段刚刚约满了，请选择其他时间段，已选的办证中心和日期不变",
        ));
    }
    Ok(())
}

pub(crate) fn not_found() -> AppError {
    AppError::not_found("找不到这个预约，请到“我的办件”查看您的预约")
}
