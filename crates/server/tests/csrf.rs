//! Another site's page cannot make a signed-in applicant's browser change anything: a
//! request that changes something is refused (403 `cross_site`) when its body is of a
//! type such a page can send without asking first (a form, `text/plain`), or when the
//! browser says the page came from another origin. The app's own requests (JSON, JPEG
//! photos, no body at all, from its own origin) go through, and so do the vendors'
//! signed callbacks.

mod common;

use common::*;
use serde_json::{json, Value};

async fn refused(res: reqwest::Response) -> bool {
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    status == 403 && body["code"] == "cross_site"
}

#[tokio::test]
async fn a_body_another_site_s_page_could_send_is_refused() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 1, &pickup_form(1)).await;
    let report = json!({ "name": "张三", "id_number": id_number(1), "kind": "lost",
                         "lost_on": "2026-11-30", "place": "成都市武侯区", "promised": true });
    let res = c
        .post(ts.u("/api/v1/loss-reports"))
        .header("content-type", "text/plain;charset=UTF-8")
        .body(report.to_string())
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .form(&[("confirm", "yes")])
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    // The application stands.
    let (_, app) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(app["status"], "submitted");

    // The message says what to do.
    let res = c
        .post(ts.u("/api/v1/sessions/current/renewal"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["message"], "请求来源不正确，请在本服务的页面中操作。");
}

#[tokio::test]
async fn a_page_of_another_origin_is_refused() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(2)).await;
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .header("origin", "https://evil.example")
        .json(&json!({ "phone": phone(3) }))
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    // Signing out everywhere, a photo, a sandboxed frame (`null`): refused alike.
    let res = c
        .delete(ts.u("/api/v1/sessions/current"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    let res = c
        .put(ts.u("/api/v1/drafts/current/photos/register_home"))
        .header("origin", "http://evil.example")
        .header("content-type", "image/jpeg")
        .body(jpeg(1200, 900))
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    let res = c
        .post(ts.u("/api/v1/sessions/current/renewal"))
        .header("origin", "null")
        .send()
        .await
        .unwrap();
    assert!(refused(res).await);
    // Still signed in; reading is no change.
    let res = c
        .get(ts.u("/api/v1/sessions/current"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_service_s_own_pages_get_through() {
    let ts =
        TestServer::start_with(|c| c.public_url = Some("https://id.example.gov.cn".into())).await;
    let c = sign_in(&ts, &phone(4)).await;
    // JSON from the page at the server's own address (the Host it was sent to).
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .header("origin", ts.url.as_str())
        .json(&json!({ "phone": phone(5) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // From the public address, through a proxy that sent its own Host.
    let res = c
        .put(ts.u("/api/v1/drafts/current"))
        .header("origin", "https://id.example.gov.cn")
        .json(&json!({ "notice_version": "2026-12" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // No body and no type: a button's POST.
    let res = c
        .post(ts.u("/api/v1/sessions/current/renewal"))
        .header("origin", ts.url.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // A photo as the app sends it.
    let res = c
        .put(ts.u("/api/v1/drafts/current/photos/register_home"))
        .header("origin", ts.url.as_str())
        .header("content-type", "image/jpeg")
        .body(jpeg(1200, 900))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // JSON with its charset named.
    let res = c
        .post(ts.u("/api/v1/sms-codes"))
        .header("content-type", "application/json; charset=utf-8")
        .body(json!({ "phone": phone(6) }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_vendors_signed_callbacks_are_no_browser_s() {
    let ts = TestServer::start_real().await;
    let res = client()
        .post(ts.u("/api/v1/vendor-callbacks"))
        .header("origin", "https://vendor.example.com")
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    // Past this layer: the signature is what refuses it.
    assert_eq!(res.status(), 401);
}
