//! The binary itself: flags, the one stdout line, refusing to start without a token.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn prints_the_listening_line_and_serves() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_reissue-server"))
        .args(["--listen", "127.0.0.1:0", "--mock", "--auto-review", "5"])
        .arg("--data-dir")
        .arg(dir.path().join("data"))
        .arg("--dist")
        .arg(dir.path().join("dist"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim_end()
        .strip_prefix("listening on http://127.0.0.1:")
        .map(|port| format!("http://127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);
    let rt = tokio::runtime::Runtime::new().unwrap();
    let health = rt.block_on(async {
        reqwest::get(format!("{url}/api/v1/health"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(health.contains("\"ok\""), "{health}");
    assert!(dir.path().join("data/reissue.sqlite3").exists());
}

#[test]
fn refuses_to_start_without_an_admin_token_unless_mock() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_reissue-server"))
        .args(["--listen", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("REISSUE_ADMIN_TOKEN")
        .env_remove("REISSUE_MOCK")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--admin-token"));
}

#[test]
fn officer_add_keeps_a_hash_the_server_then_signs_in_with() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_reissue-server"))
        .arg("--data-dir")
        .arg(&data)
        .args(["officer", "add", "zhao.min"])
        .env("REISSUE_OFFICER_PASSWORD", "a long enough password")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("zhao.min"));
    // Too short a password is refused, and says why.
    let out = Command::new(env!("CARGO_BIN_EXE_reissue-server"))
        .arg("--data-dir")
        .arg(&data)
        .args(["officer", "add", "qian.li"])
        .env("REISSUE_OFFICER_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("12"));

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut config = reissue_server::Config::for_tests(&data);
        config.dist = dir.path().join("dist");
        let state = reissue_server::AppState::new(config).unwrap();
        let running = reissue_server::start(state, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/admin/sessions", running.url()))
            .json(&serde_json::json!({ "name": "zhao.min", "password": "a long enough password" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        running.stop().await;
    });
}
