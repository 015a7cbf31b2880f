//! Submitting, reading, the officer's decisions, payment, production, delivery.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn submit_checks_everything_and_is_idempotent() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;

    // No draft yet.
    assert_eq!(submit(&ts, &c, "first-key-0001").await.status(), 404);

    // Idempotency-Key is required and sane.
    let res = c.post(ts.u("/api/v1/applications")).send().await.unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "idempotency_key_required"
    );
    assert_eq!(submit(&ts, &c, "short").await.status(), 400);

    // Form complete, one photo missing, no liveness yet.
    put_draft(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true, "form": pickup_form(1) }),
    )
    .await;
    put_photo(&ts, &c, "register_home", jpeg(1200, 900)).await;
    let res = submit(&ts, &c, "first-key-0001").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        fields_of(&body),
        ["register_self", "card_photo", "liveness"]
    );

    // Incomplete form: every missing field is listed.
    let other = sign_in(&ts, &phone(2)).await;
    put_draft(
        &ts,
        &other,
        json!({ "notice_version": "2026-12", "form": { "name": "李四" } }),
    )
    .await;
    let res = submit(&ts, &other, "other-key-0001").await;
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    for f in [
        "id_number",
        "hukou_region",
        "reason",
        "delivery",
        "register_home",
        "register_self",
        "liveness",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }

    // Complete: 201 with a human-readable number.
    ready_draft(&ts, &c, &pickup_form(1)).await;
    let res = submit(&ts, &c, "first-key-0001").await;
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    let number = first["number"].as_str().unwrap().to_string();
    assert!(number.len() <= 20 && number.starts_with("BL"), "{number}");
    assert_eq!(first["status"], "submitted");

    // The same key again: the same application, not a second one.
    let res = submit(&ts, &c, "first-key-0001").await;
    assert_eq!(res.status(), 200);
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["number"], first["number"]);
    // The draft is gone, so a new key finds nothing to submit.
    assert_eq!(
        get_json(&ts, &c, "/api/v1/drafts/current").await,
        (200, Value::Null)
    );
    assert_eq!(submit(&ts, &c, "second-key-0001").await.status(), 404);

    let (status, list) = get_json(&ts, &c, "/api/v1/applications").await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["next_action"], "wait");

    // Detail: the ID number masked, fees, office, timeline.
    let (status, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(status, 200);
    let masked = detail["answers"]["id_number"].as_str().unwrap();
    assert!(
        masked.starts_with("5101") && masked.contains("**********"),
        "{masked}"
    );
    assert_eq!(detail["fees"]["total_fen"], 4000);
    assert_eq!(detail["office"]["id"], "cd-wuhou");
    assert_eq!(detail["timeline"][0]["title"], "申请已提交");
    assert_eq!(detail["paid"], false);

    // Someone else's number, and a number that does not exist: 404 alike.
    assert_eq!(
        get_json(&ts, &other, &format!("/api/v1/applications/{number}"))
            .await
            .0,
        404
    );
    assert_eq!(
        get_json(&ts, &c, "/api/v1/applications/BL20000101000001")
            .await
            .0,
        404
    );
    // Cancelling takes the card's holder, verified, before anything is looked up; paying
    // looks for the application among the phone's own.
    for (path, status) in [("cancellation", 403), ("payment", 404)] {
        let res = other
            .post(ts.u(&format!("/api/v1/applications/{number}/{path}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{path}");
    }
    let res = other
        .post(ts.u(&format!("/api/v1/applications/{number}/resubmission")))
        .json(&json!({ "form": {} }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(
        get_json(
            &ts,
            &other,
            &format!("/api/v1/applications/{number}/logistics")
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get_json(&ts, &other, "/api/v1/applications").await.1,
        json!([])
    );

    // Cancel before review; then nothing more.
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let detail: Value = res.json().await.unwrap();
    assert_eq!(detail["status"], "cancelled");
    assert_eq!(detail["next_action"], Value::Null);
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "illegal_transition");
    assert!(body["message"].as_str().unwrap().contains("已撤回"));
}

#[tokio::test]
async fn ems_journey_review_payment_production_delivery() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 10, &ems_form(10)).await;

    // Nothing to pay before approval; nothing to advance; no logistics.
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/payment")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "not_payable");
    assert_eq!(ts.advance_app(&number).await.status(), 409);
    assert_eq!(
        get_json(&ts, &c, &format!("/api/v1/applications/{number}/logistics"))
            .await
            .0,
        409
    );

    let view = ts.approve(&number).await;
    assert_eq!(view["status"], "awaiting_payment");
    // Cancelling after the review started is refused.
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    // Deciding twice is an illegal transition.
    let res = ts
        .admin(
            Method::POST,
            &format!("/api/v1/admin/applications/{number}/decision"),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<Value>().await.unwrap()["code"],
        "illegal_transition"
    );

    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["next_action"], "pay");
    assert_eq!(detail["fees"]["total_fen"], 6000);
    let statuses: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        vec!["submitted", "under_review", "awaiting_payment"]
    );

    // Pay: cancel once, then pay. The amount is the server's.
    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap().to_string();
    let url = start["action"]["url"].as_str().unwrap().to_string();
    assert_eq!(url, format!("/mock-vendor/payment/{flow}"));
    let page = c
        .get(ts.u(&url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("60元") && page.contains("支付") && page.contains("取消"));
    let res = c
        .post(ts.u(&url))
        .form(&[("outcome", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/payment/return?flow={flow}")
    );
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
    assert_eq!(st["status"], "cancelled");

    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap().to_string();
    // A return URL that claims success is not a payment.
    let _ = c
        .get(ts.u(&format!("/payment/return?flow={flow}&status=SUCCESS")))
        .send()
        .await
        .unwrap();
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
    assert_eq!(st["status"], "pending");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "awaiting_payment");
    // Another applicant cannot see the payment.
    let other = sign_in(&ts, &phone(11)).await;
    assert_eq!(
        get_json(&ts, &other, &format!("/api/v1/payments/{flow}"))
            .await
            .0,
        404
    );
    // A liveness id is not a payment id.
    assert_eq!(
        get_json(&ts, &c, &format!("/api/v1/liveness/{flow}"))
            .await
            .0,
        404
    );

    let res = c
        .post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    for _ in 0..2 {
        let (_, st) = get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
        assert_eq!(st["status"], "passed");
    }
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "paid");
    assert_eq!(detail["paid"], true);
    let paid_events = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["status"] == "paid")
        .count();
    assert_eq!(paid_events, 1);
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/payment")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["code"], "already_paid");

    // Production → shipped with a tracking number → delivered → completed.
    // Each officer step is named by what it does.
    let v: Value = ts.advance_app(&number).await.json().await.unwrap();
    assert_eq!(v["status"], "in_production");
    assert_eq!(v["next_step"], "标记已寄出");
    let v: Value = ts.advance_app(&number).await.json().await.unwrap();
    assert_eq!(v["status"], "shipped");
    assert_eq!(v["next_step"], "标记已签收");
    let tracking = v["tracking_number"].as_str().unwrap().to_string();
    assert!(tracking.starts_with("EMS"));
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["next_action"], "track_shipment");
    let (status, log) =
        get_json(&ts, &c, &format!("/api/v1/applications/{number}/logistics")).await;
    assert_eq!(status, 200);
    assert_eq!(log["tracking_number"], tracking.as_str());
    assert_eq!(log["events"].as_array().unwrap().len(), 1);
    ts.advance(30 * 3600);
    let c = sign_in(&ts, &phone(10)).await; // the old session has expired by now
    let (_, log) = get_json(&ts, &c, &format!("/api/v1/applications/{number}/logistics")).await;
    assert_eq!(log["events"].as_array().unwrap().len(), 4);
    assert!(log["events"][0]["description"]
        .as_str()
        .unwrap()
        .contains("锦江区"));

    let v: Value = ts.advance_app(&number).await.json().await.unwrap();
    assert_eq!(v["status"], "delivered");
    let (_, log) = get_json(&ts, &c, &format!("/api/v1/applications/{number}/logistics")).await;
    assert!(log["events"][0]["description"]
        .as_str()
        .unwrap()
        .contains("签收"));
    let v: Value = ts.advance_app(&number).await.json().await.unwrap();
    assert_eq!(v["status"], "completed");
    assert!(v["next_step"].is_null());
    let res = ts.advance_app(&number).await;
    assert_eq!(res.status(), 409);
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["timeline"].as_array().unwrap().len(), 8);
    assert_eq!(detail["next_action"], Value::Null);
}

