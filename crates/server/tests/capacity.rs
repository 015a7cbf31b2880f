//! Load and slow clients: no more requests at once than the server is set for (the rest
//! told 503 with Retry-After, which the app retries), and none longer than the request
//! timeout.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[tokio::test]
async fn more_requests_than_the_server_takes_at_once_are_told_to_come_back() {
    let ts = TestServer::start_with(|c| {
        c.max_concurrent = 2;
        c.fault_latency_ms = 600;
    })
    .await;
    let c = client();
    let calls = (0..4).map(|_| c.get(ts.u("/api/v1/service")).send());
    let answers = futures_util::future::join_all(calls).await;
    let mut busy = 0;
    for res in answers {
        let res = res.unwrap();
        if res.status() == 503 {
            busy += 1;
            assert_eq!(res.headers()["retry-after"], "1");
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["code"], "busy");
            assert!(body["message"].as_str().unwrap().contains("稍后"));
        } else {
            assert_eq!(res.status(), 200);
        }
    }
    assert_eq!(busy, 2, "two taken, two told to come back");
    // Once they are done, there is room again.
    let res = c.get(ts.u("/api/v1/service")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_request_is_not_kept_longer_than_the_timeout() {
    let ts = TestServer::start_with(|c| {
        c.request_timeout_secs = 1;
        c.fault_latency_ms = 3000;
    })
    .await;
    let started = Instant::now();
    let res = client().get(ts.u("/api/v1/service")).send().await.unwrap();
    assert!(started.elapsed() < Duration::from_millis(2500));
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], "timeout");
}
