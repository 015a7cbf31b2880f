use reissue_domain::FieldError;

use crate::text;

/// Everything that can go wrong with a request, in the terms a page needs to act on.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, DNS, a dropped connection. Safe to retry.
    Network,
    /// 401: the session is missing or expired; verify the phone again.
    Unauthenticated(String),
    /// 404: not found, or not this applicant's.
    NotFound(String),
    /// 422: the server's per-field verdicts, to be shown on their fields.
    Validation {
        message: String,
        fields: Vec<FieldError>,
    },
    /// 429: wait this many seconds.
    RateLimited { message: String, retry_after: u32 },
    /// 409 and other 4xx answers with a message meant for the user.
    Rejected {
        status: u16,
        /// The server's machine code (`application_open`, `slot_full`, …).
        code: String,
        message: String,
    },
    /// 5xx: the server failed; retrying later may work.
    Server { status: u16 },
    /// The answer was not what the contract says.
    Decode,
    /// Cancelled by the user (an upload's 取消).
    Aborted,
}

impl ApiError {
    /// What the user reads: says what happened and what to do.
    pub fn message(&self) -> String {
        match self {
            ApiError::Network => text::ERR_NETWORK.to_string(),
            ApiError::Server { .. } => text::ERR_SERVER.to_string(),
            ApiError::Decode => text::ERR_DECODE.to_string(),
            ApiError::Aborted => text::UPLOAD_CANCELLED.to_string(),
            ApiError::Unauthenticated(m)
            | ApiError::NotFound(m)
            | ApiError::Validation { message: m, .. }
            | ApiError::RateLimited { message: m, .. }
            | ApiError::Rejected { message: m, .. } => m.clone(),
        }
    }

    /// Worth trying again as is: network trouble, a gateway, an overloaded server, or
    /// a 500 (only idempotent requests are retried, so repeating one is always safe).
    pub fn is_transient(&self) -> bool {
        match self {
            ApiError::Network => true,
            ApiError::Server { status } => matches!(status, 500 | 502..=504),
            _ => false,
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Validation { fields, .. } => fields,
            _ => &[],
        }
    }
}
