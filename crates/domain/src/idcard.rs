//! 公民身份号码 (GB 11643-1999): normalising what people type, checking it, and reading
//! the birth date and sex out of it.

use std::fmt;

use crate::date::Date;
use crate::region;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Sex {
    Male,
    Female,
}

/// A checked 18-character number and what it says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// Normalised: 18 ASCII characters, check character `X` upper-case.
    pub number: String,
    /// The first six digits: the division where the number was issued.
    pub region: String,
    pub birth: Date,
    pub sex: Sex,
}

impl IdNumber {
    /// Age in full years on `today`.
    pub fn age_on(&self, today: Date) -> i32 {
        self.birth.years_until(today)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    Empty,
    /// A 15-digit number of the first-generation card.
    FirstGeneration,
    WrongLength {
        len: usize,
    },
    BadCharacter,
    UnknownRegion,
    BadBirthDate,
    FutureBirthDate,
    WrongCheckChar,
}

impl IdError {
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Empty => "required",
            IdError::FirstGeneration => "first_generation",
            IdError::WrongLength { .. } => "wrong_length",
            IdError::BadCharacter => "bad_character",
            IdError::UnknownRegion => "unknown_region",
            IdError::BadBirthDate => "bad_birth_date",
            IdError::FutureBirthDate => "future_birth_date",
            IdError::WrongCheckChar => "wrong_check_char",
        }
    }

    pub fn message(&self) -> String {
        match self {
            IdError::Empty => "请输入18位公民身份号码，可在户口本本人页上找到".into(),
            IdError::FirstGeneration => {
                "这是15位的旧身份证号码，已统一升级为18位，旧号码不能再使用。\
                请填写户口本本人页上的18位公民身份号码"
                    .into()
            }
            IdError::WrongLength { len } => {
                format!("公民身份号码应为18位，您输入了{len}位。请对照户口本本人页逐位核对")
            }
            IdError::BadCharacter => "公民身份号码只由数字组成，最后一位可能是字母X，\
                请删除其他字符后重新输入"
                .into(),
            IdError::UnknownRegion => {
                "公民身份号码前两位不是有效的省份代码，请对照户口本逐位核对后重新输入".into()
            }
            IdError::BadBirthDate => "公民身份号码第7至14位的出生日期不存在，\
                请对照户口本逐位核对后重新输入"
                .into(),
            IdError::FutureBirthDate => "公民身份号码中的出生日期晚于今天，\
                请对照户口本逐位核对后重新输入"
                .into(),
            IdError::WrongCheckChar => "公民身份号码有误，请对照户口本逐位核对后重新输入".into(),
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for IdError {}

/// What people paste or type, made comparable: full-width digits and letters to ASCII,
/// every kind of space (and zero-width characters picked up by copy and paste) removed,
/// `x` to `X`.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{FEFF}'))
        .map(|c| match c {
            // Full-width ASCII block: '０' (U+FF10) .. 'ｚ' (U+FF5A) sit 0xFEE0 above ASCII.
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// ISO 7064 MOD 11-2 check character of the first 17 ASCII digits. Extra bytes are
/// ignored; non-digits give a meaningless (but non-panicking) answer.
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b.wrapping_sub(b'0')) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Checks a number as typed. The order of the checks decides which message a person
/// sees, so the most basic problem is named first.
pub fn parse(input: &str, today: Date) -> Result<IdNumber, IdError> {
    let number = normalize(input);
    if number.is_empty() {
        return Err(IdError::Empty);
    }
    let len = number.chars().count();
    if len == 15 && number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(IdError::FirstGeneration);
    }
    if len != 18 {
        return Err(IdError::WrongLength { len });
    }
    let b = number.as_bytes();
    // 18 chars that are all ASCII are exactly 18 bytes; anything else is a bad char.
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X')
    {
        return Err(IdError::BadCharacter);
    }
    if region::province_name(&number[..2]).is_none() {
        return Err(IdError::UnknownRegion);
    }
    let digits = |range: std::ops::Range<usize>| -> u32 {
        b[range].iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let year = digits(6..10) as i32;
    let birth = Date::new(year, digits(10..12) as u8, digits(12..14) as u8)
        .filter(|_| year >= 1900)
        .ok_or(IdError::BadBirthDate)?;
    if birth > today {
        return Err(IdError::FutureBirthDate);
    }
    if check_char(&b[..17]) != char::from(b[17]) {
        return Err(IdError::WrongCheckChar);
    }
    let sex = if (b[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdNumber {
        region: number[..6].to_string(),
        number,
        birth,
        sex,
    })
}

/// Builds a valid number for tests and fixtures: `region6` + birth date + `seq3` +
/// the computed check character. An odd `seq3` makes a man, an even one a woman.
pub fn make_id(region6: &str, birth: Date, seq3: u16) -> String {
    assert!(
        region6.len() == 6 && region6.bytes().all(|b| b.is_ascii_digit()),
        "region6 must be six digits"
    );
    let mut id = format!(
        "{region6}{:04}{:02}{:02}{:03}",
        birth.year,
        birth.month,
        birth.day,
        seq3 % 1000
    );
    let check = check_char(id.as_bytes());
    id.push(check);
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn check_char_matches_the_standards_example() {
        // GB 11643-1999 appendix example.
        assert_eq!(check_char(b"11010519491231002"), 'X');
        assert_eq!(check_char(b"44052418800101001"), '4');
        assert!(parse("11010519491231002X", today()).is_ok());
    }

    #[test]
    fn reads_birth_date_sex_and_age() {
        let id = parse(&make_id("510107", d(1990, 3, 7), 122), today()).unwrap();
        assert_eq!(id.region, "510107");
        assert_eq!(id.birth, d(1990, 3, 7));
        assert_eq!(id.sex, Sex::Female); // 17th digit 2
        assert_eq!(id.age_on(today()), 36);
        let id = parse(&make_id("510107", d(2010, 11, 24), 5), today()).unwrap();
        assert_eq!(id.sex, Sex::Male);
        assert_eq!(id.age_on(today()), 15);
    }

    #[test]
    fn normalises_what_people_type() {
        assert_eq!(
            normalize(" 5101 0719\u{3000}9003 07123x "),
            "51010719900307123X"
        );
        assert_eq!(normalize("５１０１０７ｘＸ"), "510107XX");
        assert_eq!(normalize("\u{200B}12\t3\n"), "123");
    }

    #[test]
    fn bad_input_catalogue() {
        let valid = make_id("510107", d(1990, 3, 7), 123);
        let (body, check) = valid.split_at(17);
        let wrong_check = format!("{body}{}", if check == "0" { '1' } else { '0' });
        let x_id = (0..1000)
            .map(|s| make_id("510107", d(1990, 3, 7), s))
            .find(|id| id.ends_with('X'))
            .unwrap();
        let full_width: String = valid
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        let ok: &[&str] = &[
            &valid,
            &x_id,
            &x_id.to_lowercase(),
            &full_width,
            &format!(" {} {} {} ", &valid[..6], &valid[6..14], &valid[14..]),
            &format!("{}\u{3000}{}", &valid[..6], &valid[6..]),
        ];
        for input in ok {
            let id = parse(input, today()).unwrap_or_else(|e| panic!("{input}: {e:?}"));
            assert_eq!(id.number.len(), 18);
            assert!(!id.number.contains('x'));
        }

        let future = make_id("510107", d(2026, 11, 24), 123);
        let feb30 = {
            let mut s = format!("{}19990230123", &valid[..6]);
            s.push(check_char(s.as_bytes()));
            s
        };
        let pre1900 = {
            let mut s = format!("{}18991231123", &valid[..6]);
            s.push(check_char(s.as_bytes()));
            s
        };
        let unknown_region = make_id("990107", d(1990, 3, 7), 123);
        let cases: &[(&str, IdError)] = &[
            ("", IdError::Empty),
            ("   \u{3000}", IdError::Empty),
            ("510107900307123", IdError::FirstGeneration),
            (&valid[..17], IdError::WrongLength { len: 17 }),
            (&format!("{valid}1"), IdError::WrongLength { len: 19 }),
            ("51010719900307123Y", IdError::BadCharacter),
            ("5101071990030712X3", IdError::BadCharacter),
            ("51010719900307123身", IdError::BadCharacter),
            (&unknown_region, IdError::UnknownRegion),
            ("000107199003071234", IdError::UnknownRegion),
            (&feb30, IdError::BadBirthDate),
            (&pre1900, IdError::BadBirthDate),
            (&future, IdError::FutureBirthDate),
            (&wrong_check, IdError::WrongCheckChar),
        ];
        for (input, want) in cases {
            let got = parse(input, today()).unwrap_err();
            assert_eq!(&got, want, "{input}");
            assert!(!got.message().is_empty());
        }
    }

    #[test]
    fn codes_and_messages() {
        assert_eq!(IdError::WrongCheckChar.code(), "wrong_check_char");
        assert_eq!(
            IdError::WrongCheckChar.message(),
            "公民身份号码有误，请对照户口本逐位核对后重新输入"
        );
        assert!(IdError::FirstGeneration.message().contains("18位"));
        assert!(IdError::WrongLength { len: 17 }.message().contains("17位"));
        assert_eq!(
            IdError::Empty.message(),
            "请输入18位公民身份号码，可在户口本本人页上找到"
        );
    }
}
