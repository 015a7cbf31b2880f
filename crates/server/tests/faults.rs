//! Fault injection (issue 7 item 1): latency, injected 500/503 before the handler,
//! responses dropped after the handler committed, uploads cut off after N bytes. Never
//! on /api/v1/health or /api/v1/admin/*.

mod common;

use std::time::{Duration, Instant};

use common::*;
use reissue_server::http::faults::FaultSettings;
use serde_json::{json, Value};

fn faults(ts: &TestServer, s: FaultSettings) {
    ts.state().faults.set(s);
}

fn count_apps(ts: &TestServer) -> i64 {
    ts.state().db.call_sync(|c| {
        c.query_row("SELECT count(*) FROM applications", [], |r| r.get(0))
            .unwrap()
    })
}

fn photo_files(ts: &TestServer) -> usize {
    std::fs::read_dir(&ts.state().photos_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".jpg")
        })
        .count()
}

/// A request that must fail as a network error: either no response at all, or a
/// response whose body breaks off.
async fn network_error(rb: reqwest::RequestBuilder) {
    match rb.send().await {
        Err(_) => {}
        Ok(res) => {
            let status = res.status();
            assert!(
                res.bytes().await.is_err(),
                "expected a broken response, got a whole one ({status})"
            );
        }
    }
}

#[tokio::test]
async fn flags_configure_faults() {
    use clap::Parser;
    let c = reissue_server::Config::try_parse_from([
        "reissue-server",
        "--mock",
        "--fault-latency-ms",
        "200",
        "--fault-jitter-ms",
        "50",
        "--fault-error-rate",
        "0.2",
        "--fault-drop-rate",
        "0.1",
        "--fault-upload-cut-bytes",
        "4096",
        "--fault-seed",
        "42",
        "--photo-retention-days",
        "7",
    ])
    .unwrap();
    assert_eq!(
        (c.fault_latency_ms, c.fault_jitter_ms, c.fault_seed),
        (200, 50, Some(42))
    );
    assert_eq!((c.fault_error_rate, c.fault_drop_rate), (0.2, 0.1));
    assert_eq!(c.fault_upload_cut_bytes, Some(4096));
    assert_eq!(c.photo_retention_days, 7);
    for bad in ["1.5", "-0.1", "lots"] {
        assert!(reissue_server::Config::try_parse_from(["x", "--fault-error-rate", bad]).is_err());
    }
    // Off by default; existing flags unchanged.
    let c = reissue_server::Config::try_parse_from([
        "reissue-server",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        "d",
        "--dist",
        "x",
        "--mock",
        "--admin-token",
        "12345678",
        "--auto-review",
        "5",
    ])
    .unwrap();
    assert!(!FaultSettings::from_config(&c).active());
    assert_eq!(c.photo_retention_days, 30);
}

