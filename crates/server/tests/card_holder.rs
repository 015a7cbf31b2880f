//! Only the holder acts on a card: a phone session proves a phone, a face check bound
//! to a name and an ID number proves a person. Each test is an attack that worked when
//! the family trusted the session alone.

mod common;

use common::*;
use reissue_domain::date::Date;
use reissue_domain::idcard::make_id;
use serde_json::{json, Value};

fn report_body(name: &str, id: &str, receipt: &str) -> Value {
    json!({ "name": name, "id_number": id, "kind": "stolen", "lost_on": "2026-11-30",
            "place": "成都市武侯区", "police_receipt": receipt, "promised": true })
}

async fn post(ts: &TestServer, c: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
    let res = c.post(ts.u(path)).json(&body).send().await.unwrap();
    (
        res.status().as_u16(),
        res.json().await.unwrap_or(Value::Null),
    )
}

async fn kinds(ts: &TestServer, c: &reqwest::Client) -> Vec<String> {
    let (_, inbox) = get_json(ts, c, "/api/v1/messages").await;
    inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_string())
        .collect()
}

/// The seeded resident 李娜 (Sichuan).
fn li_na() -> String {
    make_id("510104", Date::new(1988, 8, 8).unwrap(), 123)
}

/// The seeded resident 张伟 (Sichuan, a photo on record).
fn zhang_wei() -> String {
    make_id("510107", Date::new(1990, 5, 17).unwrap(), 123)
}

#[tokio::test]
async fn a_stranger_cannot_report_pre_empt_withdraw_or_cancel_for_another_s_card() {
    let ts = TestServer::start().await;
    // A applies for their card (and is verified by the wizard's face check).
    let (a, app) = submitted(&ts, 101, &pickup_form(101)).await;
    let card = id_number(101);
    let b = sign_in(&ts, &phone(102)).await;

    // B, signed in only: a phone, not a person.
    let (s, e) = ts
        .loss_reports(&b)
        .report(report_body("随便写", &card, "JJ20261201999"))
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (403, Some("identity_required")),
        "{e}"
    );
    // B, verified as B: still not A's card; nothing said about it.
    verified_as(&ts, &b, "李四", &id_number(102)).await;
    let (s, e) = ts
        .loss_reports(&b)
        .report(report_body("随便写", &card, "JJ20261201999"))
        .await;
    assert_eq!((s, e["code"].as_str()), (403, Some("not_holder")), "{e}");
    // Nor cancel A's application, by its number.
    let (s, _) = post(
        &ts,
        &b,
        &format!("/api/v1/applications/{app}/cancellation"),
        json!({}),
    )
    .await;
    assert_eq!(s, 404);
    let (_, detail) = get_json(&ts, &a, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "submitted");
    assert!(detail.get("loss_report").is_none(), "{detail}");

    // A reports A's own card: nothing pre-empted it, and A's application names A's report.
    let (s, mine) = ts
        .loss_reports(&a)
        .report(report_body("张三", &card, "JJ20261201001"))
        .await;
    assert_eq!(s, 201, "{mine}");
    let number = mine["number"].as_str().unwrap().to_string();
    let (_, detail) = get_json(&ts, &a, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["loss_report"]["number"], number.as_str());
    // B cannot withdraw it (it reads as none), nor cancel A's application through it.
    let (s, _) = ts
        .loss_reports(&b)
        .withdraw(&number, json!({ "cancel_application": true }))
        .await;
    assert_eq!(s, 404);
    let (_, detail) = get_json(&ts, &a, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "submitted");
    // A can: asked about the application, then both.
    let (s, asked) = ts.loss_reports(&a).withdraw(&number, json!({})).await;
    assert_eq!((s, asked["code"].as_str()), (409, Some("application_open")));
    let cancel_too = json!({ "cancel_application": true });
    let (s, done) = ts.loss_reports(&a).withdraw(&number, cancel_too).await;
    assert_eq!(s, 200, "{done}");
    assert!(
        kinds(&ts, &b).await.is_empty(),
        "B is told nothing of A's card"
    );
    ts.stop().await;
}

