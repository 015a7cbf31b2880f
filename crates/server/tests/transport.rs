//! Sessions and transport: a new sign-in ends the phone's older sessions (a phone lost
//! or a shared computer keeps nothing open), and a server told its public address is
//! https (`--public-url`) marks its cookies Secure and host-only (`__Host-`) whatever a
//! proxy says, and asks browsers for HTTPS only (HSTS).

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn a_new_sign_in_ends_the_phone_s_older_sessions() {
    let ts = TestServer::start().await;
    let first = sign_in(&ts, &phone(1)).await;
    let (status, _) = get_json(&ts, &first, "/api/v1/sessions/current").await;
    assert_eq!(status, 200);
    ts.advance(61);
    let second = sign_in(&ts, &phone(1)).await;
    let (status, _) = get_json(&ts, &first, "/api/v1/sessions/current").await;
    assert_eq!(status, 401, "the older session ended");
    let (status, _) = get_json(&ts, &second, "/api/v1/sessions/current").await;
    assert_eq!(status, 200);
    // Another phone's session is not touched.
    let other = sign_in(&ts, &phone(2)).await;
    let (status, _) = get_json(&ts, &second, "/api/v1/sessions/current").await;
    assert_eq!(status, 200);
    drop(other);
}

#[tokio::test]
async fn a_public_https_address_makes_cookies_secure_and_host_only_and_asks_for_https() {
    let ts =
        TestServer::start_with(|c| c.public_url = Some("https://bl.example.gov.cn".into())).await;
    let c = client();
    let res = send_code(&ts, &c, &phone(1)).await;
    let hsts = res
        .headers()
        .get("strict-transport-security")
        .map(|v| v.to_str().unwrap().to_string());
    assert_eq!(hsts.as_deref(), Some("max-age=31536000; includeSubDomains"));
    let code: serde_json::Value = res.json().await.unwrap();
    // Plain HTTP between the proxy and us, and no X-Forwarded-Proto: still Secure.
    let res = c
        .post(ts.u("/api/v1/sessions"))
        .json(&json!({ "phone": phone(1), "code": code["dev_code"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let sid = cookies
        .iter()
        .find(|c| c.starts_with("__Host-sid="))
        .expect("the host-only session cookie");
    assert!(sid.contains("; Secure") && sid.contains("Path=/") && !sid.contains("Domain"));
    assert!(
        cookies.iter().all(|c| c.contains("; Secure")),
        "{cookies:?}"
    );
    // The session works under its new name (reqwest keeps Secure cookies only for
    // https, so it is sent by hand here).
    let token = sid
        .trim_start_matches("__Host-sid=")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let res = client()
        .get(ts.u("/api/v1/sessions/current"))
        .header("cookie", format!("__Host-sid={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = client()
        .get(ts.u("/api/v1/sessions/current"))
        .header("cookie", format!("sid={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "only the host-only name is read");
}

#[tokio::test]
async fn without_a_public_address_nothing_asks_for_https() {
    let ts = TestServer::start().await;
    let res = send_code(&ts, &client(), &phone(1)).await;
    assert!(res.headers().get("strict-transport-security").is_none());
}

#[tokio::test]
async fn signing_out_ends_the_phone_s_sessions_on_every_device() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    // A session on another device (kept from before one session per phone).
    let p = phone(1);
    let now = ts.clock.now_ms();
    ts.state().db.call_sync(move |conn| {
        conn.execute(
            "INSERT INTO sessions (token_hash, phone, created_ms, expires_ms) VALUES ('other-device', ?1, ?2, ?3)",
            rusqlite::params![p, now, now + 3_600_000],
        )
        .unwrap()
    });
    let res = c
        .delete(ts.u("/api/v1/sessions/current"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let left: i64 = ts.state().db.call_sync(|conn| {
        conn.query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(left, 0, "every device signed out");
}
