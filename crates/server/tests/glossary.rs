//! One thing, one name, in everything a citizen reads: the strings of the app
//! (`src/text.rs`), the first screen (`index.html`), the domain's messages, the server's
//! own words to applicants, and the notice and offices of the built-in profile as the
//! server serves them. Older readers take two names for two things.
//!
//! - 户口本, written "居民户口簿（户口本）" exactly once (where the notice lists what
//!   to bring); never 户口簿 otherwise.
//! - 办证中心 wherever a card is applied for or collected; the retired names of it are
//!   refused.
//! - 派出所 only where the text is about reporting (挂失, 解挂, 报警).

use std::path::Path;

const RETIRED: [&str; 4] = [
    "户政服务窗口",
    "公安机关户政窗口",
    "户政窗口",
    "户政服务中心",
];
const FULL_NAME: &str = "居民户口簿（户口本）";

/// Words a citizen should never have to decode: the register's jargon, the code's
/// names for things, a doubled word, a browser's engine (each replaced after the UX
/// review's reading: 用上次办证时的照片, 收件人电话, 升级微信…).
const RETIRED_PHRASES: [&str; 7] = [
    "库中",
    "网页代码",
    "照片检查工具",
    "Chrome 内核",
    "请请",
    "回执回执",
    "“收件信息”",
];

fn source(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every text a citizen may read, each with where it comes from: every source file of
/// the app, the domain and the server (a word retired anywhere is retired everywhere),
/// the first screen, and the built-in profiles as the server serves them.
fn citizen_text() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["src", "crates/domain/src", "crates/server/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "the sources were found: {}", files.len());
    let mut texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(&root).unwrap().display().to_string();
            // A file's tests are not read by citizens.
            let text = source(&name);
            let text = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            (name, text)
        })
        .collect();
    texts.push(("index.html".into(), source("index.html")));
    for name in ["sichuan", "shanghai", "guangdong"] {
        let profile = reissue_server::profile::load(name, false).expect(name);
        let mut json = serde_json::to_value(&profile).unwrap();
        // Where a province takes 挂失 and 解挂 is all about reporting: its 派出所 is right.
        let reporting = json["loss_report"].take();
        texts.push((format!("the {name} profile"), json.to_string()));
        texts.push((format!("the {name} profile's 挂失"), reporting.to_string()));
    }
    texts
}

/// The sentence (up to 。；，or a line end) around byte offset `at`.
fn sentence(text: &str, at: usize) -> &str {
    let stops = ['。', '；', '\n', '"'];
    let start = text[..at].rfind(|c| stops.contains(&c)).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[at..]
        .find(|c| stops.contains(&c))
        .map_or(text.len(), |i| at + i);
    &text[start..end]
}

#[test]
fn every_thing_has_one_name() {
    let texts = citizen_text();
    let mut problems = Vec::new();
    let mut full_names = 0;
    for (from, text) in &texts {
        for word in RETIRED {
            if text.contains(word) {
                problems.push(format!("{from}: {word} (say 办证中心)"));
            }
        }
        full_names += text.matches(FULL_NAME).count();
        let without_full = text.replace(FULL_NAME, "");
        if without_full.contains("户口簿") {
            problems.push(format!("{from}: 户口簿 (say 户口本)"));
        }
        for (at, _) in text.match_indices("派出所") {
            let s = sentence(text, at);
            let reporting = from.ends_with("挂失");
            if !(reporting
                || ["挂失", "解挂", "报警", "报案"]
                    .iter()
                    .any(|w| s.contains(w)))
            {
                problems.push(format!("{from}: 派出所 outside reporting: {s}"));
            }
        }
    }
    assert_eq!(full_names, 1, "{FULL_NAME} is written exactly once");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_retired_phrase_is_left() {
    let found: Vec<String> = citizen_text()
        .iter()
        .flat_map(|(from, text)| {
            RETIRED_PHRASES
                .iter()
                .filter(|p| text.contains(*p))
                .map(move |p| format!("{from}: {p}"))
        })
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_retired_word() {
    // The sentence finder and the rules, on text that breaks each of them.
    let bad = "请到户政窗口办理。携带户口簿。到派出所领取新证。到派出所挂失。";
    assert!(RETIRED.iter().any(|w| bad.contains(w)));
    let at = bad.find("到派出所领取").unwrap() + "到".len();
    assert_eq!(sentence(bad, at), "到派出所领取新证");
    let at = bad.rfind("派出所").unwrap();
    assert!(sentence(bad, at).contains("挂失"));
}
