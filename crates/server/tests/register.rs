//! The three provinces against the mock register: who may apply online, where the card
//! photo comes from, the server's word at submission, and window appointments.

mod common;

use common::*;
use reissue_domain::date::Date;
use reissue_domain::idcard::make_id;
use serde_json::{json, Value};

/// A seeded resident's ID number (the README's table).
fn seeded(region: &str, born: (i32, u8, u8)) -> String {
    make_id(region, Date::new(born.0, born.1, born.2).unwrap(), 123)
}

/// The register's answer to the person themself, verified by a face check (the details
/// of the rules; what a stranger is told is `card_holder.rs`'s).
async fn check(ts: &TestServer, c: &reqwest::Client, name: &str, id: &str) -> Value {
    // (A name the register does not give the number fails the check: a stranger's view.)
    verify_as(ts, c, name, id, "pass").await;
    let res = c
        .post(ts.u("/api/v1/register/check"))
        .json(&json!({ "name": name, "id_number": id }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

fn codes(check: &Value) -> Vec<String> {
    check["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

fn form(name: &str, id: &str, hukou: &str, office: &str) -> Value {
    json!({ "name": name, "id_number": id, "hukou_region": hukou, "reason": "lost",
            "delivery": "pickup", "office_id": office })
}

async fn put(ts: &TestServer, c: &reqwest::Client, body: Value) -> (u16, Value) {
    let res = put_draft(ts, c, body).await;
    (res.status().as_u16(), res.json().await.unwrap())
}

#[tokio::test]
async fn shanghai_reuses_the_photo_on_record_and_refuses_an_old_card_at_submission() {
    let ts = TestServer::start_with(|c| c.profile = "shanghai".into()).await;
    let c = sign_in(&ts, &phone(1)).await;

    // The register's answers, every reason in one sentence.
    let chen = seeded("310101", (1991, 3, 7));
    let ok = check(&ts, &c, "陈静", &chen).await;
    assert_eq!(ok["online"], true);
    assert!(ok["photo_on_record"].as_str().unwrap().len() == 10);
    let liu = seeded("310104", (1985, 9, 9));
    let old = check(&ts, &c, "刘洋", &liu).await;
    assert_eq!(old["online"], false);
    assert_eq!(codes(&old), ["card_too_old", "no_usable_photo"]);
    assert!(old["reasons"][0]["message"]
        .as_str()
        .unwrap()
        .contains("预约"));
    assert_eq!(
        codes(&check(&ts, &c, "李四", &chen).await),
        ["not_in_register"]
    );
    assert_eq!(
        codes(&check(&ts, &c, "赵敏", &seeded("310115", (1993, 4, 1))).await),
        ["card_issued_elsewhere"]
    );
    assert_eq!(
        codes(&check(&ts, &c, "孙丽", &seeded("310101", (1987, 12, 1))).await),
        ["no_fingerprints"]
    );
    assert_eq!(
        codes(&check(&ts, &c, "吴芳", &seeded("310105", (1989, 6, 30))).await),
        ["no_usable_photo"]
    );
    let elder = check(&ts, &c, "周建国", &seeded("310104", (1950, 10, 1))).await;
    assert_eq!(elder["online"], true, "{elder}");
    // Children, through a guardian, under the 3-year limits: a 2-year-old card and photo
    // online, 4-year-old ones to a window.
    let child = check(&ts, &c, "陈小雨", &seeded("310101", (2016, 6, 1))).await;
    assert_eq!(child["online"], true, "{child}");
    assert_eq!(
        codes(&check(&ts, &c, "刘小天", &seeded("310104", (2015, 3, 3))).await),
        ["card_too_old", "no_usable_photo"]
    );
    // A malformed number is a field error, not a register answer.
    let res = c
        .post(ts.u("/api/v1/register/check"))
        .json(&json!({ "name": "陈静", "id_number": "310101" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // Signed out: nothing.
    let res = client()
        .post(ts.u("/api/v1/register/check"))
        .json(&json!({ "name": "陈静", "id_number": chen }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // 陈静 applies: no upload step, the photo on record, the face check.
    let (s, _) = put(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true,
                "form": form("陈静", &chen, "310101", "sh-huangpu") }),
    )
    .await;
    assert_eq!(s, 200);
    let (s, body) = put(&ts, &c, json!({ "card_photo": { "source": "camera" } })).await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"][0]["code"], "source_not_offered");
    let (s, body) = put(&ts, &c, json!({ "card_photo": { "source": "on_record" } })).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["card_photo"]["source"], "on_record");
    let res = c
        .get(ts.u("/api/v1/drafts/current/photo-on-record"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().contains("模拟照片"));
    let (_, status) = liveness(&ts, &c, "pass").await;
    assert_eq!(status["status"], "passed");
    let res = submit(&ts, &c, "sh-key-0001").await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let number = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(detail["card_photo"]["source"], "on_record");

    // 刘洋's card is too old: a page that skipped the early answer is refused at the
    // end, with the register's sentence, and the photo on record is not offered.
    let c2 = sign_in(&ts, &phone(2)).await;
    put(
        &ts,
        &c2,
        json!({ "notice_version": "2026-12", "face_consent": true,
                "form": form("刘洋", &liu, "310104", "sh-huangpu") }),
    )
    .await;
    let (s, body) = put(&ts, &c2, json!({ "card_photo": { "source": "on_record" } })).await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"][0]["code"], "no_photo_on_record");
    let res = c2
        .get(ts.u("/api/v1/drafts/current/photo-on-record"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    liveness(&ts, &c2, "pass").await;
    let res = submit(&ts, &c2, "sh-key-0002").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let codes: Vec<&str> = body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"card_too_old"), "{codes:?}");
    ts.stop().await;
}

#[tokio::test]
async fn guangdong_takes_the_applicants_own_receipt_in_date() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let c = sign_in(&ts, &phone(3)).await;
    let huang = seeded("440106", (1986, 1, 2));
    let ok = check(&ts, &c, "黄伟", &huang).await;
    assert_eq!(ok["online"], true);
    assert!(
        ok.get("photo_on_record").is_none(),
        "Guangdong takes a receipt"
    );
    assert_eq!(
        codes(&check(&ts, &c, "林晓", &seeded("440104", (1992, 7, 7))).await),
        ["no_fingerprints"]
    );
    assert_eq!(
        codes(&check(&ts, &c, "张伟", &seeded("510107", (1990, 5, 17))).await),
        ["outside_province", "card_issued_elsewhere"]
    );
    // A 广东 户籍 whose fingerprinted card was issued in 四川: a window, however new.
    assert_eq!(
        codes(&check(&ts, &c, "郑凯", &seeded("440105", (1990, 2, 20))).await),
        ["card_issued_elsewhere"]
    );

    put(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true,
                "form": form("黄伟", &huang, "440106", "gz-tianhe") }),
    )
    .await;
    for (receipt, code) in [
        ("12AB", "receipt_format"),
        ("GD4401069999990001", "receipt_unknown"),
        ("GD4401032025050001", "receipt_not_yours"),
        // His own, but taken for 深圳's office: he is registered in 广州.
        ("GD4403052026110002", "receipt_wrong_city"),
    ] {
        let (s, body) = put(
            &ts,
            &c,
            json!({ "card_photo": { "source": "receipt", "receipt": receipt } }),
        )
        .await;
        assert_eq!(s, 422, "{receipt}");
        assert_eq!(body["fields"][0]["field"], "card_photo");
        assert_eq!(body["fields"][0]["code"], code, "{receipt}");
    }
    let (s, body) = put(
        &ts,
        &c,
        json!({ "card_photo": { "source": "receipt", "receipt": "gd4401 0620 2611 0001" } }),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["card_photo"]["receipt"], "GD4401062026110001");

    // 梁志强's own receipt has expired.
    let c2 = sign_in(&ts, &phone(4)).await;
    put(
        &ts,
        &c2,
        json!({ "form": form("梁志强", &seeded("440103", (1983, 11, 11)), "440103", "gz-tianhe") }),
    )
    .await;
    let (s, body) = put(
        &ts,
        &c2,
        json!({ "card_photo": { "source": "receipt", "receipt": "GD4401032025050001" } }),
    )
    .await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"][0]["code"], "receipt_expired");

    // A new name or number drops the choice: the receipt was someone else's.
    let (_, body) = put(&ts, &c, json!({ "form": { "name": "黄小伟" } })).await;
    assert!(body.get("card_photo").is_none(), "{body}");

    let liveness_passed = liveness(&ts, &c, "pass").await.1;
    assert_eq!(liveness_passed["status"], "passed");
    ts.stop().await;
}

#[tokio::test]
async fn appointments_book_fill_move_and_cancel() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let (_, days) = get_json(
        &ts,
        &client(),
        "/api/v1/appointments/availability?office_id=gz-tianhe",
    )
    .await;
    let days = days.as_array().unwrap().clone();
    assert!(!days.is_empty());
    let day = days[0]["date"].as_str().unwrap().to_string();
    let slot = days[0]["slots"][0][0].as_str().unwrap().to_string();
    let per_slot = days[0]["slots"][0][1].as_u64().unwrap();
    assert!(per_slot > 0);
    let (s, _) = get_json(
        &ts,
        &client(),
        "/api/v1/appointments/availability?office_id=nope",
    )
    .await;
    assert_eq!(s, 404);

    // Each booking is a person's: applicant `who` books for 张三 of `id_number(who)`.
    let book = |c: reqwest::Client, office: &str, day: &str, slot: &str, who: u16| {
        let (ts, body) = (
            &ts,
            json!({ "office_id": office, "date": day, "slot": slot,
                    "name": "张三", "id_number": id_number(who) }),
        );
        async move {
            let res = c
                .post(ts.u("/api/v1/appointments"))
                .json(&body)
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    // Fill the first slot, one applicant per place.
    let mut first = None;
    for i in 0..per_slot {
        let c = sign_in(&ts, &phone(100 + i as u32)).await;
        let (s, body) = book(c.clone(), "gz-tianhe", &day, &slot, 100 + i as u16).await;
        assert_eq!(s, 201, "{body}");
        assert!(body["number"].as_str().unwrap().starts_with("YY"));
        assert!(!body["bring"].as_array().unwrap().is_empty());
        first.get_or_insert((c, body["number"].as_str().unwrap().to_string()));
    }
    let late = sign_in(&ts, &phone(200)).await;
    let (s, body) = book(late.clone(), "gz-tianhe", &day, &slot, 200).await;
    assert_eq!(s, 409);
    assert_eq!(body["code"], "slot_full");
    let (_, days) = get_json(
        &ts,
        &late,
        "/api/v1/appointments/availability?office_id=gz-tianhe",
    )
    .await;
    assert_eq!(days[0]["slots"][0][1], 0);

    // Not a day on offer (today, a weekend, a made-up slot).
    let today = ts.state().clock.today().to_string();
    let (s, body) = book(late.clone(), "gz-tianhe", &today, "03:00–04:00", 200).await;
    assert_eq!(s, 422);
    assert_eq!(fields_of(&body), ["date", "slot"]);

    // The first applicant may not book twice, moves the booking instead, then cancels.
    let (c, number) = first.unwrap();
    let other_slot = days[0]["slots"][1][0].as_str().unwrap().to_string();
    let (s, body) = book(c.clone(), "gz-yuexiu", &day, &other_slot, 100).await;
    assert_eq!(s, 409);
    assert_eq!(body["code"], "already_booked");
    let res = c
        .put(ts.u(&format!("/api/v1/appointments/{number}")))
        .json(&json!({ "office_id": "gz-tianhe", "date": day, "slot": other_slot }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Its old place is free again.
    let (s, _) = book(late.clone(), "gz-tianhe", &day, &slot, 200).await;
    assert_eq!(s, 201);
    // Someone else's number is not found.
    let (s, _) = post_json(
        &ts,
        &late,
        &format!("/api/v1/appointments/{number}/cancellation"),
    )
    .await;
    assert_eq!(s, 404);
    let (s, body) = post_json(
        &ts,
        &c,
        &format!("/api/v1/appointments/{number}/cancellation"),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(body["status"], "cancelled");
    let (_, mine) = get_json(&ts, &c, "/api/v1/appointments").await;
    assert_eq!(mine[0]["status"], "cancelled");
    assert_eq!(mine[0]["slot"], other_slot);
    // Cancelled: it can no longer be moved, and a new booking is allowed.
    let res = c
        .put(ts.u(&format!("/api/v1/appointments/{number}")))
        .json(&json!({ "office_id": "gz-tianhe", "date": day, "slot": other_slot }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let (s, _) = book(c.clone(), "gz-yuexiu", &day, &other_slot, 100).await;
    assert_eq!(s, 201);

    // A place is a person's: the same person from another phone is refused; a booking
    // with no one's name, or a name the register does not give the number, too.
    let other = sign_in(&ts, &phone(300)).await;
    let (s, body) = book(other.clone(), "gz-yuexiu", &day, &other_slot, 100).await;
    assert_eq!(
        (s, body["code"].as_str()),
        (409, Some("person_already_booked")),
        "{body}"
    );
    let res = other
        .post(ts.u("/api/v1/appointments"))
        .json(&json!({ "office_id": "gz-yuexiu", "date": day, "slot": other_slot }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(
        fields_of(&res.json::<Value>().await.unwrap()),
        ["name", "id_number"]
    );
    let huang = seeded("440106", (1986, 1, 2));
    let res = other
        .post(ts.u("/api/v1/appointments"))
        .json(
            &json!({ "office_id": "gz-yuexiu", "date": day, "slot": other_slot,
                       "name": "李四", "id_number": huang }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        422,
        "the register gives this number another name"
    );
    // The booking shows whose it is, the number masked.
    let (_, mine) = get_json(&ts, &c, "/api/v1/appointments").await;
    assert_eq!(mine[0]["name"], "张三");
    assert!(mine[0]["id_number"].as_str().unwrap().contains('*'));
    ts.stop().await;
}

#[tokio::test]
async fn a_phone_books_and_moves_a_few_times_a_day() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let c = sign_in(&ts, &phone(400)).await;
    let (_, days) = get_json(
        &ts,
        &c,
        "/api/v1/appointments/availability?office_id=gz-tianhe",
    )
    .await;
    let day = days[0]["date"].as_str().unwrap().to_string();
    let slots: Vec<String> = days[0]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_str().unwrap().to_string())
        .collect();
    let body = |slot: &str| {
        json!({ "office_id": "gz-tianhe", "date": day, "slot": slot,
                                    "name": "张三", "id_number": id_number(400) })
    };
    let res = c
        .post(ts.u("/api/v1/appointments"))
        .json(&body(&slots[0]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let number = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let mut statuses = Vec::new();
    for i in 0..5 {
        let res = c
            .put(ts.u(&format!("/api/v1/appointments/{number}")))
            .json(&body(&slots[(i + 1) % slots.len()]))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 429],
        "a booking and four moves a day"
    );
    ts.stop().await;
}

#[tokio::test]
async fn an_officer_cannot_return_the_card_photo_for_an_online_fix() {
    let ts = TestServer::start().await;
    let (_, number) = submitted(&ts, 70, &pickup_form(70)).await;
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{number}/decision"),
            Some(json!({"decision": "reject", "reason": "照片不合格", "fields": ["card_photo"]})),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"][0]["code"], "not_returnable");
    ts.stop().await;
}

/// Seed 002: a photo uploaded, reviewed by hand at the detection centre, a receipt
/// issued — or refused with a reason, and resubmitted free. The receipt is for the
/// 户籍's city and goes straight into the draft's photo choice, where the submission
/// rules take it like a studio's.
#[tokio::test]
async fn guangdong_issues_a_photo_receipt_online_after_review() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let c = sign_in(&ts, &phone(5)).await;
    let huang = seeded("440106", (1986, 1, 2));
    let order = |c: reqwest::Client| {
        let ts = &ts;
        async move {
            let res = c.post(ts.u("/api/v1/photo-orders")).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    // Nothing to send yet: the card's number first, then the photo.
    assert_eq!(order(c.clone()).await.1["code"], "id_first");
    put(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "form": form("黄伟", &huang, "440106", "gz-tianhe") }),
    )
    .await;
    assert_eq!(order(c.clone()).await.1["code"], "photo_first");
    assert_eq!(
        get_json(&ts, &c, "/api/v1/photo-orders/current").await.0,
        404
    );
    assert_eq!(
        put_photo(&ts, &c, "card_photo", jpeg(900, 1200))
            .await
            .status(),
        200
    );
    let (s, first) = order(c.clone()).await;
    assert_eq!(s, 201, "{first}");
    assert_eq!(
        (first["state"].as_str(), first["city"].as_str()),
        (Some("reviewing"), Some("广州市"))
    );
    // One at a time.
    assert_eq!(order(c.clone()).await.1["code"], "photo_order_reviewing");

    // The centre refuses, and says why; the applicant hears it.
    let number = first["number"].as_str().unwrap();
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/photo-orders/{number}/decision"),
            Some(json!({ "approve": false, "reason": "背景不是纯色，请在白墙前重拍" })),
        )
        .await;
    assert_eq!(res.status(), 200);
    let (_, now) = get_json(&ts, &c, "/api/v1/photo-orders/current").await;
    assert_eq!(now["state"], "refused");
    assert_eq!(now["reason"], "背景不是纯色，请在白墙前重拍");
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(
        inbox["messages"][0]["kind"], "photo_receipt_refused",
        "{inbox}"
    );
    assert_eq!(inbox["messages"][0]["link"], "/card-photo");

    // Resubmitted, free; the mock centre issues on its own after its review time.
    assert_eq!(
        put_photo(&ts, &c, "card_photo", jpeg(960, 1280))
            .await
            .status(),
        200
    );
    let (s, second) = order(c.clone()).await;
    assert_eq!(s, 201, "{second}");
    assert_ne!(second["number"], first["number"]);
    assert_eq!(
        reissue_server::vendors::photo_centre::tick(ts.state()).await,
        0,
        "not yet"
    );
    ts.advance(3 * 60);
    assert_eq!(
        reissue_server::vendors::photo_centre::tick(ts.state()).await,
        1
    );
    let (_, issued) = get_json(&ts, &c, "/api/v1/photo-orders/current").await;
    assert_eq!(issued["state"], "issued", "{issued}");
    let receipt = issued["receipt"].as_str().unwrap().to_string();
    assert!(receipt.starts_with("GD440106"), "{receipt}");
    // In the draft already, and taken by the rules that take a studio's receipt.
    let (_, draft) = get_json(&ts, &c, "/api/v1/drafts/current").await;
    assert_eq!(draft["card_photo"]["receipt"], receipt.as_str(), "{draft}");
    let (s, body) = put(
        &ts,
        &c,
        json!({ "card_photo": { "source": "receipt", "receipt": receipt } }),
    )
    .await;
    assert_eq!(s, 200, "{body}");

    // Someone else's phone cannot see this order, and a province without the service
    // takes none.
    let other = sign_in(&ts, &phone(6)).await;
    assert_eq!(
        get_json(&ts, &other, "/api/v1/photo-orders/current")
            .await
            .0,
        404
    );
    let sichuan = TestServer::start().await;
    let c = sign_in(&sichuan, &phone(7)).await;
    put_draft(
        &sichuan,
        &c,
        json!({ "form": { "name": "张三", "id_number": id_number(7), "hukou_region": "510107" } }),
    )
    .await;
    put_photo(&sichuan, &c, "card_photo", jpeg(900, 1200)).await;
    let res = c
        .post(sichuan.u("/api/v1/photo-orders"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "photo_order_not_offered");
}
