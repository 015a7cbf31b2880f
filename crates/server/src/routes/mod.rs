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

use axum::routing::{any, get, post, put};
use axum::Router;

use crate::error::AppError;
use crate::state::AppState;

async fn api_not_found() -> AppError {
    AppError::not_found("没有这个接口")
}

/// Everything under /api/v1.
pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(meta::health))
        .route("/service", get(meta::service))
        .route("/openapi.json", get(crate::openapi::openapi_json))
        .route("/sms-codes", post(sessions::send_code))
        .route("/sessions", post(sessions::create))
        .route(
            "/sessions/current",
            get(sessions::current).delete(sessions::delete),
        )
        .route("/sessions/current/renewal", post(sessions::renew))
        .route("/start", get(sessions::start))
        .route("/drafts/current", get(drafts::get).put(drafts::put))
        .route(
            "/drafts/current/photos/{slot}",
            put(drafts::put_photo)
                .get(drafts::get_photo)
                .delete(drafts::delete_photo),
        )
        .route("/drafts/current/liveness", post(drafts::start_liveness))
        .route(
            "/drafts/current/photo-on-record",
            get(register::photo_on_record),
        )
        .route("/register/check", post(register::check))
        .route("/identity", get(identity::current))
        .route("/identity/liveness", post(identity::start))
        .route(
            "/loss-reports",
            post(loss_reports::report).get(loss_reports::list),
        )
        .route(
            "/loss-reports/{number}/withdrawal",
            post(loss_reports::withdraw),
        )
        .route("/admin/loss-reports", get(loss_reports::admin_list))
        .route(
            "/appointments",
            post(appointments::book).get(appointments::list),
        )
        .route(
            "/appointments/availability",
            get(appointments::availability),
        )
        .route("/appointments/{number}", put(appointments::reschedule))
        .route(
            "/appointments/{number}/cancellation",
            post(appointments::cancel),
        )
        .route("/liveness/{flow_id}", get(drafts::liveness_status))
        .route(
            "/applications",
            post(applications::submit).get(applications::list),
        )
        .route("/applications/{number}", get(applications::get))
        .route(
            "/applications/{number}/resubmission",
            post(applications::resubmit),
        )
        .route(
            "/applications/{number}/correction",
            put(applications::put_correction),
        )
        .route(
            "/applications/{number}/cancellation",
            post(applications::cancel),
        )
        .route(
            "/applications/{number}/payment",
            post(applications::start_payment),
        )
        .route("/payments/{flow_id}", get(applications::payment_status))
        .route(
            "/applications/{number}/logistics",
            get(applications::logistics),
        )
        .route("/admin/applications", get(admin::list))
        .route("/admin/sessions", post(admin::officer_sign_in))
        .route(
            "/admin/sessions/current",
            axum::routing::delete(admin::officer_sign_out),
        )
        .route("/admin/faults", axum::routing::put(admin::set_faults))
        .route("/admin/clock", post(admin::advance_clock))
        .route(
            "/admin/applications/{number}/decision",
            post(admin::decision),
        )
        .route(
            "/applications/{number}/authorization",
            post(delegation::authorize),
        )
        .route(
            "/applications/{number}/authorization/revocation",
            post(delegation::revoke),
        )
        .route("/applications/{number}/qr/{what}", get(delegation::qr_code))
        .route("/admin/pickups", get(delegation::admin_lookup))
        .route(
            "/admin/pickups/{authorization}/id-number",
            get(delegation::admin_delegate_id),
        )
        .route("/messages", get(messages::list))
        .route("/messages/{id}/read", post(messages::read))
        .route("/admin/outbox", get(messages::outbox))
        .route("/parcels/lookup", post(parcels::lookup))
        .route("/vendor-callbacks", post(vendor_callbacks::receive))
        .route(
            "/admin/applications/{number}/pickup",
            post(delegation::admin_pickup),
        )
        .route("/admin/applications/{number}/advance", post(admin::advance))
        .route(
            "/admin/applications/{number}/temporary-card",
            post(admin::temporary_card_ready),
        )
        .route(
            "/admin/applications/{number}/id-number",
            get(admin::id_number),
        )
        .route(
            "/admin/applications/{number}/photos/{slot}",
            get(admin::photo),
        )
        .fallback(api_not_found)
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
