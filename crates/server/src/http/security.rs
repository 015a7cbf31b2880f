//! Security headers on every response. The Content-Security-Policy (on everything that
//! could be a document or a worker) allows the inline
//! `<script>` and `<style>` blocks of the built `index.html` (trunk's module loader and
//! our own) by their SHA-256, computed when the server starts and again whenever the
//! file changes (a rebuild while the server runs).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

pub const PERMISSIONS_POLICY: &str = "camera=(self)";

/// The `'sha256-…'` sources of the inline scripts and styles of an HTML document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InlineHashes {
    pub scripts: Vec<String>,
    pub styles: Vec<String>,
}

/// Standard base64 (with padding), as CSP hash sources use.
pub fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// `'sha256-<base64>'` of a block's text, after the newline normalisation every HTML
/// parser applies (CR LF and lone CR become LF).
pub fn hash_source(text: &str) -> String {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    format!(
        "'sha256-{}'",
        base64(&Sha256::digest(normalised.as_bytes()))
    )
}

/// The attribute names of an opening tag's inside (`script type="module" src=x`).
fn attribute_names(tag: &str) -> Vec<String> {
    let b = tag.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    // Skip the element name.
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' {
        i += 1;
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        names.push(tag[start..i].to_ascii_lowercase());
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            } else {
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
    }
    names
}

