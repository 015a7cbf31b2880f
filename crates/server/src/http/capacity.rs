//! Load and slow clients: at most `--max-concurrent` requests are handled at once (the
//! rest are answered 503 with Retry-After at once, which the app retries, instead of
//! queueing until everyone times out), and none longer than `--request-timeout` (a slow
//! client's upload included).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::http::error::AppError;

pub struct Capacity {
    permits: Arc<Semaphore>,
    timeout: Duration,
}

impl Capacity {
    pub fn new(max_concurrent: u32, timeout_secs: u64) -> Capacity {
        Capacity {
            permits: Arc::new(Semaphore::new(max_concurrent as usize)),
            timeout: Duration::from_secs(timeout_secs),
        }
    }
}

/// The middleware, on the whole app.
pub async fn layer(State(cap): State<Arc<Capacity>>, req: Request, next: Next) -> Response {
    let Ok(_permit) = cap.permits.clone().try_acquire_owned() else {
        tracing::warn!(
            "busy: {} {} answered 503",
            req.method(),
            reissue_domain::mask::in_text(req.uri().path())
        );
        let mut busy = AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "现在办理的人很多，请稍后再试",
        );
        busy.body.retry_after = Some(1);
        return busy.into_response();
    };
    match tokio::time::timeout(cap.timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("a request took longer than {:?}: answered 503", cap.timeout);
            let mut late = AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "timeout",
                "处理超时，请稍后再试。已填写的内容不会丢失",
            );
            late.body.retry_after = Some(1);
            late.into_response()
        }
    }
}
