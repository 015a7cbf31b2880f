//! 物流进度查询: the card parcels sent to a phone number, for whoever reads the SMS code
//! sent to it; no application number and no sign-in (the recipient may be someone
//! other than the applicant). The recipient's name is masked; the scans are the mock
//! courier's.

use axum::extract::State;
use reissue_domain::api::ApiError;
use reissue_domain::application::ApplicationDetail;
use reissue_domain::parcel::{ParcelLookup, Parcels, SignAnswer};
use reissue_domain::{mask, validate};

use super::signing;
use crate::http::auth::Holder;
use crate::http::client::ClientAddr;
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::sessions::redeem_code;
use crate::state::AppState;
use crate::vendors::ems;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Every card parcel sent to `phone`, once the code sent to it is given (the code is
/// used up; its limits are the sign-in code's).
#[utoipa::path(post, path = "/api/v1/parcels/lookup", tag = "parcels",
    request_body = ParcelLookup,
    responses((status = 200, description = "The parcels, newest first (none: an empty list)", body = Parcels),
              (status = 422, description = "Not a mobile number, or `code_wrong` (wrong, expired, used, out of tries or never sent: one answer)", body = ApiError)))]
pub async fn lookup(
    State(state): State<AppState>,
    client: ClientAddr,
    ApiJson(req): ApiJson<ParcelLookup>,
) -> ApiResult<ApiJson<Parcels>> {
    let phone = validate::phone(&req.phone)
        .map_err(|e| AppError::invalid_field("phone", e.code, &e.message))?;
    let code = validate::sms_code(&req.code)
        .map_err(|e| AppError::invalid_field("code", e.code, &e.message))?;
    let st = state.clone();
    let p = phone.clone();
    let answer = state
        .tx(move |tx, now| -> ApiResult<ApiResult<Parcels>> {
            let answer = match redeem_code(tx, &p, &code, &client.key().to_string(), now)? {
                Err(e) => Err(e),
                Ok(()) => {
                    let mut parcels = Vec::new();
                    for app in crate::applications::store::posted_to(tx, &p)? {
                        parcels.extend(ems::parcel_of(&st, tx, &app, now)?);
                    }
                    Ok(Parcels {
                        phone_masked: mask::phone(&p),
                        parcels,
                    })
                }
            };
            Ok(answer)
        })
        .await??;
    tracing::info!(
        "parcels looked up for {}: {}",
        mask::phone(&phone),
        answer.parcels.len()
    );
    Ok(ApiJson(answer))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
/// 代签收: the applicant's answer to the courier who found someone else at the door.
/// Yes: that person signs and the card is delivered. No: it goes back to the office,
/// collected there with the 领证凭证. Only the card's holder (face-checked) answers.
#[utoipa::path(post, path = "/api/v1/applications/{number}/sign-request", tag = "parcels",
    params(("number" = String, Path, description = "申请编号")),
    request_body = SignAnswer,
    responses((status = 200, description = "The application after the answer", body = ApplicationDetail),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` (the holder's face check first) or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`no_sign_request` or `sign_request_over`", body = ApiError)))]
pub async fn answer_sign_request(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<SignAnswer>,
) -> ApiResult<ApiJson<ApplicationDetail>> {
    let st = state.clone();
    let detail = state
        .tx(move |tx, now| {
            let app = signing::answer(tx, &st, &who, &number, req.approve, now)?;
            Ok(crate::applications::store::detail(
                tx,
                &app,
                &st.profile,
                now,
            )?)
        })
        .await?;
    tracing::info!(number = %detail.number, approve = req.approve, "sign request answered");
    Ok(ApiJson(detail))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(lookup))
        .routes(routes!(answer_sign_request))
}