#[tokio::test]
async fn rejection_and_resubmission() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 20, &pickup_form(20)).await;
    let path = format!("/api/v1/admin/applications/{number}/decision");

    // A rejection needs a reason and known fields.
    let res = ts
        .admin(
            Method::POST,
            &path,
            Some(json!({"decision": "reject", "reason": "", "fields": []})),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = ts
        .admin(
            Method::POST,
            &path,
            Some(json!({"decision": "reject", "reason": "照片模糊", "fields": ["shoe_size"]})),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = ts
        .admin(Method::POST, &path, Some(json!({"decision": "maybe"})))
        .await;
    assert_eq!(res.status(), 400);

    // Resubmitting, or correcting, before a rejection is an illegal transition.
    let res = c
        .put(ts.u(&format!("/api/v1/applications/{number}/correction")))
        .json(&json!({ "form": { "name": "张叁" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/resubmission")))
        .json(&json!({ "form": {} }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);

    let res = ts
        .admin(
            Method::POST,
            &path,
            Some(json!({"decision": "reject", "reason": "户口簿本人页照片不清晰，姓名与户口簿不一致", "fields": ["name", "register_self"]})),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "rejected");
    assert_eq!(detail["next_action"], "fix_and_resubmit");
    assert_eq!(
        detail["rejection"]["fields"],
        json!(["name", "register_self"])
    );
    assert!(detail["rejection"]["reason"]
        .as_str()
        .unwrap()
        .contains("不清晰"));

    // Corrections are kept as they are made: a reload mid-correction loses nothing.
    let correction = format!("/api/v1/applications/{number}/correction");
    let put_correction = |form: Value| {
        c.put(ts.u(&correction))
            .json(&json!({ "form": form }))
            .send()
    };
    let res = put_correction(json!({ "name": "Z4" })).await.unwrap();
    assert_eq!(res.status(), 422, "a bad correction is refused");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert!(detail.get("correction").is_none(), "and nothing is stored");
    let res = put_correction(json!({ "name": "张叁", "id_number": pickup_form(20).id_number }))
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["correction"]["name"], "张叁");
    assert!(
        detail["correction"]["id_number"]
            .as_str()
            .unwrap()
            .contains('*'),
        "ID masked"
    );
    assert_eq!(
        detail["answers"]["name"],
        pickup_form(20).name.unwrap().as_str(),
        "answers unchanged until resubmitted"
    );

    // The photo asked for must be new.
    let (status, body) = resubmit(&ts, &c, &number, json!({ "name": "张叁" })).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "register_self");
    // Bad corrections are refused too.
    let (status, _) = resubmit(&ts, &c, &number, json!({ "name": "Z4" })).await;
    assert_eq!(status, 422);

    assert_eq!(
        put_photo(&ts, &c, "register_self", jpeg(1300, 1000))
            .await
            .status(),
        200
    );
    // A new name needs a face check for it; the correction is what it vouches for.
    let (status, body) = resubmit(&ts, &c, &number, json!({ "name": "张叁" })).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"][0]["field"], "liveness");
    let flow = face_check(&ts, &c, Some(&number)).await;
    assert_eq!(
        vendor_says(&ts, &c, &flow, "pass").await["status"],
        "passed"
    );
    let (status, detail) = resubmit(&ts, &c, &number, json!({ "name": "张叁" })).await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(detail["status"], "resubmitted");
    assert_eq!(detail["answers"]["name"], "张叁");
    assert!(detail.get("rejection").is_none());
    let n = number.clone();
    let left = ts
        .state()
        .db
        .call(move |c| reissue_server::drafts::store::load_correction(c, &n))
        .await
        .unwrap();
    assert_eq!(
        left, None,
        "resubmitting deletes the correction, not just hides it"
    );

    // The officer sees the new photo and approves.
    let list: Value = ts
        .admin(Method::GET, "/api/v1/admin/applications", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["photos"]["register_self"]["width"], 1300);
    assert_eq!(list[0]["answers"]["name"], "张叁");
    let v = ts.approve(&number).await;
    assert_eq!(v["status"], "awaiting_payment");
}

#[tokio::test]
async fn pickup_journey_and_auto_review() {
    let ts = TestServer::start_with(|c| c.auto_review = Some(60)).await;
    let (c, number) = submitted(&ts, 30, &pickup_form(30)).await;

    // Not yet old enough.
    assert_eq!(reissue_server::jobs::autoreview::tick(ts.state()).await, 0);
    ts.advance(61);
    assert_eq!(reissue_server::jobs::autoreview::tick(ts.state()).await, 1);
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["status"], "awaiting_payment");

    // Waiting for payment does not move by itself.
    ts.advance(61);
    assert_eq!(reissue_server::jobs::autoreview::tick(ts.state()).await, 0);

    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap();
    let res = c
        .post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    let mut seen = Vec::new();
    for _ in 0..5 {
        ts.advance(61);
        reissue_server::jobs::autoreview::tick(ts.state()).await;
        let (_, d) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
        seen.push(d["status"].as_str().unwrap().to_string());
    }
    assert_eq!(
        seen,
        vec![
            "in_production",
            "ready_for_pickup",
            "picked_up",
            "completed",
            "completed"
        ]
    );
    let (_, d) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    let ready = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["status"] == "ready_for_pickup")
        .unwrap();
    assert!(ready["detail"].as_str().unwrap().contains("武侯区"));
    // No logistics for pickup.
    let (status, body) =
        get_json(&ts, &c, &format!("/api/v1/applications/{number}/logistics")).await;
    assert_eq!(status, 409);
    assert!(body["message"].as_str().unwrap().contains("领取"));
}

#[tokio::test]
async fn payment_flow_expires_after_15_minutes() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 40, &pickup_form(40)).await;
    ts.approve(&number).await;
    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap();
    ts.advance(16 * 60);
    let _ = c
        .post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    let (_, st) = get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
    assert_eq!(st["status"], "expired");
    let (_, d) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(d["status"], "awaiting_payment");
}

