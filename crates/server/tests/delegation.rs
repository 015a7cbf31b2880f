//! 委托领取 over HTTP: an authorisation given (and sent to the delegate), revoked, past
//! its date, refused with a wrong code or after revocation, and used at the counter; the
//! pickup voucher; the EMS parcel signed by someone the applicant allowed.

mod common;

use common::*;
use reissue_domain::api::FormAnswers;
use reissue_domain::date::Date;
use reissue_domain::idcard;
use serde_json::{json, Value};

fn delegate_id() -> String {
    idcard::make_id("510104", Date::new(1988, 2, 3).unwrap(), 77)
}

fn delegate() -> Value {
    json!({ "name": "王芳", "id_number": delegate_id(), "phone": "13700137000" })
}

async fn admin(
    ts: &TestServer,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let res = ts.admin(method, path, body).await;
    (res.status().as_u16(), res.json().await.unwrap())
}

/// Submitted, approved, paid, made: waiting at the office.
async fn ready_at_office(ts: &TestServer, who: u32) -> (reqwest::Client, String) {
    let (c, app) = submitted(ts, who, &pickup_form(who as u16)).await;
    ts.approve(&app).await;
    pay(ts, &c, &app).await;
    assert_eq!(ts.advance_app(&app).await.status(), 200);
    let v: Value = ts.advance_app(&app).await.json().await.unwrap();
    assert_eq!(v["status"], "ready_for_pickup");
    (c, app)
}

fn notices_to(ts: &TestServer, phone: &str) -> Vec<String> {
    let phone = phone.to_string();
    ts.state().db.call_sync(move |c| {
        let mut stmt = c
            .prepare("SELECT message FROM sms_outbox WHERE phone = ?1 AND kind = 'notice'")
            .unwrap();
        let rows = stmt.query_map([phone], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    })
}

#[tokio::test]
async fn an_authorisation_is_given_sent_revoked_and_refused_after() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 1, &pickup_form(1)).await;

    // Every problem at once; the applicant cannot name themself.
    let (s, bad) = ts
        .delegation(&c)
        .authorize(
            &app,
            json!({ "name": "", "id_number": id_number(1), "phone": "1" }),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(fields_of(&bad), ["name", "id_number", "phone"]);

    let (s, a) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(s, 201, "{a}");
    let number = a["number"].as_str().unwrap().to_string();
    assert!(number.starts_with("WT"));
    assert_eq!(a["status"], "active");
    assert_eq!(a["code"].as_str().unwrap().len(), 6);
    assert!(
        a["delegate_id_number"].as_str().unwrap().contains('*'),
        "masked"
    );
    assert_eq!(a["delegate_phone"], "137****7000");
    // The delegate is told the number, not the code, and the applicant's name masked.
    let sms = notices_to(&ts, "13700137000");
    assert_eq!(sms.len(), 1);
    assert!(
        sms[0].contains(&number) && sms[0].contains("张*"),
        "{}",
        sms[0]
    );
    assert!(!sms[0].contains(a["code"].as_str().unwrap()));
    // A notice does not count against the delegate's own sign-in.
    assert_eq!(send_code(&ts, &client(), "13700137000").await.status(), 200);

    // One in force at a time.
    let (s, again) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(
        (s, again["code"].as_str()),
        (409, Some("authorization_active"))
    );
    // Someone else: a phone, not the card's holder; verified as themselves, the
    // application is still not found.
    let stranger = sign_in(&ts, &phone(2)).await;
    assert_eq!(
        ts.delegation(&stranger).authorize(&app, delegate()).await.0,
        403
    );
    verified_as(&ts, &stranger, "李四", &id_number(2)).await;
    assert_eq!(
        ts.delegation(&stranger).authorize(&app, delegate()).await.0,
        404
    );

    let (s, revoked) = ts.delegation(&c).revoke(&app).await;
    assert_eq!(s, 200, "{revoked}");
    assert_eq!(revoked["status"], "revoked");
    let (s, twice) = ts.delegation(&c).revoke(&app).await;
    assert_eq!(
        (s, twice["code"].as_str()),
        (409, Some("no_active_authorization"))
    );
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["authorization"]["status"], "revoked");
    let titles: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("authorization").is_some())
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["已委托他人代领", "已撤销委托"]);

    // Each one texts the number typed: three a day, then no more until tomorrow.
    for _ in 0..2 {
        assert_eq!(ts.delegation(&c).authorize(&app, delegate()).await.0, 201);
        assert_eq!(ts.delegation(&c).revoke(&app).await.0, 200);
    }
    let (s, limited) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(
        (s, limited["code"].as_str()),
        (429, Some("too_many_authorizations"))
    );
    assert_eq!(notices_to(&ts, "13700137000").len(), 3);

    // At the counter, once ready: the revoked one is refused, code or not.
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    ts.advance_app(&app).await;
    ts.advance_app(&app).await;
    let body = json!({ "by": "delegate", "authorization": number, "code": a["code"] });
    let (s, refused) = admin(
        &ts,
        reqwest::Method::POST,
        &format!("/api/v1/admin/applications/{app}/pickup"),
        Some(body),
    )
    .await;
    assert_eq!(
        (s, refused["code"].as_str()),
        (409, Some("authorization_revoked"))
    );
    ts.stop().await;
}

