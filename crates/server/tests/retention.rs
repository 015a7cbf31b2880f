//! What is kept, and for how long, per PIPL's minimum-necessary rule: photos of ended
//! applications go `--photo-retention-days` after the end (the deletion recorded);
//! drafts `--draft-retention-days` after their last change; the gateways' outboxes
//! after `--outbox-retention-days`, and they never hold a sign-in code; sessions, codes,
//! undecided flows and callback nonces once they are of no more use. One job
//! ([`reissue_server::jobs::privacy::prune`]) on the server's clock.

mod common;

use common::*;
use reissue_server::jobs::privacy::{prune, purge_photos};
use serde_json::Value;

fn purged_ms(ts: &TestServer, number: &str) -> Option<i64> {
    let n = number.to_string();
    ts.state().db.call_sync(move |c| {
        c.query_row(
            "SELECT photos_purged_ms FROM applications WHERE number = ?1",
            [n],
            |r| r.get(0),
        )
        .unwrap()
    })
}

async fn photo_status(ts: &TestServer, number: &str, slot: &str) -> u16 {
    ts.admin(
        reqwest::Method::GET,
        &format!("/api/v1/admin/applications/{number}/photos/{slot}"),
        None,
    )
    .await
    .status()
    .as_u16()
}

fn files(ts: &TestServer) -> usize {
    std::fs::read_dir(&ts.state().photos_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".jpg")
        })
        .count()
}

