//! No ID number or phone number reaches a log line (issue 7 item 6).

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use serde_json::json;

#[derive(Clone)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn log_lines_mask_id_and_phone_numbers() {
    let buf = Arc::new(Mutex::new(Vec::new()));
    let writer = Buf(buf.clone());
    tracing_subscriber::fmt()
        .with_env_filter("debug")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

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
    ts.approve(&number).await;

    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("/api/v1/applications"),
        "request lines are logged"
    );
    assert!(text.contains(&number), "application numbers are not masked");
    for secret in [
        id.as_str(),
        &id[..17],
        "13800138000",
        "13900000077",
        "13900000077",
    ] {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}
