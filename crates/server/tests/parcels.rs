//! 物流进度查询 and the mock courier: a posted card's scans appear as the clock passes,
//! the courier signs it over after 30 hours (the application then delivered, the
//! applicant told), and anyone with the recipient's phone and the SMS code sent to it
//! sees every card parcel sent there, and only those, with the recipient masked.

mod common;

use common::*;
use reissue_server::jobs::notifier;
use reissue_server::vendors::ems;
use serde_json::{json, Value};

const HOUR: u64 = 3600;
const RECIPIENT: &str = "13800138000";

/// A posted card of applicant `who`: approved, paid, made, shipped.
async fn shipped(ts: &TestServer, who: u32) -> String {
    let (c, app) = submitted(ts, who, &ems_form(who as u16)).await;
    ts.approve(&app).await;
    pay(ts, &c, &app).await;
    for _ in 0..2 {
        let res = ts.advance_app(&app).await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    }
    app
}

async fn lookup(ts: &TestServer, phone: &str, code: &str) -> (u16, Value) {
    let res = client()
        .post(ts.u("/api/v1/parcels/lookup"))
        .json(&json!({ "phone": phone, "code": code }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn code_for(ts: &TestServer, phone: &str) -> String {
    let res = send_code(ts, &client(), phone).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["dev_code"].as_str().unwrap().to_string()
}

fn stages(parcel: &Value) -> Vec<&str> {
    parcel["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["stage"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_recipient_s_phone_and_its_code_show_every_parcel_sent_there() {
    let ts = TestServer::start().await;
    let first = shipped(&ts, 1).await;
    let second = shipped(&ts, 2).await;
    // Sent elsewhere, or not posted: not shown.
    let (c3, _) = submitted(&ts, 3, &pickup_form(3)).await;
    drop(c3);

    // A wrong code shows nothing and counts.
    let code = code_for(&ts, RECIPIENT).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = lookup(&ts, RECIPIENT, wrong).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["fields"][0]["code"], "code_wrong");
    assert!(body.get("parcels").is_none());

    let (status, body) = lookup(&ts, RECIPIENT, &code).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone_masked"], "138****8000");
    let parcels = body["parcels"].as_array().unwrap();
    let waybills: Vec<&str> = parcels
        .iter()
        .map(|p| p["tracking_number"].as_str().unwrap())
        .collect();
    assert_eq!(waybills.len(), 2, "{body}");
    assert_eq!(parcels[0]["recipient"], "张*", "masked: {body}");
    assert_eq!(parcels[0]["carrier"], "EMS");
    assert_eq!(stages(&parcels[0]), ["accepted"]);
    assert!(parcels[0]["events"][0]["description"]
        .as_str()
        .unwrap()
        .contains("成都市"));
    let text = body.to_string();
    assert!(
        !text.contains(&first) && !text.contains(&second),
        "no application numbers"
    );
    assert!(!text.contains(&id_number(1)), "no ID numbers");

    // The code is used up.
    let (status, _) = lookup(&ts, RECIPIENT, &code).await;
    assert_eq!(status, 422);
    // Another phone has nothing.
    let other = code_for(&ts, &phone(9)).await;
    let (status, body) = lookup(&ts, &phone(9), &other).await;
    assert_eq!(status, 200);
    assert_eq!(body["parcels"], json!([]));
}

#[tokio::test]
async fn the_courier_moves_the_parcel_on_with_the_clock_and_signs_it_over() {
    let ts = TestServer::start().await;
    let app = shipped(&ts, 1).await;
    ts.advance(21 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 0, "not yet");
    let code = code_for(&ts, RECIPIENT).await;
    let (_, body) = lookup(&ts, RECIPIENT, &code).await;
    let p = &body["parcels"][0];
    assert_eq!(p["stage"], "in_transit");
    assert_eq!(stages(p), ["in_transit", "in_transit", "accepted"]);
    assert!(
        p["events"][0]["description"]
            .as_str()
            .unwrap()
            .contains("锦江区"),
        "the address's district: {p}"
    );

    ts.advance(6 * HOUR);
    let code = code_for(&ts, RECIPIENT).await;
    let (_, body) = lookup(&ts, RECIPIENT, &code).await;
    assert_eq!(body["parcels"][0]["stage"], "out_for_delivery");

    ts.advance(3 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 1);
    assert_eq!(ems::tick(ts.state()).await, 0, "signed once");
    let code = code_for(&ts, RECIPIENT).await;
    let (_, body) = lookup(&ts, RECIPIENT, &code).await;
    let p = &body["parcels"][0];
    assert_eq!(p["stage"], "delivered");
    assert!(p["events"][0]["description"]
        .as_str()
        .unwrap()
        .contains("签收人：本人"));

    // The application is delivered by the courier's word, and the applicant told.
    let c = sign_in(&ts, &phone(1)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "delivered");
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "delivered");
    assert_eq!(inbox["messages"][1]["kind"], "shipped");
    assert!(inbox["messages"][1]["body"]
        .as_str()
        .unwrap()
        .contains("EMS 运单号"));
    assert_eq!(
        notifier::tick(ts.state()).await,
        8,
        "approved, paid, shipped, delivered"
    );
}

/// A parcel the courier cannot deliver (seed 001: 如未能妥投，由申请人…前往受理点领取):
/// at 30 hours it is reported 未妥投 and returned; the applicant is told where, gets a
/// 领证凭证 of their own, and collects it at the counter like an office pickup.
#[tokio::test]
async fn an_undeliverable_parcel_goes_back_to_the_office_and_is_collected_there() {
    let ts = TestServer::start().await;
    let mut form = ems_form(4);
    form.address_detail = Some(format!("红星路三段 1 号（{}）", ems::UNDELIVERABLE));
    let (c, app) = submitted(&ts, 4, &form).await;
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    for _ in 0..2 {
        assert_eq!(ts.advance_app(&app).await.status(), 200);
    }
    ts.advance(30 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 1);
    assert_eq!(ems::tick(ts.state()).await, 0, "returned once");
    // A day and more later: the applicant signs in again.
    let c = sign_in(&ts, &phone(4)).await;

    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "returned", "{detail}");
    assert_eq!(detail["next_action"], "pick_up", "{detail}");
    let office = &ts.state().profile.offices[0];
    assert_eq!(detail["office"]["id"], office.id.as_str(), "{detail}");
    let voucher = detail["voucher"]["number"].as_str().unwrap().to_string();
    assert_eq!(voucher.len(), 12);
    let (_, parcel) = get_json(&ts, &c, &format!("/api/v1/applications/{app}/logistics")).await;
    assert_eq!(parcel["stage"], "returned", "{parcel}");
    assert!(parcel["events"][0]["description"]
        .as_str()
        .unwrap()
        .contains("未妥投"));
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "returned");
    let body = inbox["messages"][0]["body"].as_str().unwrap();
    assert!(
        body.contains(&office.name) && body.contains("领证凭证"),
        "{body}"
    );

    // At the counter: found by the voucher, handed to the applicant.
    let res = ts
        .admin(
            reqwest::Method::GET,
            &format!("/api/v1/admin/pickups?q={voucher}"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{app}/pickup"),
            Some(json!({ "by": "applicant" })),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "picked_up");
}

/// A server whose profile is Sichuan's but for the rule under test: someone else signs
/// for a posted card only once the applicant confirms it in the app (Shanghai's rule,
/// seed 001), on Sichuan's simpler journey.
async fn confirming_server() -> (TestServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut profile: Value =
        serde_json::from_str(include_str!("../../../profiles/sichuan.json")).unwrap();
    profile["sign_for_others"] = json!("confirm_in_app");
    let path = dir.path().join("confirming.json");
    std::fs::write(&path, profile.to_string()).unwrap();
    let p = path.to_string_lossy().to_string();
    (
        TestServer::start_with(move |cfg| cfg.profile = p).await,
        dir,
    )
}

/// A posted card to an address where the courier finds 李明 at the door.
async fn shipped_to_someone_else(ts: &TestServer, who: u32) -> (reqwest::Client, String) {
    let mut form = ems_form(who as u16);
    form.address_detail = Some(format!("红星路三段 1 号（{}李明）", ems::AT_THE_DOOR));
    let (c, app) = submitted(ts, who, &form).await;
    ts.approve(&app).await;
    pay(ts, &c, &app).await;
    for _ in 0..2 {
        assert_eq!(ts.advance_app(&app).await.status(), 200);
    }
    (c, app)
}

async fn answer(ts: &TestServer, c: &reqwest::Client, app: &str, approve: bool) -> (u16, Value) {
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{app}/sign-request")))
        .json(&json!({ "approve": approve }))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Seed 001: 经邮政速递员与申请人本人确认，可以由他人代为签收. The courier asks when out
/// with the parcel; the applicant is told, and the person signs once they agree; the
/// tracking page masks who. The card carries a 领证凭证 from the day it is posted, for
/// signing without a smartphone.
#[tokio::test]
async fn someone_else_signs_once_the_applicant_agrees_in_the_app() {
    let (ts, _dir) = confirming_server().await;
    let (c, app) = shipped_to_someone_else(&ts, 5).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "shipped");
    assert_eq!(
        detail["voucher"]["number"].as_str().unwrap().len(),
        12,
        "{detail}"
    );
    assert!(detail.get("sign_request").is_none(), "{detail}");
    // Nothing to answer yet.
    assert_eq!(
        answer(&ts, &c, &app, true).await.1["code"],
        "no_sign_request"
    );

    ts.advance(26 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 1, "the courier asks");
    assert_eq!(ems::tick(ts.state()).await, 0, "once");
    let c = sign_in(&ts, &phone(5)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["sign_request"]["signer"], "李明", "{detail}");
    assert_eq!(detail["sign_request"]["state"], "pending");
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "sign_requested", "{inbox}");
    assert!(inbox["messages"][0]["body"]
        .as_str()
        .unwrap()
        .contains("李明"));

    // A phone session alone cannot hand the card to someone: the holder's face first.
    let (status, body) = answer(&ts, &c, &app, true).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "identity_required", "{body}");
    verified_as(&ts, &c, "张三", &id_number(5)).await;
    let (status, body) = answer(&ts, &c, &app, true).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "delivered", "{body}");
    assert_eq!(body["sign_request"]["state"], "approved");
    let last = body["timeline"].as_array().unwrap().last().unwrap().clone();
    assert!(last["detail"].as_str().unwrap().contains("李明"), "{last}");
    // Answered once.
    assert_eq!(
        answer(&ts, &c, &app, false).await.1["code"],
        "sign_request_over"
    );

    // The recipient's tracking shows the signature, the name masked.
    let code = code_for(&ts, RECIPIENT).await;
    let (_, found) = lookup(&ts, RECIPIENT, &code).await;
    let parcel = found["parcels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["stage"] == "delivered")
        .expect("the parcel")
        .clone();
    let text = parcel.to_string();
    assert!(text.contains("李*") && !text.contains("李明"), "{text}");
    assert!(text.contains("请求代签收"), "{text}");
}

