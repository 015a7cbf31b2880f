//! A handler that panics fails its own request with the service's usual 500 (the
//! server unwinds), and the server goes on answering the rest.

use std::net::SocketAddr;

use axum::routing::get;
use axum::Router;
use reissue_server::clock::Clock;
use reissue_server::config::Config;
use reissue_server::state::AppState;

async fn boom() -> &'static str {
    panic!("a bug")
}

#[tokio::test]
async fn a_panicking_handler_fails_one_request_not_the_service() {
    let dir = tempfile::tempdir().unwrap();
    let state = AppState::with_clock(Config::for_tests(dir.path().join("data")), Clock::new())
        .expect("state");
    let routes = Router::new()
        .route("/api/v1/boom", get(boom))
        .route("/api/v1/calm", get(|| async { "calm" }));
    let app = reissue_server::with_layers(routes, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let res = client
            .get(format!("http://{addr}/api/v1/boom"))
            .send()
            .await
            .expect("an answer, not a dropped connection");
        assert_eq!(res.status(), 500);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "internal", "{body}");
        assert!(
            body["message"].as_str().unwrap().contains("稍后再试"),
            "{body}"
        );
        let res = client
            .get(format!("http://{addr}/api/v1/calm"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.text().await.unwrap(), "calm");
    }
}
