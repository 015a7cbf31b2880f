//! The OpenAPI document, the service profile, the officer page and the static front-end.

mod common;

use std::collections::BTreeSet;

use common::*;
use serde_json::Value;

#[tokio::test]
async fn openapi_lists_every_endpoint() {
    let ts = TestServer::start().await;
    let (_, doc) = get_json(&ts, &client(), "/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut have = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                have.insert(format!("{} {}", method.to_uppercase(), path));
            }
        }
    }
    // The routers register each path from its annotation, so the document and the
    // routes are one list; what is left to check is that the document has them all.
    assert!(have.contains("POST /api/v1/loss-reports"), "{have:?}");
    assert!(have.contains("GET /api/v1/openapi.json"), "{have:?}");
    // The shared types are in the document.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "ApiError",
        "FormAnswers",
        "Draft",
        "ApplicationDetail",
        "Decision",
        "FlowStatus",
        "ProviderAction",
        "Status",
        "LossReportRef",
        "TemporaryCardView",
        "TemporaryCardStatus",
        "Authorization",
        "PickupCheck",
    ] {
        assert!(schemas.contains_key(name), "{name}");
    }

    // Every documented path answers something other than the API's own 404.
    let c = client();
    for entry in &have {
        let (method, path) = entry.split_once(' ').unwrap();
        let path = path
            .replace("{slot}", "register_home")
            .replace("{number}", "BL20260101000001")
            .replace("{flow_id}", "00000000000000000000000000000000")
            .replace("{what}", "voucher")
            .replace("{id}", "1");
        let res = c
            .request(method.parse().unwrap(), ts.u(&path))
            .send()
            .await
            .unwrap();
        if res.status() == 404 {
            let body: Value = res.json().await.unwrap();
            assert_ne!(body["message"], "没有这个接口", "{entry}");
        }
    }
}

#[tokio::test]
async fn health_and_profile() {
    let ts = TestServer::start().await;
    let (status, health) = get_json(&ts, &client(), "/api/v1/health").await;
    assert_eq!(status, 200);
    assert_eq!(health["status"], "ok");
    let (_, p) = get_json(&ts, &client(), "/api/v1/service").await;
    assert_eq!(p["region_prefixes"], serde_json::json!(["51"]));
    assert_eq!(p["fees"]["card_fee_fen"], 4000);
    assert_eq!(p["fees"]["ems_fee_fen"], 2000);
    assert_eq!(p["min_age"], 16);
    assert_eq!(p["offices"].as_array().unwrap().len(), 3);
    assert_eq!(p["liveness_provider"], "mock");
    assert_eq!(p["payment_provider"], "mock");
    assert_eq!(p["register_upload_required"], true);
    assert_eq!(p["liveness_required"], true);
    assert_eq!(p["mock"], true);
    let titles: Vec<&str> = p["notice"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        vec![
            "不能在线办理的情况",
            "监护人代为申请",
            "到办证中心领取",
            "邮寄到家",
            "身份证被盗或担心被冒用",
            "注意事项"
        ]
    );
    assert_eq!(p["notice"]["key_points"].as_array().unwrap().len(), 2);
    assert_eq!(p["working_days"]["review"], serde_json::json!([1, 3]));
    let (status, body) = get_json(&ts, &client(), "/api/v1/no-such-thing").await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "not_found");
}

#[tokio::test]
async fn officer_page() {
    let ts = TestServer::start().await;
    let res = client().get(ts.u("/officer")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("管理令牌") && html.contains("/officer/officer.js"));
    let js = client()
        .get(ts.u("/officer/officer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(js.contains("Bearer") && js.contains("/decision") && js.contains("/advance"));
}

#[tokio::test]
async fn front_end_not_built_page() {
    let ts = TestServer::start().await;
    let res = client().get(ts.u("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("make serve"));
}

#[tokio::test]
async fn serves_the_built_front_end_with_caching_and_fallback() {
    let ts = TestServer::start().await;
    let dist = ts.dir.path().join("dist");
    std::fs::create_dir_all(dist.join("data")).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    let js = "console.log('hello');".repeat(200);
    std::fs::write(dist.join("idcard-reissue-0123456789abcdef.js"), &js).unwrap();
    std::fs::write(dist.join("data/regions.json"), "{}").unwrap();
    let c = client();

    for path in [
        "/",
        "/apply/identity",
        "/liveness/return?flow=abc",
        "/progress/BL20260101000001",
    ] {
        let res = c.get(ts.u(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(
            res.text().await.unwrap().contains("<title>app</title>"),
            "{path}"
        );
    }
    let res = c
        .get(ts.u("/idcard-reissue-0123456789abcdef.js"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["content-encoding"], "br");
    let res = c
        .get(ts.u("/idcard-reissue-0123456789abcdef.js"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    let res = c.get(ts.u("/data/regions.json")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let res = c
        .get(ts.u("/missing-0123456789abcdef.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // A chunk of the app is a wasm the browser compiles as it streams in, kept a year; one
    // a newer release replaced is a 404 (the app then says to reload), never index.html.
    std::fs::write(
        dist.join("split_mine-0123456789abcdef.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    let res = c
        .get(ts.u("/split_mine-0123456789abcdef.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    for gone in [
        "/split_mine-fedcba9876543210.wasm",
        "/chunk_7-0123456789abcdef.wasm",
    ] {
        let res = c.get(ts.u(gone)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{gone}");
    }
    let res = c.post(ts.u("/apply/identity")).send().await.unwrap();
    assert_eq!(res.status(), 405);
}
