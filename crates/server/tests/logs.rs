//! No ID number or phone number reaches a log line.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn log_lines_mask_id_and_phone_numbers() {
    let logs = LogLines::capture("debug");

    let ts = TestServer::start().await;
    let id = id_number(77);
    let (c, number) = submitted(&ts, 77, &ems_form(77)).await;
    // User data in paths, bodies and errors.
    let _ = c
        .get(ts.u(&format!("/api/v1/applications/{id}")))
        .send()
        .await
        .unwrap();
    let _ = c
        .get(ts.u("/api/v1/applications/13800138000"))
        .send()
        .await
        .unwrap();
    let _ = put_draft(
        &ts,
        &c,
        json!({ "form": { "id_number": format!("{}0", &id[..17]) } }),
    )
    .await;
    let _ = send_code(&ts, &client(), "13900000077").await;
    // The officer looks at the full ID number: the look is logged, the number is not.
    let res = ts
        .admin(
            reqwest::Method::GET,
            &format!("/api/v1/admin/applications/{number}/id-number"),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
    ts.approve(&number).await;

    // Request lines for URLs holding ID- and phone-like strings, in every spelling.
    let phone = "13800138000";
    for path in [
        format!("/apply/{id}"),
        format!("/api/v1/liveness/{}", id.to_lowercase()),
        format!("/api/v1/applications/{}", &id[..17]),
        format!("/api/v1/applications/%2B86{phone}"),
        format!("/api/v1/applications/86{phone}"),
        "/api/v1/applications/138%200013%208000".to_string(),
        "/api/v1/applications/138-0013-8000".to_string(),
        format!("/mock-vendor/liveness/{phone}"),
        format!("/api/v1/drafts/current?phone={phone}&id={id}"),
        format!("/api/v1/{}", id.replace(|c: char| c.is_ascii_digit(), "９")),
    ] {
        let _ = c.get(ts.u(&path)).send().await.unwrap();
    }
    // Fault-injection lines: an injected error, a dropped response, a cut upload.
    let faults = |s| ts.state().faults.set(s);
    use reissue_server::http::faults::FaultSettings;
    faults(FaultSettings {
        error_rate: 1.0,
        ..Default::default()
    });
    let _ = c
        .get(ts.u(&format!("/api/v1/applications/{id}")))
        .send()
        .await
        .unwrap();
    let _ = c
        .get(ts.u(&format!("/api/v1/applications/{phone}")))
        .send()
        .await
        .unwrap();
    faults(FaultSettings {
        drop_rate: 1.0,
        ..Default::default()
    });
    if let Ok(res) = c
        .get(ts.u(&format!("/api/v1/applications/{id}")))
        .send()
        .await
    {
        let _ = res.bytes().await;
    }
    faults(FaultSettings {
        upload_cut_bytes: Some(10),
        ..Default::default()
    });
    let _ = c
        .put(ts.u(&format!("/api/v1/drafts/current/photos/{phone}")))
        .header("content-type", "image/jpeg")
        .body(jpeg(1200, 900))
        .send()
        .await;
    faults(FaultSettings::default());

    let text = logs.text();
    assert!(
        text.contains("/api/v1/applications"),
        "request lines are logged"
    );
    assert!(text.contains(&number), "application numbers are not masked");
    let audit = text
        .lines()
        .find(|l| l.contains("officer viewed the full ID number"))
        .expect("a look at a full ID number is logged");
    assert!(audit.contains(&number), "with the application: {audit}");
    for fault in [
        "(handler not run)",
        "dropping the connection",
        "cut after 10 bytes",
    ] {
        assert!(text.contains(fault), "no fault line {fault:?}:\n{text}");
    }
    assert!(
        text.contains("/apply/5101"),
        "request lines of pages are logged"
    );
    let id_lower = id.to_lowercase();
    for secret in [
        id.as_str(),
        id_lower.as_str(),
        &id[..17],
        &id[6..14], // the birth date part
        "13800138000",
        // The middle group of the grouped forms sent above. (A bare "0013" was once
        // searched for here, which random session ids and timestamps can contain.)
        "0013%208000",
        "0013-8000",
        "0013 8000",
        "13900000077",
        "00000077",
    ] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}
