//! 委托领取 and the pickup voucher: the applicant names a delegate (an authorisation with a
//! number and a 核验码, sent to the delegate by SMS) and may revoke it until the card is
//! collected; the office looks the card up by voucher or authorisation number and marks
//! who collected it.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use reissue_domain::api::ApiError;
use reissue_domain::delegation::{
    voucher_shown, Authorization, AuthorizationStatus, DelegateRequest, PickupBy,
};

use super::store;
use super::{pickup_check, PickupCheck};
use crate::delegation::qr;
use crate::http::auth::{Applicant, Holder, Officer};
use crate::http::error::{ApiJson, ApiPath, ApiResult, AppError};
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Names a delegate for collecting the card at the office: a 委托授权书 valid for the
/// profile's days (and until the card is collected), sent to the delegate's phone.
#[utoipa::path(post, path = "/api/v1/applications/{number}/authorization", tag = "delegation",
    params(("number" = String, Path, description = "申请编号")),
    request_body = DelegateRequest,
    responses((status = 201, body = Authorization),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` (the holder's face check first) or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`delegation_not_offered`, `not_pickup`, `application_over` or `authorization_active` (revoke it first)", body = ApiError),
              (status = 422, body = ApiError),
              (status = 429, description = "`too_many_authorizations`: three a day per application", body = ApiError)))]
pub async fn authorize(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
    ApiJson(req): ApiJson<DelegateRequest>,
) -> ApiResult<(StatusCode, ApiJson<Authorization>)> {
    let st = state.clone();
    let given = state
        .tx(move |tx, now| super::authorize(tx, &st, &who, &number, req, now))
        .await?;
    let (row, code) = given;
    tracing::info!(number = %row.number, application = %row.app_number, "pickup authorisation given");
    let now = state.clock.now_ms();
    // The code, this once: the applicant tells it to the delegate.
    let answer = Authorization {
        code: Some(code),
        ..row.to_api(now)
    };
    Ok((StatusCode::CREATED, ApiJson(answer)))
}

/// Revokes the active authorisation: the delegate can no longer collect.
#[utoipa::path(post, path = "/api/v1/applications/{number}/authorization/revocation", tag = "delegation",
    params(("number" = String, Path, description = "申请编号")),
    responses((status = 200, body = Authorization),
              (status = 401, body = ApiError),
              (status = 403, description = "`identity_required` or `not_holder`", body = ApiError),
              (status = 404, body = ApiError),
              (status = 409, description = "`no_active_authorization`", body = ApiError)))]
pub async fn revoke(
    State(state): State<AppState>,
    who: Holder,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<ApiJson<Authorization>> {
    let st = state.clone();
    let row = state
        .tx(move |tx, now| super::revoke(tx, &st, &who, &number, now))
        .await?;
    tracing::info!(number = %row.number, "pickup authorisation revoked");
    Ok(ApiJson(row.to_api(state.clock.now_ms())))
}

/// The QR code of the active authorisation's number (`authorization`) or of the pickup
/// voucher (`voucher`), as SVG, for the applicant's own application.
#[utoipa::path(get, path = "/api/v1/applications/{number}/qr/{what}", tag = "delegation",
    params(("number" = String, Path, description = "申请编号"),
           ("what" = String, Path, description = "`authorization` or `voucher`")),
    responses((status = 200, description = "SVG", content_type = "image/svg+xml"),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn qr_code(
    State(state): State<AppState>,
    who: Applicant,
    ApiPath((number, what)): ApiPath<(String, String)>,
) -> ApiResult<Response> {
    let st = state.clone();
    let text = state
        .db
        .call(move |conn| -> ApiResult<Option<String>> {
            let now = st.clock.now_ms();
            let app = crate::applications::store::load_own_app(conn, &number, &who.phone)?;
            Ok(match what.as_str() {
                "authorization" => store::latest_authorization(conn, &app.number)?
                    .filter(|a| a.status.at(a.valid_until_ms, now) == AuthorizationStatus::Active)
                    .map(|a| a.number),
                "voucher" if voucher_shown(app.status, st.profile.sign_for_others) => app.voucher,
                _ => None,
            })
        })
        .await?;
    let svg = text
        .and_then(|t| qr::svg(&t))
        .ok_or_else(|| AppError::not_found("没有可显示的二维码"))?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        svg,
    )
        .into_response())
}

/// The counter's look-up: a 领证凭证 number or a 授权书 number (either one the person in
/// front of the officer shows, by QR code or on paper).
#[utoipa::path(get, path = "/api/v1/admin/pickups", tag = "admin",
    security(("admin_token" = [])),
    params(("q" = String, Query, description = "领证凭证号 or 授权书编号")),
    responses((status = 200, body = PickupCheck),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn admin_lookup(
    State(state): State<AppState>,
    _: Officer,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<ApiJson<PickupCheck>> {
    let q = query
        .get("q")
        .map(|q| q.trim().to_ascii_uppercase())
        .unwrap_or_default();
    let st = state.clone();
    let check = state
        .db
        .call(move |conn| -> ApiResult<PickupCheck> {
            let now = st.clock.now_ms();
            let number = match store::app_number_by_voucher(conn, &q)? {
                Some(n) => Some(n),
                None => store::authorization_by_number(conn, &q)?.map(|a| a.app_number),
            };
            let app = match number {
                Some(n) => crate::applications::store::load_app(conn, &n)?,
                None => None,
            }
            .ok_or_else(|| AppError::not_found("没有找到，请核对领证凭证号或授权书编号"))?;
            Ok(pickup_check(conn, &st, &app, now)?)
        })
        .await?;
    Ok(ApiJson(check))
}

/// The card handed over at the counter: to the applicant, or to the delegate of an
/// authorisation in force who gave its 核验码. Refused for a revoked, used or expired
/// authorisation, and for a wrong code.
#[utoipa::path(post, path = "/api/v1/admin/applications/{number}/pickup", tag = "admin",
    security(("admin_token" = [])),
    params(("number" = String, Path, description = "申请编号")),
    request_body(content = PickupBy, description = "`{\"by\":\"applicant\"}` or `{\"by\":\"delegate\",\"authorization\":…,\"code\":…}`"),
    responses((status = 200, body = PickupCheck),
              (status = 401, body = ApiError), (status = 404, body = ApiError),
              (status = 409, description = "Not ready for pickup; `authorization_revoked`, `authorization_used` or `authorization_expired`", body = ApiError),
              (status = 422, description = "`code`: the 核验码 does not match (the fifth wrong one voids the authorisation: 409 `authorization_revoked`)", body = ApiError)))]