/// No, or no answer by the end of the courier's round: the card is not handed over; it
/// goes back to the office, the applicant told why, and collected there with a voucher.
#[tokio::test]
async fn without_the_applicant_s_yes_the_card_goes_back_to_the_office() {
    let (ts, _dir) = confirming_server().await;
    let (_, declined) = shipped_to_someone_else(&ts, 6).await;
    let (_, silent) = shipped_to_someone_else(&ts, 7).await;
    ts.advance(26 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 2);
    let c = sign_in(&ts, &phone(6)).await;
    verified_as(&ts, &c, "张三", &id_number(6)).await;
    let (status, body) = answer(&ts, &c, &declined, false).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "returned");
    assert_eq!(body["sign_request"]["state"], "declined");
    let last = body["timeline"].as_array().unwrap().last().unwrap().clone();
    assert!(
        last["detail"].as_str().unwrap().contains("未同意"),
        "{last}"
    );
    assert_eq!(body["voucher"]["number"].as_str().unwrap().len(), 12);

    // Someone else's phone, verified as someone else, cannot answer for this card.
    let stranger = sign_in(&ts, &phone(8)).await;
    verified_as(&ts, &stranger, "李四", &id_number(8)).await;
    let (status, _) = answer(&ts, &stranger, &silent, true).await;
    assert_eq!(status, 404, "not theirs: not found");

    ts.advance(4 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 1, "the silent one lapses");
    let c = sign_in(&ts, &phone(7)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{silent}")).await;
    assert_eq!(detail["status"], "returned", "{detail}");
    assert_eq!(detail["sign_request"]["state"], "lapsed");
}

/// Under a profile where the 可代签收人 is named on the form (Sichuan's), the courier
/// asks nobody: the same address is signed for at 30 hours as before.
#[tokio::test]
async fn a_profile_without_the_rule_asks_nobody() {
    let ts = TestServer::start().await;
    let (c, app) = shipped_to_someone_else(&ts, 9).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert!(detail.get("voucher").is_none(), "{detail}");
    ts.advance(26 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 0);
    ts.advance(4 * HOUR);
    assert_eq!(ems::tick(ts.state()).await, 1);
    let c = sign_in(&ts, &phone(9)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "delivered");
    assert!(detail.get("sign_request").is_none());
}
