//! Security headers on every response, with a Content-Security-Policy that allows the
//! inline blocks of dist/index.html by hash and nothing else inline (issue 7 item 6).

mod common;

use common::*;
use reissue_server::http::security::hash_source;

const INDEX: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<link rel="modulepreload" href="/app-0123456789abcdef.js" crossorigin="anonymous">
<script type="module">
import init, * as bindings from '/app-0123456789abcdef.js';
const wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });
dispatchEvent(new CustomEvent("TrunkApplicationStarted", {detail: {wasm}}));
</script>
<link rel="stylesheet" href="/app-0123456789abcdef.css">
<style>
  body { margin: 0; }
</style>
</head>
<body>
<!-- <script>not this one</script> -->
<script nomodule>document.body.className = 'old';</script>
<script>
  window.addEventListener('TrunkApplicationStarted', function () { window.__appStarted = true; });
</script>
<script src="/external.js"></script>
</body>
</html>
"#;

fn csp_of(res: &reqwest::Response) -> String {
    res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string()
}

fn sources(csp: &str, directive: &str) -> Vec<String> {
    csp.split(';')
        .map(str::trim)
        .find(|d| d.split_whitespace().next() == Some(directive))
        .unwrap_or_else(|| panic!("no {directive} in {csp}"))
        .split_whitespace()
        .skip(1)
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn csp_allows_exactly_the_inline_blocks_of_index_html() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), INDEX).unwrap();
    let ts = TestServer::start_in(dir, |_| {}).await;

    let module = "\nimport init, * as bindings from '/app-0123456789abcdef.js';\nconst wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";
    let nomodule = "document.body.className = 'old';";
    let started = "\n  window.addEventListener('TrunkApplicationStarted', function () { window.__appStarted = true; });\n";
    let style = "\n  body { margin: 0; }\n";

    for path in [
        "/",
        "/apply/step-2",
        "/api/v1/service",
        "/api/v1/no-such",
        "/officer",
    ] {
        let res = client().get(ts.u(path)).send().await.unwrap();
        let csp = csp_of(&res);
        assert_eq!(
            sources(&csp, "script-src"),
            vec![
                "'self'".to_string(),
                "'wasm-unsafe-eval'".into(),
                hash_source(module),
                hash_source(nomodule),
                hash_source(started),
            ],
            "{path}"
        );
        assert_eq!(
            sources(&csp, "style-src"),
            vec!["'self'".to_string(), hash_source(style)]
        );
        for (d, want) in [
            ("default-src", "'self'"),
            ("img-src", "'self' blob: data:"),
            ("connect-src", "'self'"),
            ("media-src", "'self' blob:"),
            ("object-src", "'none'"),
            ("base-uri", "'none'"),
            ("form-action", "'self'"),
            ("frame-ancestors", "'none'"),
        ] {
            assert_eq!(sources(&csp, d).join(" "), want, "{d}");
        }
        assert!(!csp.contains("unsafe-inline"));
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["permissions-policy"], "camera=(self)");
        assert_eq!(h["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn every_response_carries_the_headers_and_server_pages_need_no_inline_code() {
    let ts = TestServer::start().await;
    let c = sign_in(&ts, &phone(5)).await;
    ready_draft(&ts, &c, &pickup_form(5)).await;
    let res = c
        .post(ts.u("/api/v1/drafts/current/liveness"))
        .send()
        .await
        .unwrap();
    let start: serde_json::Value = res.json().await.unwrap();
    let vendor = start["action"]["url"].as_str().unwrap().to_string();
    for (path, html) in [
        ("/", true), // the "not built yet" page
        ("/officer", true),
        (vendor.as_str(), true),
        ("/mock-vendor/liveness/unknown", true),
        ("/officer/officer.js", false),
        ("/mock-vendor/assets/camera.js", false),
        ("/api/v1/health", false),
        ("/api/v1/drafts/current", false),
    ] {
        let res = c.get(ts.u(path)).send().await.unwrap();
        assert!(res.status().is_success() || res.status() == 404, "{path}");
        let csp = csp_of(&res);
        // No index.html: no hashes at all.
        assert!(!csp.contains("sha256-"), "{csp}");
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert_eq!(res.headers()["x-frame-options"], "DENY");
        let body = res.text().await.unwrap();
        if html {
            // Everything the page runs or styles comes from a file.
            assert!(!body.contains("<style"), "{path}");
            assert!(!body.contains(" style="), "{path}");
            assert!(!body.contains("<script>"), "{path}");
            assert!(!body.contains(" on"), "{path}: an inline event handler");
            assert!(body.contains(r#"<link rel="stylesheet" href="/mock-vendor/assets/page.css">"#));
        }
    }
    let js = client()
        .get(ts.u("/officer/officer.js"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!js.contains("style:") && !js.contains("innerHTML"));
    let css = client()
        .get(ts.u("/mock-vendor/assets/page.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(css.text().await.unwrap().contains(".banner"));
}

/// A stylesheet, a wasm module or a raster image obeys the policy of the page that loads
/// it, so it goes without one (each chunk of the app would carry 800 dead bytes); what
/// may be opened as a document or run as a worker keeps it.
#[tokio::test]
async fn the_policy_goes_on_what_can_be_a_document_or_a_worker() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(dist.join("chunk_1-0123abcd.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.css"), "body{margin:0}").unwrap();
    std::fs::write(dist.join("icon-0123456789abcdef.png"), b"\x89PNG").unwrap();
    std::fs::write(dist.join("icon-0123456789abcdef.svg"), "<svg/>").unwrap();
    std::fs::write(dist.join("sw.js"), "self.x = 1;").unwrap();
    let ts = TestServer::start_in(dir, |_| {}).await;
    for (path, policy) in [
        ("/chunk_1-0123abcd.wasm", false),
        ("/app-0123456789abcdef.css", false),
        ("/icon-0123456789abcdef.png", false),
        ("/icon-0123456789abcdef.svg", true),
        ("/sw.js", true),
        ("/", true),
        ("/api/v1/service", true),
        ("/mock-vendor/assets/page.css", false),
    ] {
        let res = client().get(ts.u(path)).send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        assert_eq!(
            res.headers().contains_key("content-security-policy"),
            policy,
            "{path}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(res.headers()["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn a_rebuilt_index_html_gets_a_new_policy() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(dir.path().join("dist/index.html"), "<script>one()</script>").unwrap();
    let ts = TestServer::start_in(dir, |_| {}).await;
    let res = client().get(ts.u("/")).send().await.unwrap();
    assert!(csp_of(&res).contains(&hash_source("one()")));
    std::fs::write(
        ts.dir.path().join("dist/index.html"),
        "<script>two(); two();</script>",
    )
    .unwrap();
    // The policy is rechecked at most once a second of real time (a stat per request
    // would be wasted work): waiting that second out is what this test is about.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let res = client().get(ts.u("/")).send().await.unwrap();
    let csp = csp_of(&res);
    assert!(csp.contains(&hash_source("two(); two();")), "{csp}");
    assert!(!csp.contains(&hash_source("one()")));
}