#[tokio::test]
async fn nobody_else_s_report_or_police_receipt_reaches_the_holder_s_application() {
    let ts = TestServer::start().await;
    let b = sign_in(&ts, &phone(111)).await;
    verified_as(&ts, &b, "王五", &id_number(111)).await;
    // B tries to report 李娜's card stolen with B's receipt: refused, nothing recorded.
    let (s, _) = ts
        .loss_reports(&b)
        .report(report_body("李娜", &li_na(), "JJ20261201999"))
        .await;
    assert_eq!(s, 403);
    // 李娜's own report is then accepted, with her receipt.
    let li = sign_in(&ts, &phone(112)).await;
    verified_as(&ts, &li, "李娜", &li_na()).await;
    let (s, hers) = ts
        .loss_reports(&li)
        .report(report_body("李娜", &li_na(), "JJ20261201002"))
        .await;
    assert_eq!(s, 201, "{hers}");
    assert_eq!(hers["police_receipt"], "JJ20261201002");
    // Under another name than the register's, even the verified holder is refused.
    let (s, e) = ts
        .loss_reports(&li)
        .report(report_body("李 娜娜", &li_na(), "JJ20261201002"))
        .await;
    assert_eq!(
        (s, e["fields"][0]["code"].as_str()),
        (422, Some("name_mismatch")),
        "{e}"
    );
    ts.stop().await;
}

#[tokio::test]
async fn a_face_check_under_a_name_the_register_does_not_give_the_number_fails() {
    let ts = TestServer::start().await;
    let b = sign_in(&ts, &phone(121)).await;
    let verdict = verify_as(&ts, &b, "随便写", &li_na(), "pass").await;
    assert_eq!(verdict["status"], "failed", "{verdict}");
    let (_, me) = get_json(&ts, &b, "/api/v1/identity").await;
    assert_eq!(me["verified"], false);
    // The page that asked, and what this phone typed, for trying again.
    assert_eq!(
        (me["next"].as_str(), me["name"].as_str()),
        (Some("/loss-report"), Some("随便写"))
    );
    let (s, _) = ts
        .loss_reports(&b)
        .report(report_body("李娜", &li_na(), "JJ20261201999"))
        .await;
    assert_eq!(s, 403);
    ts.stop().await;
}

#[tokio::test]
async fn the_holder_hears_of_every_act_on_their_card_whoever_did_it() {
    let ts = TestServer::start().await;
    let (a, app) = submitted(&ts, 131, &pickup_form(131)).await;
    let card = id_number(131);
    // The same person on a second phone (verified there too) reports the card.
    let other = sign_in(&ts, &phone(132)).await;
    verified_as(&ts, &other, "张三", &card).await;
    let (s, r) = ts
        .loss_reports(&other)
        .report(report_body("张三", &card, "JJ20261201003"))
        .await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(kinds(&ts, &a).await, ["card_activity"]);
    let (_, inbox) = get_json(&ts, &a, "/api/v1/messages").await;
    let body = inbox["messages"][0]["body"].as_str().unwrap();
    assert!(
        body.contains("挂失") && body.contains(r["number"].as_str().unwrap()),
        "{body}"
    );
    assert!(!body.contains(&card), "the card masked: {body}");
    // It does not attach to, or cancel, the application on the first phone.
    let number = r["number"].as_str().unwrap();
    let cancel_too = json!({ "cancel_application": true });
    let (s, e) = ts.loss_reports(&other).withdraw(number, cancel_too).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (409, Some("application_elsewhere")),
        "{e}"
    );
    let (_, detail) = get_json(&ts, &a, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "submitted");
    // Cancelled from its own phone by its verified holder: both phones hear of it.
    let (s, _) = post(
        &ts,
        &a,
        &format!("/api/v1/applications/{app}/cancellation"),
        json!({}),
    )
    .await;
    assert_eq!(s, 200);
    assert!(kinds(&ts, &other)
        .await
        .contains(&"card_activity".to_string()));
    ts.stop().await;
}

