//! Sign-in codes cannot be used against others: one client (by its address) sending
//! codes to many numbers is stopped, and asked for a human check after a few sends (a
//! ticket from the captcha vendor, verified by the server, once); all clients together
//! have a ceiling; the answer to a code never tells whether one was sent, expired or
//! wrong; and a stranger can neither burn the owner's code with wrong tries, nor void it
//! by asking for another, nor spend the owner's codes of the day: a number's minute and
//! ten a day are each requester's, and past thirty a day for everyone each code needs the
//! human check rather than a wait until tomorrow.

mod common;

use std::net::IpAddr;

use common::*;
use serde_json::{json, Value};

/// A client whose requests come from `ip` (any 127.x address reaches the server).
fn client_at(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .local_address(ip.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

async fn ask(ts: &TestServer, c: &reqwest::Client, body: Value) -> (u16, Value) {
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn try_code(ts: &TestServer, c: &reqwest::Client, phone: &str, code: &str) -> (u16, Value) {
    let res = c
        .post(ts.u("/api/v1/sessions"))
        .json(&json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn one_client_sending_to_many_numbers_is_stopped() {
    let ts = TestServer::start_with(|c| {
        c.sms_per_client_hour = 5;
        c.captcha_after = 0;
    })
    .await;
    let bomber = client_at("127.0.0.2");
    for i in 0..5 {
        assert_eq!(
            ask(&ts, &bomber, json!({ "phone": phone(100 + i) }))
                .await
                .0,
            200
        );
    }
    let (status, body) = ask(&ts, &bomber, json!({ "phone": phone(200) })).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "client_limit");
    assert!(body["retry_after"].as_u64().unwrap() > 0);
    // Someone else, elsewhere, is not held up by it.
    let (status, _) = ask(&ts, &client_at("127.0.0.3"), json!({ "phone": phone(200) })).await;
    assert_eq!(status, 200);
    // An hour later the bomber's allowance has come back.
    ts.advance(3600);
    assert_eq!(
        ask(&ts, &bomber, json!({ "phone": phone(201) })).await.0,
        200
    );
}

#[tokio::test]
async fn all_clients_together_have_a_ceiling() {
    let ts = TestServer::start_with(|c| {
        c.sms_global_per_minute = 3;
        c.captcha_after = 0;
    })
    .await;
    for (i, ip) in ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
        .into_iter()
        .enumerate()
    {
        let (status, _) = ask(
            &ts,
            &client_at(ip),
            json!({ "phone": phone(300 + i as u32) }),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (status, body) = ask(&ts, &client_at("127.0.0.5"), json!({ "phone": phone(310) })).await;
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["code"], "busy");
    ts.advance(60);
    let (status, _) = ask(&ts, &client_at("127.0.0.5"), json!({ "phone": phone(310) })).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn after_a_few_sends_a_human_check_is_asked_and_checked_by_the_server() {
    let ts = TestServer::start_with(|c| c.captcha_after = 2).await;
    let c = client_at("127.0.0.2");
    for i in 0..2 {
        assert_eq!(
            ask(&ts, &c, json!({ "phone": phone(400 + i) })).await.0,
            200
        );
    }
    let (status, body) = ask(&ts, &c, json!({ "phone": phone(402) })).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "captcha_required");
    // A made-up ticket is refused.
    let forged =
        json!({ "phone": phone(402), "captcha": { "ticket": "t-made-up", "randstr": "r" } });
    let (status, body) = ask(&ts, &c, forged).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_wrong"))
    );
    // The captcha vendor's ticket for a solved slider passes, once.
    let res = c
        .post(ts.u("/mock-vendor/captcha"))
        .json(&json!({ "solved": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let answer: Value = res.json().await.unwrap();
    assert!(answer["ticket"].is_string() && answer["randstr"].is_string());
    let with = json!({ "phone": phone(402), "captcha": answer });
    assert_eq!(ask(&ts, &c, with.clone()).await.0, 200);
    ts.advance(61);
    let (status, body) = ask(&ts, &c, with).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_wrong")),
        "used"
    );
}

#[tokio::test]
async fn the_answer_never_tells_whether_a_code_was_sent_expired_or_is_wrong() {
    let ts = TestServer::start().await;
    let c = client();
    let sent: Value = send_code(&ts, &c, &phone(500)).await.json().await.unwrap();
    let code = sent["dev_code"].as_str().unwrap().to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (s1, never) = try_code(&ts, &c, &phone(501), "123456").await;
    let (s2, wrong_one) = try_code(&ts, &c, &phone(500), wrong).await;
    ts.advance(5 * 60 + 1);
    let (s3, expired) = try_code(&ts, &c, &phone(500), &code).await;
    assert_eq!((s1, s2, s3), (422, 422, 422));
    assert_eq!(never, wrong_one);
    assert_eq!(wrong_one, expired);
    assert_eq!(never["fields"][0]["field"], "code");
}

#[tokio::test]
async fn a_stranger_s_wrong_tries_do_not_burn_the_owner_s_code() {
    let ts = TestServer::start().await;
    let owner = client_at("127.0.0.2");
    let (_, sent) = ask(&ts, &owner, json!({ "phone": phone(600) })).await;
    let code = sent["dev_code"].as_str().unwrap().to_string();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let stranger = client_at("127.0.0.3");
    for _ in 0..6 {
        assert_eq!(try_code(&ts, &stranger, &phone(600), wrong).await.0, 422);
    }
    // Out of tries, the stranger cannot use even the right code...
    assert_eq!(try_code(&ts, &stranger, &phone(600), &code).await.0, 422);
    // ...and the owner still can.
    assert_eq!(try_code(&ts, &owner, &phone(600), &code).await.0, 201);
}

#[tokio::test]
async fn a_stranger_asking_for_a_code_does_not_void_the_owner_s() {
    let ts = TestServer::start().await;
    let (owner, stranger) = (client_at("127.0.0.2"), client_at("127.0.0.3"));
    let (status, sent) = ask(&ts, &owner, json!({ "phone": phone(700) })).await;
    assert_eq!(status, 200);
    let code = sent["dev_code"].as_str().unwrap().to_string();
    // No minute's wait for the stranger either: the minute is the owner's own.
    let (status, theirs) = ask(&ts, &stranger, json!({ "phone": phone(700) })).await;
    assert_eq!(status, 200);
    let theirs = theirs["dev_code"].as_str().unwrap().to_string();
    assert_eq!(try_code(&ts, &owner, &phone(700), &code).await.0, 201);
    // Used once: then neither it nor the number's other code opens anything.
    assert_eq!(try_code(&ts, &owner, &phone(700), &code).await.0, 422);
    assert_eq!(try_code(&ts, &owner, &phone(700), &theirs).await.0, 422);
}

#[tokio::test]
async fn strangers_cannot_spend_the_owner_s_codes_of_the_day() {
    let ts = TestServer::start().await;
    let stranger = client_at("127.0.0.3");
    for _ in 0..10 {
        let (status, body) = ask(&ts, &stranger, json!({ "phone": phone(800) })).await;
        assert_eq!(status, 200, "{body}");
        ts.advance(61);
    }
    let (status, body) = ask(&ts, &stranger, json!({ "phone": phone(800) })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("sms_daily_limit"))
    );
    // The owner still gets theirs, and signs in with it.
    let owner = client_at("127.0.0.2");
    let (status, sent) = ask(&ts, &owner, json!({ "phone": phone(800) })).await;
    assert_eq!(status, 200, "{sent}");
    let code = sent["dev_code"].as_str().unwrap();
    assert_eq!(try_code(&ts, &owner, &phone(800), code).await.0, 201);
}

#[tokio::test]
async fn past_a_number_s_ceiling_each_code_needs_the_human_check_not_a_day_s_wait() {
    let ts = TestServer::start().await;
    let requesters: Vec<_> = (2..5).map(|i| client_at(&format!("127.0.0.{i}"))).collect();
    // Three requesters, ten each: thirty codes to one number in the day.
    for _ in 0..10 {
        for c in &requesters {
            let (status, body) = ask(&ts, c, json!({ "phone": phone(900) })).await;
            assert_eq!(status, 200, "{body}");
        }
        ts.advance(61);
    }
    let owner = client_at("127.0.0.9");
    let (status, body) = ask(&ts, &owner, json!({ "phone": phone(900) })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("captcha_required"))
    );
    assert!(body["message"].as_str().unwrap().contains("安全验证"));
    let res = owner
        .post(ts.u("/mock-vendor/captcha"))
        .json(&json!({ "solved": true }))
        .send()
        .await
        .unwrap();
    let answer: Value = res.json().await.unwrap();
    let (status, sent) = ask(
        &ts,
        &owner,
        json!({ "phone": phone(900), "captcha": answer }),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    let code = sent["dev_code"].as_str().unwrap();
    assert_eq!(try_code(&ts, &owner, &phone(900), code).await.0, 201);
}