#[tokio::test]
async fn photos_of_ended_applications_go_after_the_retention_period() {
    let ts = TestServer::start_with(|c| c.photo_retention_days = 30).await;
    // Three applications sharing the same photo (one file on disk, in both slots).
    let (c1, cancelled) = submitted(&ts, 1, &pickup_form(1)).await;
    let (_, completed) = submitted(&ts, 2, &pickup_form(2)).await;
    let (_, active) = submitted(&ts, 3, &pickup_form(3)).await;
    assert_eq!(files(&ts), 1);
    // A fourth with photos of its own.
    let c4 = sign_in(&ts, &phone(4)).await;
    ready_draft(&ts, &c4, &pickup_form(4)).await;
    for slot in ["register_home", "register_self"] {
        let res = put_photo(
            &ts,
            &c4,
            slot,
            reissue_server::photos::jpeg::numbered_photo(4, usize::from(slot == "register_self")),
        )
        .await;
        assert_eq!(res.status(), 200);
    }
    let res = submit(&ts, &c4, "retention-0004").await;
    let own: Value = res.json().await.unwrap();
    let own = own["number"].as_str().unwrap().to_string();
    assert_eq!(files(&ts), 3);

    // One cancelled by the applicant, one completed (and one still in review).
    let res = c1
        .post(ts.u(&format!("/api/v1/applications/{cancelled}/cancellation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let now = ts.clock.now_ms();
    for number in [completed.clone(), own.clone()] {
        ts.state().db.call_sync(move |c| {
            c.execute(
                "UPDATE applications SET status = 'completed', status_ms = ?2 WHERE number = ?1",
                rusqlite::params![number, now],
            )
            .unwrap()
        });
    }

    // Within the period nothing goes.
    ts.advance(29 * 86_400);
    assert_eq!(purge_photos(ts.state()).await, 0);
    assert_eq!(files(&ts), 3);
    assert_eq!(photo_status(&ts, &own, "register_home").await, 200);

    // After it, the ended ones lose their photos; files still used by the active
    // application stay.
    ts.advance(2 * 86_400);
    assert_eq!(purge_photos(ts.state()).await, 3);
    for number in [&cancelled, &completed, &own] {
        let at = purged_ms(&ts, number).expect("recorded");
        assert!(at >= ts.clock.now_ms() - 60_000);
        assert_eq!(photo_status(&ts, number, "register_home").await, 404);
        assert_eq!(photo_status(&ts, number, "register_self").await, 404);
    }
    assert_eq!(purged_ms(&ts, &active), None);
    assert_eq!(photo_status(&ts, &active, "register_home").await, 200);
    assert_eq!(photo_status(&ts, &active, "register_self").await, 200);
    assert_eq!(files(&ts), 1);
    // Once only.
    assert_eq!(purge_photos(ts.state()).await, 0);

    // When the last one ends and its time is up, the shared file goes too.
    let number = active.clone();
    let later = ts.clock.now_ms();
    ts.state().db.call_sync(move |c| {
        c.execute(
            "UPDATE applications SET status = 'cancelled', status_ms = ?2 WHERE number = ?1",
            rusqlite::params![number, later],
        )
        .unwrap()
    });
    ts.advance(31 * 86_400);
    assert_eq!(purge_photos(ts.state()).await, 1);
    assert_eq!(files(&ts), 0);
    // The applications themselves stay.
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap().as_array().unwrap().len(),
        4
    );
}

#[tokio::test]
async fn a_shorter_period_is_configurable() {
    let ts = TestServer::start_with(|c| c.photo_retention_days = 1).await;
    let (c, number) = submitted(&ts, 7, &pickup_form(7)).await;
    let res = c
        .post(ts.u(&format!("/api/v1/applications/{number}/cancellation")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    ts.advance(86_400 + 60);
    assert_eq!(purge_photos(ts.state()).await, 1);
    assert!(purged_ms(&ts, &number).is_some());
    assert_eq!(files(&ts), 0);
}

fn count(ts: &TestServer, sql: &'static str) -> i64 {
    ts.state()
        .db
        .call_sync(move |c| c.query_row(sql, [], |r| r.get(0)).unwrap())
}

#[tokio::test]
async fn a_draft_goes_thirty_days_after_its_last_change_with_its_photos() {
    let ts = TestServer::start().await;
    let kept = sign_in(&ts, &phone(1)).await;
    let left = sign_in(&ts, &phone(2)).await;
    for c in [&kept, &left] {
        let res = put_draft(&ts, c, serde_json::json!({ "form": pickup_form(1) })).await;
        assert_eq!(res.status(), 200);
    }
    let res = put_photo(
        &ts,
        &left,
        "register_home",
        reissue_server::photos::jpeg::numbered_photo(9, 0),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(files(&ts), 1);
    ts.advance(20 * 86_400);
    // One applicant comes back and changes something: their thirty days start again.
    let kept = sign_in(&ts, &phone(1)).await;
    let res = put_draft(
        &ts,
        &kept,
        serde_json::json!({ "form": { "name": "李四" } }),
    )
    .await;
    assert_eq!(res.status(), 200);
    ts.advance(11 * 86_400);
    let pruned = prune(ts.state()).await;
    assert_eq!(pruned.drafts, 1, "{pruned:?}");
    assert_eq!(count(&ts, "SELECT count(*) FROM drafts"), 1);
    assert_eq!(files(&ts), 0, "the left draft's photo went with it");
    let kept = sign_in(&ts, &phone(1)).await;
    let (_, draft) = get_json(&ts, &kept, "/api/v1/drafts/current").await;
    assert_eq!(draft["form"]["name"], "李四");
}

#[tokio::test]
async fn the_outbox_holds_no_code_and_goes_after_seven_days() {
    let ts = TestServer::start().await;
    let _ = sign_in(&ts, &phone(1)).await;
    let (c, app) = submitted(&ts, 2, &pickup_form(2)).await;
    drop(c);
    ts.approve(&app).await;
    reissue_server::jobs::notifier::tick(ts.state()).await;
    let codes: Vec<String> = ts.state().db.call_sync(|c| {
        let mut s = c
            .prepare("SELECT message FROM sms_outbox WHERE kind = 'code'")
            .unwrap();
        let rows = s.query_map([], |r| r.get(0)).unwrap();
        rows.map(Result::unwrap).collect()
    });
    assert_eq!(codes.len(), 2);
    for text in &codes {
        assert!(text.contains("验证码"), "{text}");
        let longest_digits = text
            .split(|ch: char| !ch.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        assert!(longest_digits < 6, "no code kept: {text}");
    }
    assert!(count(&ts, "SELECT count(*) FROM wechat_outbox") > 0);
    ts.advance(6 * 86_400);
    assert_eq!(prune(ts.state()).await.outbox, 0);
    ts.advance(86_400 + 60);
    let pruned = prune(ts.state()).await;
    assert!(pruned.outbox >= 4, "{pruned:?}");
    assert_eq!(count(&ts, "SELECT count(*) FROM sms_outbox"), 0);
    assert_eq!(count(&ts, "SELECT count(*) FROM wechat_outbox"), 0);
}

#[tokio::test]
async fn sessions_codes_flows_and_nonces_go_once_of_no_more_use() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    // A code asked for and never used; a face check started and left.
    send_code(&ts, &client(), &phone(3)).await;
    let res = put_draft(&ts, &c, serde_json::json!({ "notice_version": "2026-12", "face_consent": true, "form": pickup_form(1) })).await;
    assert_eq!(res.status(), 200);
    let (status, _) = post_json(&ts, &c, "/api/v1/drafts/current/liveness").await;
    assert_eq!(status, 201);
    let (_, app) = submitted(&ts, 2, &pickup_form(2)).await;
    assert_eq!(prune(ts.state()).await.sessions, 0, "all in use");

    ts.advance(2 * 86_400);
    let pruned = prune(ts.state()).await;
    assert!(pruned.sessions >= 2, "{pruned:?}");
    assert!(pruned.codes >= 3, "{pruned:?}");
    assert_eq!(pruned.flows, 1, "the abandoned face check: {pruned:?}");
    assert_eq!(count(&ts, "SELECT count(*) FROM sessions"), 0);
    assert_eq!(count(&ts, "SELECT count(*) FROM sms_codes"), 0);
    // The face check that vouched for the application stays with it.
    let n = app.clone();
    let kept: i64 = ts.state().db.call_sync(move |c| {
        c.query_row(
            "SELECT count(*) FROM flows f JOIN applications a ON a.phone = f.phone
             WHERE a.number = ?1 AND f.status = 'passed'",
            [n],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(kept, 1);
    ts.state().db.call_sync(|c| {
        c.execute(
            "INSERT INTO vendor_nonces (nonce, seen_ms) VALUES ('old-nonce-0000000001', 0)",
            [],
        )
        .unwrap()
    });
    assert_eq!(prune(ts.state()).await.nonces, 1);
}

fn status_of(ts: &TestServer, number: &str) -> String {
    let n = number.to_string();
    ts.state().db.call_sync(move |c| {
        c.query_row(
            "SELECT status FROM applications WHERE number = ?1",
            [n],
            |r| r.get(0),
        )
        .unwrap()
    })
}

#[tokio::test]
async fn a_rejected_application_nobody_corrects_is_reminded_then_closed() {
    let ts = TestServer::start().await;
    let (_, old) = submitted(&ts, 11, &pickup_form(11)).await;
    reject(&ts, &old, &["name"]).await;
    ts.advance(30 * 86_400);
    let (_, young) = submitted(&ts, 12, &pickup_form(12)).await;
    reject(&ts, &young, &["name"]).await;
    // 54 days after its rejection: the first is reminded, nothing closes.
    ts.advance(24 * 86_400);
    assert_eq!(prune(ts.state()).await.rejected_closed, 0);
    let reminded = count(
        &ts,
        "SELECT count(*) FROM messages WHERE kind = 'rejected_closing'",
    );
    assert_eq!(reminded, 1);
    prune(ts.state()).await;
    assert_eq!(
        count(
            &ts,
            "SELECT count(*) FROM messages WHERE kind = 'rejected_closing'"
        ),
        1,
        "reminded once"
    );
    // 60 days: closed; the one rejected a month later is not.
    ts.advance(6 * 86_400 + 60);
    assert_eq!(prune(ts.state()).await.rejected_closed, 1);
    assert_eq!(status_of(&ts, &old), "cancelled");
    assert_eq!(status_of(&ts, &young), "rejected");
}

#[tokio::test]
async fn photos_of_a_card_collected_or_delivered_go_after_the_period() {
    let ts = TestServer::start_with(|c| c.photo_retention_days = 30).await;
    let (c, app) = submitted(&ts, 21, &pickup_form(21)).await;
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    ts.advance_app(&app).await;
    ts.advance_app(&app).await;
    let res = ts
        .admin(
            reqwest::Method::POST,
            &format!("/api/v1/admin/applications/{app}/pickup"),
            Some(serde_json::json!({ "by": "applicant" })),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(status_of(&ts, &app), "picked_up");
    ts.advance(29 * 86_400);
    assert_eq!(purge_photos(ts.state()).await, 0);
    ts.advance(86_400 + 60);
    assert_eq!(
        purge_photos(ts.state()).await,
        1,
        "collected, the officer's last step or not"
    );
    assert!(purged_ms(&ts, &app).is_some());
}

#[tokio::test]
async fn an_ended_authorisation_forgets_the_delegate_s_id_number_and_phone() {
    let ts = TestServer::start().await;
    let (c, app) = submitted(&ts, 31, &pickup_form(31)).await;
    ts.approve(&app).await;
    pay(&ts, &c, &app).await;
    ts.advance_app(&app).await;
    ts.advance_app(&app).await;
    let delegate =
        serde_json::json!({ "name": "王芳", "id_number": id_number(99), "phone": "13700137000" });
    let path = format!("/api/v1/applications/{app}/authorization");
    let res = c.post(ts.u(&path)).json(&delegate).send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let res = c
        .post(ts.u(&format!("{path}/revocation")))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let kept = |ts: &TestServer| {
        count(
            ts,
            "SELECT count(*) FROM authorizations WHERE delegate_id != '' AND delegate_phone != ''",
        )
    };
    ts.advance(29 * 86_400);
    prune(ts.state()).await;
    assert_eq!(kept(&ts), 1, "a month for questions at the counter");
    ts.advance(86_400 + 60);
    assert_eq!(prune(ts.state()).await.delegates_forgotten, 1);
    assert_eq!(kept(&ts), 0);
    assert_eq!(
        count(
            &ts,
            "SELECT count(*) FROM authorizations WHERE delegate_name = '王芳'"
        ),
        1
    );
}

#[tokio::test]
async fn bookings_messages_and_ended_reports_go_by_their_own_periods() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let c = sign_in(&ts, &phone(41)).await;
    let (_, days) = get_json(
        &ts,
        &c,
        "/api/v1/appointments/availability?office_id=gz-tianhe",
    )
    .await;
    let day = days[0]["date"].as_str().unwrap().to_string();
    let slot = days[0]["slots"][0][0].as_str().unwrap().to_string();
    let booking = serde_json::json!({ "office_id": "gz-tianhe", "date": day, "slot": slot,
                                      "name": "张三", "id_number": id_number(41) });
    let res = c
        .post(ts.u("/api/v1/appointments"))
        .json(&booking)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    verified_as(&ts, &c, "张三", &id_number(41)).await;
    let report = serde_json::json!({ "name": "张三", "id_number": id_number(41), "kind": "lost",
                                     "lost_on": "2026-11-30", "place": "广州", "promised": true });
    let res = c
        .post(ts.u("/api/v1/loss-reports"))
        .json(&report)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let number = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();
    let res = c
        .post(ts.u(&format!("/api/v1/loss-reports/{number}/withdrawal")))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(count(&ts, "SELECT count(*) FROM messages") >= 1);

    // A month after the booked day: the booking goes; messages and the report stay.
    ts.advance(45 * 86_400);
    let pruned = prune(ts.state()).await;
    assert_eq!(pruned.appointments, 1, "{pruned:?}");
    assert_eq!((pruned.messages, pruned.reports), (0, 0), "{pruned:?}");
    // Half a year: the messages and their sends.
    ts.advance(140 * 86_400);
    let pruned = prune(ts.state()).await;
    assert!(pruned.messages >= 1, "{pruned:?}");
    assert_eq!(count(&ts, "SELECT count(*) FROM messages"), 0);
    assert_eq!(count(&ts, "SELECT count(*) FROM deliveries"), 0);
    assert_eq!(pruned.reports, 0);
    // A year after it ended: the withdrawn report.
    ts.advance(185 * 86_400);
    assert_eq!(prune(ts.state()).await.reports, 1);
    assert_eq!(count(&ts, "SELECT count(*) FROM loss_reports"), 0);
}

#[tokio::test]
async fn whom_a_phone_was_verified_as_and_whom_it_asked_the_register_about_go() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(51)).await;
    verified_as(&ts, &c, "张三", &id_number(51)).await;
    let res = c
        .post(ts.u("/api/v1/register/check"))
        .json(&serde_json::json!({ "name": "李四", "id_number": id_number(52) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(count(&ts, "SELECT count(*) FROM verifications"), 1);
    assert_eq!(
        count(&ts, "SELECT count(*) FROM register_asks"),
        2,
        "the phone's and the client's"
    );
    // Within the face check's half hour and the hour after, and the same day: kept.
    ts.advance(60 * 60);
    assert_eq!(prune(ts.state()).await.identities, 0);
    // Then gone: the name and number of the person, and the questions of two days ago.
    ts.advance(2 * 86_400);
    assert_eq!(prune(ts.state()).await.identities, 3);
    assert_eq!(count(&ts, "SELECT count(*) FROM verifications"), 0);
    assert_eq!(count(&ts, "SELECT count(*) FROM register_asks"), 0);
}