#[tokio::test]
async fn the_delegate_collects_with_the_right_code_only() {
    let ts = TestServer::start().await;
    let (c, app) = ready_at_office(&ts, 3).await;
    // Waiting at the office: a voucher, and its QR code.
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let voucher = detail["voucher"]["number"].as_str().unwrap().to_string();
    assert_eq!(voucher.len(), 12);
    let res = c
        .get(ts.u(&format!("/api/v1/applications/{app}/qr/voucher")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().contains("<svg"));
    // Named after the card is ready: still possible, until it is collected.
    let (s, a) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(s, 201, "{a}");
    let number = a["number"].as_str().unwrap().to_string();
    let res = c
        .get(ts.u(&format!("/api/v1/applications/{app}/qr/authorization")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // The counter finds the card by the voucher or by the authorisation, numbers masked.
    for q in [voucher.as_str(), number.as_str()] {
        let (s, found) = admin(
            &ts,
            reqwest::Method::GET,
            &format!("/api/v1/admin/pickups?q={q}"),
            None,
        )
        .await;
        assert_eq!(s, 200, "{found}");
        assert_eq!(found["number"], app.as_str());
        assert_eq!(found["delegate"]["name"], "王芳");
        assert_eq!(found["delegate"]["status"], "active");
        assert!(
            !found.to_string().contains(&delegate_id()),
            "the delegate's number masked"
        );
        assert!(
            !found.to_string().contains(&id_number(3)),
            "the applicant's number masked"
        );
    }
    let (s, _) = admin(
        &ts,
        reqwest::Method::GET,
        "/api/v1/admin/pickups?q=000000000000",
        None,
    )
    .await;
    assert_eq!(s, 404, "a guessed voucher finds nothing");

    let pickup = format!("/api/v1/admin/applications/{app}/pickup");
    let code = a["code"].as_str().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let wrong =
        json!({ "by": "delegate", "authorization": number, "code": wrong, "voucher": voucher });
    let (s, refused) = admin(&ts, reqwest::Method::POST, &pickup, Some(wrong)).await;
    assert_eq!(s, 422, "{refused}");
    assert_eq!(refused["fields"][0]["field"], "code");
    // The right code without the applicant's 领证凭证 (seed 001: the delegate brings it)
    // hands nothing over, and is not counted as a guess.
    for shown in ["", "000000000000"] {
        let bare =
            json!({ "by": "delegate", "authorization": number, "code": code, "voucher": shown });
        let (s, refused) = admin(&ts, reqwest::Method::POST, &pickup, Some(bare)).await;
        assert_eq!(
            (s, refused["fields"][0]["code"].as_str()),
            (422, Some("voucher_wrong")),
            "{refused}"
        );
    }
    let right =
        json!({ "by": "delegate", "authorization": number, "code": code, "voucher": voucher });
    let (s, done) = admin(&ts, reqwest::Method::POST, &pickup, Some(right.clone())).await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["status"], "picked_up");
    assert_eq!(done["delegate"]["status"], "used");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let last = detail["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["status"], "picked_up");
    assert!(
        last["detail"].as_str().unwrap().contains("由受托人 王*"),
        "{last}"
    );
    assert!(detail.get("voucher").is_none(), "collected: no voucher");
    // The applicant is told at once who took the card (the delegate masked).
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    let told = &inbox["messages"][0];
    assert_eq!(told["kind"], "authorization_used", "{inbox}");
    assert!(told["body"].as_str().unwrap().contains("王*"), "{told}");
    assert!(!told["body"].as_str().unwrap().contains("王芳"), "{told}");
    // Used once: not again, and no new one after collection.
    let (s, _) = admin(&ts, reqwest::Method::POST, &pickup, Some(right)).await;
    assert_eq!(s, 409);
    let (s, over) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!((s, over["code"].as_str()), (409, Some("application_over")));
    ts.stop().await;
}

#[tokio::test]
async fn an_authorisation_past_its_date_is_refused_and_may_be_given_again() {
    let ts = TestServer::start().await;
    let (c, app) = ready_at_office(&ts, 4).await;
    let (_, a) = ts.delegation(&c).authorize(&app, delegate()).await;
    ts.advance(31 * 86_400);
    // The session is long gone too: sign in again.
    let c = sign_in(&ts, &phone(4)).await;
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["authorization"]["status"], "expired");
    let body = json!({ "by": "delegate", "authorization": a["number"], "code": a["code"] });
    let (s, refused) = admin(
        &ts,
        reqwest::Method::POST,
        &format!("/api/v1/admin/applications/{app}/pickup"),
        Some(body),
    )
    .await;
    assert_eq!(
        (s, refused["code"].as_str()),
        (409, Some("authorization_expired"))
    );
    // A new one may be given, by the card's holder verified again.
    verified_as(&ts, &c, "张三", &id_number(4)).await;
    let (s, b) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(s, 201, "{b}");
    // The applicant may always collect in person.
    let (s, done) = admin(
        &ts,
        reqwest::Method::POST,
        &format!("/api/v1/admin/applications/{app}/pickup"),
        Some(json!({ "by": "applicant" })),
    )
    .await;
    assert_eq!((s, done["status"].as_str()), (200, Some("picked_up")));
    ts.stop().await;
}

#[tokio::test]
async fn only_a_card_collected_at_an_office_is_delegated_and_a_parcel_shows_who_signed() {
    let ts = TestServer::start().await;
    let posted = FormAnswers {
        other_signer: Some("王芳".into()),
        ..ems_form(5)
    };
    let (c, app) = submitted(&ts, 5, &posted).await;
    let (s, refused) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!((s, refused["code"].as_str()), (409, Some("not_pickup")));
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    for _ in 0..3 {
        assert_eq!(ts.advance_app(&app).await.status(), 200);
    }
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["status"], "delivered");
    let (_, logistics) = get_json(&ts, &c, &format!("/api/v1/applications/{app}/logistics")).await;
    let signed = logistics["events"][0]["description"].as_str().unwrap();
    assert!(signed.contains("签收人：王芳"), "{signed}");
    ts.stop().await;
}

#[tokio::test]
async fn the_code_is_a_digest_five_wrong_ones_void_it_and_the_officer_sees_the_delegate_s_number_once(
) {
    let ts = TestServer::start().await;
    let (c, app) = ready_at_office(&ts, 7).await;
    verified_as(&ts, &c, "张三", &id_number(7)).await;
    let (s, a) = ts.delegation(&c).authorize(&app, delegate()).await;
    assert_eq!(s, 201, "{a}");
    let (number, code) = (
        a["number"].as_str().unwrap().to_string(),
        a["code"].as_str().unwrap().to_string(),
    );
    // The applicant hears that a delegate was named for the card, whoever named them.
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "card_activity", "{inbox}");
    assert!(inbox["messages"][0]["body"]
        .as_str()
        .unwrap()
        .contains("委托他人代领"));
    // Kept as a salted digest: the database does not hold the code.
    let (n, kept) = (number.clone(), code.clone());
    let stored: String = ts.state().db.call_sync(move |c| {
        c.query_row(
            "SELECT code FROM authorizations WHERE number = ?1",
            [&n],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert!(!stored.contains(&kept) && stored.contains('$'), "{stored}");
    // Given once: the application shows the authorisation, not its code.
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert!(detail["authorization"].get("code").is_none(), "{detail}");

    // The officer sees the delegate's full number when asked, and the look is logged.
    let logs = LogLines::capture("info");
    let (s, full) = admin(
        &ts,
        reqwest::Method::GET,
        &format!("/api/v1/admin/pickups/{number}/id-number"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(full["id_number"], delegate_id());
    let text = logs.text();
    let line = text
        .lines()
        .find(|l| l.contains("officer viewed the delegate's full ID number"))
        .unwrap_or_else(|| panic!("the look is logged: {text}"));
    assert!(
        line.contains(&number) && !line.contains(&delegate_id()),
        "{line}"
    );

    // Someone guessing: four wrong codes are refused, the fifth voids the authorisation.
    let pickup = format!("/api/v1/admin/applications/{app}/pickup");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let voucher = detail["voucher"]["number"].as_str().unwrap().to_string();
    let guess =
        json!({ "by": "delegate", "authorization": number, "code": wrong, "voucher": voucher });
    for _ in 0..4 {
        let (s, refused) = admin(&ts, reqwest::Method::POST, &pickup, Some(guess.clone())).await;
        assert_eq!(
            (s, refused["fields"][0]["code"].as_str()),
            (422, Some("wrong_code")),
            "{refused}"
        );
    }
    let (s, void) = admin(&ts, reqwest::Method::POST, &pickup, Some(guess)).await;
    assert_eq!(
        (s, void["code"].as_str()),
        (409, Some("authorization_revoked")),
        "{void}"
    );
    // Even the right code no longer collects the card.
    let right =
        json!({ "by": "delegate", "authorization": number, "code": code, "voucher": voucher });
    let (s, _) = admin(&ts, reqwest::Method::POST, &pickup, Some(right)).await;
    assert_eq!(s, 409);
    // The applicant is told.
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    let told = inbox["messages"][0]["body"].as_str().unwrap().to_string();
    assert!(told.contains(&number) && told.contains("作废"), "{told}");
    ts.stop().await;
}

/// Seed 001: 无民事行为能力或限制民事行为能力…领取居民身份证，可由监护人代为领取，提交领证
/// 凭证、核验监护人居民身份证. Where the profile allows it (Shanghai's rule, tried here on
/// Sichuan's journey), the officer hands the card to the guardian only once the proof
/// of guardianship is seen; the applicant's phone hears of it; elsewhere it is refused.
#[tokio::test]
async fn a_guardian_collects_for_an_adult_lacking_capacity_where_the_profile_allows() {
    let dir = tempfile::tempdir().unwrap();
    let mut profile: Value =
        serde_json::from_str(include_str!("../../../profiles/sichuan.json")).unwrap();
    profile["guardian_pickup"] = json!(true);
    let path = dir.path().join("guardian-pickup.json");
    std::fs::write(&path, profile.to_string()).unwrap();
    let p = path.to_string_lossy().to_string();
    let ts = TestServer::start_with(move |cfg| cfg.profile = p).await;
    let (c, app) = ready_at_office(&ts, 1).await;
    let pickup = |body: Value| {
        let ts = &ts;
        let app = app.clone();
        async move {
            let res = ts
                .admin(
                    reqwest::Method::POST,
                    &format!("/api/v1/admin/applications/{app}/pickup"),
                    Some(body),
                )
                .await;
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let voucher = detail["voucher"]["number"].as_str().unwrap().to_string();
    let check = ts
        .admin(
            reqwest::Method::GET,
            &format!("/api/v1/admin/pickups?q={voucher}"),
            None,
        )
        .await;
    let check: Value = check.json().await.unwrap();
    assert_eq!(check["guardian_pickup"], true, "{check}");
    let guardian = idcard::make_id("510104", Date::new(1960, 3, 4).unwrap(), 9);
    let (status, body) =
        pickup(json!({ "by": "guardian", "name": "王芳", "id_number": guardian })).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("guardian_proof_required")),
        "{body}"
    );
    let (status, body) = pickup(json!({
        "by": "guardian", "name": "王芳", "id_number": id_number(1), "proof_checked": true
    }))
    .await;
    assert_eq!(
        status, 422,
        "the applicant is not their own guardian: {body}"
    );
    let (status, body) = pickup(json!({
        "by": "guardian", "name": "王芳", "id_number": guardian, "proof_checked": true
    }))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "picked_up");
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    let last = detail["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let said = last["detail"].as_str().unwrap();
    assert!(
        said.contains("监护人 王*") && !said.contains(&guardian),
        "{said}"
    );
    let (_, inbox) = get_json(&ts, &c, "/api/v1/messages").await;
    assert_eq!(inbox["messages"][0]["kind"], "card_activity", "{inbox}");

    // Sichuan's own profile does not offer it.
    let plain = TestServer::start().await;
    let (_, app) = ready_at_office(&plain, 2).await;
    let res = plain
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{app}/pickup"),
            Some(json!({ "by": "guardian", "name": "王芳", "id_number": guardian, "proof_checked": true })),
        )
        .await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "guardian_pickup_not_offered");
}
