//! The population register, as the applicant may ask it: can I apply online, and the
//! photo on record that the new card would reuse.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use reissue_domain::api::{ApiError, FormAnswers, RegisterCheck, RegisterQuery};
use reissue_domain::validate;

use crate::auth::Applicant;
use crate::error::{ApiJson, ApiResult, AppError};
use crate::html::escape;
use crate::register::verdict_for;
use crate::state::AppState;
use crate::store;

/// May this person apply online, by the register and the profile's rules (the early
/// answer on 填写信息; the submission is decided by the same rules again). Every reason
/// to go to a window comes back at once, each one sentence.
#[utoipa::path(post, path = "/api/v1/register/check", tag = "register",
    request_body = RegisterQuery,
    responses((status = 200, body = RegisterCheck),
              (status = 401, body = ApiError),
              (status = 422, description = "The name or ID number is not valid", body = ApiError)))]
pub async fn check(
    State(state): State<AppState>,
    _who: Applicant,
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
    let st = state.clone();
    let verdict = state
        .db
        .call(move |c| verdict_for(c, &form, &st.profile, st.clock.today()))
        .await?;
    Ok(ApiJson(verdict.to_check(&state.profile)))
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
            let Some(draft) = store::load_draft(c, &who.phone)? else {
                return Ok(None);
            };
            let verdict = verdict_for(c, &draft.form, &st.profile, st.clock.today())?;
            let name = draft.form.name.unwrap_or_default();
            Ok(verdict.photo_on_record.map(|taken| (name, taken)))
        })
        .await?;
    let (name, taken) =
        found.ok_or_else(|| AppError::not_found("库中没有可用于新证的照片，请选择其他方式"))?;
    let initial: String = name.chars().next().map(String::from).unwrap_or_default();
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="260" height="320" viewBox="0 0 260 320" role="img" aria-label="库中照片（模拟）"><rect width="260" height="320" fill="#dfe9f5"/><circle cx="130" cy="120" r="62" fill="#8a9bb0"/><path d="M30 320c8-80 52-118 100-118s92 38 100 118z" fill="#8a9bb0"/><text x="130" y="138" font-size="52" text-anchor="middle" fill="#fff" font-family="sans-serif">{initial}</text><text x="130" y="306" font-size="16" text-anchor="middle" fill="#33475b" font-family="sans-serif">模拟照片 · {taken}</text></svg>"##,
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
