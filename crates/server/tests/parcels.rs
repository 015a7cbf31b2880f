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
