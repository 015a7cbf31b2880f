//! 挂失 and 解挂 over HTTP: every state change, and the ones refused.

mod common;

use common::*;
use reissue_domain::api::{FormAnswers, Reason};
use serde_json::{json, Value};

fn report_body(seq: u16) -> Value {
    json!({ "name": "张三", "id_number": id_number(seq), "kind": "stolen",
            "lost_on": "2026-11-30", "place": "成都市武侯区", "description": "地铁上被偷",
            "police_receipt": "JJ20261130001", "promised": true })
}

#[tokio::test]
async fn a_report_is_recorded_at_once_once_per_card_and_withdrawn_when_found() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    verified_as(&ts, &c, "张三", &id_number(1)).await;
    let (s, first) = ts.loss_reports(&c).report(report_body(1)).await;
    assert_eq!(s, 201, "{first}");
    let number = first["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("GS"), "{number}");
    assert_eq!(first["status"], "reported");
    assert!(first["id_number"].as_str().unwrap().contains('*'), "masked");
    assert_eq!(first["police_receipt"], "JJ20261130001");

    // A second report of the same card: the first one's number, for its owner.
    let (s, again) = ts.loss_reports(&c).report(report_body(1)).await;
    assert_eq!(s, 409);
    assert_eq!(again["code"], "already_reported");
    assert!(again["message"].as_str().unwrap().contains(&number));
    // Someone else, verified as themselves, is told nothing about the card: not that it
    // is reported, not by whom, not under which number.
    let stranger = sign_in(&ts, &phone(2)).await;
    verified_as(&ts, &stranger, "李四", &id_number(2)).await;
    let (s, theirs) = ts.loss_reports(&stranger).report(report_body(1)).await;
    assert_eq!(s, 403);
    assert_eq!(theirs["code"], "not_holder");
    assert!(!theirs["message"].as_str().unwrap().contains(&number));
    // Nor can they withdraw it: another's report reads as none.
    assert_eq!(
        ts.loss_reports(&stranger)
            .withdraw(&number, json!({}))
            .await
            .0,
        404
    );
    // The reporter has it in writing, once; the stranger's refused try says nothing.
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"].as_array().unwrap().len(), 1, "{inbox}");
    assert_eq!(inbox["messages"][0]["kind"], "loss_reported");
    assert_eq!(inbox["messages"][0]["link"], "/applications");
    assert!(inbox["messages"][0]["body"]
        .as_str()
        .unwrap()
        .contains(&number));
    let (_, theirs) = get_json(&ts, &stranger, "/api/v1/messages").await;
    assert_eq!(theirs["messages"], json!([]));

    // Bad input: every field at once, nothing recorded.
    let bad = json!({ "name": "", "id_number": "123", "lost_on": "", "place": "" });
    let (s, _) = ts.loss_reports(&c).report(bad).await;
    assert_eq!(s, 422);
    // Everything right but the reporter's 本人承诺: refused, on that field alone.
    let mut unpromised = report_body(1);
    unpromised["promised"] = json!(false);
    let (s, refused) = ts.loss_reports(&c).report(unpromised).await;
    assert_eq!(s, 422, "{refused}");
    let fields: Vec<&str> = refused["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["promised"], "{refused}");
    let (_, mine) = ts.loss_reports(&c).list().await;
    assert_eq!(mine.as_array().unwrap().len(), 1);

    // Found again: 解挂, once; the card may then be reported again.
    let (s, done) = ts.loss_reports(&c).withdraw(&number, json!({})).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["status"], "withdrawn");
    assert!(done["ended_at"].is_string());
    let (s, twice) = ts.loss_reports(&c).withdraw(&number, json!({})).await;
    assert_eq!(s, 409);
    assert_eq!(twice["code"], "not_reported");
    assert_eq!(ts.loss_reports(&c).report(report_body(1)).await.0, 201);

    // The officer finds reports by number or by the full ID number.
    let (_, found) = ts.loss_reports(&c).officer_search(&id_number(1)).await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    let (_, found) = ts.loss_reports(&c).officer_search(&number).await;
    assert_eq!(found[0]["status"], "withdrawn");
    ts.stop().await;
}

