//! What a refused request says: a machine code, a Chinese message that says what to do,
//! and the errors of the fields it names.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error body: a machine code, a Chinese message that says what to do, and for 422
/// the field-level errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again (429 answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FieldError {
    /// The form field's key, as in [`FormAnswers`] (e.g. `id_number`).
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What every typed refusal of a rule says: a machine code the API carries, and the
/// sentence the person reads, saying what to do. One shape for all of them, so the
/// server answers each the same way and the browser shows each the same way.
pub trait Refusal {
    fn code(&self) -> &'static str;
    fn message(&self) -> String;
}
