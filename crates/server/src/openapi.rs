//! The OpenAPI document, generated from the handlers' annotations and the domain types.

use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{
    admin, applications, appointments, delegation, drafts, identity, loss_reports, messages, meta,
    parcels, register, sessions, vendor_callbacks,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "身份证丢失补领 API",
        description = "The contract between the citizen's web app and the backend (here: the mock server). Errors are `ApiError` bodies; 422 carries per-field errors; 429 carries `retry_after` and a Retry-After header. Applicants authenticate with the `sid` cookie from POST /api/v1/sessions; officers with `Authorization: Bearer <admin token>`.",
    ),
    paths(
        meta::health,
        meta::service,
        sessions::send_code,
        sessions::create,
        sessions::current,
        sessions::renew,
        sessions::start,
        sessions::delete,
        drafts::get,
        drafts::put,
        drafts::put_photo,
        drafts::get_photo,
        drafts::delete_photo,
        drafts::start_liveness,
        drafts::liveness_status,
        register::check,
        identity::start,
        identity::current,
        register::photo_on_record,
        appointments::availability,
        appointments::list,
        appointments::book,
        appointments::reschedule,
        appointments::cancel,
        loss_reports::report,
        loss_reports::list,
        loss_reports::withdraw,
        loss_reports::admin_list,
        applications::submit,
        applications::list,
        applications::get,
        applications::resubmit,
        applications::put_correction,
        applications::cancel,
        applications::start_payment,
        applications::payment_status,
        applications::logistics,
        admin::list,
        admin::decision,
        admin::advance,
        admin::temporary_card_ready,
        delegation::authorize,
        delegation::revoke,
        delegation::qr_code,
        delegation::admin_lookup,
        delegation::admin_pickup,
        delegation::admin_delegate_id,
        messages::list,
        messages::read,
        messages::outbox,
        parcels::lookup,
        vendor_callbacks::receive,
        admin::id_number,
        admin::photo,
        admin::set_faults,
        admin::advance_clock,
        admin::officer_sign_in,
        admin::officer_sign_out,
        openapi_json,
    ),
    modifiers(&Security),
    tags(
        (name = "meta"), (name = "session"), (name = "draft"), (name = "liveness"),
        (name = "application"), (name = "payment"), (name = "register"),
        (name = "appointment"), (name = "loss_report"), (name = "delegation"), (name = "messages"), (name = "parcels"), (name = "vendor"), (name = "admin"),
    )
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "admin_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session_cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("sid"))),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn openapi_json() -> Response {
    let doc = ApiDoc::openapi();
    (
        [(axum::http::header::CACHE_CONTROL, "no-cache")],
        axum::Json(doc),
    )
        .into_response()
}