#[tokio::test]
async fn a_phone_files_a_few_reports_a_day() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(141)).await;
    let card = id_number(141);
    verified_as(&ts, &c, "张三", &card).await;
    for _ in 0..3 {
        let (s, r) = ts
            .loss_reports(&c)
            .report(report_body("张三", &card, "JJ20261201004"))
            .await;
        assert_eq!(s, 201, "{r}");
        let number = r["number"].as_str().unwrap();
        assert_eq!(ts.loss_reports(&c).withdraw(number, json!({})).await.0, 200);
    }
    let (s, e) = ts
        .loss_reports(&c)
        .report(report_body("张三", &card, "JJ20261201004"))
        .await;
    assert_eq!((s, e["code"].as_str()), (429, Some("report_limit")), "{e}");
    ts.stop().await;
}

#[tokio::test]
async fn cancelling_and_delegating_take_the_holder_not_the_phone() {
    let ts = TestServer::start().await;
    let (a, app) = submitted(&ts, 151, &pickup_form(151)).await;
    // The face check's time is up (the session kept alive meanwhile): the phone alone
    // no longer acts on the card.
    ts.advance_busy(&a, 31 * 60).await;
    let (s, e) = post(
        &ts,
        &a,
        &format!("/api/v1/applications/{app}/cancellation"),
        json!({}),
    )
    .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (403, Some("identity_required")),
        "{e}"
    );
    // Verified again (for the application's face), it may.
    let res = a
        .post(ts.u("/api/v1/identity/liveness"))
        .json(&json!({ "application": app, "next": format!("/applications/{app}") }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let flow = res.json::<Value>().await.unwrap()["flow_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        vendor_says(&ts, &a, &flow, "pass").await["status"],
        "passed"
    );
    let (_, me) = get_json(&ts, &a, "/api/v1/identity").await;
    assert_eq!(me["verified"], true);
    assert_eq!(me["next"], format!("/applications/{app}"));
    assert_eq!(
        me["id_number"],
        id_number(151),
        "the holder's own number, to the holder"
    );
    let (s, e) = post(
        &ts,
        &a,
        &format!("/api/v1/applications/{app}/cancellation"),
        json!({}),
    )
    .await;
    assert_eq!(s, 200, "{e}");
    ts.stop().await;
}

async fn check(ts: &TestServer, c: &reqwest::Client, name: &str, id: &str) -> (u16, Value) {
    post(
        ts,
        c,
        "/api/v1/register/check",
        json!({ "name": name, "id_number": id }),
    )
    .await
}

#[tokio::test]
async fn the_register_check_answers_a_few_people_a_phone_a_day() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(161)).await;
    for seq in 1..=5 {
        assert_eq!(check(&ts, &c, "张三", &id_number(seq)).await.0, 200);
    }
    // Asking about the same people again is free; a sixth is refused.
    assert_eq!(check(&ts, &c, "张三", &id_number(1)).await.0, 200);
    let (s, e) = check(&ts, &c, "张三", &id_number(6)).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (429, Some("register_limit")),
        "{e}"
    );
    assert!(e["retry_after"].as_u64().unwrap() > 0);
    // The next day, again.
    ts.advance(24 * 3600);
    let c = sign_in(&ts, &phone(161)).await;
    assert_eq!(check(&ts, &c, "张三", &id_number(6)).await.0, 200);
    ts.stop().await;
}

