use reissue_domain::{FlowStatus, PaymentProvider, ProviderAction, ServiceProfile};

use super::wechat::{self, BridgeResult};
use crate::api::{self, ApiError};

/// How the fee is paid, as the profile says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    /// Our mock cashier page on the mock server (redirect and return).
    Mock,
    /// WeChat Pay JSAPI inside WeChat's webview: `WeixinJSBridge.invoke(
    /// 'getBrandWCPayRequest', params, cb)`. The callback is only a hint.
    WechatJsapi,
}

/// What the payment page shows after a payment attempt, from the server's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// The browser is navigating to the vendor; the return page takes over.
    Redirected,
    /// The server's answer after the bridge came back.
    Confirmed(FlowStatus),
}

impl Payment {
    /// The profile's choice (see [`super::Liveness::from_profile`] for `None`).
    pub fn from_profile(p: Option<&ServiceProfile>) -> Self {
        match p.map(|p| p.payment_provider) {
            Some(PaymentProvider::WechatJsapi) => Payment::WechatJsapi,
            Some(PaymentProvider::Mock) | None => Payment::Mock,
        }
    }

    /// Opens a payment for the application (the server decides the amount) and
    /// performs the action.
    pub async fn start(self, number: &str) -> Result<PaymentOutcome, ApiError> {
        let flow = api::start_payment(number).await?;
        let flow_id = flow.flow_id.clone();
        match flow.action {
            ProviderAction::Redirect { url } => {
                super::navigate(&url);
                Ok(PaymentOutcome::Redirected)
            }
            ProviderAction::WechatJsapi { params } => {
                let status = pay_in_wechat(&params, || async {
                    api::poll_until_final(|| api::payment_status(&flow_id)).await
                })
                .await?;
                Ok(PaymentOutcome::Confirmed(status))
            }
        }
    }

    pub async fn confirm(self, flow_id: &str) -> Result<FlowStatus, ApiError> {
        api::poll_until_final(|| api::payment_status(flow_id)).await
    }
}

/// Calls the WeChat bridge, then asks the server. WeChat's own documentation says the
/// callback is not reliable: `get_brand_wcpay_request:ok` does not mean paid. So the
/// server is always asked, whatever the bridge said, and its answer is the result;
/// only a cancel skips the wait (nothing was paid, the user chose to stop).
pub async fn pay_in_wechat<F, Fut>(
    params: &reissue_domain::WechatPayParams,
    confirm: F,
) -> Result<FlowStatus, ApiError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<FlowStatus, ApiError>>,
{
    let hint = wechat::invoke_pay(params).await;
    match hint {
        Ok(BridgeResult::Cancelled) => Ok(FlowStatus::Cancelled),
        // ok, fail, or no bridge answer at all: the server decides.
        _ => confirm().await,
    }
}
