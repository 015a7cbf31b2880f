//! Health and the service profile.

use axum::extract::State;
use reissue_domain::api::{ApiError, Health, ServiceProfile};

use crate::error::ApiJson;
use crate::state::AppState;

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
