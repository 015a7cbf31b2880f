//! The WeChat Pay JSAPI provider against a fake `WeixinJSBridge` installed by the test:
//! the parameters reach the bridge exactly as the server signed them, and the bridge's
//! "ok" alone never makes an order paid.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use idcard_reissue::providers::{pay_in_wechat, wechat};
use reissue_domain::{FlowStatus, WechatPayParams};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn params() -> WechatPayParams {
    WechatPayParams {
        appId: "wx2421b1c4370ec43b".into(),
        timeStamp: "1795420800".into(),
        nonceStr: "e61463f8efa94090b1f366cccfbbb444".into(),
        package: "prepay_id=wx21201855730335ac86f8c43d1889123400".into(),
        signType: "RSA".into(),
        paySign: "oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ".into(),
    }
}

/// Installs a fake bridge that records its calls and answers with `err_msg`.
fn install_bridge(err_msg: &str) {
    let js = format!(
        "window.__wxCalls = []; window.WeixinJSBridge = {{ invoke: function (name, p, cb) {{
            window.__wxCalls.push({{ name: name, params: JSON.parse(JSON.stringify(p)) }});
            setTimeout(function () {{ cb({{ err_msg: '{err_msg}' }}); }}, 10);
        }} }};"
    );
    js_sys::eval(&js).unwrap();
}

fn remove_bridge() {
    js_sys::eval("delete window.WeixinJSBridge; window.__wxCalls = [];").unwrap();
}

fn calls() -> JsValue {
    js_sys::eval("JSON.stringify(window.__wxCalls)").unwrap()
}

#[wasm_bindgen_test]
async fn the_bridge_gets_the_server_signed_parameters() {
    install_bridge("get_brand_wcpay_request:ok");
    let result = wechat::invoke_pay(&params()).await.unwrap();
    assert_eq!(result, wechat::BridgeResult::ClaimsOk);
    let recorded: String = calls().as_string().unwrap();
    let expected = serde_json_like(&params());
    assert!(
        recorded.contains("\"name\":\"getBrandWCPayRequest\""),
        "{recorded}"
    );
    assert!(
        recorded.contains(&expected),
        "{recorded} should contain {expected}"
    );
    remove_bridge();
}

/// The params object as JSON.stringify writes it (keys in insertion order).
fn serde_json_like(p: &WechatPayParams) -> String {
    format!(
        "\"params\":{{\"appId\":\"{}\",\"timeStamp\":\"{}\",\"nonceStr\":\"{}\",\"package\":\"{}\",\"signType\":\"{}\",\"paySign\":\"{}\"}}",
        p.appId, p.timeStamp, p.nonceStr, p.package, p.signType, p.paySign
    )
}

#[wasm_bindgen_test]
async fn ok_from_the_bridge_alone_does_not_mark_the_order_paid() {
    install_bridge("get_brand_wcpay_request:ok");
    let asked = Rc::new(Cell::new(false));
    let asked2 = asked.clone();
    // The server has not heard from WeChat Pay: the order is still pending.
    let status = pay_in_wechat(&params(), move || async move {
        asked2.set(true);
        Ok(FlowStatus::Pending)
    })
    .await
    .unwrap();
    assert!(asked.get(), "the server was asked");
    assert_ne!(status, FlowStatus::Passed);
    assert_eq!(status, FlowStatus::Pending);

    // Only the server's confirmation makes it paid.
    let status = pay_in_wechat(&params(), || async { Ok(FlowStatus::Passed) })
        .await
        .unwrap();
    assert_eq!(status, FlowStatus::Passed);
    remove_bridge();
}

#[wasm_bindgen_test]
async fn a_failed_bridge_call_still_asks_the_server_and_a_cancel_does_not_wait() {
    install_bridge("get_brand_wcpay_request:fail");
    let status = pay_in_wechat(&params(), || async {
        Ok(FlowStatus::Failed {
            reason: "余额不足".into(),
        })
    })
    .await
    .unwrap();
    assert_eq!(
        status,
        FlowStatus::Failed {
            reason: "余额不足".into()
        }
    );

    install_bridge("get_brand_wcpay_request:cancel");
    let status = pay_in_wechat(&params(), || async {
        panic!("a cancel needs no server round trip")
    })
    .await
    .unwrap();
    assert_eq!(status, FlowStatus::Cancelled);
    remove_bridge();
}

#[wasm_bindgen_test]
async fn the_provider_waits_for_weixin_js_bridge_ready() {
    remove_bridge();
    // The bridge arrives 50 ms after the page asked, announced by WeixinJSBridgeReady.
    js_sys::eval(
        "setTimeout(function () {
            window.__wxCalls = [];
            window.WeixinJSBridge = { invoke: function (n, p, cb) { window.__wxCalls.push({ name: n }); cb({ err_msg: 'get_brand_wcpay_request:ok' }); } };
            document.dispatchEvent(new Event('WeixinJSBridgeReady'));
        }, 50);",
    )
    .unwrap();
    let result = wechat::invoke_pay(&params()).await.unwrap();
    assert_eq!(result, wechat::BridgeResult::ClaimsOk);
    remove_bridge();
}

#[wasm_bindgen_test]
fn bridge_messages_are_classified() {
    assert_eq!(
        wechat::classify("get_brand_wcpay_request:ok"),
        wechat::BridgeResult::ClaimsOk
    );
    assert_eq!(
        wechat::classify("get_brand_wcpay_request:cancel"),
        wechat::BridgeResult::Cancelled
    );
    assert!(matches!(
        wechat::classify("whatever"),
        wechat::BridgeResult::Failed(_)
    ));
}
