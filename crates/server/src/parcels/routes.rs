//! 物流进度查询: the card parcels sent to a phone number, for whoever reads the SMS code
//! sent to it; no application number and no sign-in (the recipient may be someone
//! other than the applicant). The recipient's name is masked; the scans are the mock
//! courier's.

use axum::extract::State;
use reissue_domain::api::ApiError;
use reissue_domain::parcel::{ParcelLookup, Parcels};
use reissue_domain::{mask, validate};

use crate::http::client::ClientAddr;
use crate::http::error::{ApiJson, ApiResult, AppError};
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
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(lookup))
}
