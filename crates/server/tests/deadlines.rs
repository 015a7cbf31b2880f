//! The fee's time limit, on the server's clock: a reminder a day after approval, the
//! last call the day before closing (each one message, however often the pass runs),
//! then the approval closes unpaid and can no longer be paid; a payment open at the
//! vendor when the time runs out is not closed under it.

mod common;

use common::*;
use reissue_server::jobs::deadlines;
use reissue_server::jobs::notifier;
use serde_json::Value;

const HOUR: u64 = 3600;

/// The kinds of the applicant's messages, oldest first.
async fn kinds(ts: &TestServer, c: &reqwest::Client) -> Vec<String> {
    let (status, inbox) = get_json(ts, c, "/api/v1/messages").await;
    assert_eq!(status, 200);
    let mut kinds: Vec<String> = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.reverse();
    kinds
}

#[tokio::test]
async fn an_unpaid_approval_is_reminded_twice_then_closed() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 1, &pickup_form(1)).await;
    ts.approve(&app).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    // Sichuan holds an approval for seven days.
    assert!(detail["pay_by"].as_str().is_some(), "{detail}");

    ts.advance(23 * HOUR);
    assert_eq!(deadlines::tick(ts.state()).await, 0, "nothing within a day");
    ts.advance(HOUR);
    assert_eq!(deadlines::tick(ts.state()).await, 1);
    assert_eq!(deadlines::tick(ts.state()).await, 0, "reminded once");
    // Days pass between visits: the applicant signs in again each time.
    let c = sign_in(&ts, &phone(1)).await;
    assert_eq!(kinds(&ts, &c).await, ["approved", "payment_reminder"]);

    ts.advance(5 * 24 * HOUR);
    deadlines::tick(ts.state()).await;
    deadlines::tick(ts.state()).await;
    let c = sign_in(&ts, &phone(1)).await;
    assert_eq!(
        kinds(&ts, &c).await,
        ["approved", "payment_reminder", "payment_last_call"]
    );
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    let last: &Value = &inbox["messages"][0];
    assert_eq!(last["action"], "去缴费");
    let by = detail["pay_by"].as_str().unwrap();
    assert!(
        last["body"].as_str().unwrap().contains(&by[..10]),
        "the last call names the day: {last}"
    );

    ts.advance(24 * HOUR);
    assert_eq!(deadlines::tick(ts.state()).await, 1);
    let c = sign_in(&ts, &phone(1)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "expired");
    assert!(detail.get("pay_by").is_none());
    let last = &detail["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert!(last["detail"]
        .as_str()
        .unwrap()
        .contains("没有收取任何费用"));
    assert_eq!(kinds(&ts, &c).await.last().unwrap(), "payment_expired");
    let (status, body) = post_json(&ts, &c, &format!("/api/v1/applications/{app}/payment")).await;
    assert_eq!(status, 409, "{body}");

    // Each of the four went out once by SMS and once by WeChat.
    notifier::tick(ts.state()).await;
    let sent: i64 = ts.state().db.call_sync(|c| {
        c.query_row(
            "SELECT count(*) FROM deliveries WHERE status = 'sent'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(sent, 8);
}

#[tokio::test]
async fn paying_is_refused_once_the_window_has_passed_even_before_the_pass_runs() {
    let ts = TestServer::start().await;
    let (_, app) = submitted(&ts, 2, &pickup_form(2)).await;
    ts.approve(&app).await;
    ts.advance(7 * 24 * HOUR);
    let c = sign_in(&ts, &phone(2)).await;
    let (status, body) = post_json(&ts, &c, &format!("/api/v1/applications/{app}/payment")).await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "payment_expired");
    assert!(body["message"].as_str().unwrap().contains("重新申请"));
}

#[tokio::test]
async fn a_payment_open_at_the_vendor_is_not_closed_under_it() {
    let ts = TestServer::start().await;
    let (_, app) = submitted(&ts, 3, &pickup_form(3)).await;
    ts.approve(&app).await;
    ts.advance(7 * 24 * HOUR - 60);
    let c = sign_in(&ts, &phone(3)).await;
    let (status, start) = post_json(&ts, &c, &format!("/api/v1/applications/{app}/payment")).await;
    assert_eq!(status, 201, "{start}");
    let flow = start["flow_id"].as_str().unwrap().to_string();
    ts.advance(120);
    deadlines::tick(ts.state()).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "awaiting_payment", "the vendor decides");
    c.post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
    assert_eq!(st["status"], "passed");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "paid");
}
