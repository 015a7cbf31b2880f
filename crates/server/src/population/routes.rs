//! The population register, as the applicant may ask it: can I apply online, and the
//! photo on record that the new card would reuse.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use reissue_domain::api::{ApiError, FormAnswers, RegisterCheck, RegisterQuery};
use reissue_domain::validate;

use reissue_domain::identity::Person;

use crate::http::auth::Applicant;
use crate::http::client::ClientAddr;
use crate::http::error::{ApiJson, ApiResult, AppError};
use crate::http::html::escape;
use crate::population::verdict_for;
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// May this person apply online, by the register and the profile's rules (the early
/// answer on 填写信息; the submission is decided by the same rules again). Every reason
/// to go to a window comes back at once, each one sentence.
///
/// An ID number is not a secret, so this is no oracle: a name that is not the register's
/// for the number is answered as an unknown number is; the register's details (the
/// card's history, fingerprints, the photo's date) only to the phone verified as that
/// person; and a phone or a client asks about a few people a day at most.
#[utoipa::path(post, path = "/api/v1/register/check", tag = "register",
    request_body = RegisterQuery,
    responses((status = 200, body = RegisterCheck),
              (status = 401, body = ApiError),
              (status = 422, description = "The name or ID number is not valid", body = ApiError),
              (status = 429, description = "`register_limit`: this phone or client asked about too many people today", body = ApiError)))]
pub async fn check(
    State(state): State<AppState>,
    who: Applicant,
    client: ClientAddr,
    ApiJson(query): ApiJson<RegisterQuery>,
) -> ApiResult<ApiJson<RegisterCheck>> {
    let form = FormAnswers {
        name: Some(query.name),
        id_number: Some(query.id_number),
        ..Default::default()
    };
    let errors = validate::check_form(&form, &state.rules(), false);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let person = Person::new(
        form.name.as_deref().unwrap_or(""),
        form.id_number.as_deref().unwrap_or(""),
    );
    let st = state.clone();
    let check = state
        .tx(move |tx, now| super::check_register(tx, &st, &who, &client, person, now))
        .await?;
    Ok(ApiJson(check))
}

/// The photo on record for the draft's name and ID number, when the new card may reuse
/// it. The mock register holds no real photographs: it draws a portrait placeholder
/// with the date the photo was taken.
#[utoipa::path(get, path = "/api/v1/drafts/current/photo-on-record", tag = "register",
    responses((status = 200, description = "The photo (SVG)", content_type = "image/svg+xml"),
              (status = 401, body = ApiError),
              (status = 404, description = "No usable photo on record", body = ApiError)))]
pub async fn photo_on_record(State(state): State<AppState>, who: Applicant) -> ApiResult<Response> {
    let st = state.clone();
    let found = state
        .db
        .call(move |c| -> ApiResult<Option<(String, String)>> {
            let Some(draft) = crate::drafts::store::load_draft(c, &who.phone)? else {
                return Ok(None);
            };
            let verdict = verdict_for(c, &draft.form, &st.profile, st.clock.today())?;
            let face = Person::face_of(&draft.form);
            let verified = crate::identity::store::verified(c, &who.phone, st.clock.now_ms())?
                .is_some_and(|v| Some(&v.person) == face.as_ref());
            let name = draft.form.name.unwrap_or_default();
            // The date is the register's detail: only for the person, verified.
            Ok(verdict.photo_on_record.map(|taken| match verified {
                true => (name, format!("模拟照片 · {taken}")),
                false => (name, "模拟照片".to_string()),
            }))
        })
        .await?;
    let (name, caption) = found
        .ok_or_else(|| AppError::not_found("没有可以用于新证的上次办证照片，请选择其他方式"))?;
    let initial: String = name.chars().next().map(String::from).unwrap_or_default();
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="260" height="320" viewBox="0 0 260 320" role="img" aria-label="上次办证时的照片（模拟）"><rect width="260" height="320" fill="#dfe9f5"/><circle cx="130" cy="120" r="62" fill="#8a9bb0"/><path d="M30 320c8-80 52-118 100-118s92 38 100 118z" fill="#8a9bb0"/><text x="130" y="138" font-size="52" text-anchor="middle" fill="#fff" font-family="sans-serif">{initial}</text><text x="130" y="306" font-size="16" text-anchor="middle" fill="#33475b" font-family="sans-serif">{caption}</text></svg>"##,
        initial = escape(&initial),
    );
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(check))
        .routes(routes!(photo_on_record))
}
