//! A child applies through a guardian where the profile allows it online (Sichuan): the
//! guardian's answers and proof are asked, the face check is the guardian's, numbers are
//! masked on the way out. Where it does not (Guangdong), the register sends the child to
//! a window.

mod common;

use common::*;
use reissue_domain::api::{FormAnswers, Relation};
use reissue_domain::date::Date;
use reissue_domain::idcard;
use serde_json::{json, Value};

fn child_id() -> String {
    idcard::make_id("510107", Date::new(2016, 3, 1).unwrap(), 31)
}

fn parent_id() -> String {
    idcard::make_id("510107", Date::new(1985, 7, 9).unwrap(), 32)
}

fn child_form() -> FormAnswers {
    FormAnswers {
        name: Some("张小明".into()),
        id_number: Some(child_id()),
        guardian_name: Some("张伟".into()),
        guardian_id_number: Some(parent_id()),
        guardian_relation: Some(Relation::Parent),
        ..pickup_form(31)
    }
}

#[tokio::test]
async fn a_parent_applies_for_a_ten_year_old_with_proof_and_their_own_face() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(1)).await;
    // The child's number alone: the guardian's questions are asked.
    let bare = FormAnswers {
        guardian_name: None,
        guardian_id_number: None,
        guardian_relation: None,
        ..child_form()
    };
    let res = put_draft(
        &ts,
        &c,
        json!({ "notice_version": "2026-12", "face_consent": true, "form": bare }),
    )
    .await;
    assert_eq!(res.status(), 200, "a draft may wait for them");
    let res = submit(&ts, &c, "key-guardian-01").await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields = fields_of(&body);
    for f in [
        "guardian_name",
        "guardian_id_number",
        "guardian_relation",
        "guardian_proof",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} in {fields:?}");
    }
    // A child as the guardian is refused.
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "guardian_id_number": child_id() } }),
    )
    .await;
    assert_eq!(res.status(), 422);

    ready_draft(&ts, &c, &child_form()).await;
    let res = put_photo(&ts, &c, "guardian_proof", jpeg(1200, 900)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    // The face check vouched for this guardian: another guardian needs a new one.
    let res = put_draft(
        &ts,
        &c,
        json!({ "form": { "guardian_name": "李娟", "guardian_relation": "other_guardian" } }),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = submit(&ts, &c, "key-guardian-02").await;
    assert_eq!(res.status(), 422);
    assert!(fields_of(&res.json::<Value>().await.unwrap()).contains(&"liveness".to_string()));
    let (_, status) = liveness(&ts, &c, "pass").await;
    assert_eq!(status["status"], "passed");
    let res = submit(&ts, &c, "key-guardian-03").await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let app = res.json::<Value>().await.unwrap()["number"]
        .as_str()
        .unwrap()
        .to_string();

    // Both numbers masked, to the applicant and to the officer.
    let (_, detail) = get_json(&ts, &c, &format!("/api/v1/applications/{app}")).await;
    assert_eq!(detail["answers"]["guardian_name"], "李娟");
    assert_eq!(detail["answers"]["guardian_relation"], "other_guardian");
    let text = detail.to_string();
    assert!(
        !text.contains(&parent_id()) && !text.contains(&child_id()),
        "{text}"
    );
    let res = ts
        .admin(reqwest::Method::GET, "/api/v1/admin/applications", None)
        .await;
    let all = res.text().await.unwrap();
    assert!(!all.contains(&parent_id()) && !all.contains(&child_id()));
    // The officer can look at the proof.
    let res = ts
        .admin(
            reqwest::Method::GET,
            &format!("/api/v1/admin/applications/{app}/photos/guardian_proof"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    ts.stop().await;
}

#[tokio::test]
async fn an_adult_s_guardian_answers_are_not_kept() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(2)).await;
    let adult = FormAnswers {
        id_number: Some(id_number(2)),
        ..child_form()
    };
    let res = put_draft(&ts, &c, json!({ "form": adult })).await;
    assert_eq!(res.status(), 200);
    let draft: Value = res.json().await.unwrap();
    assert!(draft["form"].get("guardian_id_number").is_none(), "{draft}");
    ts.stop().await;
}

#[tokio::test]
async fn guangdong_sends_a_child_to_a_window() {
    let ts = TestServer::start_with(|c| c.profile = "guangdong".into()).await;
    let c = sign_in(&ts, &phone(3)).await;
    let child = idcard::make_id("440106", Date::new(2016, 3, 1).unwrap(), 33);
    let res = c
        .post(ts.u("/api/v1/register/check"))
        .json(&json!({ "name": "陈小明", "id_number": child }))
        .send()
        .await
        .unwrap();
    // The register is not even asked: the number is a child's, and here a child goes to
    // a window with a guardian.
    assert_eq!(res.status(), 422);
    let check: Value = res.json().await.unwrap();
    assert_eq!(check["fields"][0]["code"], "under_age", "{check}");
    assert!(check["message"].as_str().unwrap().contains("监护人"));
    let res = put_draft(&ts, &c, json!({ "form": { "id_number": child } })).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["fields"][0]["code"],
        "under_age"
    );
    ts.stop().await;
}
