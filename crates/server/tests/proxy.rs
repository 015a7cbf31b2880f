//! Behind a proxy every request comes from the proxy's address. With the proxy named
//! (`--trusted-proxy`), each client the proxy forwards (`X-Forwarded-For`) has its own
//! allowance of codes, its own wrong tries at a code and its own officer lock-out, so
//! one abuser behind the proxy holds no one else up; without it, `X-Forwarded-For` is
//! whatever the client wrote and counts for nothing.

mod common;

use common::*;
use serde_json::{json, Value};

/// A client whose requests the proxy (this test, on 127.0.0.1) forwards for `ip`.
fn forwarded_for(ip: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", ip.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .build()
        .unwrap()
}

async fn behind_proxy(tweak: impl FnOnce(&mut reissue_server::Config)) -> TestServer {
    TestServer::start_with(|c| {
        c.trusted_proxy = vec!["127.0.0.0/8".parse().unwrap()];
        tweak(c);
    })
    .await
}

async fn ask(ts: &TestServer, c: &reqwest::Client, phone: &str) -> (u16, Value) {
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .json(&json!({ "phone": phone }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn try_code(ts: &TestServer, c: &reqwest::Client, phone: &str, code: &str) -> u16 {
    c.post(ts.u("/api/v1/sessions"))
        .json(&json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

fn wrong(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn each_forwarded_client_has_its_own_allowance_of_codes() {
    let ts = behind_proxy(|c| c.sms_per_client_hour = 3).await;
    let (one, two) = (forwarded_for("203.0.113.1"), forwarded_for("203.0.113.2"));
    for i in 0..3 {
        assert_eq!(ask(&ts, &one, &phone(100 + i)).await.0, 200);
    }
    let (status, body) = ask(&ts, &one, &phone(110)).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("client_limit")));
    // The other client behind the same proxy is not held up by it.
    for i in 0..3 {
        assert_eq!(ask(&ts, &two, &phone(200 + i)).await.0, 200);
    }
    // Writing an address of one's own before the proxy's gains nothing: the proxy's
    // entry, the right-most, is the client.
    let spoofing = forwarded_for("198.51.100.77, 203.0.113.1");
    let (status, body) = ask(&ts, &spoofing, &phone(111)).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("client_limit")));
}

#[tokio::test]
async fn a_stranger_s_wrong_tries_through_the_proxy_leave_the_owner_s_code_working() {
    let ts = behind_proxy(|_| {}).await;
    let (stranger, owner) = (forwarded_for("203.0.113.1"), forwarded_for("203.0.113.2"));
    let (status, sent) = ask(&ts, &owner, &phone(300)).await;
    assert_eq!(status, 200);
    let code = sent["dev_code"].as_str().unwrap().to_string();
    // The stranger asks for a code too (no wait: the minute is each requester's), and
    // the owner's does not stop working for it.
    assert_eq!(ask(&ts, &stranger, &phone(300)).await.0, 200);
    for _ in 0..5 {
        assert_eq!(
            try_code(&ts, &stranger, &phone(300), wrong(&code)).await,
            422
        );
    }
    assert_eq!(
        try_code(&ts, &stranger, &phone(300), &code).await,
        422,
        "the stranger is out of tries"
    );
    assert_eq!(try_code(&ts, &owner, &phone(300), &code).await, 201);
}

#[tokio::test]
async fn an_officer_is_not_locked_out_by_another_client_s_wrong_passwords() {
    let ts = behind_proxy(|_| {}).await;
    let now = ts.clock.now_ms();
    reissue_server::officer::accounts::add(&ts.state().db, "alice", "correct horse battery", now)
        .unwrap();
    let sign_in = |c: reqwest::Client, password: &'static str| {
        let url = ts.u("/api/v1/admin/sessions");
        async move {
            c.post(url)
                .json(&json!({ "name": "alice", "password": password }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let (guesser, alice) = (forwarded_for("203.0.113.1"), forwarded_for("203.0.113.2"));
    for _ in 0..5 {
        assert_eq!(sign_in(guesser.clone(), "wrong password").await, 401);
    }
    assert_eq!(sign_in(guesser.clone(), "correct horse battery").await, 429);
    assert_eq!(sign_in(alice, "correct horse battery").await, 201);
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_counts_for_nothing() {
    let ts = TestServer::start_with(|c| c.sms_per_client_hour = 2).await;
    let (status, sent) = ask(&ts, &forwarded_for("203.0.113.1"), &phone(400)).await;
    assert_eq!(status, 200);
    let code = sent["dev_code"].as_str().unwrap().to_string();
    assert_eq!(
        ask(&ts, &forwarded_for("203.0.113.2"), &phone(401)).await.0,
        200
    );
    // A fresh address every time would be a fresh allowance every time: it is not.
    let (status, body) = ask(&ts, &forwarded_for("203.0.113.3"), &phone(402)).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("client_limit")));
    // Nor fresh tries at a code.
    for i in 0..5 {
        let c = forwarded_for(&format!("203.0.113.{}", 10 + i));
        assert_eq!(try_code(&ts, &c, &phone(400), wrong(&code)).await, 422);
    }
    let c = forwarded_for("203.0.113.99");
    assert_eq!(try_code(&ts, &c, &phone(400), &code).await, 422);
}
