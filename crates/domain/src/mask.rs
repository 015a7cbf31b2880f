//! Masking personal data for display and for logs. Applied on the way out, never to
//! what is stored.

use crate::validate;

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

/// For log lines: masks every digit run that looks like an ID number (15 or 18 digits,
/// or 17 digits and an X) or a mobile number (11 digits starting with 1). Other runs
/// (timestamps, application numbers) pass unchanged.
pub fn in_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        // ASCII digits are one byte each, so byte offsets are char boundaries.
        let x = digits == 17 && matches!(rest.as_bytes().get(17), Some(b'X' | b'x'));
        let run_len = digits + usize::from(x);
        let run = &rest[..run_len];
        match run_len {
            15 | 18 => out.push_str(&id_number(run)),
            11 if run.starts_with('1') => out.push_str(&phone(run)),
            _ => out.push_str(run),
        }
        rest = &rest[run_len..];
    }
    out.push_str(rest);
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
            (
                "phone 23800000000 1380000000",
                "phone 23800000000 1380000000",
            ),
            ("12345678901234567890", "12345678901234567890"),
            ("姓名张三，电话13912345678。", "姓名张三，电话139****5678。"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(in_text(input), want, "{input}");
        }
    }
}
