//! Liveness-check and payment providers: the hooks a deployment switches by the server's
//! service profile, never by the client.
//!
//! Every provider has the same three parts:
//! - `start`: asks the server to open a flow with the vendor and gets back an action
//!   (navigate to a URL, or call a bridge);
//! - `parse_return`: reads what the browser brings back: only an UNTRUSTED hint;
//! - `confirm`: the server's verdict, polled with backoff. Only this decides anything.

mod liveness;
mod payment;
pub mod wechat;

pub use liveness::Liveness;
pub use payment::{pay_in_wechat, Payment, PaymentOutcome};

use reissue_domain::FlowStatus;

/// What the return URL (or a bridge callback) claims. Shown to nobody, decided on by
/// nobody: it only tells the page which flow to ask the server about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReturnHint {
    /// The opaque flow id our server put in the return URL.
    pub flow_id: Option<String>,
    /// Whatever the vendor (or a tamperer) says the outcome was, kept for logs only.
    pub claimed: Option<String>,
}

/// Reads a return URL's query string. Pure, so it is tested natively.
pub fn parse_return_query(search: &str) -> ReturnHint {
    let mut hint = ReturnHint::default();
    for pair in search.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "flow" if is_flow_id(value) => hint.flow_id = Some(value.to_string()),
            // Vendor and tamperer parameters alike: Tencent's BizToken, Alibaba's
            // response, a hand-written ?passed=1 or ?status=SUCCESS.
            "passed" | "status" | "result" | "BizToken" | "response" | "err_msg" => {
                hint.claimed = Some(format!("{key}={value}"))
            }
            _ => {}
        }
    }
    hint
}

/// Flow ids are ours: short, URL-safe. Anything else is not worth a request.
fn is_flow_id(s: &str) -> bool {
    (8..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The outcome a page acts on, from the server's status only.
pub fn verdict(status: &FlowStatus) -> Verdict {
    match status {
        FlowStatus::Passed => Verdict::Passed,
        FlowStatus::Failed { reason } => Verdict::Failed(reason.clone()),
        FlowStatus::Cancelled => Verdict::Cancelled,
        FlowStatus::Expired => Verdict::Expired,
        // Still pending after the polling window: treat as expired, start again.
        FlowStatus::Pending => Verdict::Expired,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Passed,
    Failed(String),
    Cancelled,
    Expired,
}

/// What a return route brought back, read once: the address bar is then cleaned of
/// everything but the flow id, so nothing a vendor (or a tamperer) added stays in
/// history or is shared by accident. A reload of the cleaned URL reads the same id.
pub fn take_return() -> ReturnHint {
    let window = gloo::utils::window();
    let location = window.location();
    let hint = parse_return_query(&location.search().unwrap_or_default());
    let path = location.pathname().unwrap_or_default();
    let clean = match &hint.flow_id {
        Some(f) => format!("{path}?flow={f}"),
        None => path,
    };
    if let Ok(h) = window.history() {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&clean));
    }
    hint
}

/// Leaves for a vendor page. The draft was saved before this is called.
pub(crate) fn navigate(url: &str) {
    let _ = gloo::utils::window().location().assign(url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_flow_id_is_taken_from_a_return_url() {
        let h = parse_return_query("?flow=f_abcdef123456&passed=1");
        assert_eq!(h.flow_id.as_deref(), Some("f_abcdef123456"));
        assert_eq!(h.claimed.as_deref(), Some("passed=1"));
        let h = parse_return_query("?status=SUCCESS");
        assert_eq!(h.flow_id, None);
        // A crafted id is not even asked about.
        assert_eq!(parse_return_query("?flow=../../admin").flow_id, None);
        assert_eq!(parse_return_query("?flow=a%2Fb").flow_id, None);
        assert_eq!(parse_return_query("").flow_id, None);
    }

    #[test]
    fn the_verdict_comes_from_the_server_status_only() {
        assert_eq!(verdict(&FlowStatus::Passed), Verdict::Passed);
        assert_eq!(verdict(&FlowStatus::Pending), Verdict::Expired);
        assert_eq!(
            verdict(&FlowStatus::Failed {
                reason: "未检测到眨眼".into()
            }),
            Verdict::Failed("未检测到眨眼".into())
        );
    }
}