#[tokio::test]
async fn liveness_older_than_30_minutes_does_not_count() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(50)).await;
    ready_draft(&ts, &c, &pickup_form(50)).await;
    ts.advance_busy(&c, 31 * 60).await;
    let res = submit(&ts, &c, "late-key-0001").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "liveness");
}

#[tokio::test]
async fn officer_list_masks_id_numbers_and_gives_one_full_number_on_request() {
    let ts = TestServer::start().await;
    let form = pickup_form(31);
    let full = form.id_number.clone().unwrap();
    let (_, number) = submitted(&ts, 31, &form).await;

    let res = ts
        .admin(Method::GET, "/api/v1/admin/applications", None)
        .await;
    let text = res.text().await.unwrap();
    assert!(!text.contains(&full), "the list carries no full ID number");
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        list[0]["answers"]["id_number"],
        reissue_domain::mask::id_number(&full)
    );
    // The face check that vouched for it; nothing for the officer to move yet.
    assert!(list[0]["face_check_at"]
        .as_str()
        .is_some_and(|t| t.ends_with("+08:00")));
    assert!(list[0]["next_step"].is_null());

    let path = format!("/api/v1/admin/applications/{number}/id-number");
    let res = ts.admin(Method::GET, &path, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["id_number"], full.as_str());

    // Only for the officer, and only for an application that exists.
    let (status, _) = get_json(&ts, &client(), &path).await;
    assert_eq!(status, 401);
    let res = ts
        .admin(
            Method::GET,
            "/api/v1/admin/applications/NO-SUCH/id-number",
            None,
        )
        .await;
    assert_eq!(res.status(), 404);
}