/// Finds every inline `<script>` (one without `src`) and `<style>` block, skipping
/// comments, and hashes its text.
pub fn inline_hashes(html: &str) -> InlineHashes {
    let lower = html.to_ascii_lowercase();
    let mut out = InlineHashes::default();
    let mut pos = 0;
    while let Some(rel) = lower[pos..].find('<') {
        let at = pos + rel;
        if lower[at..].starts_with("<!--") {
            pos = match lower[at + 4..].find("-->") {
                Some(end) => at + 4 + end + 3,
                None => break,
            };
            continue;
        }
        let kind = if lower[at..].starts_with("<script")
            && lower[at + 7..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
        {
            "script"
        } else if lower[at..].starts_with("<style")
            && lower[at + 6..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
        {
            "style"
        } else {
            pos = at + 1;
            continue;
        };
        // The end of the opening tag (quotes may hold a '>').
        let b = lower.as_bytes();
        let mut i = at + 1;
        let mut quote: Option<u8> = None;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(q), c) if c == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(b[i]),
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let tag = &html[at + 1..i];
        let body_start = i + 1;
        let close = format!("</{kind}");
        let Some(end_rel) = lower[body_start..].find(&close) else {
            break;
        };
        let body = &html[body_start..body_start + end_rel];
        let names = attribute_names(tag);
        if kind == "style" {
            out.styles.push(hash_source(body));
        } else if !names.iter().any(|n| n == "src") {
            out.scripts.push(hash_source(body));
        }
        pos = body_start + end_rel + close.len();
    }
    out.scripts.dedup();
    out.styles.dedup();
    out
}

/// The policy for these hashes.
pub fn policy(h: &InlineHashes) -> String {
    let mut script = String::from("script-src 'self' 'wasm-unsafe-eval'");
    for s in &h.scripts {
        script.push(' ');
        script.push_str(s);
    }
    let mut style = String::from("style-src 'self'");
    for s in &h.styles {
        style.push(' ');
        style.push_str(s);
    }
    format!(
        "default-src 'self'; {script}; {style}; img-src 'self' blob: data:; connect-src 'self'; \
         media-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

fn stamp_of(index: &Path) -> Option<(SystemTime, u64)> {
    std::fs::metadata(index)
        .ok()
        .map(|m| (m.modified().unwrap_or(SystemTime::UNIX_EPOCH), m.len()))
}

fn read_hashes(index: &Path) -> (Option<(SystemTime, u64)>, InlineHashes) {
    let stamp = stamp_of(index);
    let hashes = std::fs::read_to_string(index)
        .map(|html| inline_hashes(&html))
        .unwrap_or_default();
    (stamp, hashes)
}

fn header_value(hashes: &InlineHashes) -> HeaderValue {
    HeaderValue::from_str(&policy(hashes)).expect("an ASCII policy")
}

struct Cached {
    stamp: Option<(SystemTime, u64)>,
    checked: Instant,
    value: HeaderValue,
}

/// The policy of `dist/index.html`, rechecked at most once a second.
pub struct Csp {
    index: PathBuf,
    cached: Mutex<Cached>,
}

impl Csp {
    pub fn new(dist: &Path) -> Csp {
        let index = dist.join("index.html");
        let (stamp, hashes) = read_hashes(&index);
        if stamp.is_some() {
            tracing::info!(
                "content security policy: {} inline script(s), {} inline style(s) allowed by hash",
                hashes.scripts.len(),
                hashes.styles.len()
            );
        }
        Csp {
            index,
            cached: Mutex::new(Cached {
                stamp,
                checked: Instant::now(),
                value: header_value(&hashes),
            }),
        }
    }

    pub fn header(&self) -> HeaderValue {
        let mut c = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if c.checked.elapsed() >= Duration::from_secs(1) {
            c.checked = Instant::now();
            if stamp_of(&self.index) != c.stamp {
                let (stamp, hashes) = read_hashes(&self.index);
                c.stamp = stamp;
                c.value = header_value(&hashes);
            }
        }
        c.value.clone()
    }
}

/// Whether a response is of a type that never becomes a document or a worker (a wasm
/// module, a stylesheet, a raster image): a policy governs documents and workers, and
/// such a file obeys the policy of the page that loads it. Sent on these it would be
/// 800 bytes of dead header on every file, a dozen times over when a page's chunks come
/// (HTTP/1.1 does not compress headers). An SVG can run script when opened: it keeps it.
fn never_a_document(res: &Response) -> bool {
    let Some(kind) = res.headers().get(axum::http::header::CONTENT_TYPE) else {
        return false;
    };
    let kind = kind.to_str().unwrap_or_default();
    let essence = kind.split(';').next().unwrap_or_default().trim();
    matches!(
        essence,
        "application/wasm" | "text/css" | "image/png" | "image/jpeg" | "image/webp"
    )
}

/// Adds the headers to every response (those a handler set itself stay); the policy to
/// every response that could be a document or a worker.
pub async fn layer(State(csp): State<Arc<Csp>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let subresource = never_a_document(&res);
    let h = res.headers_mut();
    if !subresource {
        h.insert(CONTENT_SECURITY_POLICY, csp.header());
    }
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(PERMISSIONS_POLICY),
    );
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// On a public https address: browsers are to use nothing but HTTPS for a year.
pub async fn hsts(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    res.headers_mut().insert(
        axum::http::header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        // The CSP spec's example: sha256 of "alert('Hello, world.');".
        assert_eq!(
            hash_source("alert('Hello, world.');"),
            "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
        );
    }

    #[test]
    fn finds_inline_blocks_only() {
        let html = "<!doctype html><html><head>\
            <script type=\"module\">import init from '/a.js';</script>\
            <script src=\"/x.js\"></script>\
            <script data-src=\"y\">one()</script>\
            <SCRIPT nomodule>two()</SCRIPT>\
            <!-- <script>commented()</script> -->\
            <style>body{margin:0}</style>\
            <scripting>not a script</scripting>\
            <link rel=\"stylesheet\" href=\"/a.css\">\
            </head><body><script>\r\nthree()\r\n</script></body></html>";
        let h = inline_hashes(html);
        assert_eq!(
            h.scripts,
            vec![
                hash_source("import init from '/a.js';"),
                hash_source("one()"),
                hash_source("two()"),
                hash_source("\nthree()\n"),
            ]
        );
        assert_eq!(h.styles, vec![hash_source("body{margin:0}")]);
        let p = policy(&h);
        assert!(p.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(p.ends_with("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
    }
}
