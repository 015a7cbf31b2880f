//! One module per resource.

pub mod admin;
pub mod applications;
pub mod appointments;
pub mod delegation;
pub mod drafts;
pub mod identity;
pub mod loss_reports;
pub mod messages;
pub mod meta;
pub mod mock_vendor;
pub mod officer;
pub mod parcels;
pub mod register;
pub mod sessions;
pub mod vendor_callbacks;

use axum::routing::{any, get, post};
use axum::Router;
use utoipa::openapi::OpenApi;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

use crate::openapi::ApiDoc;

use crate::error::AppError;
use crate::state::AppState;

async fn api_not_found() -> AppError {
    AppError::not_found("没有这个接口")
}

/// Everything under /api/v1, and the OpenAPI document of it: each resource's router
/// brings its paths and their documentation together.
pub fn api() -> (Router<AppState>, OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(meta::router())
        .merge(sessions::router())
        .merge(drafts::router())
        .merge(register::router())
        .merge(identity::router())
        .merge(loss_reports::router())
        .merge(appointments::router())
        .merge(applications::router())
        .merge(admin::router())
        .merge(delegation::router())
        .merge(messages::router())
        .merge(parcels::router())
        .merge(vendor_callbacks::router())
        .route("/api/v1", any(api_not_found))
        .route("/api/v1/{*rest}", any(api_not_found))
        .split_for_parts()
}

/// The officer page, and the mock vendors' pages in mock mode only (anyone may post an
/// outcome there).
pub fn pages(mock: bool) -> Router<AppState> {
    let officer = Router::new()
        .route("/officer", get(officer::page_handler))
        .route("/officer/officer.js", get(officer::script));
    if !mock {
        return officer.route("/mock-vendor/{*rest}", any(api_not_found));
    }
    officer
        .route(
            "/mock-vendor/liveness/{flow_id}",
            get(mock_vendor::liveness_page).post(mock_vendor::liveness_outcome),
        )
        .route(
            "/mock-vendor/payment/{flow_id}",
            get(mock_vendor::payment_page).post(mock_vendor::payment_outcome),
        )
        .route("/mock-vendor/captcha", post(mock_vendor::captcha_ticket))
        .route("/mock-vendor/assets/camera.js", get(mock_vendor::camera_js))
        .route("/mock-vendor/assets/page.css", get(crate::html::style_css))
        .route("/mock-vendor/{*rest}", any(api_not_found))
}
