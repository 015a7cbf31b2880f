//! Officers by name: each has a password of their own (kept as a salted PBKDF2 hash,
//! made by `reissue-server officer add`), signs in for a token the officer page keeps in
//! memory, is locked out for a while after five wrong passwords from one client (never by
//! someone else's), and every request they make is logged under their name.

mod common;

use common::*;
use serde_json::{json, Value};

async fn officer_sign_in(ts: &TestServer, name: &str, password: &str) -> (u16, Value) {
    officer_sign_in_with(ts, &client(), name, password).await
}

async fn officer_sign_in_with(
    ts: &TestServer,
    c: &reqwest::Client,
    name: &str,
    password: &str,
) -> (u16, Value) {
    let res = c
        .post(ts.u("/api/v1/admin/sessions"))
        .json(&json!({ "name": name, "password": password }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn each_officer_signs_in_by_name_is_throttled_and_named_in_the_log() {
    let logs = LogLines::capture("info");

    let ts = TestServer::start().await;
    let now = ts.clock.now_ms();
    reissue_server::officer::accounts::add(
        &ts.state().db,
        "wang.jing",
        "correct horse battery",
        now,
    )
    .unwrap();
    let stored: String = ts.state().db.call_sync(|c| {
        c.query_row("SELECT password_hash FROM officers", [], |r| r.get(0))
            .unwrap()
    });
    assert!(stored.starts_with("pbkdf2-sha256$") && !stored.contains("horse"));

    // An unknown name answers like a wrong password.
    let (status, unknown) = officer_sign_in(&ts, "li.si", "whatever it is").await;
    assert_eq!(status, 401);
    assert_eq!(unknown["code"], "officer_unauthenticated");
    // Five wrong passwords for the name from this client: then even the right one waits.
    for _ in 0..5 {
        let (status, body) = officer_sign_in(&ts, "wang.jing", "wrong password").await;
        assert_eq!(status, 401, "{body}");
        assert_eq!(body, unknown);
    }
    let (status, body) = officer_sign_in(&ts, "wang.jing", "correct horse battery").await;
    assert_eq!(status, 429, "{body}");
    assert!(body["retry_after"].as_u64().unwrap() > 0);

    ts.advance(15 * 60 + 1);
    let (status, session) = officer_sign_in(&ts, "wang.jing", "correct horse battery").await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["name"], "wang.jing");
    let token = session["token"].as_str().unwrap().to_string();

    let (_, number) = submitted(&ts, 1, &pickup_form(1)).await;
    let res = client()
        .get(ts.u(&format!("/api/v1/admin/applications/{number}/id-number")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = client()
        .get(ts.u("/api/v1/admin/applications"))
        .bearer_auth("not-a-token-of-anyone")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // A name typed with a line break, to forge a line of the log.
    let (status, _) = officer_sign_in(&ts, "mallory\nFORGED officer=alice signed in", "x").await;
    assert_eq!(status, 401);

    let logs = logs.text();
    let line = logs
        .lines()
        .find(|l| l.contains("officer viewed the full ID number"))
        .expect("the audit line");
    assert!(line.contains("officer=wang.jing"), "{line}");
    assert!(
        logs.lines()
            .any(|l| l.contains("officer=wang.jing")
                && l.contains("GET /api/v1/admin/applications/")),
        "{logs}"
    );
    assert!(!logs.contains("correct horse"), "no password in a log line");
    // A name typed with a line break forges no line of the log, and is masked.
    assert!(
        !logs.lines().any(|l| l.trim_start().starts_with("FORGED")),
        "{logs}"
    );
    assert!(!logs.contains("mallory"), "the typed name masked: {logs}");
}

#[tokio::test]
async fn wrong_bearer_tokens_wait_after_five_and_the_officer_is_named_on_every_step() {
    let ts = TestServer::start().await;
    let now = ts.clock.now_ms();
    reissue_server::officer::accounts::add(&ts.state().db, "alice", "correct horse battery", now)
        .unwrap();
    let guesser = client_at("127.0.0.4");
    for _ in 0..5 {
        let res = guesser
            .get(ts.u("/api/v1/admin/applications"))
            .bearer_auth("guessed-token-0000")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    let res = guesser
        .get(ts.u("/api/v1/admin/applications"))
        .bearer_auth("guessed-token-0001")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429, "the sixth wrong token waits");

    // alice, at her own desk, approves: the step is hers in the data and on the page.
    let (status, session) = officer_sign_in_with(
        &ts,
        &client_at("127.0.0.5"),
        "alice",
        "correct horse battery",
    )
    .await;
    assert_eq!(status, 201);
    let token = session["token"].as_str().unwrap().to_string();
    let (_, number) = submitted(&ts, 2, &pickup_form(2)).await;
    let res = client_at("127.0.0.5")
        .post(ts.u(&format!("/api/v1/admin/applications/{number}/decision")))
        .bearer_auth(&token)
        .json(&json!({ "decision": "approve" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let view: Value = res.json().await.unwrap();
    let steps = view["officer_steps"].as_array().unwrap();
    assert!(
        !steps.is_empty() && steps.iter().all(|s| s["officer"] == "alice"),
        "{view}"
    );
    assert_eq!(steps.last().unwrap()["title"], "审核已通过");
    ts.stop().await;
}

/// A client whose requests come from `ip` (any 127.x address reaches the server).
fn client_at(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

#[tokio::test]
async fn another_client_s_wrong_passwords_never_lock_an_officer_out_of_her_own_desk() {
    let ts = TestServer::start().await;
    let now = ts.clock.now_ms();
    reissue_server::officer::accounts::add(&ts.state().db, "alice", "correct horse battery", now)
        .unwrap();
    let (guesser, desk) = (client_at("127.0.0.2"), client_at("127.0.0.3"));
    for _ in 0..5 {
        let (status, _) = officer_sign_in_with(&ts, &guesser, "alice", "wrong password").await;
        assert_eq!(status, 401);
    }
    let (status, body) =
        officer_sign_in_with(&ts, &guesser, "alice", "correct horse battery").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("officer_locked"))
    );
    let (status, body) = officer_sign_in_with(&ts, &desk, "alice", "correct horse battery").await;
    assert_eq!(status, 201, "{body}");

    // One client guessing at many names is locked out whatever the name.
    let sprayer = client_at("127.0.0.4");
    for i in 0..20 {
        let name = format!("officer{i}");
        let (status, _) = officer_sign_in_with(&ts, &sprayer, &name, "wrong password").await;
        assert_eq!(status, 401);
    }
    let (status, _) = officer_sign_in_with(&ts, &sprayer, "alice", "correct horse battery").await;
    assert_eq!(status, 429);
}

#[tokio::test]
async fn an_officer_signs_out_and_an_idle_session_ends() {
    let ts = TestServer::start().await;
    let now = ts.clock.now_ms();
    reissue_server::officer::accounts::add(&ts.state().db, "bob", "correct horse battery", now)
        .unwrap();
    let list = |token: String| {
        let url = ts.u("/api/v1/admin/applications");
        async move {
            client()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let sign_in = || officer_sign_in(&ts, "bob", "correct horse battery");
    // Used every twenty minutes it lasts; left thirty, it ends.
    let token = sign_in().await.1["token"].as_str().unwrap().to_string();
    ts.advance(20 * 60);
    assert_eq!(list(token.clone()).await, 200);
    ts.advance(20 * 60);
    assert_eq!(list(token.clone()).await, 200, "forty minutes in, used");
    ts.advance(31 * 60);
    assert_eq!(list(token).await, 401, "left for half an hour");
    // 退出登录 ends it at once.
    let token = sign_in().await.1["token"].as_str().unwrap().to_string();
    let res = client()
        .delete(ts.u("/api/v1/admin/sessions/current"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(list(token).await, 401);
    ts.stop().await;
}

#[tokio::test]
async fn the_officer_s_list_comes_a_queue_and_a_page_at_a_time() {
    let ts = TestServer::start().await;
    let (_, first) = submitted(&ts, 61, &pickup_form(61)).await;
    let (_, second) = submitted(&ts, 62, &pickup_form(62)).await;
    ts.approve(&first).await;
    let numbers = |query: &'static str| {
        let ts = &ts;
        async move {
            let res = ts
                .admin(
                    reqwest::Method::GET,
                    &format!("/api/v1/admin/applications{query}"),
                    None,
                )
                .await;
            let list: Value = res.json().await.unwrap();
            list.as_array()
                .unwrap()
                .iter()
                .map(|a| a["number"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        numbers("").await,
        [second.as_str(), first.as_str()],
        "newest first"
    );
    assert_eq!(numbers("?status=awaiting_payment").await, [first.as_str()]);
    assert_eq!(
        numbers("?status=submitted,under_review").await,
        [second.as_str()]
    );
    assert!(numbers("?page=2").await.is_empty());
    ts.stop().await;
}
