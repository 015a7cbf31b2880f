//! One fee, paid once: a second 去缴费 (another tab, a double tap) resumes the open
//! payment instead of opening another; money that arrives for an order already closed
//! (paid late at the vendor after a new order was opened and paid) is recorded for a
//! refund and shown to the officer, and the application is charged once.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn a_second_start_resumes_the_open_payment() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 1, &pickup_form(1)).await;
    ts.approve(&app).await;
    let path = format!("/api/v1/applications/{app}/payment");
    let (s1, first) = post_json(&ts, &c, &path).await;
    let (s2, second) = post_json(&ts, &c, &path).await;
    assert_eq!((s1, s2), (201, 201), "{first} {second}");
    assert_eq!(first["flow_id"], second["flow_id"], "one open payment");
    assert_eq!(first["action"], second["action"]);
    pay(&ts, &c, &app).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "paid");
    let (status, _) = post_json(&ts, &c, &path).await;
    assert_eq!(status, 409, "paid: nothing more to pay");
}

/// A payment callback, signed as the vendor signs it.
async fn paid(ts: &TestServer, flow: &str, amount: u64, nonce: &str) -> u16 {
    let body = json!({ "flow_id": flow, "outcome": "pay", "amount_fen": amount });
    Callback::new(body, ts.clock.now_ms(), nonce)
        .send(ts, VENDOR_KEY)
        .await
        .0
}

#[tokio::test]
async fn money_for_a_closed_order_is_kept_for_refund_and_shown_to_the_officer() {
    let ts = TestServer::start_real().await;
    // The applicant's way to 待缴费 on a real server, by the vendors' signed answers.
    let (c, app) = approved_real(&ts, 1).await;

    let path = format!("/api/v1/applications/{app}/payment");
    let (_, first) = post_json(&ts, &c, &path).await;
    let first = first["flow_id"].as_str().unwrap().to_string();
    // The cashier left open past the order's time; a new order, paid.
    ts.advance(16 * 60);
    let (_, second) = post_json(&ts, &c, &path).await;
    let second = second["flow_id"].as_str().unwrap().to_string();
    assert_ne!(first, second, "the first order had closed");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let fee = detail["fees"]["total_fen"].as_u64().unwrap();
    assert_eq!(paid(&ts, &second, fee, "nonce-pay-0000000002").await, 204);
    // Then the vendor reports the first order paid too: the money is not lost.
    assert_eq!(paid(&ts, &first, fee, "nonce-pay-0000000001").await, 204);

    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "paid");
    let paid_events = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "paid")
        .count();
    assert_eq!(paid_events, 1, "charged once");
    let list: Value = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await
        .json()
        .await
        .unwrap();
    let row = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["number"] == app.as_str())
        .unwrap();
    assert_eq!(row["refund_due_fen"], fee, "{row}");
}
