//! 临时居民身份证 with the reissue: asked for where the profile's office makes them, paid
//! with the card fee, ordered at payment and made ready by the officer, each step in the
//! application's timeline.

mod common;

use common::*;
use reissue_domain::api::{FormAnswers, TemporaryCard};
use reissue_domain::date::Date;
use serde_json::{json, Value};

fn with_temporary_card(seq: u16, office: &str) -> FormAnswers {
    FormAnswers {
        office_id: Some(office.into()),
        temporary_card: Some(TemporaryCard::Wanted),
        ..pickup_form(seq)
    }
}

async fn temporary_card_ready(ts: &TestServer, app: &str) -> (u16, Value) {
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{app}/temporary-card"),
            Some(json!({})),
        )
        .await;
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn only_an_office_that_makes_them_takes_the_request() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": with_temporary_card(1, "cd-jinjiang") }),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["field"], "temporary_card");
    assert_eq!(body["fields"][0]["code"], "office_not_offering");
    assert!(body["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("成都市武侯区办证中心"));
    // By post there is no office to collect it from: the answer is not part of it.
    let mut posted = ems_form(1);
    posted.temporary_card = Some(TemporaryCard::Wanted);
    let (c, app) = submitted(&ts, 2, &posted).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["fees"]["temporary_card_fee_fen"], 0);
    assert!(detail.get("temporary_card").is_none(), "{detail}");
    ts.stop().await;
}

#[tokio::test]
async fn paid_with_the_card_ordered_at_payment_then_made_ready() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 3, &with_temporary_card(3, "cd-wuhou")).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["fees"]["temporary_card_fee_fen"], 1000);
    assert_eq!(detail["fees"]["total_fen"], 5000, "card 40 + temporary 10");
    assert_eq!(detail["temporary_card"]["fee_fen"], 1000);
    assert!(
        detail["temporary_card"].get("status").is_none(),
        "nothing made before payment"
    );

    // Not paid yet: nothing to make ready.
    let (s, refused) = temporary_card_ready(&ts, &app).await;
    assert_eq!(
        (s, refused["code"].as_str()),
        (409, Some("no_temporary_card"))
    );

    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "paid");
    assert_eq!(detail["temporary_card"]["status"], "ordered");
    let today = Date::in_china(ts.state().clock.now_ms());
    let ready_by = today.add_working_days(3).to_string();
    assert_eq!(detail["temporary_card"]["ready_by"], ready_by.as_str());
    let events = detail["timeline"].as_array().unwrap();
    let ordered = events
        .iter()
        .find(|e| e["temporary_card"] == "ordered")
        .expect("its own event");
    assert_eq!(ordered["title"], "临时居民身份证已受理，加急制作");
    assert!(ordered["detail"].as_str().unwrap().contains(&ready_by));
    assert!(ordered["detail"]
        .as_str()
        .unwrap()
        .contains("成都市武侯区办证中心"));
    // The payment's event is still the payment's.
    assert!(events
        .iter()
        .any(|e| e["status"] == "paid" && e.get("temporary_card").is_none()));

    let (s, view) = temporary_card_ready(&ts, &app).await;
    assert_eq!(s, 200, "{view}");
    assert_eq!(view["temporary_card"], "ready");
    let (s, twice) = temporary_card_ready(&ts, &app).await;
    assert_eq!(
        (s, twice["code"].as_str()),
        (409, Some("temporary_card_state"))
    );
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["temporary_card"]["status"], "ready");
    assert_eq!(
        detail["timeline"].as_array().unwrap().last().unwrap()["title"],
        "临时居民身份证已制好，可以领取"
    );
    // The new card's own steps go on as before.
    assert_eq!(ts.advance_app(&app).await.status(), 200);
    ts.stop().await;
}

#[tokio::test]
async fn an_application_without_one_has_none_to_make() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 4, &pickup_form(4)).await;
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert!(detail.get("temporary_card").is_none());
    assert_eq!(detail["fees"]["total_fen"], 4000);
    let (s, _) = temporary_card_ready(&ts, &app).await;
    assert_eq!(s, 409);
    ts.stop().await;
}
