//! Masking personal data for display and for logs. Applied on the way out, never to
//! what is stored.

use crate::field::FormAnswers;
use crate::validate::{self, ascii_digits};

/// "5101**********123X": enough for a person to recognise their own number, not enough
/// to reuse it. Other lengths keep only the first and last two characters.
pub fn id_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => String::new(),
        18 => keep_ends(&chars, 4, 4),
        n if n <= 4 => "*".repeat(n),
        _ => keep_ends(&chars, 2, 2),
    }
}

/// Answers as shown to anyone after submission: every ID number in them masked (the
/// applicant's, and a guardian's).
pub fn answers(form: &FormAnswers) -> FormAnswers {
    FormAnswers {
        id_number: form.id_number.as_deref().map(id_number),
        guardian_id_number: form.guardian_id_number.as_deref().map(id_number),
        ..form.clone()
    }
}

/// "BL20********0001": an application number in a text that may show on a locked
/// screen: enough to tell two applications apart, not enough to look one up.
pub fn application_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        n if n <= 8 => "*".repeat(n),
        _ => keep_ends(&chars, 4, 4),
    }
}

/// "王*" / "欧阳**": the first character of a name, for messages that go to someone
/// else's phone.
pub fn name(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// "138****0000" for a mobile number in any accepted spelling; anything else keeps only
/// a quarter of its characters at each end.
pub fn phone(s: &str) -> String {
    let digits = validate::phone_digits(s);
    if digits.len() == 11 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return keep_ends(&digits.chars().collect::<Vec<_>>(), 3, 4);
    }
    let chars: Vec<char> = s.trim().chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    keep_ends(&chars, n / 4, n / 4)
}

fn keep_ends(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `%2B86%20138…` → `+86 138…` (invalid escapes stay as they are).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// For log lines: every ID number and mobile number in a text masked, also when
/// percent-encoded in a URL, written in full-width digits, with `+86`/`86`/`0086` in
/// front, in groups ("138 0013 8000"), or an ID number one digit short or long. Other
/// runs (timestamps, application numbers) pass unchanged.
pub fn in_text(s: &str) -> String {
    let decoded = ascii_digits(&percent_decode(s));
    let mut out = String::with_capacity(decoded.len());
    let mut rest = decoded.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let x = digits == 17 && matches!(rest.as_bytes().get(digits), Some(b'X' | b'x'));
        let run_len = digits + usize::from(x);
        let run = &rest[..run_len];
        match run_len {
            // 86 + a mobile number.
            13 if run.starts_with("861") => {
                out.push_str("86");
                out.push_str(&phone(&run[2..]));
            }
            // 0086 + a mobile number.
            15 if run.starts_with("00861") => {
                out.push_str("0086");
                out.push_str(&phone(&run[4..]));
            }
            // ID numbers, also one digit short or long (typos), old 15-digit ones.
            15..=19 => out.push_str(&id_number(run)),
            11 if run.starts_with('1') => out.push_str(&phone(run)),
            _ => out.push_str(run),
        }
        rest = &rest[run_len..];
    }
    out.push_str(rest);
    // Numbers written in groups ("138 0013 8000", "138-0013-8000"): mask what is left
    // of any group run holding 10 or more digits in all.
    mask_grouped(&out)
}

/// Masks runs like `138 0013 8000` / `5101 0719 9005 1707 7X` (digit groups joined by
/// single spaces or hyphens) that hold at least 10 digits.
fn mask_grouped(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            // Extend over digits and single separators between digits.
            let mut j = i;
            let mut digits = 0;
            let mut groups = 1;
            while j < chars.len() {
                if chars[j].is_ascii_digit() {
                    digits += 1;
                    j += 1;
                } else if (chars[j] == ' ' || chars[j] == '-')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                    && j > i
                {
                    groups += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            let run: String = chars[i..j].iter().collect();
            if groups > 1 && digits >= 10 {
                let digits: String = run.chars().filter(|c| c.is_ascii_digit()).collect();
                if digits.len() == 11 && digits.starts_with('1') {
                    out.push_str(&phone(&digits));
                } else {
                    out.push_str(&id_number(&digits));
                }
            } else {
                out.push_str(&run);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers() {
        assert_eq!(id_number("51010719900307123X"), "5101**********123X");
        assert_eq!(id_number(""), "");
        assert_eq!(id_number("510107900307123"), "51***********23");
        assert_eq!(id_number("1234"), "****");
        assert_eq!(id_number("12345"), "12*45");
        assert_eq!(id_number("身份证号码错误了"), "身份****误了");
    }

    #[test]
    fn phones() {
        assert_eq!(phone("13800000000"), "138****0000");
        assert_eq!(phone("+86 138-0000-0000"), "138****0000");
        assert_eq!(phone("028-85551234"), "028****1234");
        assert_eq!(phone("1380000000"), "13******00");
        assert_eq!(phone("123"), "***");
        assert_eq!(phone(""), "");
    }

    #[test]
    fn text() {
        let cases = [
            (
                "submit id=51010719900307123X phone=13800000000 ok",
                "submit id=5101**********123X phone=138****0000 ok",
            ),
            ("id 51010719900307123x.", "id 5101**********123x."),
            ("old 510107900307123", "old 51***********23"),
            ("n=510107199003071234", "n=5101**********1234"),
            (
                "time 20261123101500 app RB2026112300001",
                "time 20261123101500 app RB2026112300001",
            ),
            ("姓名张三，电话13912345678。", "姓名张三，电话139****5678。"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(in_text(input), want, "{input}");
        }
    }

    #[test]
    fn masks_every_form_of_the_numbers() {
        let cases = [
            ("/api/v1/x/51010719900517077X", "5101**********077X"),
            ("/api/v1/x/51010719900517077x", "5101**********077x"),
            ("/api/v1/x/5101071990051707", "51************07"),
            ("/api/v1/x/51010719900517077", "*******"),
            ("/q/%2B8613800138000", "+86138****8000"),
            ("/q/8613800138000", "86138****8000"),
            ("/q/008613800138000", "0086138****8000"),
            ("/q/138%200013%208000", "138****8000"),
            ("/q/138-0013-8000", "138****8000"),
            ("/q/１３８００１３８０００", "138****8000"),
        ];
        for (input, want) in cases {
            let got = in_text(input);
            assert!(got.contains(want), "{input} → {got}");
            assert!(!got.contains("0013"), "{input} → {got}");
        }
        // Application numbers, timestamps and ordinary numbers stay.
        for keep in [
            "/api/v1/applications/BL20261123000001",
            "took 12ms",
            "at 1795000000000",
            "2026-11-23T18:04:05+08:00",
            "status 503",
        ] {
            assert_eq!(in_text(keep), keep);
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%E5%8A%9E"), "办");
        assert_eq!(percent_decode("%zz%"), "%zz%");
    }
}