pub async fn admin_pickup(
    State(state): State<AppState>,
    officer: Officer,
    ApiPath(number): ApiPath<String>,
    ApiJson(by): ApiJson<PickupBy>,
) -> ApiResult<ApiJson<PickupCheck>> {
    let _st = state.clone();
    // A wrong code is counted even though the request fails: committed, then answered.
    let st = state.clone();
    let outcome = state
        .tx(move |tx, now| super::hand_over(tx, &st, &officer, &number, &by, now))
        .await?;
    let check = outcome?;
    tracing::info!(number = %check.number, "card handed over at the counter");
    Ok(ApiJson(check))
}

/// The delegate's full ID number, for the officer to compare with the card in the
/// delegate's hand. Each look is logged with the authorisation's number and the officer
/// (never the number itself), like the applicant's.
#[utoipa::path(get, path = "/api/v1/admin/pickups/{authorization}/id-number", tag = "admin",
    security(("admin_token" = [])),
    params(("authorization" = String, Path, description = "授权书编号")),
    responses((status = 200, body = crate::officer::routes::AdminIdNumber),
              (status = 401, body = ApiError), (status = 404, body = ApiError)))]
pub async fn admin_delegate_id(
    State(state): State<AppState>,
    admin: Officer,
    ApiPath(number): ApiPath<String>,
) -> ApiResult<Response> {
    let lookup = number.trim().to_ascii_uppercase();
    let found = state
        .db
        .call(move |c| store::authorization_by_number(c, &lookup))
        .await?
        .ok_or_else(|| AppError::not_found("没有找到这份授权书"))?;
    tracing::info!(officer = %admin.officer, authorization = %found.number, "officer viewed the delegate's full ID number");
    Ok((
        [(CACHE_CONTROL, "private, no-store")],
        ApiJson(crate::officer::routes::AdminIdNumber {
            id_number: found.delegate.id_number,
        }),
    )
        .into_response())
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(authorize))
        .routes(routes!(revoke))
        .routes(routes!(qr_code))
        .routes(routes!(admin_lookup))
        .routes(routes!(admin_delegate_id))
        .routes(routes!(admin_pickup))
}
