//! Health, the service profile and the OpenAPI document.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use reissue_domain::api::{ApiError, Health, ServiceProfile};

use crate::http::error::ApiJson;
use crate::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Liveness of the server.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta",
    responses((status = 200, description = "The server is up", body = Health)))]
pub async fn health() -> ApiJson<Health> {
    ApiJson(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// The service profile: names, accepted regions, minimum age, fees, offices, the
/// notice, the vendors in use.
#[utoipa::path(get, path = "/api/v1/service", tag = "meta",
    responses((status = 200, description = "The profile in force", body = ServiceProfile),
              (status = 500, body = ApiError)))]
pub async fn service(State(state): State<AppState>) -> ApiJson<ServiceProfile> {
    ApiJson(state.profile.clone())
}

/// This document.
// The one `routes::api` built from the handlers' annotations.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json(Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>) -> Response {
    (
        [(axum::http::header::CACHE_CONTROL, "no-cache")],
        axum::Json(doc.as_ref().clone()),
    )
        .into_response()
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(service))
        .routes(routes!(openapi_json))
}
