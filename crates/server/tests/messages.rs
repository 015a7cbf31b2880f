//! 消息 and its sends: one message per event, one send per channel however often the
//! request behind the event is repeated; a gateway that fails loses nothing (retried
//! later); the inbox read and marked read.

mod common;

use std::sync::atomic::Ordering;

use common::*;
use reissue_server::jobs::notifier;
use serde_json::{json, Value};

fn sent_to(ts: &TestServer, phone: &str) -> (Vec<String>, Vec<Value>) {
    let (phone, openid) = (phone.to_string(), notifier::openid(phone));
    ts.state().db.call_sync(move |c| {
        let mut sms = c
            .prepare(
                "SELECT message FROM sms_outbox WHERE phone = ?1 AND kind = 'notice' ORDER BY id",
            )
            .unwrap();
        let sms: Vec<String> = sms
            .query_map([&phone], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut wx = c
            .prepare("SELECT payload FROM wechat_outbox WHERE touser = ?1 ORDER BY id")
            .unwrap();
        let wx: Vec<Value> = wx
            .query_map([&openid], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|p| serde_json::from_str(&p.unwrap()).unwrap())
            .collect();
        (sms, wx)
    })
}

#[tokio::test]
async fn each_event_is_one_message_and_one_send_per_channel_even_when_repeated() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 1, &pickup_form(1)).await;
    ts.approve(&app).await;
    // The officer's click repeated: refused, nothing more said.
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{app}/decision"),
            Some(json!({ "decision": "approve" })),
        )
        .await;
    assert_eq!(res.status(), 409);
    // Paid, and the payment's status asked for again and again.
    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{app}/payment")).await;
    let flow = start["flow_id"].as_str().unwrap().to_string();
    c.post(ts.u(&format!("/mock-vendor/payment/{flow}")))
        .form(&[("outcome", "pay")])
        .send()
        .await
        .unwrap();
    for _ in 0..3 {
        get_json(&ts, &c, &format!("/api/v1/payments/{flow}")).await;
    }

    notifier::tick(ts.state()).await;
    notifier::tick(ts.state()).await;
    let (sms, wx) = sent_to(&ts, &phone(1));
    assert_eq!(sms.len(), 2, "{sms:?}");
    assert!(sms[0].contains("审核通过，请缴费") && sms[1].contains("缴费成功"));
    assert!(
        sms.iter().all(|s| !s.contains(&app)),
        "the number masked in texts"
    );
    assert_eq!(wx.len(), 2);
    assert_eq!(wx[0]["template_id"], "tmpl-review-approved");
    assert_eq!(wx[0]["page"], format!("/applications/{app}"));
    assert!(wx[0]["data"]["character_string2"]["value"]
        .as_str()
        .unwrap()
        .contains('*'));

    // The inbox: newest first, unread until read, the action it asks for.
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["unread"], 2);
    let first = &inbox["messages"][1];
    assert_eq!(first["kind"], "approved");
    assert_eq!(first["action"], "去缴费");
    assert_eq!(first["application"], app.as_str());
    assert!(first["body"].as_str().unwrap().contains("40元"), "{first}");
    let id = first["id"].as_i64().unwrap();
    let res = c
        .post(ts.u(&format!("/api/v1/messages/{id}/read")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["unread"], 1);
    // The count alone, for 首页: the same number, without the messages.
    let (status, count) = get_json(&ts, &c, "/api/v1/messages/unread").await;
    assert_eq!(status, 200);
    assert_eq!(count, serde_json::json!({ "unread": 1 }));
    // Someone else can neither read nor mark it.
    let stranger = sign_in(&ts, &phone(2)).await;
    let (_, theirs) = get_json(&ts, &stranger, "/api/v1/messages").await;
    assert_eq!(theirs["messages"].as_array().unwrap().len(), 0);
    let (_, count) = get_json(&ts, &stranger, "/api/v1/messages/unread").await;
    assert_eq!(count["unread"], 0);
    let res = stranger
        .post(ts.u(&format!("/api/v1/messages/{id}/read")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    ts.stop().await;
}

#[tokio::test]
async fn a_failing_gateway_loses_nothing_and_never_holds_the_change_up() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 3, &pickup_form(3)).await;
    ts.state().gateways.down.store(true, Ordering::Relaxed);
    reject(&ts, &app, &["register_self"]).await;
    // The change happened, and the inbox has it with the reason, at once.
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "rejected");
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "rejected");
    assert_eq!(inbox["messages"][0]["action"], "去修改");
    // Nothing went out while the gateway was down; not even right after it is back,
    // until the retry's wait is over.
    assert_eq!(notifier::tick(ts.state()).await, 0);
    ts.state().gateways.down.store(false, Ordering::Relaxed);
    assert_eq!(notifier::tick(ts.state()).await, 0);
    ts.advance(61);
    assert_eq!(
        notifier::tick(ts.state()).await,
        2,
        "retried once the wait is over"
    );
    let (sms, wx) = sent_to(&ts, &phone(3));
    assert_eq!((sms.len(), wx.len()), (1, 1));
    assert!(sms[0].contains("审核未通过"));
    assert_eq!(notifier::tick(ts.state()).await, 0, "sent once");
    // The officer sees what went out.
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/outbox", None)
        .await;
    let outbox: Value = res.json().await.unwrap();
    assert!(outbox
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["channel"] == "wechat"));
    assert!(!outbox.to_string().contains(&phone(3)), "phones masked");
    ts.stop().await;
}
