//! 代签收 where the applicant confirms it in the app (the profile's
//! [`SignForOthers::ConfirmInApp`]): the courier, finding someone else at the door,
//! asks; the applicant agrees (that person signs) or says no (the card goes back to the
//! office, collected there with the 领证凭证); unanswered when the round ends, it goes
//! back too. The card is never handed to someone the applicant has not agreed to.

use reissue_domain::lifecycle::Status;
use reissue_domain::notify::MessageKind;
use reissue_domain::parcel::{
    may_answer, returned_because, signed_by_other, SignForOthers, SignRequestState,
};
use rusqlite::Connection;

use super::store;
use crate::applications::store::AppRecord;
use crate::clock::Millis;
use crate::http::auth::Holder;
use crate::http::error::{ApiResult, AppError};
use crate::officer::moves;
use crate::state::AppState;

/// Does this profile have the applicant confirm someone else's signature in the app?
pub fn confirmed_in_app(st: &AppState) -> bool {
    st.profile.sign_for_others == SignForOthers::ConfirmInApp
}

/// The courier at the door of `app`'s address finds someone else there and asks, once
/// per parcel; whether it asked now.
pub fn ask_at_door(conn: &Connection, app: &AppRecord, now: Millis) -> ApiResult<bool> {
    let Some(signer) = crate::vendors::ems::someone_at_door(app) else {
        return Ok(false);
    };
    if store::request_of(conn, &app.number)?.is_some() {
        return Ok(false);
    }
    ask(conn, app, &signer, now)?;
    Ok(true)
}

/// The courier asks whether `signer` may sign for the card of `app`; the applicant is
/// told at once.
fn ask(conn: &Connection, app: &AppRecord, signer: &str, now: Millis) -> ApiResult<()> {
    store::ask(conn, &app.number, signer, now)?;
    let key = format!("{}:{}", app.number, MessageKind::SignRequested.as_str());
    crate::messages::store::add_message(
        conn,
        &app.phone,
        MessageKind::SignRequested,
        &app.number,
        Some(signer),
        &key,
        now,
    )?;
    Ok(())
}

/// The applicant's answer to the courier, for their own card.
pub fn answer(
    conn: &Connection,
    st: &AppState,
    who: &Holder,
    number: &str,
    approve: bool,
    now: Millis,
) -> ApiResult<AppRecord> {
    let mut app = crate::applications::store::load_own_app(conn, number, &who.phone)?;
    who.holds_application(&app.answers)?;
    let request = store::request_of(conn, &app.number)?;
    may_answer(app.status, request.as_ref().map(|r| r.state))
        .map_err(|(code, message)| AppError::conflict(code, message))?;
    let signer = request.map(|r| r.signer).unwrap_or_default();
    if approve {
        store::settle(conn, &app.number, SignRequestState::Approved, now)?;
        let detail = signed_by_other(&signer);
        crate::applications::store::transition(
            conn,
            &mut app,
            Status::Delivered,
            now,
            Some(&detail),
        )?;
    } else {
        back_to_office(conn, st, &mut app, SignRequestState::Declined, now)?;
    }
    Ok(app)
}

/// The courier's round is over and the applicant did not answer.
pub fn lapse(conn: &Connection, st: &AppState, app: &mut AppRecord, now: Millis) -> ApiResult<()> {
    back_to_office(conn, st, app, SignRequestState::Lapsed, now)
}

fn back_to_office(
    conn: &Connection,
    st: &AppState,
    app: &mut AppRecord,
    why: SignRequestState,
    now: Millis,
) -> ApiResult<()> {
    store::settle(conn, &app.number, why, now)?;
    moves::return_to_office(st, conn, app, Some(returned_because(why)), now)
}
