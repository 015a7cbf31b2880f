//! Whose application it is: a correction changes only what the officer asked for, and a
//! face check vouches only for the name and ID number it was started for.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn a_resubmission_changes_only_the_fields_the_officer_asked_for() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 60, &ems_form(60)).await;
    reject(&ts, &number, &["postcode"]).await;

    // Someone else's name and number, with the postcode that was asked for.
    let (status, body) = resubmit(
        &ts,
        &c,
        &number,
        json!({ "name": "李四", "id_number": id_number(61), "postcode": "610000" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields_of(&body), ["name", "id_number"], "{body}");
    assert!(body["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("没有要求修改姓名"));

    // Kept as a correction either: refused the same way, nothing stored.
    let res = c
        .put(ts.u(&format!("/api/v1/applications/{number}/correction")))
        .json(&json!({ "form": { "name": "李四" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(fields_of(&body), ["name"]);

    // The same answers typed again are not a change; the postcode is.
    let (status, body) = resubmit(
        &ts,
        &c,
        &number,
        json!({ "name": "张三", "id_number": id_number(60), "postcode": "610000" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["answers"]["postcode"], "610000");
    assert_eq!(body["answers"]["name"], "张三");
}

#[tokio::test]
async fn a_face_check_counts_only_for_the_identity_it_was_started_for() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(62)).await;
    let res = put_draft(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true, "form": pickup_form(62) }),
    )
    .await;
    assert_eq!(res.status(), 200);
    for slot in ["register_home", "register_self", "card_photo"] {
        assert_eq!(
            put_photo(&ts, &c, slot, jpeg(1200, 900)).await.status(),
            200
        );
    }
    let flow = face_check(&ts, &c, None).await;

    // While the check is open on the vendor's page, the draft becomes someone else (who
    // chooses the camera's photo again: the choice went with the old identity).
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "name": "王五", "id_number": id_number(63) } }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = put_draft(&ts, &c, json!({ "card_photo": { "source": "camera" } })).await;
    assert_eq!(res.status(), 200);

    let verdict = vendor_says(&ts, &c, &flow, "pass").await;
    assert_eq!(verdict["status"], "failed", "{verdict}");
    assert!(verdict["reason"].as_str().unwrap().contains("重新"));
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert!(draft["liveness"].get("passed_at").is_none(), "{draft}");
    let res = submit(&ts, &c, "identity-key-0001").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(fields_of(&body), ["liveness"]);

    // A check for the new identity counts.
    let flow = face_check(&ts, &c, None).await;
    assert_eq!(
        vendor_says(&ts, &c, &flow, "pass").await["status"],
        "passed"
    );
    let res = submit(&ts, &c, "identity-key-0002").await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

#[tokio::test]
async fn a_name_corrected_after_a_rejection_needs_a_new_face_check_for_that_name() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 64, &pickup_form(64)).await;
    reject(&ts, &number, &["name"]).await;

    // The old face check vouched for the old name.
    let (status, body) = resubmit(&ts, &c, &number, json!({ "name": "张叁" })).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields_of(&body), ["liveness"]);

    // A check started for this correction (kept on the server as it is typed) counts for
    // the corrected name.
    let res = c
        .put(ts.u(&format!("/api/v1/applications/{number}/correction")))
        .json(&json!({ "form": { "name": "张叁" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let flow = face_check(&ts, &c, Some(&number)).await;
    assert_eq!(
        vendor_says(&ts, &c, &flow, "pass").await["status"],
        "passed"
    );

    // Not for yet another name typed afterwards.
    let (status, body) = resubmit(&ts, &c, &number, json!({ "name": "张叄" })).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields_of(&body), ["liveness"]);

    let (status, body) = resubmit(&ts, &c, &number, json!({ "name": "张叁" })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["answers"]["name"], "张叁");

    // Unchanged identity, nothing else asked: no new check needed.
    let (c2, other) = submitted(&ts, 65, &pickup_form(65)).await;
    reject(&ts, &other, &["name"]).await;
    let (status, body) = resubmit(&ts, &c2, &other, json!({ "name": "张三" })).await;
    assert_eq!(status, 200, "{body}");
}
