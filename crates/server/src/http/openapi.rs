//! The OpenAPI document's head: its title, security schemes and tags. The paths come from
//! the routers (`routes::api`), each written once in its handler's annotation.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "身份证丢失补领 API",
        description = "The contract between the citizen's web app and the backend (here: the mock server). Errors are `ApiError` bodies; 422 carries per-field errors; 429 carries `retry_after` and a Retry-After header. Applicants authenticate with the `sid` cookie from POST /api/v1/sessions; officers with `Authorization: Bearer <admin token>`.",
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