#[tokio::test]
async fn latency_is_added_to_api_requests_but_not_health_or_admin() {
    let ts = TestServer::start_with(|c| c.fault_latency_ms = 300).await;
    let t = Instant::now();
    let (status, _) = get_json(&ts, &client(), "/api/v1/service").await;
    assert_eq!(status, 200);
    assert!(
        t.elapsed() >= Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
    let t = Instant::now();
    assert_eq!(get_json(&ts, &client(), "/api/v1/health").await.0, 200);
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        t.elapsed() < Duration::from_millis(300),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn injected_errors_come_before_the_handler_so_nothing_is_written() {
    let ts = TestServer::start_with(|c| c.fault_seed = Some(1)).await;
    let c = sign_in(&ts, &phone(1)).await;
    faults(
        &ts,
        FaultSettings {
            error_rate: 1.0,
            ..Default::default()
        },
    );
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..12 {
        let res = put_draft(&ts, &c, json!({ "form": pickup_form(1) })).await;
        let status = res.status().as_u16();
        assert!(status == 500 || status == 503, "{status}");
        assert_eq!(res.headers()["cache-control"], "no-store");
        let body: Value = res.json().await.unwrap();
        assert!(
            body["code"].is_string() && body["message"].is_string(),
            "{body}"
        );
        seen.insert(status);
    }
    assert_eq!(seen.len(), 2, "both 500 and 503 appear: {seen:?}");
    // Health and admin still answer.
    assert_eq!(get_json(&ts, &client(), "/api/v1/health").await.0, 200);
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    assert_eq!(res.status(), 200);
    // Nothing was saved.
    let drafts: i64 = ts.state().db.call_sync(|c| {
        c.query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(drafts, 0);
    faults(&ts, FaultSettings::default());
    assert_eq!(
        get_json(&ts, &c, "/api/v1/drafts/current").await,
        (200, Value::Null)
    );

    // A share, reproducibly with a seed.
    let run = |seed: u64| async move {
        let ts = TestServer::start_with(|c| {
            c.fault_error_rate = 0.3;
            c.fault_seed = Some(seed);
        })
        .await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(get_json(&ts, &client(), "/api/v1/service").await.0);
        }
        statuses
    };
    let (a, b) = (run(9).await, run(9).await);
    assert_eq!(a, b);
    let failed = a.iter().filter(|s| **s >= 500).count();
    assert!((4..=24).contains(&failed), "{failed} of 40");
}

#[tokio::test]
async fn dropped_responses_are_committed_and_a_retried_submit_makes_one_application() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(2)).await;
    ready_draft(&ts, &c, &pickup_form(2)).await;
    faults(
        &ts,
        FaultSettings {
            drop_rate: 1.0,
            ..Default::default()
        },
    );
    // The submission goes through, but the answer never arrives — twice.
    for _ in 0..2 {
        network_error(
            c.post(ts.u("/api/v1/applications"))
                .header("idempotency-key", "drop-test-0001"),
        )
        .await;
    }
    assert_eq!(count_apps(&ts), 1);
    // Admin is never dropped.
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    // Back online, the retry with the same key gets the same application.
    faults(&ts, FaultSettings::default());
    let res = submit(&ts, &c, "drop-test-0001").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["number"], list[0]["number"]);
    assert_eq!(count_apps(&ts), 1);

    // A draft save whose answer is lost is saved all the same.
    let c = sign_in(&ts, &phone(3)).await;
    faults(
        &ts,
        FaultSettings {
            drop_rate: 1.0,
            ..Default::default()
        },
    );
    network_error(
        c.put(ts.u("/api/v1/drafts/current"))
            .json(&json!({ "form": pickup_form(3) })),
    )
    .await;
    faults(&ts, FaultSettings::default());
    let (status, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(status, 200);
    assert_eq!(draft["form"]["id_number"], id_number(3).as_str());
}

#[tokio::test]
async fn uploads_cut_after_n_bytes_store_nothing_and_a_retry_succeeds() {
    let ts = TestServer::start_with(|c| c.fault_upload_cut_bytes = Some(8192)).await;
    // Sign-in and drafts pass (no body over the limit is a photo upload).
    let c = sign_in(&ts, &phone(4)).await;
    let res = put_draft(&ts, &c, json!({ "form": pickup_form(4) })).await;
    assert_eq!(res.status(), 200);
    let big = reissue_server::photos::jpeg::numbered_photo(4, 0);
    assert!(big.len() > 12_000, "{}", big.len());
    network_error(
        c.put(ts.u("/api/v1/drafts/current/photos/register_home"))
            .header("content-type", "image/jpeg")
            .body(big.clone()),
    )
    .await;
    assert_eq!(photo_files(&ts), 0);
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert!(draft["photos"]["register_home"].is_null(), "{draft}");
    // A photo under the limit goes through.
    let small = jpeg(1200, 900);
    assert!(small.len() < 8192, "{}", small.len());
    let res = put_photo(&ts, &c, "register_self", small).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // The connection comes back: the same upload retried succeeds.
    faults(&ts, FaultSettings::default());
    let res = put_photo(&ts, &c, "register_home", big).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let meta: Value = res.json().await.unwrap();
    assert_eq!(meta["width"], 1200);
    assert_eq!(photo_files(&ts), 2);
}

/// The e2e suite steers faults and the clock through these; outside `--mock` they do
/// not exist, and they always need the admin token.
#[tokio::test]
async fn fault_and_clock_controls_are_mock_only_and_admin_only() {
    let srv = common::TestServer::start().await;
    let c = reqwest::Client::new();
    let url = format!("{}/api/v1/admin/faults", srv.url);
    let r = c
        .put(&url)
        .json(&serde_json::json!({"error_rate": 1.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = c
        .put(&url)
        .bearer_auth(common::ADMIN)
        .json(&serde_json::json!({"error_rate": 1.0}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/api/v1/service", srv.url))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_server_error(), "every API request now fails");
    let r = c
        .put(&url)
        .bearer_auth(common::ADMIN)
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{}/api/v1/service", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let before = srv.clock.now_ms();
    let r = c
        .post(format!("{}/api/v1/admin/clock", srv.url))
        .bearer_auth(common::ADMIN)
        .json(&serde_json::json!({"seconds": 7200}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(srv.clock.now_ms() - before >= 7_200_000);
}
