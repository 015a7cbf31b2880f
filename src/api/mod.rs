//! The one typed API client. Pages call the endpoint functions in [`endpoints`]; no page
//! builds a URL or touches `fetch` itself.
//!
//! JSON is read and written by [`json`], a small codec over the domain's serde derives
//! that leaves serde's error messages out of the wasm.

mod client;
mod early;
pub mod endpoints;
mod error;
pub mod json;
pub mod offline;
mod poll;
mod regions;
mod upload;

pub use client::{may_be_signed_in, request, session_ends_at, Method, SessionEndsAt};
pub use endpoints::*;
pub use error::ApiError;
pub use poll::poll_until_final;
pub use regions::regions;
pub use upload::{upload_photo, Upload};

/// Where a request stands, for the page that made it. Never a pair of booleans.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Remote<T> {
    #[default]
    Idle,
    Pending,
    Done(T),
    Failed(ApiError),
}

impl<T> Remote<T> {
    pub fn is_pending(&self) -> bool {
        matches!(self, Remote::Pending)
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Remote::Failed(e) => Some(e),
            _ => None,
        }
    }
}