#[tokio::test]
async fn withdrawing_asks_about_an_open_application_and_cancels_it_when_told() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 11, &pickup_form(11)).await;
    let (_, r) = ts.loss_reports(&c).report(report_body(11)).await;
    let number = r["number"].as_str().unwrap().to_string();
    let (s, asked) = ts.loss_reports(&c).withdraw(&number, json!({})).await;
    assert_eq!(s, 409);
    assert_eq!(asked["code"], "application_open");
    let (s, _) = ts
        .loss_reports(&c)
        .withdraw(&number, json!({ "cancel_application": false }))
        .await;
    assert_eq!(s, 409, "keeping the application keeps the report");
    let (s, done) = ts
        .loss_reports(&c)
        .withdraw(&number, json!({ "cancel_application": true }))
        .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["status"], "withdrawn");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "cancelled");
    ts.stop().await;
}

#[tokio::test]
async fn a_new_card_in_production_makes_the_report_void_and_withdrawal_impossible() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 21, &pickup_form(21)).await;
    let (_, r) = ts.loss_reports(&c).report(report_body(21)).await;
    let number = r["number"].as_str().unwrap().to_string();

    // Under review: the application cannot be withdrawn online, so neither can the report.
    ts.approve(&app).await;
    let (s, busy) = ts
        .loss_reports(&c)
        .withdraw(&number, json!({ "cancel_application": true }))
        .await;
    assert_eq!(s, 409);
    assert_eq!(busy["code"], "application_in_progress");

    pay(&ts, &c, &app).await;
    let v: Value = ts.advance_app(&app).await.json().await.unwrap();
    assert_eq!(v["status"], "in_production");
    let (_, mine) = ts.loss_reports(&c).list().await;
    assert_eq!(mine[0]["status"], "void");
    let (s, refused) = ts.loss_reports(&c).withdraw(&number, json!({})).await;
    assert_eq!(s, 409);
    assert_eq!(refused["code"], "new_card_issued");
    assert!(refused["message"]
        .as_str()
        .unwrap()
        .contains("挂失期间已经补领了新的身份证，原居民身份证找回后无法继续使用"));
    ts.stop().await;
}

#[tokio::test]
async fn the_draft_names_the_card_s_open_report_and_the_application_keeps_it() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(31)).await;
    verified_as(&ts, &c, "张三", &id_number(31)).await;
    let (_, r) = ts.loss_reports(&c).report(report_body(31)).await;
    let number = r["number"].as_str().unwrap().to_string();
    // Stolen, the police receipt not typed again: the report's is carried over.
    let form = FormAnswers {
        reason: Some(Reason::Stolen),
        ..pickup_form(31)
    };
    ready_draft(&ts, &c, &form).await;
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(draft["loss_report"]["number"], number.as_str());
    assert_eq!(draft["loss_report"]["status"], "reported");
    // The same number under another name is not that person's card: nothing said.
    let stranger = sign_in(&ts, &phone(32)).await;
    let res = put_draft(
        &ts,
        &stranger,
        json!({ "form": { "name": "李四", "id_number": id_number(31) } }),
    )
    .await;
    let other: Value = res.json().await.unwrap();
    assert!(other["form"]["id_number"].is_string());
    assert!(other.get("loss_report").is_none(), "{other}");

    let res = submit(&ts, &c, "key-31-0001").await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let app = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["loss_report"]["number"], number.as_str());
    assert_eq!(detail["answers"]["police_receipt"], "JJ20261130001");
    // The officer sees it with the application.
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    let all: Value = res.json().await.unwrap();
    assert_eq!(all[0]["loss_report"], number.as_str());

    // The new card made: the application shows its report void.
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    ts.advance_app(&app).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["loss_report"]["status"], "void");
    ts.stop().await;
}

#[tokio::test]
async fn a_report_made_after_applying_is_named_by_the_application() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 41, &pickup_form(41)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert!(detail.get("loss_report").is_none());
    let (_, r) = ts.loss_reports(&c).report(report_body(41)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["loss_report"]["number"], r["number"]);
    // A lost (not stolen) card has no police receipt, whatever the report says.
    assert!(detail["answers"].get("police_receipt").is_none());
    ts.stop().await;
}
