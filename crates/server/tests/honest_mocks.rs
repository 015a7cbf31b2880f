//! The mocks only where they are asked for: a server without `--mock` has no mock
//! vendor pages (nobody marks their own face check passed or their fee paid) and will
//! not start with a profile that names a mock provider; `--mock` (codes in the answer:
//! anyone signs in as anyone) stays on the loopback address unless `--mock-public` says
//! otherwise. The real providers' results arrive as callbacks signed with the vendor's
//! key: a forged, stale or replayed one is refused, and so is a payment of another
//! amount.

mod common;

use common::*;
use reissue_server::AppState;
use reissue_server::Config;
use serde_json::json;

fn config(dir: &tempfile::TempDir) -> Config {
    let mut c = Config::for_tests(dir.path().join("data"));
    c.mock = false;
    c.admin_token = Some(REAL_ADMIN_TOKEN.into());
    c
}

#[test]
fn without_mock_a_profile_with_mock_providers_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    let err = AppState::new(config(&dir)).err().expect("refused");
    assert!(err.contains("--mock"), "{err}");
}

#[test]
fn mock_mode_stays_on_the_loopback_address_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Config::for_tests(dir.path().join("data"));
    c.listen = "0.0.0.0:8080".parse().unwrap();
    let err = AppState::new(c.clone()).err().expect("refused");
    assert!(err.contains("--mock-public"), "{err}");
    c.mock_public = true;
    assert!(AppState::new(c).is_ok());
}

#[tokio::test]
async fn without_mock_nobody_can_pass_their_own_check_or_pay_their_own_fee() {
    let ts = TestServer::start_real().await;
    let c = sign_in(&ts, &phone(1)).await;
    let res = put_draft(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true, "form": pickup_form(1) }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let (status, start) = post_json(&ts, &c, "/api/v1/drafts/current/liveness").await;
    assert_eq!(status, 201, "{start}");
    let flow = start["flow_id"].as_str().unwrap().to_string();
    assert!(start["action"]["url"]
        .as_str()
        .unwrap()
        .starts_with("https://vendor.example.com/h5"));
    // The mock vendor's page is not there to be posted to.
    for path in [
        format!("/mock-vendor/liveness/{flow}"),
        format!("/mock-vendor/payment/{flow}"),
    ] {
        let res = c
            .post(ts.u(&path))
            .form(&[("outcome", "pass")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "pending");

    let now = ts.clock.now_ms();
    let pass = json!({ "flow_id": flow, "outcome": "pass" });
    // Forged (another key), stale (ten minutes old): refused, and nothing recorded.
    let forged = Callback::new(pass.clone(), now, "nonce-forged-000001");
    assert_eq!(forged.send(&ts, "not-the-vendor-key").await.0, 401);
    let stale = Callback::new(pass.clone(), now - 600_000, "nonce-stale-0000001");
    assert_eq!(stale.send(&ts, VENDOR_KEY).await.0, 401);
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "pending");
    // Signed by the vendor: passed. The same callback again is a replay.
    let real = Callback::new(pass, now, "nonce-real-00000001");
    assert_eq!(real.send(&ts, VENDOR_KEY).await.0, 204);
    assert_eq!(real.send(&ts, VENDOR_KEY).await.0, 409);
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "passed");
}

#[tokio::test]
async fn a_payment_callback_of_another_amount_is_refused() {
    let ts = TestServer::start_real().await;
    let res = client()
        .get(ts.u("/api/v1/admin/applications"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        401,
        "the mock's officer token is not this server's"
    );
    let (c, number) = approved_real(&ts, 2).await;
    let now = ts.clock.now_ms();
    let (status, pay) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    assert_eq!(status, 201, "{pay}");
    let flow = pay["flow_id"].as_str().unwrap().to_string();

    let cheap = json!({ "flow_id": flow, "outcome": "pay", "amount_fen": 1 });
    let (status, body) = Callback::new(cheap, now, "nonce-pay-000000001")
        .send(&ts, VENDOR_KEY)
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "amount_mismatch");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "awaiting_payment");
    let fee = detail["fees"]["total_fen"].as_u64().unwrap();
    let paid = json!({ "flow_id": flow, "outcome": "pay", "amount_fen": fee });
    let (status, _) = Callback::new(paid, now, "nonce-pay-000000002")
        .send(&ts, VENDOR_KEY)
        .await;
    assert_eq!(status, 204);
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "paid");
}

#[tokio::test]
async fn a_server_as_deployed_keeps_no_sms_text_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("real.json");
    let mut p: serde_json::Value =
        serde_json::from_str(include_str!("../../../profiles/sichuan.json")).unwrap();
    p["liveness_provider"] = json!("redirect_vendor");
    p["payment_provider"] = json!("wechat_jsapi");
    std::fs::write(&profile, p.to_string()).unwrap();
    let mut c = config(&dir);
    c.profile = profile.to_string_lossy().into_owned();
    c.vendor_key = Some("k".repeat(32));
    c.vendor_url = Some("https://vendor.example.com/h5".into());
    c.sms_screen = false;
    let state = AppState::new(c).expect("starts on loopback");
    let running = reissue_server::start(state, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let res = reqwest::Client::new()
        .post(format!("http://{}/api/v1/sms-codes", running.addr))
        .json(&json!({ "phone": "13900000001" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(running.state.gateways.screen("13900000001"), None);
}