#[tokio::test]
async fn a_mismatched_name_reads_as_an_unknown_number_in_every_province() {
    for profile in ["sichuan", "shanghai"] {
        let ts = TestServer::start_with(|cfg| cfg.profile = profile.to_string()).await;
        let c = sign_in(&ts, &phone(171)).await;
        let (_, unknown) = check(
            &ts,
            &c,
            "李四",
            &make_id("510107", Date::new(1991, 1, 1).unwrap(), 7),
        )
        .await;
        let (_, mismatched) = check(&ts, &c, "李四", &zhang_wei()).await;
        assert_eq!(mismatched, unknown, "{profile}");
        ts.stop().await;
    }
}

#[tokio::test]
async fn the_register_s_details_wait_for_the_face_check() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(181)).await;
    let (s, before) = check(&ts, &c, "张伟", &zhang_wei()).await;
    assert_eq!(s, 200);
    assert_eq!(before["online"], true);
    assert_eq!(before["has_photo_on_record"], true);
    assert!(before.get("photo_on_record").is_none(), "{before}");
    verified_as(&ts, &c, "张伟", &zhang_wei()).await;
    let (_, after) = check(&ts, &c, "张伟", &zhang_wei()).await;
    assert!(after["photo_on_record"].is_string(), "{after}");
    ts.stop().await;

    // Shanghai: a card too old is one sentence before, its reason after.
    let ts = TestServer::start_with(|cfg| cfg.profile = "shanghai".into()).await;
    let c = sign_in(&ts, &phone(182)).await;
    let liu = make_id("310104", Date::new(1985, 9, 9).unwrap(), 123);
    let (_, before) = check(&ts, &c, "刘洋", &liu).await;
    assert_eq!(before["online"], false);
    let codes: Vec<&str> = before["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["register_window"], "{before}");
    verified_as(&ts, &c, "刘洋", &liu).await;
    let (_, after) = check(&ts, &c, "刘洋", &liu).await;
    let codes: Vec<&str> = after["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"card_too_old"), "{after}");
    ts.stop().await;
}

#[tokio::test]
async fn shanghai_takes_reports_at_a_station_and_the_api_says_where() {
    let ts = TestServer::start_with(|cfg| cfg.profile = "shanghai".into()).await;
    let c = sign_in(&ts, &phone(191)).await;
    let chen = make_id("310101", Date::new(1991, 3, 7).unwrap(), 123);
    // Signed in only, or verified as the holder: the answer is the station, either way.
    for verified in [false, true] {
        if verified {
            verified_as(&ts, &c, "陈静", &chen).await;
        }
        let (s, e) = ts
            .loss_reports(&c)
            .report(report_body("陈静", &chen, "JJ20261201005"))
            .await;
        assert_eq!(
            (s, e["code"].as_str()),
            (409, Some("report_at_station")),
            "{e}"
        );
        assert!(e["message"].as_str().unwrap().contains("派出所"), "{e}");
    }
    let (s, e) = ts
        .loss_reports(&c)
        .withdraw("GS20261207000001", json!({}))
        .await;
    assert_eq!(
        (s, e["code"].as_str()),
        (409, Some("withdraw_at_station")),
        "{e}"
    );
    assert_eq!(count_reports(&ts), 0);
    ts.stop().await;
}

fn count_reports(ts: &TestServer) -> i64 {
    ts.state().db.call_sync(|c| {
        c.query_row("SELECT count(*) FROM loss_reports", [], |r| r.get(0))
            .unwrap()
    })
}

#[tokio::test]
async fn a_phone_starts_a_few_face_checks_for_a_person_a_day() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(201)).await;
    let body = json!({ "name": "张三", "id_number": id_number(201), "next": "/loss-report" });
    for _ in 0..10 {
        assert_eq!(
            post(&ts, &c, "/api/v1/identity/liveness", body.clone())
                .await
                .0,
            201
        );
    }
    let (s, e) = post(&ts, &c, "/api/v1/identity/liveness", body).await;
    assert_eq!(
        (s, e["code"].as_str()),
        (429, Some("face_check_limit")),
        "{e}"
    );
    ts.stop().await;
}
