//! The WeChat JS bridge (`WeixinJSBridge`), present only inside WeChat's webview.

use futures_channel::oneshot;
use futures_util::future::{select, Either};
use gloo::events::EventListener;
use gloo::timers::future::TimeoutFuture;
use js_sys::{Function, Object, Reflect};
use reissue_domain::WechatPayParams;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the bridge's callback said. A hint, never proof of payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeResult {
    /// `get_brand_wcpay_request:ok`
    ClaimsOk,
    /// `get_brand_wcpay_request:cancel`
    Cancelled,
    /// `get_brand_wcpay_request:fail` or anything else.
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeError {
    /// Not inside WeChat, or the bridge never became ready.
    Unavailable,
    /// The bridge took the call but never called back.
    NoAnswer,
    Threw,
}

pub fn classify(err_msg: &str) -> BridgeResult {
    match err_msg {
        "get_brand_wcpay_request:ok" => BridgeResult::ClaimsOk,
        "get_brand_wcpay_request:cancel" => BridgeResult::Cancelled,
        other => BridgeResult::Failed(other.to_string()),
    }
}

fn bridge() -> Option<Object> {
    let w = gloo::utils::window();
    Reflect::get(&w, &"WeixinJSBridge".into())
        .ok()
        .filter(|b| b.is_object())
        .map(JsValue::unchecked_into)
}

/// Waits for `WeixinJSBridgeReady` when the page loaded before the bridge did.
async fn ready_bridge() -> Option<Object> {
    if let Some(b) = bridge() {
        return Some(b);
    }
    let (tx, rx) = oneshot::channel::<()>();
    let mut tx = Some(tx);
    let _listener =
        EventListener::once(&gloo::utils::document(), "WeixinJSBridgeReady", move |_| {
            if let Some(tx) = tx.take() {
                let _ = tx.send(());
            }
        });
    // Whichever comes first; the bridge is looked up again either way.
    select(rx, TimeoutFuture::new(5_000)).await;
    bridge()
}

/// `WeixinJSBridge.invoke('getBrandWCPayRequest', params, cb)` with the server-signed
/// parameters, exactly as the server sent them.
pub async fn invoke_pay(params: &WechatPayParams) -> Result<BridgeResult, BridgeError> {
    let bridge = ready_bridge().await.ok_or(BridgeError::Unavailable)?;
    let invoke: Function = Reflect::get(&bridge, &"invoke".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(BridgeError::Unavailable)?;
    let args = Object::new();
    for (k, v) in [
        ("appId", &params.appId),
        ("timeStamp", &params.timeStamp),
        ("nonceStr", &params.nonceStr),
        ("package", &params.package),
        ("signType", &params.signType),
        ("paySign", &params.paySign),
    ] {
        let _ = Reflect::set(&args, &k.into(), &v.into());
    }
    let (tx, rx) = oneshot::channel::<String>();
    let mut tx = Some(tx);
    let cb = Closure::<dyn FnMut(JsValue)>::new(move |res: JsValue| {
        let msg = Reflect::get(&res, &"err_msg".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        if let Some(tx) = tx.take() {
            let _ = tx.send(msg);
        }
    });
    invoke
        .call3(
            &bridge,
            &"getBrandWCPayRequest".into(),
            &args,
            cb.as_ref().unchecked_ref(),
        )
        .map_err(|_| BridgeError::Threw)?;
    // The callback is known to go missing (WeChat's own docs); after a minute stop
    // waiting and let the caller ask the server.
    let msg = match select(rx, TimeoutFuture::new(60_000)).await {
        Either::Left((answer, _)) => answer.ok(),
        Either::Right(_) => None,
    };
    drop(cb);
    msg.map(|m| classify(&m)).ok_or(BridgeError::NoAnswer)
}
