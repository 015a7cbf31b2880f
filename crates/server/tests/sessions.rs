//! Signing in, rate limits, cookies, how long a session lasts, and access control.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn session(
    ts: &TestServer,
    c: &reqwest::Client,
    phone: &str,
    code: &str,
) -> reqwest::Response {
    c.post(ts.u("/api/v1/sessions"))
        .json(&json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap()
}

fn wrong(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_sign_out_ends_it() {
    let ts = TestServer::start().await;
    let c = client();
    let res = send_code(&ts, &c, "+86 139-0000 0001").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["phone_masked"], "139****0001");
    assert_eq!(body["cooldown_seconds"], 60);
    let code = body["dev_code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);

    // The outbox holds what the gateway would have sent.
    let outbox: i64 = ts.state().db.call_sync(|c| {
        c.query_row(
            "SELECT count(*) FROM sms_outbox WHERE phone = '13900000001'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(outbox, 1);

    let res = session(&ts, &c, "13900000001", &code).await;
    assert_eq!(res.status(), 201);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("sid="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");
    // Beside it, the hint the page reads so a signed-out visit asks for no draft: it
    // says nothing but "1".
    let hint = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("reissue_signed_in="))
        .expect("the sign-in hint");
    assert!(hint.starts_with("reissue_signed_in=1;"), "{hint}");
    assert!(!hint.contains("HttpOnly"), "{hint}");
    let info: Value = res.json().await.unwrap();
    assert_eq!(info["phone_masked"], "139****0001");

    let (status, me) = get_json(&ts, &c, "/api/v1/sessions/current").await;
    assert_eq!(status, 200);
    assert_eq!(me["phone_masked"], "139****0001");

    // A code works once.
    let again = session(&ts, &client(), "13900000001", &code).await;
    assert_eq!(again.status(), 422);

    let res = c
        .delete(ts.u("/api/v1/sessions/current"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let cleared = set_cookies(&res);
    assert_eq!(cleared.len(), 2, "{cleared:?}");
    assert!(
        cleared.iter().all(|c| c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    let (status, body) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(status, 401);
    assert_eq!(body["code"], "unauthenticated");
    assert_eq!(body["message"], "请先验证手机号码");
    // A browser that still shows the hint (its session ended on the server) has it
    // cleared by the first 401, and stops asking.
    let res = client()
        .get(ts.u("/api/v1/drafts/current"))
        .header("cookie", "reissue_signed_in=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(
        set_cookies(&res)
            .iter()
            .any(|c| c.starts_with("reissue_signed_in=;") && c.contains("Max-Age=0")),
        "{:?}",
        set_cookies(&res)
    );
}

#[tokio::test]
async fn cookie_is_secure_behind_https() {
    let ts = TestServer::start().await;
    let c = client();
    let body: Value = send_code(&ts, &c, "13900000002")
        .await
        .json()
        .await
        .unwrap();
    let res = c
        .post(ts.u("/api/v1/sessions"))
        .header("x-forwarded-proto", "https")
        .json(&json!({ "phone": "13900000002", "code": body["dev_code"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("; Secure"));
}

#[tokio::test]
async fn wrong_expired_and_burned_codes_have_one_answer() {
    let ts = TestServer::start().await;
    let c = client();
    let code: Value = send_code(&ts, &c, "13900000003")
        .await
        .json()
        .await
        .unwrap();
    let code = code["dev_code"].as_str().unwrap().to_string();

    // Wrong, expired, burned: one answer, on the code field.
    let res = session(&ts, &c, "13900000003", &wrong(&code)).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "code_wrong");
    assert_eq!(body["fields"][0]["field"], "code");
    assert!(body["message"].as_str().unwrap().contains("重新获取"));

    // Expired after 5 minutes.
    ts.advance(5 * 60 + 1);
    let res = session(&ts, &c, "13900000003", &code).await;
    assert_eq!(res.status(), 422);
    let expired: Value = res.json().await.unwrap();
    assert_eq!(expired, body);

    // Five wrong tries and this requester's chances at the code are over: even the
    // right one no longer works for them.
    let code: Value = send_code(&ts, &c, "13900000003")
        .await
        .json()
        .await
        .unwrap();
    let code = code["dev_code"].as_str().unwrap().to_string();
    for _ in 0..5 {
        let res = session(&ts, &c, "13900000003", &wrong(&code)).await;
        assert_eq!(res.status(), 422);
    }
    let res = session(&ts, &c, "13900000003", &code).await;
    assert_eq!(res.status(), 422);
    let burned: Value = res.json().await.unwrap();
    assert_eq!(burned, body);

    // Never asked for a code.
    let res = session(&ts, &c, "13900000004", "123456").await;
    assert_eq!(res.status(), 422);
    // Malformed input.
    let res = session(&ts, &c, "12345", "123456").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "phone");
    let res = session(&ts, &c, "13900000003", "12ab").await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn sms_cooldown_and_daily_limit() {
    let ts = TestServer::start().await;
    let c = client();
    assert_eq!(send_code(&ts, &c, "13900000005").await.status(), 200);
    let res = send_code(&ts, &c, "139 0000 0005").await;
    assert_eq!(res.status(), 429);
    let retry: u32 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "sms_cooldown");
    assert_eq!(body["retry_after"], retry);

    // Another phone is not affected.
    assert_eq!(send_code(&ts, &c, "13900000006").await.status(), 200);

    for _ in 1..10 {
        ts.advance(61);
        assert_eq!(send_code(&ts, &c, "13900000005").await.status(), 200);
    }
    ts.advance(61);
    let res = send_code(&ts, &c, "13900000005").await;
    assert_eq!(res.status(), 429);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "sms_daily_limit");
    assert!(body["retry_after"].as_u64().unwrap() > 3600);

    // A day later it works again.
    ts.advance(24 * 3600);
    assert_eq!(send_code(&ts, &c, "13900000005").await.status(), 200);

    // Not a mobile number.
    for bad in ["", "010-12345678", "1380013800", "hello", "12800138000"] {
        let res = send_code(&ts, &c, bad).await;
        assert_eq!(res.status(), 422, "{bad:?}");
    }
    // Not JSON at all: a body of a type any other site's page could send (tests/csrf.rs).
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .body("phone=1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "cross_site");
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "bad_request");
}

#[tokio::test]
async fn every_applicant_endpoint_needs_a_session() {
    let ts = TestServer::start().await;
    let forged = reqwest::Client::builder()
        .default_headers({
            let mut h = reqwest::header::HeaderMap::new();
            h.insert(
                "cookie",
                format!("sid={}", "ab".repeat(32)).parse().unwrap(),
            );
            h
        })
        .build()
        .unwrap();
    let garbage = reqwest::Client::builder()
        .default_headers({
            let mut h = reqwest::header::HeaderMap::new();
            h.insert("cookie", "sid=<script>".parse().unwrap());
            h
        })
        .build()
        .unwrap();
    let endpoints: &[(Method, &str)] = &[
        (Method::GET, "/api/v1/sessions/current"),
        (Method::DELETE, "/api/v1/sessions/current"),
        (Method::POST, "/api/v1/sessions/current/renewal"),
        (Method::GET, "/api/v1/drafts/current"),
        (Method::PUT, "/api/v1/drafts/current"),
        (Method::PUT, "/api/v1/drafts/current/photos/register_home"),
        (Method::GET, "/api/v1/drafts/current/photos/register_home"),
        (
            Method::DELETE,
            "/api/v1/drafts/current/photos/register_home",
        ),
        (Method::POST, "/api/v1/drafts/current/liveness"),
        (
            Method::GET,
            "/api/v1/liveness/0123456789abcdef0123456789abcdef",
        ),
        (Method::POST, "/api/v1/applications"),
        (Method::GET, "/api/v1/applications"),
        (Method::GET, "/api/v1/applications/BL20261123000001"),
        (
            Method::POST,
            "/api/v1/applications/BL20261123000001/resubmission",
        ),
        (
            Method::POST,
            "/api/v1/applications/BL20261123000001/cancellation",
        ),
        (
            Method::POST,
            "/api/v1/applications/BL20261123000001/payment",
        ),
        (
            Method::GET,
            "/api/v1/payments/0123456789abcdef0123456789abcdef",
        ),
        (
            Method::GET,
            "/api/v1/applications/BL20261123000001/logistics",
        ),
    ];
    for who in [&client(), &forged, &garbage] {
        for (method, path) in endpoints {
            let res = who
                .request(method.clone(), ts.u(path))
                .header("content-type", "application/json")
                .header("idempotency-key", "abcdefgh1234")
                .body("{\"form\":{}}")
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 401, "{method} {path}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["code"], "unauthenticated", "{method} {path}");
        }
    }
}

#[tokio::test]
async fn a_session_left_alone_ends_after_thirty_minutes() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, "13900000007").await;
    assert_eq!(get_json(&ts, &c, "/api/v1/sessions/current").await.0, 200);
    ts.advance(30 * 60 + 1);
    assert_eq!(get_json(&ts, &c, "/api/v1/sessions/current").await.0, 401);
}

/// The end the answer carries in its `session-expires-in` header.
async fn end_of(ts: &TestServer, c: &reqwest::Client, method: Method, path: &str) -> String {
    let res = c.request(method.clone(), ts.u(path)).send().await.unwrap();
    assert_ne!(res.status(), 401, "{method} {path}");
    res.headers()["session-expires-in"]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn activity_keeps_a_session_until_two_hours_after_signing_in() {
    let ts = TestServer::start().await;
    let c = client();
    let body: Value = send_code(&ts, &c, "13900000017")
        .await
        .json()
        .await
        .unwrap();
    let res = session(&ts, &c, "13900000017", body["dev_code"].as_str().unwrap()).await;
    assert_eq!(res.status(), 201);
    // The cookie may live two hours; the server ends the session sooner when idle.
    assert!(
        set_cookies(&res).iter().any(|c| c.contains("Max-Age=7200")),
        "{:?}",
        set_cookies(&res)
    );
    assert_eq!(res.headers()["session-expires-in"], "1800");
    let info: Value = res.json().await.unwrap();
    assert_eq!(
        (info["expires_in_seconds"].clone(), info["last"].clone()),
        (1800.into(), false.into())
    );

    // Every answer to a signed-in request says when the session ends, whatever it is.
    ts.advance(25 * 60);
    assert_eq!(
        end_of(&ts, &c, Method::GET, "/api/v1/drafts/current").await,
        "1800"
    );
    // A burst of requests within the minute moves the end by less than a minute: the
    // store is not written, and the answer still tells the truth.
    ts.advance(20);
    assert_eq!(
        end_of(&ts, &c, Method::GET, "/api/v1/applications").await,
        "1780"
    );
    // 继续办理 is activity like any other.
    ts.advance(20 * 60);
    let info = end_of(&ts, &c, Method::POST, "/api/v1/sessions/current/renewal").await;
    assert_eq!(info, "1800");
    // 1 h 10 min in, thirty more minutes are still within the two hours.
    ts.advance(25 * 60);
    assert_eq!(
        end_of(&ts, &c, Method::GET, "/api/v1/drafts/current").await,
        "1800"
    );
    // 1 h 35 min in, the two hours come first, and the answer says so.
    ts.advance(25 * 60);
    assert_eq!(
        end_of(&ts, &c, Method::GET, "/api/v1/drafts/current").await,
        "1480;last"
    );
    let (_, info) = post_json(&ts, &c, "/api/v1/sessions/current/renewal").await;
    assert_eq!(
        (info["expires_in_seconds"].clone(), info["last"].clone()),
        (1480.into(), true.into())
    );
    ts.advance(1480);
    let (status, _) = post_json(&ts, &c, "/api/v1/sessions/current/renewal").await;
    assert_eq!(status, 401, "an ended session cannot be brought back");
    // A request without a session carries no end.
    let res = c.get(ts.u("/api/v1/drafts/current")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    assert!(res.headers().get("session-expires-in").is_none());
}

#[tokio::test]
async fn the_start_probe_answers_anyone_and_clears_an_ended_session() {
    let ts = TestServer::start().await;
    // Nobody signed in: 200, and nothing set.
    let res = client().get(ts.u("/api/v1/start")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(set_cookies(&res).is_empty());
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"signed_in": false, "draft": null})
    );
    // Signed in, before and after the first save.
    let c = sign_in(&ts, "13900000027").await;
    let (status, start) = get_json(&ts, &c, "/api/v1/start").await;
    assert_eq!(
        (status, start),
        (200, json!({"signed_in": true, "draft": null}))
    );
    put_draft(&ts, &c, json!({ "face_consent": true })).await;
    let (_, start) = get_json(&ts, &c, "/api/v1/start").await;
    assert_eq!(start["draft"]["face_consent"], true);
    // Thirty idle minutes later the session has ended: still 200, and the cookies go,
    // so the page asks nothing more that could only answer 401.
    ts.advance(30 * 60 + 1);
    let res = c.get(ts.u("/api/v1/start")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let cleared = set_cookies(&res);
    assert!(
        cleared
            .iter()
            .any(|c| c.starts_with("sid=;") && c.contains("Max-Age=0"))
            && cleared
                .iter()
                .any(|c| c.starts_with("reissue_signed_in=;") && c.contains("Max-Age=0")),
        "{cleared:?}"
    );
    assert_eq!(res.json::<Value>().await.unwrap()["signed_in"], false);
}

#[tokio::test]
async fn admin_endpoints_need_the_token() {
    let ts = TestServer::start().await;
    let (_, number) = submitted(&ts, 8, &pickup_form(8)).await;
    let endpoints: Vec<(Method, String)> = vec![
        (Method::GET, "/api/v1/admin/applications".into()),
        (
            Method::POST,
            format!("/api/v1/admin/applications/{number}/decision"),
        ),
        (
            Method::POST,
            format!("/api/v1/admin/applications/{number}/advance"),
        ),
        (
            Method::GET,
            format!("/api/v1/admin/applications/{number}/photos/register_home"),
        ),
    ];
    for (method, path) in &endpoints {
        for auth in [
            None,
            Some("Bearer wrong-token"),
            Some("dev-admin-token"),
            Some("Bearer "),
        ] {
            let mut rb = client()
                .request(method.clone(), ts.u(path))
                .json(&json!({"decision": "approve"}));
            if let Some(a) = auth {
                rb = rb.header("authorization", a);
            }
            let res = rb.send().await.unwrap();
            assert_eq!(res.status(), 401, "{method} {path} {auth:?}");
        }
    }
    // The application was not touched.
    let res = ts
        .admin(Method::GET, "/api/v1/admin/applications", None)
        .await;
    assert_eq!(res.status(), 200);
    let list: Value = res.json().await.unwrap();
    assert_eq!(list[0]["status"], "submitted");
    // With the token, the photo is there and has no EXIF.
    let res = ts
        .admin(
            Method::GET,
            &format!("/api/v1/admin/applications/{number}/photos/register_home"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xFF, 0xD8, 0xFF]);
    assert!(!String::from_utf8_lossy(&bytes).contains("GPS"));
}

#[tokio::test]
async fn without_mock_no_dev_code_and_a_token_is_required() {
    let ts = TestServer::start_real().await;
    let body: Value = send_code(&ts, &client(), "13900000009")
        .await
        .json()
        .await
        .unwrap();
    assert!(body.get("dev_code").is_none());
    let (_, svc) = get_json(&ts, &client(), "/api/v1/service").await;
    assert_eq!(svc["mock"], false);
    let res = client()
        .get(ts.u("/api/v1/admin/applications"))
        .bearer_auth(REAL_ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let mut cfg = reissue_server::Config::for_tests(ts.dir.path().join("other"));
    cfg.mock = false;
    assert!(reissue_server::AppState::new(cfg).is_err());
}

/// Every `Set-Cookie` of an answer.
fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}
