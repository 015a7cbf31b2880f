use std::future::Future;

use gloo::timers::future::TimeoutFuture;
use reissue_domain::FlowStatus;

use super::ApiError;

/// Asks the server for a flow's verdict until it is final, backing off from 0.5 s to
/// 4 s, for about 20 seconds (a vendor confirms within seconds; a flow still pending
/// after that was abandoned on the vendor page). The browser never decides the outcome itself.
pub async fn poll_until_final<F, Fut>(mut fetch: F) -> Result<FlowStatus, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<FlowStatus, ApiError>>,
{
    let mut delay = 500;
    let mut waited = 0;
    loop {
        let status = fetch().await?;
        if status.is_final() || waited > 20_000 {
            return Ok(status);
        }
        TimeoutFuture::new(delay).await;
        waited += delay;
        delay = (delay * 2).min(4000);
    }
}
