//! Small helpers for the server-rendered pages (mock vendors, officer).

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

pub const STYLE: &str = r#"
/* Text on these colours meets WCAG AA (white on WeUI #07C160 would be 2.4:1). */
:root { color-scheme: light; --green: #06794a; --red: #c4262e; --ink: #191919; --muted: #666; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; color: var(--ink); background: #f5f5f5;
       padding: env(safe-area-inset-top) env(safe-area-inset-right) env(safe-area-inset-bottom) env(safe-area-inset-left); }
main { max-width: 30rem; margin: 0 auto; padding: 1rem; }
.banner { background: #fff3cd; border: 1px solid #e0c36a; padding: .5rem .75rem; border-radius: 6px; font-size: .9rem; }
h1 { font-size: 1.4rem; margin: 1rem 0 .5rem; }
.card { background: #fff; border-radius: 8px; padding: 1rem; margin: 1rem 0; }
.actions { font-size: 1.3rem; font-weight: 600; }
.camera { background: #222; color: #eee; border-radius: 50%; width: 14rem; height: 14rem; margin: 1rem auto; overflow: hidden; position: relative; display: flex; align-items: center; justify-content: center; text-align: center; }
.camera video { width: 100%; height: 100%; object-fit: cover; position: absolute; inset: 0; transform: scaleX(-1); }
.camera p { padding: 1rem; font-size: .9rem; }
button, .button { display: block; width: 100%; font-size: 1.1rem; padding: .8rem; margin: .6rem 0; border-radius: 8px; border: 1px solid #ccc; background: #fff; color: var(--ink); text-align: center; text-decoration: none; }
button.primary { background: var(--green); border-color: var(--green); color: #fff; }
button.danger { color: var(--red); }
.amount { font-size: 2.2rem; font-weight: 700; text-align: center; margin: .5rem 0; }
.muted { color: var(--muted); font-size: .9rem; }
main.wide { max-width: 60rem; }
input.token { width: 100%; font-size: 1rem; padding: .5rem; margin: .4rem 0; }
textarea.reason { width: 100%; font-size: 1rem; }
select { display: block; width: 100%; max-width: 100%; font-size: 1rem; padding: .5rem; margin: .4rem 0; }
.confirm { display: block; margin: .6rem 0; padding: .5rem; border: 2px solid var(--green); border-radius: 8px; }
.face-check { font-weight: 600; }
label.choice { display: inline-block; margin-right: 1rem; }
img.photo { max-width: 100%; }
"#;

/// Where the pages' stylesheet is served (a file, not an inline block, so the strict
/// Content-Security-Policy needs no hash for it).
pub const STYLE_URL: &str = "/mock-vendor/assets/page.css";

/// GET /mock-vendor/assets/page.css
pub async fn style_css() -> axum::response::Response {
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
    use axum::response::IntoResponse;
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        STYLE,
    )
        .into_response()
}

pub fn page(title: &str, body: &str, script: Option<&str>) -> String {
    let script = script
        .map(|src| format!(r#"<script src="{}"></script>"#, escape(src)))
        .unwrap_or_default();
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="{STYLE_URL}">
</head>
<body>
{body}
{script}
</body>
</html>
"#,
        title = escape(title),
    )
}
