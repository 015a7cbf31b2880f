//! Requests another site's page makes the browser send, with the applicant's cookie,
//! are refused before any handler runs. A page elsewhere can post a form or a `text/plain`
//! fetch without asking the server first (no CORS preflight), and a handler that reads
//! its body whatever the type (or needs none) would act on it; JSON and JPEG bodies it
//! can only send after a preflight this server never grants. And every browser that
//! sends `Origin` on such a request says where the page came from.
//!
//! The signed server-to-server callbacks (`/api/v1/vendor-callbacks`) are no browser's.

use axum::body::HttpBody;
use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, TRANSFER_ENCODING};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::http::error::AppError;
use crate::net::Origin;
use crate::state::AppState;

/// Server to server, signed: exempt.
const CALLBACKS: &str = "/api/v1/vendor-callbacks";

/// The body types the API takes: JSON, and the photos' JPEG.
const BODY_TYPES: [&str; 2] = ["application/json", "image/jpeg"];

fn cross_site() -> AppError {
    AppError::new(
        StatusCode::FORBIDDEN,
        "cross_site",
        "请求来源不正确，请在本服务的页面中操作。",
    )
}

/// Does the request carry a body (a length above zero, chunks, or an HTTP/2 stream
/// that goes on)?
fn has_body(req: &Request) -> bool {
    let headers = req.headers();
    if headers.contains_key(TRANSFER_ENCODING) {
        return true;
    }
    match headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()) {
        Some(n) => n.trim().parse::<u64>().map_or(true, |n| n > 0),
        None => !req.body().is_end_stream(),
    }
}

fn body_type_allowed(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|essence| BODY_TYPES.contains(&essence.as_str()))
}

/// Is the page that sent this request one of ours: the address it was sent to (Host),
/// the public address, or the one the server listens on (in mock mode on loopback, any
/// loopback page)?
fn own_origin(config: &Config, headers: &HeaderMap, origin: &str) -> bool {
    let Some(origin) = Origin::parse(origin) else {
        // `null` (a sandboxed frame, a file) or garbage: not ours.
        return false;
    };
    let host = headers.get(HOST).and_then(|v| v.to_str().ok());
    if host.is_some_and(|h| origin.is_at(h)) {
        return true;
    }
    if let Some(public) = config.public_url.as_deref().and_then(Origin::parse) {
        if origin.same_as(&public) {
            return true;
        }
    }
    // `make dev`: trunk's live-reload page on another loopback port proxies the API
    // here; a mock server on loopback is a developer's own machine.
    if config.mock && config.listen.ip().is_loopback() && origin.is_loopback() {
        return true;
    }
    origin.is_at(&config.listen.to_string())
}

/// Refuses, with 403 `cross_site`, a request that changes something and that a page of
/// another site could have made the browser send.
pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let changes = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| req.uri().path().to_string(), |u| u.path().to_string());
    if !changes || path == CALLBACKS {
        return next.run(req).await;
    }
    let wrong_body = has_body(&req) && !body_type_allowed(req.headers());
    let wrong_origin = req.headers().get(ORIGIN).is_some_and(|o| {
        !o.to_str()
            .is_ok_and(|o| own_origin(&state.config, req.headers(), o))
    });
    if wrong_body || wrong_origin {
        tracing::warn!(
            "cross-site request refused: {} {} ({})",
            req.method(),
            reissue_domain::mask::in_text(&path),
            if wrong_origin { "origin" } else { "body type" }
        );
        return cross_site().into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_its_scheme_host_and_port() {
        let o = Origin::parse("https://ID.Example.gov.cn/path?q").unwrap();
        assert_eq!(
            o,
            Origin {
                scheme: "https".into(),
                host: "id.example.gov.cn".into(),
                port: None
            }
        );
        assert!(o.is_at("id.example.gov.cn"));
        assert!(o.is_at("id.example.gov.cn:443"));
        assert!(!o.is_at("id.example.gov.cn:8443"));
        assert!(!o.is_at("evil.example"));
        assert!(o.same_as(&Origin::parse("https://id.example.gov.cn:443").unwrap()));
        assert!(!o.same_as(&Origin::parse("http://id.example.gov.cn").unwrap()));
        let local = Origin::parse("http://127.0.0.1:38211").unwrap();
        assert!(local.is_at("127.0.0.1:38211") && !local.is_at("127.0.0.1"));
        assert!(local.is_loopback());
        let v6 = Origin::parse("http://[::1]:8080").unwrap();
        assert!(v6.is_at("[::1]:8080") && v6.is_loopback());
        assert!(Origin::parse("http://localhost:8080")
            .unwrap()
            .is_loopback());
        assert!(!o.is_loopback());
        for bad in ["null", "", "https://", "https://host:port", "x y://h"] {
            assert_eq!(Origin::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_page_s_origin_is_ours_by_host_public_url_or_listen_address() {
        let mut config = Config::for_tests("/nonexistent");
        config.listen = "127.0.0.1:8080".parse().unwrap();
        config.public_url = Some("https://id.example.gov.cn".into());
        let mut headers = HeaderMap::new();
        headers.insert(HOST, "10.0.0.2:8080".parse().unwrap());
        let ours = |o: &str| own_origin(&config, &headers, o);
        assert!(ours("http://10.0.0.2:8080"), "the Host");
        assert!(ours("https://id.example.gov.cn"), "the public address");
        assert!(ours("http://127.0.0.1:8080"), "the listen address");
        assert!(!ours("https://evil.example"));
        assert!(!ours("http://id.example.gov.cn"), "not its scheme");
        assert!(!ours("null"));
    }
}
