//! Drafts, photos and the liveness flow.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn draft_saves_partial_answers_normalised_and_refuses_bad_ones() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    assert_eq!(
        get_json(&ts, &c, "/api/v1/drafts/current").await,
        (200, Value::Null),
        "no draft yet"
    );

    // Partial, lowercase x and spaces in the ID number.
    let id = id_number(101);
    let spaced = format!("{} {}", &id[..6], id[6..].to_lowercase());
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "name": " 张三 ", "id_number": spaced } }),
    )
    .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let draft: Value = res.json().await.unwrap();
    assert_eq!(draft["form"]["id_number"], id);
    assert_eq!(draft["form"]["name"], "张三");
    assert_eq!(draft["liveness"]["max_attempts"], 3);

    // Merge: a later PUT keeps what it does not mention.
    let res = put_draft(&ts, &c, json!({ "notice_version": "2026-12", "form": { "delivery": "pickup", "office_id": "cd-gaoxin" } })).await;
    assert_eq!(res.status(), 200);
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(draft["form"]["name"], "张三");
    assert_eq!(draft["form"]["office_id"], "cd-gaoxin");
    assert_eq!(draft["notice_version"], "2026-12");

    // Bad values: 422 per field, nothing stored.
    let mut bad_id = id.clone();
    bad_id.replace_range(17..18, if id.ends_with('0') { "1" } else { "0" });
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "name": "<script>alert(1)</script>", "id_number": bad_id, "hukou_region": "999999", "office_id": "nowhere" } }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in ["name", "id_number", "hukou_region", "office_id"] {
        assert!(fields.contains(&f), "{fields:?}");
    }
    for f in body["fields"].as_array().unwrap() {
        assert!(!f["message"].as_str().unwrap().is_empty());
    }
    let (_, after) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(after["form"], draft["form"]);

    // A region outside Sichuan, an old 15-digit number, an outdated notice.
    let res = put_draft(&ts, &c, json!({ "form": { "hukou_region": "110101" } })).await;
    assert_eq!(res.status(), 422);
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "id_number": "510107900517123" } }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "id_number");
    let res = put_draft(&ts, &c, json!({ "notice_version": "2020-01" })).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "notice_version");

    // An empty string clears a field.
    let res = put_draft(&ts, &c, json!({ "form": { "office_id": "" } })).await;
    assert_eq!(res.status(), 200);
    let draft: Value = res.json().await.unwrap();
    assert!(draft["form"].get("office_id").is_none());

    // Another applicant has no draft: that is an answer (`null`), not an error.
    let other = sign_in(&ts, &phone(2)).await;
    assert_eq!(
        get_json(&ts, &other, "/api/v1/drafts/current").await,
        (200, Value::Null)
    );
}

