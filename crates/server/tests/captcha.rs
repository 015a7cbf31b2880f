//! The human check as a provider: without `--mock` the server asks the captcha vendor
//! (Tencent Captcha's shape) whether a ticket is a solved check, with the app's id and
//! secret and the user's address; the vendor's word decides, and a vendor that cannot be
//! asked is not a pass. A server citizens can reach does not start without a vendor;
//! on the loopback address it runs without the human check, the allowances holding.

mod common;

use std::sync::{Arc, Mutex};

use axum::routing::post;
use axum::{Json, Router};
use common::*;
use reissue_server::AppState;
use reissue_server::Config;
use serde_json::{json, Value};

const APP_ID: u64 = 190_012_345;
const SECRET: &str = "captcha-app-secret-for-tests";
const GOOD_TICKET: &str = "tr03-good-ticket";
const GOOD_RANDSTR: &str = "@Rnd";

/// A stand-in for the vendor on 127.0.0.1: CaptchaCode 1 for the good ticket and
/// random string, 9 for anything else, a 500 for the ticket `broken`. Returns its URL
/// and what it was sent.
async fn stub_vendor() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::<Value>::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/captcha",
        post(move |Json(body): Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body.clone());
                if body["Ticket"] == "broken" {
                    return Err(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
                }
                let good = body["Ticket"] == GOOD_TICKET && body["Randstr"] == GOOD_RANDSTR;
                Ok(Json(json!({ "Response": {
                    "CaptchaCode": if good { 1 } else { 9 },
                    "CaptchaMsg": if good { "OK" } else { "ticket mismatch" },
                    "RequestId": "stub-request",
                }})))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/captcha"), seen)
}

/// A profile naming the real liveness and payment vendors, as deployed.
fn real_profile(dir: &std::path::Path) -> String {
    let mut p: Value =
        serde_json::from_str(include_str!("../../../profiles/sichuan.json")).unwrap();
    p["liveness_provider"] = json!("redirect_vendor");
    p["payment_provider"] = json!("wechat_jsapi");
    let path = dir.join("real.json");
    std::fs::write(&path, p.to_string()).unwrap();
    path.to_string_lossy().into_owned()
}

/// As deployed: no `--mock`, the real vendors.
fn as_deployed(c: &mut Config, profile: String) {
    c.mock = false;
    c.admin_token = Some(REAL_ADMIN_TOKEN.into());
    c.profile = profile;
    c.vendor_key = Some(VENDOR_KEY.into());
    c.vendor_url = Some("https://vendor.example.com/h5".into());
}

async fn ask(ts: &TestServer, body: Value) -> (u16, Value) {
    let res = client()
        .post(ts.u("/api/v1/sms-codes"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn the_captcha_vendor_decides_and_is_told_the_app_the_secret_and_the_user() {
    let (url, seen) = stub_vendor().await;
    let dir = tempfile::tempdir().unwrap();
    let profile = real_profile(dir.path());
    let ts = TestServer::start_in(dir, move |c| {
        as_deployed(c, profile);
        c.captcha_after = 2;
        c.captcha_url = Some(url);
        c.captcha_app_id = Some(APP_ID);
        c.captcha_secret = Some(SECRET.into());
    })
    .await;
    for i in 0..2 {
        assert_eq!(ask(&ts, json!({ "phone": phone(100 + i) })).await.0, 200);
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "not asked within the allowance"
    );
    let (status, body) = ask(&ts, json!({ "phone": phone(102) })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_required"))
    );

    let with = |ticket: &str, randstr: &str| {
        let captcha = json!({ "ticket": ticket, "randstr": randstr });
        json!({ "phone": phone(102), "captcha": captcha })
    };
    let (status, body) = ask(&ts, with("tr03-made-up", GOOD_RANDSTR)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_wrong"))
    );
    assert!(body["message"].as_str().unwrap().contains("安全验证"));
    // A vendor that cannot answer is no pass either.
    let (status, body) = ask(&ts, with("broken", GOOD_RANDSTR)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_wrong"))
    );
    let (status, body) = ask(&ts, with(GOOD_TICKET, GOOD_RANDSTR)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("dev_code").is_none());

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    let last = &seen[2];
    assert_eq!(last["CaptchaType"], 9);
    assert_eq!(last["Ticket"], GOOD_TICKET);
    assert_eq!(last["Randstr"], GOOD_RANDSTR);
    assert_eq!(last["CaptchaAppId"], APP_ID);
    assert_eq!(last["AppSecretKey"], SECRET);
    assert_eq!(last["UserIp"], "127.0.0.1");
}

fn deployed_config(dir: &tempfile::TempDir) -> Config {
    let mut c = Config::for_tests(dir.path().join("data"));
    as_deployed(&mut c, real_profile(dir.path()));
    c
}

#[test]
fn a_server_citizens_can_reach_does_not_start_without_a_captcha_vendor() {
    let dir = tempfile::tempdir().unwrap();
    let loopback = deployed_config(&dir);
    assert!(
        AppState::new(loopback.clone()).is_ok(),
        "loopback: allowances only"
    );

    let mut public = loopback.clone();
    public.listen = "0.0.0.0:8080".parse().unwrap();
    let err = AppState::new(public.clone()).err().expect("refused");
    assert!(err.contains("--captcha-url"), "{err}");
    // Behind a proxy on the same machine, citizens reach it all the same.
    let mut behind = loopback.clone();
    behind.public_url = Some("https://id.example.gov.cn".into());
    assert!(AppState::new(behind.clone()).is_err());
    let mut proxied = loopback.clone();
    proxied.trusted_proxy = vec!["10.0.0.0/8".parse().unwrap()];
    assert!(AppState::new(proxied).is_err());

    public.captcha_url = Some("http://10.0.0.2:8081/captcha".into());
    public.captcha_app_id = Some(APP_ID);
    let err = AppState::new(public.clone())
        .err()
        .expect("all three flags");
    assert!(err.contains("--captcha-secret"), "{err}");
    public.captcha_secret = Some(SECRET.into());
    assert!(AppState::new(public).is_ok());
}

#[tokio::test]
async fn without_a_human_check_a_number_s_ceiling_holds_until_the_day_is_over() {
    let ts = TestServer::start_real().await;
    let requesters: Vec<_> = (2..5)
        .map(|i| {
            reqwest::Client::builder()
                .local_address(format!("127.0.0.{i}").parse::<std::net::IpAddr>().unwrap())
                .build()
                .unwrap()
        })
        .collect();
    for _ in 0..10 {
        for c in &requesters {
            let res = send_code(&ts, c, &phone(500)).await;
            assert_eq!(res.status(), 200);
        }
        ts.advance(61);
    }
    let res = send_code(&ts, &client(), &phone(500)).await;
    assert_eq!(res.status(), 429);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "sms_daily_limit");
    ts.advance(24 * 3600);
    assert_eq!(send_code(&ts, &client(), &phone(500)).await.status(), 200);
}
