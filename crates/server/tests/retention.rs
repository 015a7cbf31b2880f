//! Photos of ended applications are deleted `--photo-retention-days` after the end
//! (issue 7 item 6), and the deletion is recorded.

mod common;

use common::*;
use reissue_server::privacy::purge_photos;
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
            reissue_server::jpeg::numbered_photo(4, usize::from(slot == "register_self")),
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
