//! Vendor flows over HTTP: the server's verdict on a face check or a payment (for its
//! owner only), and the real vendors' answers: a callback signed with the key shared with them (the
//! signature, a timestamp within five minutes, a nonce never seen before), naming the
//! flow and its outcome, and for a payment the amount actually paid, which must be the
//! server's. Only then is the outcome recorded for `confirm` to read; a mock server has
//! no key and answers 404.

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::ApiError;

use crate::flows;
use crate::http::auth::Applicant;
use crate::http::callback::{SignedCallback, VendorCallback};
use crate::http::error::{ApiJson, ApiPath, ApiResult};
use crate::state::AppState;
use crate::vendors::FlowKind;
use reissue_domain::api::FlowStatus;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Receives a vendor's signed answer.
#[utoipa::path(post, path = "/api/v1/vendor-callbacks", tag = "vendor",
    request_body = VendorCallback,
    params(
        ("X-Vendor-Timestamp" = String, Header, description = "Unix seconds"),
        ("X-Vendor-Nonce" = String, Header, description = "16–64 characters, never reused"),
        ("X-Vendor-Signature" = String, Header, description = "hex HMAC-SHA256 with the vendor key over `timestamp\\nnonce\\nbody\\n`")),
    responses((status = 204, description = "Recorded (the first answer of a flow wins)"),
              (status = 401, description = "`bad_signature` or `stale_callback`", body = ApiError),
              (status = 404, description = "No such flow, or no real vendor configured", body = ApiError),
              (status = 409, description = "`replayed`: this nonce was used before", body = ApiError),
              (status = 422, description = "`bad_outcome`, or `amount_mismatch` (paid another amount)", body = ApiError)))]
pub async fn receive(
    State(state): State<AppState>,
    SignedCallback { nonce, callback }: SignedCallback,
) -> ApiResult<StatusCode> {
    let id = callback.flow_id.clone();
    state
        .tx(move |tx, now| super::record_callback(tx, &callback, &nonce, now))
        .await?;
    // Settled now, so the result does not wait for the browser to come back.
    flows::settle(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The server's verdict on a liveness flow (only the owner's; anyone else gets 404).
#[utoipa::path(get, path = "/api/v1/liveness/{flow_id}", tag = "liveness",
    params(("flow_id" = String, Path, description = "From FlowStart")),
    responses((status = 200, body = FlowStatus),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn liveness_status(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(flow_id): ApiPath<String>,
) -> ApiResult<ApiJson<FlowStatus>> {
    let flow = flows::own_flow(&state, &flow_id, FlowKind::Liveness, &who.phone).await?;
    Ok(ApiJson(flows::status_of(&flow)))
}

/// The server's verdict on a payment (confirmed with the vendor, never the browser).
#[utoipa::path(get, path = "/api/v1/payments/{flow_id}", tag = "payment",
    params(("flow_id" = String, Path, description = "From FlowStart")),
    responses((status = 200, description = "`passed` means paid", body = FlowStatus),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn payment_status(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath(flow_id): ApiPath<String>,
) -> ApiResult<ApiJson<FlowStatus>> {
    let flow = flows::own_flow(&state, &flow_id, FlowKind::Payment, &who.phone).await?;
    Ok(ApiJson(flows::status_of(&flow)))
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(receive))
        .routes(routes!(liveness_status))
        .routes(routes!(payment_status))
}
