//! What every request goes through: the extractors (who is asking, with what body), the
//! errors' shape, the layers (security headers, capacity, faults, CSRF, the client's
//! address behind a proxy), the static front-end and the service's own endpoints.

pub mod auth;
pub mod callback;
pub mod capacity;
pub mod client;
pub mod cookies;
pub mod csrf;
pub mod error;
pub mod faults;
pub mod html;
pub mod idempotency;
pub mod limits;
pub mod meta;
pub mod openapi;
pub mod security;
pub mod static_files;
pub mod upload;
