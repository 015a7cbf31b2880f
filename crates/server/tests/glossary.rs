//! One thing, one name, in everything a citizen reads: the strings of the app
//! (`src/text.rs`), the first screen (`index.html`), the domain's messages, the server's
//! own words to applicants, and the notice and offices of the built-in profile as the
//! server serves them. Older readers take two names for two things.
//!
//! - 户口本, written "居民户口簿（户口本）" exactly once (where the notice lists what
//!   to bring); never 户口簿 otherwise.
//! - 办证中心 wherever a card is applied for or collected; the retired names of it are
//!   refused.
//! - 派出所 only where the text is about reporting (挂失, 报警).

use std::path::Path;

const RETIRED: [&str; 4] = [
    "户政服务窗口",
    "公安机关户政窗口",
    "户政窗口",
    "户政服务中心",
];
const FULL_NAME: &str = "居民户口簿（户口本）";

fn source(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every text a citizen may read, each with where it comes from.
fn citizen_text() -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = [
        "src/text.rs",
        "index.html",
        "crates/domain/src/field.rs",
        "crates/domain/src/validate.rs",
        "crates/domain/src/submission.rs",
        "crates/domain/src/eligibility.rs",
        "crates/domain/src/idcard.rs",
        "crates/domain/src/lifecycle.rs",
        "crates/server/src/review.rs",
    ]
    .into_iter()
    .map(|p| (p.to_string(), source(p)))
    .collect();
    let profile = serde_json::to_string(&reissue_server::profile::sichuan()).unwrap();
    texts.push(("the built-in profile".into(), profile));
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
            if !(s.contains("挂失") || s.contains("报警") || s.contains("报案")) {
                problems.push(format!("{from}: 派出所 outside reporting: {s}"));
            }
        }
    }
    assert_eq!(full_names, 1, "{FULL_NAME} is written exactly once");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