#[tokio::test]
async fn photos_are_checked_stripped_stored_and_removed() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(3)).await;

    let res = put_photo(&ts, &c, "register_home", jpeg(1600, 1200)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let meta: Value = res.json().await.unwrap();
    assert_eq!(meta["width"], 1600);
    assert_eq!(meta["height"], 1200);
    assert_eq!(meta["sha256"].as_str().unwrap().len(), 64);
    let stored = meta["bytes"].as_u64().unwrap();
    assert!(stored < jpeg(1600, 1200).len() as u64);

    let res = c
        .get(ts.u("/api/v1/drafts/current/photos/register_home"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, stored);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("Exif") && !text.contains("GPS"));
    assert!(text.contains("JFIF"));
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(draft["photos"]["register_home"]["sha256"], meta["sha256"]);
    // The file is on disk under photos/, and no temp file is left behind.
    let photos = ts.dir.path().join("data/photos");
    let names: Vec<String> = std::fs::read_dir(&photos)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![format!("{}.jpg", meta["sha256"].as_str().unwrap())]
    );

    // 2.1 MiB: 413 with a Chinese message.
    let mut big = jpeg(2000, 2000);
    big.resize(2 * 1024 * 1024 + 100 * 1024, 0);
    let res = put_photo(&ts, &c, "register_self", big).await;
    assert_eq!(res.status(), 413);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "too_large");
    assert!(body["message"].as_str().unwrap().contains("2 MB"));

    // A 30 MB camera original sent as is: refused the same way, without reading it all.
    let mut huge = jpeg(2000, 2000);
    huge.resize(30 * 1024 * 1024, 0);
    let res = put_photo(&ts, &c, "register_self", huge).await;
    assert_eq!(res.status(), 413);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "too_large");

    // A text file sent as a JPEG; a PNG; the wrong content type.
    let res = put_photo(
        &ts,
        &c,
        "register_self",
        b"just some text, named photo.jpg".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 415);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "not_jpeg");
    assert_eq!(body["message"], "请上传 JPG 格式的照片");
    let res = put_photo(
        &ts,
        &c,
        "register_self",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
    )
    .await;
    assert_eq!(res.status(), 415);
    // A body type the API does not take is refused before the handler (tests/csrf.rs).
    let res = c
        .put(ts.u("/api/v1/drafts/current/photos/register_self"))
        .header("content-type", "image/png")
        .body(jpeg(1000, 1000))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "cross_site");

    // Truncated, too small, empty, unknown slot.
    let full = jpeg(1000, 1000);
    let res = put_photo(&ts, &c, "register_self", full[..full.len() - 6].to_vec()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "truncated");
    let res = put_photo(&ts, &c, "register_self", jpeg(1000, 799)).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "too_small");
    assert_eq!(body["fields"][0]["field"], "register_self");
    let res = put_photo(&ts, &c, "register_self", jpeg(1, 1)).await;
    assert_eq!(res.status(), 422);
    let res = put_photo(&ts, &c, "register_self", Vec::new()).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "empty");
    let res = put_photo(&ts, &c, "passport", jpeg(1000, 1000)).await;
    assert_eq!(res.status(), 404);

    // Nothing of that was stored.
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert!(draft["photos"].get("register_self").is_none());

    // Delete removes it from the draft and from disk.
    let res = c
        .delete(ts.u("/api/v1/drafts/current/photos/register_home"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = c
        .get(ts.u("/api/v1/drafts/current/photos/register_home"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(std::fs::read_dir(&photos).unwrap().count(), 0);
    let res = c
        .delete(ts.u("/api/v1/drafts/current/photos/register_home"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn liveness_flow_pass_fail_cancel_expire_and_attempts() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(4)).await;

    // Consent first.
    let res = c
        .post(ts.u("/api/v1/drafts/current/liveness"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "consent_required"
    );
    assert_eq!(
        put_draft(&ts, &c, json!({ "face_consent": true }))
            .await
            .status(),
        200
    );

    // The mock vendor page asks for the three actions and has the three buttons.
    let res = c
        .post(ts.u("/api/v1/drafts/current/liveness"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let start: Value = res.json().await.unwrap();
    let flow = start["flow_id"].as_str().unwrap().to_string();
    let url = start["action"]["url"].as_str().unwrap().to_string();
    assert_eq!(url, format!("/mock-vendor/liveness/{flow}"));
    let page = c
        .get(ts.u(&url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for needle in [
        "眨眼",
        "点头",
        "张嘴",
        "通过",
        "不通过",
        "取消",
        "playsinline",
        "muted",
        "camera.js",
    ] {
        assert!(page.contains(needle), "{needle}");
    }
    let js = c
        .get(ts.u("/mock-vendor/assets/camera.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(js.contains("getUserMedia") && js.contains(".play()"));
    // Pending until the vendor says otherwise; a tampered return URL changes nothing.
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "pending");
    for tampered in [
        format!("/liveness/return?flow={flow}&passed=1"),
        format!("/liveness/return?flow={flow}&status=SUCCESS"),
    ] {
        let _ = c.get(ts.u(&tampered)).send().await.unwrap();
    }
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "pending");

    // Cancel on the vendor page.
    let res = c
        .post(ts.u(&url))
        .form(&[("outcome", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "cancelled");
    // A second answer does not change a decided flow.
    let res = c
        .post(ts.u(&url))
        .form(&[("outcome", "pass")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "cancelled");
    // The vendor page of a finished flow links back.
    let page = c
        .get(ts.u(&url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("已取消") && page.contains(&format!("/liveness/return?flow={flow}")));

    // Fail, with a reason.
    let (_, st) = liveness(&ts, &c, "fail").await;
    assert_eq!(st["status"], "failed");
    assert!(!st["reason"].as_str().unwrap().is_empty());

    // Another applicant cannot read this flow.
    let other = sign_in(&ts, &phone(5)).await;
    assert_eq!(
        get_json(&ts, &other, &format!("/api/v1/liveness/{flow}"))
            .await
            .0,
        404
    );
    assert_eq!(
        get_json(&ts, &c, "/api/v1/liveness/ffffffffffffffffffffffffffffffff")
            .await
            .0,
        404
    );

    // Third attempt passes; the draft records it.
    let (_, st) = liveness(&ts, &c, "pass").await;
    assert_eq!(st["status"], "passed");
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(draft["liveness"]["attempts"], 3);
    assert!(draft["liveness"]["passed_at"].as_str().is_some());

    // A fourth is refused: go to a counter.
    let res = c
        .post(ts.u("/api/v1/drafts/current/liveness"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "attempts_exhausted");
    assert!(body["message"].as_str().unwrap().contains("窗口"));
}

#[tokio::test]
async fn liveness_flow_expires_after_30_minutes() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(6)).await;
    put_draft(&ts, &c, json!({ "face_consent": true })).await;
    let (_, start) = post_json(&ts, &c, "/api/v1/drafts/current/liveness").await;
    let flow = start["flow_id"].as_str().unwrap().to_string();
    ts.advance_busy(&c, 31 * 60).await;
    // Answering the vendor page after expiry changes nothing.
    let res = c
        .post(ts.u(&format!("/mock-vendor/liveness/{flow}")))
        .form(&[("outcome", "pass")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/liveness/{flow}")).await;
    assert_eq!(st["status"], "expired");
    // Unknown outcome values and unknown flows.
    let res = c
        .post(ts.u(&format!("/mock-vendor/liveness/{flow}")))
        .form(&[("outcome", "passed")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let res = c
        .get(ts.u("/mock-vendor/liveness/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_passed_liveness_check_is_reset_by_a_new_identity() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(7)).await;
    ready_draft(&ts, &c, &pickup_form(7)).await;
    let res = put_draft(&ts, &c, json!({ "form": { "id_number": id_number(8) } })).await;
    assert_eq!(res.status(), 200);
    let draft: Value = res.json().await.unwrap();
    assert!(draft["liveness"].get("passed_at").is_none());
    let res = submit(&ts, &c, "reset-key-0001").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    // The card photo choice went with it: a photo is someone's too.
    assert_eq!(fields_of(&body), ["card_photo", "liveness"]);
}
