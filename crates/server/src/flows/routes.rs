//! The real vendors' answers: a callback signed with the key shared with them (the
//! signature, a timestamp within five minutes, a nonce never seen before), naming the
//! flow and its outcome, and for a payment the amount actually paid, which must be the
//! server's. Only then is the outcome recorded for `confirm` to read; a mock server has
//! no key and answers 404.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use reissue_domain::api::ApiError;
use serde::Deserialize;

use crate::flows;
use crate::http::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::vendors::{outcomes, verify_signature, FlowKind, Refused};
use utoipa_axum::{router::OpenApiRouter, routes};

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

/// Receives a vendor's signed answer.
#[utoipa::path(post, path = "/api/v1/vendor-callbacks", tag = "vendor",
    request_body = VendorCallback,
    params(
        ("X-Vendor-Timestamp" = String, Header, description = "Unix seconds"),
        ("X-Vendor-Nonce" = String, Header, description = "16–64 characters, never reused"),
        ("X-Vendor-Signature" = String, Header, description = "hex HMAC-SHA256 with the vendor key over `timestamp\\nnonce\\nbody\\n`")),
    responses((status = 204, description = "Recorded (the first answer of a flow wins)"),
              (status = 401, description = "`bad_signature` or `stale_callback`", body = ApiError),
              (status = 404, description = "No such flow, or no real vendor configured", body = ApiError),
              (status = 409, description = "`replayed`: this nonce was used before", body = ApiError),
              (status = 422, description = "`bad_outcome`, or `amount_mismatch` (paid another amount)", body = ApiError)))]
pub async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let Some(key) = state.config.vendor_key.clone() else {
        return Err(AppError::not_found("没有配置真实供应商"));
    };
    let now = state.clock.now_ms();
    let (timestamp, nonce) = (
        header(&headers, "x-vendor-timestamp"),
        header(&headers, "x-vendor-nonce").to_string(),
    );
    verify_signature(
        &key,
        timestamp,
        &nonce,
        &body,
        header(&headers, "x-vendor-signature"),
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
    let callback: VendorCallback = serde_json::from_slice(&body).map_err(|e| {
        AppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_outcome",
            format!("回调内容无法解析：{e}"),
        )
    })?;
    let id = callback.flow_id.clone();
    state
        .db
        .call(move |conn| -> ApiResult<()> {
            let tx = conn.transaction()?;
            if !crate::flows::store::first_use_of_nonce(&tx, &nonce, now)? {
                return Err(AppError::conflict("replayed", "该回调已处理过"));
            }
            let flow = crate::flows::store::load_flow(&tx, &callback.flow_id)?
                .ok_or_else(|| AppError::not_found("找不到该业务"))?;
            if !outcomes(flow.kind).contains(&callback.outcome.as_str()) {
                return Err(AppError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "bad_outcome",
                    format!("“{}”不是这类业务的结果", callback.outcome),
                ));
            }
            if flow.kind == FlowKind::Payment
                && callback.outcome == "pay"
                && callback.amount_fen != flow.amount_fen
            {
                tracing::warn!(flow = %flow.id, "payment callback of another amount refused");
                return Err(AppError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "amount_mismatch",
                    "支付金额与应缴金额不一致",
                ));
            }
            if flow.kind == FlowKind::Payment && callback.outcome == "pay" {
                crate::flows::store::record_payment_arrived(&tx, &flow.id, now)?;
            } else {
                crate::flows::store::record_vendor_outcome(
                    &tx,
                    &flow.id,
                    flow.kind,
                    &callback.outcome,
                    now,
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await?;
    // Settled now, so the result does not wait for the browser to come back.
    flows::settle(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This resource's endpoints: each path is written once, in its handler's annotation,
/// which also puts it in the OpenAPI document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(receive))
}
