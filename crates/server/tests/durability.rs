//! Restart on the same data directory, and many applicants at once.

mod common;

use std::collections::HashSet;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_restart_loses_nothing() {
    let ts = TestServer::start().await;
    let (c, number) = submitted(&ts, 1, &ems_form(1)).await;
    ts.approve(&number).await;
    // A second applicant with only a draft and a photo.
    let d = sign_in(&ts, &phone(2)).await;
    put_draft(
        &ts,
        &d,
        json!({ "notice_version": "2026-12", "form": { "name": "王五" } }),
    )
    .await;
    let meta: Value = put_photo(&ts, &d, "register_home", jpeg(1000, 1000))
        .await
        .json()
        .await
        .unwrap();
    let (_, before) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    let (_, draft_before) = get_json(&ts, &d, "/api/v1/drafts/current").await;
    let url = ts.url.clone();

    let dir = ts.stop().await;
    assert!(
        reqwest::get(format!("{url}/api/v1/health")).await.is_err(),
        "old server still answers"
    );

    // A new process on the same directory. Cookies ignore the port, so the old clients
    // send their old sessions, which live in SQLite.
    let ts = TestServer::start_in(dir, |_| {}).await;
    assert_ne!(ts.url, url);
    let (status, after) = get_json(&ts, &c, &format!("/api/v1/applications/{number}")).await;
    assert_eq!(status, 200);
    assert_eq!(after, before);
    let (_, draft_after) = get_json(&ts, &d, "/api/v1/drafts/current").await;
    assert_eq!(draft_after, draft_before);
    let res = d
        .get(ts.u("/api/v1/drafts/current/photos/register_home"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.bytes().await.unwrap().len() as u64,
        meta["bytes"].as_u64().unwrap()
    );
    // And it goes on from where it was: pay.
    let (_, start) = post_json(&ts, &c, &format!("/api/v1/applications/{number}/payment")).await;
    assert!(start["flow_id"].is_string());
    // Numbers continue without reuse.
    let (_, second) = submitted(&ts, 3, &pickup_form(3)).await;
    assert_ne!(second, number);
    let list: Value = ts
        .admin(Method::GET, "/api/v1/admin/applications", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
}

/// 50 applicants at once, 10 applications each: 500, each stored exactly once with a
/// unique number, even though every submit is sent twice concurrently with its key.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_applicants_five_hundred_applications() {
    const APPLICANTS: u32 = 50;
    const EACH: u32 = 10;
    let ts = std::sync::Arc::new(TestServer::start().await);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for who in 0..APPLICANTS {
        let ts = ts.clone();
        tasks.push(tokio::spawn(async move {
            let c = sign_in(&ts, &phone(1000 + who)).await;
            let mut numbers = Vec::new();
            for round in 0..EACH {
                let form = if round % 2 == 0 {
                    pickup_form(who as u16)
                } else {
                    ems_form(who as u16)
                };
                ready_draft(&ts, &c, &form).await;
                let key = format!("concurrent-{who}-{round}");
                let (a, b) = tokio::join!(submit(&ts, &c, &key), submit(&ts, &c, &key));
                let (sa, sb) = (a.status().as_u16(), b.status().as_u16());
                let (ja, jb): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
                let mut statuses = [sa, sb];
                statuses.sort();
                assert_eq!(statuses, [200, 201], "{ja} {jb}");
                assert_eq!(ja["number"], jb["number"]);
                numbers.push(ja["number"].as_str().unwrap().to_string());
            }
            let (_, list) = get_json(&ts, &c, "/api/v1/applications").await;
            assert_eq!(list.as_array().unwrap().len(), EACH as usize);
            numbers
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    assert_eq!(all.len(), (APPLICANTS * EACH) as usize);
    let unique: HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "duplicate numbers");
    let (rows, distinct): (i64, i64) = ts.state().db.call_sync(|c| {
        c.query_row(
            "SELECT count(*), count(DISTINCT number) FROM applications",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    });
    assert_eq!((rows, distinct), (500, 500));
    let events: i64 = ts.state().db.call_sync(|c| {
        c.query_row(
            "SELECT count(*) FROM events WHERE status = 'submitted'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    assert_eq!(events, 500);
    eprintln!("500 applications by 50 applicants in {elapsed:?}");
}
