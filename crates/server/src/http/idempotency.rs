//! The `Idempotency-Key` header of a request that must happen once: the same key brings
//! back the first answer, never a second action.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::http::error::AppError;

/// A key of 8–64 visible ASCII characters, new per action and reused on retry.
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let key = parts.headers.get("idempotency-key").ok_or_else(|| {
            AppError::bad_request("idempotency_key_required", "缺少 Idempotency-Key 请求头")
        })?;
        key.to_str()
            .ok()
            .map(str::trim)
            .filter(|k| (8..=64).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
            .map(|k| IdempotencyKey(k.to_string()))
            .ok_or_else(|| {
                AppError::bad_request(
                    "idempotency_key_invalid",
                    "Idempotency-Key 应为 8–64 个可见 ASCII 字符",
                )
            })
    }
}
