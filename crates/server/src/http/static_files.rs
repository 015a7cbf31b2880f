//! The built front-end: hashed assets cached for a year, `index.html` never without
//! revalidation, and every other GET falling back to `index.html` so each step's URL
//! loads directly.

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use reissue_domain::api::ServiceProfile;

use crate::http::html::page;
use crate::state::AppState;

/// trunk names assets `name-<16 hex>.ext`.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        let hash = hash.split('_').next().unwrap_or("");
        hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

fn not_built(dist: &std::path::Path) -> Response {
    let body = format!(
        r#"<main><h1>前端尚未构建</h1><p>服务器正常运行，但没有找到已构建的前端（{}）。</p><p>请在项目目录运行 <code>make serve</code>，它会先构建前端再启动服务器。</p><p>API 文档：<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>；模拟民警端：<a href="/officer">/officer</a>。</p></main>"#,
        crate::http::html::escape(&dist.join("index.html").display().to_string())
    );
    (
        StatusCode::OK,
        [(CACHE_CONTROL, "no-cache")],
        Html(page("前端尚未构建", &body, None)),
    )
        .into_response()
}

/// The lines of 首页's static shell that differ by province, by their element's id:
/// the first paint is already this province's (no other province's rule shows while
/// the app loads, and nothing moves when it has). The rest of the file is served as
/// built: the policy's hashes cover its scripts and styles, which this leaves alone.
fn in_province_words(html: &str, profile: &ServiceProfile) -> String {
    let mut html = html.to_string();
    for (id, words) in [
        ("home-who", profile.who_may_apply()),
        ("home-time", profile.what_to_prepare()),
    ] {
        html = replace_text_of(&html, id, &crate::http::html::escape(&words));
    }
    html
}

/// The filled page, made once per build of `index` and profile (a stat per request
/// tells a rebuild while the server runs): every navigation is served it. Keyed by the
/// file and the profile too, as one process may run several servers (the tests).
fn shell(index: &std::path::Path, profile: &ServiceProfile) -> Option<String> {
    type Key = (PathBuf, String, std::time::SystemTime, u64);
    static FILLED: std::sync::Mutex<Option<(Key, String)>> = std::sync::Mutex::new(None);
    let meta = std::fs::metadata(index).ok()?;
    let stamp: Key = (
        index.to_path_buf(),
        profile.id.clone(),
        meta.modified().ok()?,
        meta.len(),
    );
    let mut filled = FILLED.lock().unwrap_or_else(|p| p.into_inner());
    match &*filled {
        Some((at, html)) if *at == stamp => Some(html.clone()),
        _ => {
            let html = in_province_words(&std::fs::read_to_string(index).ok()?, profile);
            *filled = Some((stamp, html.clone()));
            Some(html)
        }
    }
}

/// `html` with the text of the element `<p id="{id}">` replaced by `text`; as it was
/// when no such element is there.
fn replace_text_of(html: &str, id: &str, text: &str) -> String {
    let open = format!("<p id=\"{id}\">");
    let Some(start) = html.find(&open).map(|at| at + open.len()) else {
        return html.to_string();
    };
    let Some(len) = html[start..].find("</p>") else {
        return html.to_string();
    };
    format!("{}{text}{}", &html[..start], &html[start + len..])
}

pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return crate::http::error::AppError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "不支持该请求方法",
        )
        .into_response();
    }
    let dist: PathBuf = state.config.dist.clone();
    let index = dist.join("index.html");
    if !index.is_file() {
        return not_built(&dist);
    }
    let path = req.uri().path().to_string();
    // A path whose last segment has no extension is a route of the app: index.html.
    // A missing file (with an extension) is a real 404.
    let last = path.rsplit('/').next().unwrap_or("");
    let mut res = if !last.contains('.') || path == "/index.html" {
        // The app's page: index.html with 首页's shell in this province's words.
        match shell(&index, &state.profile) {
            Some(html) => Html(html).into_response(),
            None => return not_built(&dist),
        }
    } else {
        let service = ServeDir::new(&dist).precompressed_br().precompressed_gzip();
        match service.oneshot(req).await {
            Ok(r) => r.map(Body::new),
            Err(e) => match e {},
        }
    };
    let is_html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let cache = if res.status().is_success() && !is_html && is_hashed(&path) {
        "public, max-age=31536000, immutable"
    } else if res.status().is_success() && path == "/favicon.ico" {
        // Asked for by name whatever the page links, so it cannot carry a hash; it
        // changes as seldom as the service's name.
        "public, max-age=31536000"
    } else {
        "no-cache"
    };
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_the_marked_lines_only() {
        let html = r#"<h1>t</h1><p id="home-who">any</p><p>x</p><p id="home-time">any</p>"#;
        assert_eq!(
            super::replace_text_of(html, "home-who", "四川省户籍"),
            r#"<h1>t</h1><p id="home-who">四川省户籍</p><p>x</p><p id="home-time">any</p>"#
        );
        assert_eq!(super::replace_text_of(html, "nothing", "y"), html);
        assert_eq!(
            super::replace_text_of("<p id=\"home-who\">open", "home-who", "y"),
            "<p id=\"home-who\">open"
        );
    }

    #[test]
    fn recognises_trunk_hashes() {
        assert!(super::is_hashed("/idcard-reissue-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(super::is_hashed("/app-1a2b3c4d5e6f7a8b.js"));
        assert!(super::is_hashed("/style-0123456789abcdef.css"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/data/regions.json"));
        assert!(super::is_hashed("/data/regions-0123456789abcdef.json"));
        assert!(!super::is_hashed("/apply/step-2"));
        // The split app's files (tools/split-assets.mjs).
        assert!(super::is_hashed("/split_wizard-01234567.wasm"));
        assert!(super::is_hashed("/chunk_12-89abcdef.wasm"));
        assert!(super::is_hashed("/__wasm_split-0123456789abcdef.js"));
    }
}
