//! 人口信息库, the population register (not the 户口本 the applicant photographs): what
//! is asked of it when someone applies, answered by the domain's rules (the mock
//! register's residents are in `seed`).

pub mod routes;
pub mod seed;
pub mod store;

use crate::clock::{Millis, DAY_MS};
use crate::http::auth::{sha256_hex, Applicant};
use crate::http::client::ClientAddr;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use reissue_domain::api::{FieldError, FormAnswers, RegisterCheck, ServiceProfile};
use reissue_domain::date::Date;
use reissue_domain::identity::Person;
use reissue_domain::population::{CardPhotoChoice, Verdict};
use reissue_domain::{idcard, identity, population};
use rusqlite::{Connection, Transaction};

/// The register's answer for the name and ID number of `form` (as typed: the number
/// is normalised first).
pub fn verdict_for(
    conn: &Connection,
    form: &FormAnswers,
    profile: &ServiceProfile,
    today: Date,
) -> rusqlite::Result<Verdict> {
    let id = idcard::normalize(form.id_number.as_deref().unwrap_or(""));
    let resident = store::resident(conn, &id)?;
    let name = form.name.as_deref().unwrap_or("");
    Ok(population::assess(resident.as_ref(), name, profile, today))
}

/// Is the name of `form` the register's for its number (or does the register not know
/// the number)?
pub fn name_is_registered(conn: &Connection, form: &FormAnswers) -> rusqlite::Result<bool> {
    let id = idcard::normalize(form.id_number.as_deref().unwrap_or(""));
    let name = form.name.as_deref().unwrap_or("").trim();
    Ok(store::resident(conn, &id)?.is_none_or(|r| r.name == name))
}

/// The card photo choice as it may be kept, or why not.
pub fn checked_card_photo(
    conn: &Connection,
    choice: &CardPhotoChoice,
    form: &FormAnswers,
    profile: &ServiceProfile,
    today: Date,
) -> rusqlite::Result<Result<CardPhotoChoice, FieldError>> {
    let verdict = verdict_for(conn, form, profile, today)?;
    let receipt = match choice.receipt.as_deref().map(population::receipt_number) {
        Some(Ok(number)) => store::photo_receipt(conn, &number)?,
        _ => None,
    };
    Ok(population::check_card_photo(
        choice,
        profile,
        form.id_number.as_deref(),
        form.hukou_region.as_deref(),
        &verdict,
        receipt.as_ref(),
        today,
    ))
}

/// What the register says of `person` to `who`: in full once they are verified as that
/// person, else only whether to go on (and the ask counted against the daily limit).
pub fn check_register(
    tx: &Transaction,
    st: &AppState,
    who: &Applicant,
    client: &ClientAddr,
    person: Person,
    now: Millis,
) -> ApiResult<RegisterCheck> {
    let verified =
        crate::identity::store::verified(tx, &who.phone, now)?.is_some_and(|v| v.person == person);
    // Asking about oneself, verified, tells nobody anything new.
    if !verified {
        count_ask(tx, &who.phone, &client.key().to_string(), &person, now)?;
    }
    let form = FormAnswers {
        name: Some(person.name),
        id_number: Some(person.id_number),
        ..FormAnswers::default()
    };
    let verdict = public_verdict(tx, &form, &st.profile, st.clock.today())?;
    Ok(match verified {
        true => verdict.to_check(&st.profile),
        false => verdict.to_public_check(&st.profile),
    })
}

/// Counts a question about `person` against the phone's and the client's allowance of
/// people a day; asking about the same person again is free.
pub(crate) fn count_ask(
    conn: &rusqlite::Connection,
    phone: &str,
    client: &str,
    person: &Person,
    now: Millis,
) -> ApiResult<()> {
    let day = now.div_euclid(DAY_MS);
    let pair = sha256_hex(format!("register\n{}\n{}", person.name, person.id_number));
    let askers = [format!("phone:{phone}"), format!("client:{client}")];
    let mut new = false;
    for asker in &askers {
        if crate::identity::store::asked_register(conn, asker, &pair, day)? {
            continue;
        }
        new = true;
        if crate::identity::store::register_asks(conn, asker, day)?
            >= identity::REGISTER_PAIRS_PER_DAY
        {
            let wait = ((day + 1) * DAY_MS - now + 999) / 1000;
            return Err(AppError::too_many(
                "register_limit",
                "今天查询的人数已达上限。请明天再试，或带上户口本到办证中心窗口咨询",
                wait as u32,
            ));
        }
    }
    if new {
        for asker in &askers {
            crate::identity::store::ask_register(conn, asker, &pair, day)?;
        }
    }
    Ok(())
}

/// The register's answer as anyone may have it: a name that is not the register's for
/// the number reads as a number the register does not know.
pub(crate) fn public_verdict(
    conn: &rusqlite::Connection,
    form: &FormAnswers,
    profile: &reissue_domain::api::ServiceProfile,
    today: reissue_domain::date::Date,
) -> rusqlite::Result<reissue_domain::population::Verdict> {
    match crate::population::name_is_registered(conn, form)? {
        true => verdict_for(conn, form, profile, today),
        false => Ok(reissue_domain::population::assess(
            None,
            form.name.as_deref().unwrap_or(""),
            profile,
            today,
        )),
    }
}
