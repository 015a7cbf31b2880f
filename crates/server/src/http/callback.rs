//! A real vendor's answer as a handler takes it: signed with the key shared with them
//! (the signature, a timestamp within five minutes, a nonce of the right length), and
//! its JSON read. Whether the nonce was seen before is the flow's to say, in its
//! transaction.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;

use crate::http::error::AppError;
use crate::state::AppState;
use crate::vendors::{verify_signature, Refused};

/// What the vendor says of a flow.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VendorCallback {
    pub flow_id: String,
    /// `pass` | `fail` | `cancel` (liveness), `pay` | `cancel` (payment).
    pub outcome: String,
    /// A payment: the amount paid, in fen.
    #[serde(default)]
    pub amount_fen: Option<u32>,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// A callback whose signature holds.
pub struct SignedCallback {
    pub nonce: String,
    pub callback: VendorCallback,
}

impl FromRequest<AppState> for SignedCallback {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state)
            .await
            .map_err(|_| AppError::bad_request("bad_body", "回调内容读取失败"))?;
        check(state, &headers, &body)
    }
}

fn check(state: &AppState, headers: &HeaderMap, body: &Bytes) -> Result<SignedCallback, AppError> {
    let Some(key) = state.config.vendor_key.clone() else {
        return Err(AppError::not_found("没有配置真实供应商"));
    };
    let now = state.clock.now_ms();
    let (timestamp, nonce) = (
        header(headers, "x-vendor-timestamp"),
        header(headers, "x-vendor-nonce").to_string(),
    );
    verify_signature(
        &key,
        timestamp,
        &nonce,
        body,
        header(headers, "x-vendor-signature"),
        now,
    )
    .map_err(|refused| {
        tracing::warn!("vendor callback refused: {refused:?}");
        match refused {
            Refused::Signature => {
                AppError::new(StatusCode::UNAUTHORIZED, "bad_signature", "签名不正确")
            }
            Refused::Stale => AppError::new(
                StatusCode::UNAUTHORIZED,
                "stale_callback",
                "回调时间超出允许范围",
            ),
        }
    })?;
    if !(16..=64).contains(&nonce.len()) {
        return Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "bad_signature",
            "随机串长度不正确",
        ));
    }
    let callback: VendorCallback = serde_json::from_slice(body).map_err(|e| {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_outcome",
            format!("回调内容无法解析：{e}"),
        )
    })?;
    Ok(SignedCallback { nonce, callback })
}
