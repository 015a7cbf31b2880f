//! 相片回执在线申请: order (the draft's photo sent for review), look at the latest order,
//! and the detection centre's verdict (the mock centre's officer side).

use axum::extract::State;
use axum::http::StatusCode;
use reissue_domain::api::ApiError;
use reissue_domain::idcard;
use reissue_domain::photo_order::{PhotoOrder, PhotoOrderDecision};

use super::store;
use crate::http::auth::{Applicant, Officer};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Sends the photo in the draft's 证件照片 slot to the detection centre, for a receipt
/// for the card and 户籍 the draft names.
#[utoipa::path(post, path = "/api/v1/photo-orders", tag = "draft",
    responses((status = 201, body = PhotoOrder),
              (status = 401, body = ApiError),
              (status = 409, description = "`photo_order_not_offered`, `id_first`, `hukou_first`, `photo_first` or `photo_order_reviewing`", body = ApiError),
              (status = 429, description = "`too_many_photo_orders`", body = ApiError)))]
pub async fn order(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<(StatusCode, ApiJson<PhotoOrder>)> {
    let st = state.clone();
    let row = state
        .tx(move |tx, now| super::place(tx, &st, &who.phone, now))
        .await?;
    tracing::info!(order = %row.number, "photo receipt ordered");
    Ok((StatusCode::CREATED, ApiJson(super::to_api(&state, &row))))
}

/// The latest order for the card the draft names.
#[utoipa::path(get, path = "/api/v1/photo-orders/current", tag = "draft",
    responses((status = 200, body = PhotoOrder),
              (status = 401, body = ApiError),
              (status = 404, description = "No order for this card yet", body = ApiError)))]
pub async fn current(
    State(state): State<AppState>,
    who: Applicant,
) -> ApiResult<ApiJson<PhotoOrder>> {
    let phone = who.phone.clone();
    let row = state
        .db
        .read(move |conn| -> ApiResult<Option<store::OrderRow>> {
            let draft = crate::drafts::store::load_draft(conn, &phone)?.unwrap_or_default();
            match draft.form.id_number.as_deref().map(idcard::normalize) {
                Some(id) => Ok(store::latest(conn, &phone, &id)?),
                None => Ok(None),
            }
        })
        .await?
        .ok_or_else(|| AppError::not_found("还没有提交过照片"))?;
    Ok(ApiJson(super::to_api(&state, &row)))
}

/// The detection centre's verdict on an order under review (the mock centre also
/// issues on its own after a while).
#[utoipa::path(post, path = "/api/v1/admin/photo-orders/{number}/decision", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "订单号")),
    request_body = PhotoOrderDecision,
    responses((status = 200, body = PhotoOrder),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "`photo_order_decided`", body = ApiError)))]
pub async fn decision(
    State(state): State<AppState>,
    _: Officer,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<PhotoOrderDecision>,
) -> ApiResult<ApiJson<PhotoOrder>> {
    let st = state.clone();
    let row = state
        .tx(move |tx, now| super::decide(tx, &st, &number, req.approve, req.reason.as_deref(), now))
        .await?;
    tracing::info!(order = %row.number, state = row.state.as_str(), "photo order decided");
    Ok(ApiJson(super::to_api(&state, &row)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(order))
        .routes(routes!(current))
        .routes(routes!(decision))
}
