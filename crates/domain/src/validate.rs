//! The validators both the front-end and the server call. Each returns the canonical
//! value or an [`Invalid`] whose message tells the person what to do.

use crate::date::Date;
use crate::error::FieldError;
use crate::field::FormAnswers;
use crate::field::{Field, TemporaryCard};
use crate::idcard::{self, IdNumber};
use crate::office::Office;
use crate::region::{self, Regions};
use crate::temporary_card::TemporaryCardRules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
}

fn invalid(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        message: message.into(),
    }
}

fn required(message: &str) -> Invalid {
    invalid("required", message)
}

/// Full-width digits (and the X of an ID number) to ASCII: typed with a Chinese IME.
pub(crate) fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF38}' | '\u{FF58}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

// ---------------------------------------------------------------- names

const NAME_MIN: usize = 2;
const NAME_MAX: usize = 30;

fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'                      // 〇
        | '\u{3400}'..='\u{4DBF}'       // extension A
        | '\u{4E00}'..='\u{9FFF}'       // unified ideographs
        | '\u{F900}'..='\u{FAFF}'       // compatibility ideographs
        | '\u{20000}'..='\u{2EBEF}'     // extensions B–F (rare characters in names)
        | '\u{30000}'..='\u{3134F}') // extension G
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
}

const DOT: char = '\u{B7}';

/// A name as on the household register: Chinese characters (with the middle dot of
/// minority names, e.g. 阿依古丽·买买提) or Latin letters for names registered that way.
pub fn name(s: &str) -> Result<String, Invalid> {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            // Look-alike dots that IMEs produce for the minority-name separator.
            '\u{2022}' | '\u{30FB}' | '\u{FF0E}' | '\u{2027}' | '\u{FF65}' => DOT,
            '\u{2019}' => '\'',
            _ => c,
        })
        .collect();
    let trimmed = mapped.trim();
    if trimmed.is_empty() {
        return Err(required("请输入姓名"));
    }
    let allowed = |c: char| {
        is_han(c) || is_latin_letter(c) || c.is_whitespace() || matches!(c, DOT | '-' | '\'')
    };
    // Markup and symbols first: "<script>alert(1)</script>" is not a name with a digit.
    if !trimmed.chars().all(|c| allowed(c) || c.is_numeric()) {
        return Err(invalid(
            "bad_character",
            "姓名中不能有符号或表情，请按户口本上登记的姓名填写；\
             少数民族姓名中的间隔号请用“·”",
        ));
    }
    if trimmed.chars().any(char::is_numeric) {
        return Err(invalid(
            "has_digit",
            "姓名中不能有数字，请按户口本上登记的姓名填写",
        ));
    }
    let han = trimmed.chars().any(is_han);
    let latin = trimmed.chars().any(is_latin_letter);
    if han && latin {
        return Err(invalid(
            "mixed_script",
            "姓名请全部用汉字，或全部用户口本上登记的外文字母，不要混用",
        ));
    }
    let normalised: String = if han {
        // A Chinese name has no spaces; typed ones are slips of the keyboard.
        trimmed.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    if han && normalised.chars().any(|c| matches!(c, '-' | '\'')) {
        return Err(invalid(
            "bad_character",
            "汉字姓名中只能使用间隔号“·”，请按户口本上登记的姓名填写",
        ));
    }
    let is_sep = |c: char| matches!(c, DOT | ' ' | '-' | '\'');
    let chars: Vec<char> = normalised.chars().collect();
    let misplaced = chars.first().copied().is_some_and(is_sep)
        || chars.last().copied().is_some_and(is_sep)
        || chars.windows(2).any(|w| is_sep(w[0]) && is_sep(w[1]));
    if misplaced {
        let message = if han {
            "间隔号“·”只能写在两个字之间，不能放在开头、结尾，也不能连用"
        } else {
            "空格、间隔号、连字符和撇号只能写在两个字母之间，不能放在开头、结尾，也不能连用"
        };
        return Err(invalid("bad_separator", message));
    }
    let len = chars.len();
    if len < NAME_MIN {
        return Err(invalid(
            "too_short",
            "姓名至少2个字，请填写户口本上登记的完整姓名",
        ));
    }
    if len > NAME_MAX {
        return Err(invalid(
            "too_long",
            format!("姓名最多{NAME_MAX}个字，您填写了{len}个字，请按户口本上登记的姓名填写"),
        ));
    }
    Ok(normalised)
}

// ---------------------------------------------------------------- phones and codes

/// Spaces, hyphens and parentheses removed, full-width digits made ASCII, a +86 / 0086 /
/// 86 country prefix dropped. Not yet checked.
pub(crate) fn phone_digits(s: &str) -> String {
    let cleaned: String = ascii_digits(s)
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '-' | '(' | ')' | '（' | '）' | '\u{2010}'..='\u{2015}')
        })
        .map(|c| if c == '＋' { '+' } else { c })
        .collect();
    if let Some(rest) = cleaned
        .strip_prefix("+86")
        .or_else(|| cleaned.strip_prefix("0086"))
    {
        return rest.to_string();
    }
    if cleaned.len() == 13 && cleaned.starts_with("86") {
        return cleaned[2..].to_string();
    }
    cleaned
}

/// A mainland mobile number (the SMS code goes there): returns its 11 digits.
pub fn phone(s: &str) -> Result<String, Invalid> {
    let digits = phone_digits(s);
    if digits.is_empty() {
        return Err(required("请输入手机号码"));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "bad_character",
            "手机号码只能包含数字，请检查后重新输入",
        ));
    }
    if digits.starts_with('0') {
        return Err(invalid(
            "landline",
            "这是固定电话号码。请填写11位手机号码，我们要用它发送短信通知",
        ));
    }
    if digits.len() != 11 {
        return Err(invalid(
            "wrong_length",
            format!("手机号码应为11位数字，您输入了{}位，请检查", digits.len()),
        ));
    }
    if !(digits.starts_with('1') && matches!(digits.as_bytes()[1], b'3'..=b'9')) {
        return Err(invalid(
            "not_mobile",
            "手机号码应以13至19开头，请检查后重新输入",
        ));
    }
    Ok(digits)
}

pub fn sms_code(s: &str) -> Result<String, Invalid> {
    let code: String = ascii_digits(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.is_empty() {
        return Err(required("请输入短信验证码"));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "wrong_format",
            "验证码是短信中的6位数字，请核对后重新输入",
        ));
    }
    Ok(code)
}

// ---------------------------------------------------------------- addresses

const ADDRESS_MIN: usize = 5;
const ADDRESS_MAX: usize = 120;

/// 详细地址: street, number, building, room. Line breaks and runs of spaces become one
/// space, so the label prints on one line.
pub fn address_detail(s: &str) -> Result<String, Invalid> {
    let detail = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if detail.is_empty() {
        return Err(required("请输入详细地址"));
    }
    if detail
        .chars()
        .any(|c| matches!(c, '<' | '>') || c.is_control())
    {
        return Err(invalid(
            "bad_character",
            "详细地址中不能有“<”“>”等特殊符号，请删除后重新输入",
        ));
    }
    let len = detail.chars().count();
    if len < ADDRESS_MIN {
        return Err(invalid(
            "too_short",
            "详细地址至少5个字，请写到街道、门牌号和房间号，以便邮递员送达",
        ));
    }
    if len > ADDRESS_MAX {
        return Err(invalid(
            "too_long",
            format!("详细地址最多{ADDRESS_MAX}个字，您填写了{len}个字，请精简"),
        ));
    }
    Ok(detail)
}

pub fn postcode(s: &str) -> Result<Option<String>, Invalid> {
    let code: String = ascii_digits(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.is_empty() {
        return Ok(None);
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("wrong_format", "邮政编码是6位数字；不清楚可以不填"));
    }
    Ok(Some(code))
}

/// A six-digit district code chosen from the list. Without the tree only the province
/// is checked (the tree is large and loaded lazily in the browser).
pub fn region_code(s: &str, regions: Option<&Regions>) -> Result<String, Invalid> {
    let code = s.trim();
    if code.is_empty() {
        return Err(required("请选择地区"));
    }
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            "wrong_format",
            "地区代码应为6位数字，请从列表中选择省、市、区县",
        ));
    }
    let known = region::province_name(&code[..2]).is_some()
        && regions.is_none_or(|r| r.contains_district(code));
    if !known {
        return Err(invalid(
            "unknown_region",
            "没有这个地区，请从列表中重新选择省、市、区县",
        ));
    }
    Ok(code.to_string())
}

// ---------------------------------------------------------------- the whole form

/// What the service accepts; the server fills it from its profile.
#[derive(Debug, Clone, Copy)]
pub struct FormRules<'a> {
    pub today: Date,
    /// GB/T 2260 prefixes of the divisions whose residents may apply; empty = all.
    pub region_prefixes: &'a [String],
    pub min_age: u8,
    /// Offices one may pick; empty = don't check.
    pub offices: &'a [Office],
    /// The division tree, when loaded: region codes must then be districts in it.
    pub regions: Option<&'a Regions>,
    /// Where a temporary card may be asked for; none: nowhere.
    pub temporary_card: Option<&'a TemporaryCardRules>,
    /// A guardian may apply online for a child under `min_age`.
    pub guardians: bool,
}

fn in_prefixes(code: &str, prefixes: &[String]) -> bool {
    prefixes.is_empty() || prefixes.iter().any(|p| code.starts_with(p.as_str()))
}

/// The 户籍 (where the person is registered now) is outside the service's province.
pub(crate) fn outside_province(prefixes: &[String]) -> Invalid {
    let mut names: Vec<&str> = prefixes
        .iter()
        .filter_map(|p| p.get(..2).and_then(region::province_name))
        .collect();
    names.dedup();
    let place = if names.is_empty() {
        "本省".to_string()
    } else {
        names.join("、")
    };
    invalid(
        "outside_province",
        format!(
            "本服务只受理户籍在{place}的居民在线补领。户籍在其他地方的，\
             请到现居住地的办证中心申请异地补领，\
             通常需携带户口本和居住证（或暂住登记证明）"
        ),
    )
}

pub(crate) fn under_age(min_age: u8) -> Invalid {
    invalid(
        "under_age",
        format!(
            "未满{min_age}周岁不能在线申请。请由监护人携带户口本和监护关系证明，\
             带孩子到办证中心窗口办理补领"
        ),
    )
}

/// The ID number's first six digits say where the number was first issued, not where
/// the person's 户籍 is now (it moves with them), so they decide nothing here: whether
/// the service may take the application is the 户籍 answer's to say.
fn id_number(s: &str, rules: &FormRules) -> Result<IdNumber, Invalid> {
    let id = idcard::parse(s, rules.today).map_err(|e| invalid(e.code(), e.message()))?;
    if id.age_on(rules.today) < i32::from(rules.min_age) && !rules.guardians {
        return Err(under_age(rules.min_age));
    }
    Ok(id)
}

pub(crate) fn hukou_region(s: &str, rules: &FormRules) -> Result<String, Invalid> {
    let code = region_code(s, rules.regions).map_err(|e| match e.code {
        "required" => required(Field::HukouRegion.required_message()),
        _ => e,
    })?;
    if !in_prefixes(&code, rules.region_prefixes) {
        return Err(outside_province(rules.region_prefixes));
    }
    Ok(code)
}

fn address_region(s: &str, rules: &FormRules) -> Result<String, Invalid> {
    region_code(s, rules.regions).map_err(|e| match e.code {
        "required" => required(Field::AddressRegion.required_message()),
        _ => e,
    })
}

fn office(s: &str, rules: &FormRules) -> Result<String, Invalid> {
    let id = s.trim();
    if !rules.offices.is_empty() && !rules.offices.iter().any(|o| o.id == id) {
        return Err(invalid(
            "unknown_office",
            "没有这个办证中心，请从列表中重新选择",
        ));
    }
    Ok(id.to_string())
}

/// 报警回执号 as the police give it: 6 to 30 letters or digits, kept in capitals.
pub fn police_receipt(s: &str) -> Result<String, Invalid> {
    let r = ascii_digits(s.trim());
    if !(6..=30).contains(&r.len()) || !r.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(
            "format",
            "报警回执号应为 6 到 30 位字母或数字，没有可以不填",
        ));
    }
    Ok(r.to_ascii_uppercase())
}

/// A temporary card is made only at the offices the profile names.
fn temporary_card(s: &str, form: &FormAnswers, rules: &FormRules) -> Result<String, Invalid> {
    if TemporaryCard::parse(s) != Some(TemporaryCard::Wanted) {
        return Ok(s.to_string());
    }
    let Some(offered) = rules.temporary_card else {
        return Err(invalid(
            "not_offered",
            "这里不办理加急临时身份证，请选择“不需要”；急需用证可到车站、机场开具临时乘车（乘机）证明",
        ));
    };
    match form.office_id.as_deref() {
        Some(id) if !offered.offered_at(id) => {
            let names: Vec<&str> = rules
                .offices
                .iter()
                .filter(|o| offered.offered_at(&o.id))
                .map(|o| o.name.as_str())
                .collect();
            Err(invalid(
                "office_not_offering",
                format!(
                    "所选办证中心不办理加急临时身份证。需要的话请改选{}，或选择“不需要”",
                    names.join("、")
                ),
            ))
        }
        _ => Ok(s.to_string()),
    }
}

/// Does a guardian apply (the ID number, well formed, is a child's under the minimum age,
/// and the profile lets guardians apply online)?
pub fn guardian_applies(form: &FormAnswers, rules: &FormRules) -> bool {
    rules.guardians
        && form
            .id_number
            .as_deref()
            .and_then(|s| idcard::parse(s, rules.today).ok())
            .is_some_and(|id| id.age_on(rules.today) < i32::from(rules.min_age))
}

/// The guardian's ID number: an adult's, and not the child's own.
fn guardian_id(s: &str, form: &FormAnswers, rules: &FormRules) -> Result<String, Invalid> {
    let id = idcard::parse(s, rules.today).map_err(|e| invalid(e.code(), e.message()))?;
    if id.age_on(rules.today) < 18 {
        return Err(invalid(
            "guardian_minor",
            "监护人须年满18周岁。请填写父母或其他监护人本人的公民身份号码",
        ));
    }
    let child = form.id_number.as_deref().map(idcard::normalize);
    if child.as_deref() == Some(id.number.as_str()) {
        return Err(invalid(
            "guardian_is_child",
            "这是孩子本人的号码。请填写监护人自己的公民身份号码",
        ));
    }
    Ok(id.number)
}

/// Result of checking one present text field: canonical value or error.
type Checked = Result<String, Invalid>;

/// A present answer checked: its canonical text or what is wrong. `None` when absent or
/// blank, or when the field has no text check (a choice from a fixed list). Shared by
/// [`check_form`] and [`normalize_form`], so they can never disagree.
fn check_field(field: Field, form: &FormAnswers, rules: &FormRules) -> Option<Checked> {
    let value = form.get(field)?;
    let value = value.as_str();
    Some(match field {
        Field::Name | Field::RecipientName | Field::OtherSigner => name(value),
        Field::IdNumber => id_number(value, rules).map(|id| id.number),
        Field::HukouRegion => hukou_region(value, rules),
        Field::OfficeId => office(value, rules),
        Field::RecipientPhone => phone(value),
        Field::AddressRegion => address_region(value, rules),
        Field::AddressDetail => address_detail(value),
        // Non-blank, so Ok is always Some.
        Field::Postcode => postcode(value).map(Option::unwrap_or_default),
        Field::PoliceReceipt => police_receipt(value),
        Field::GuardianName => name(value),
        Field::GuardianIdNumber => guardian_id(value, form, rules),
        Field::TemporaryCard => temporary_card(value, form, rules),
        Field::Reason
        | Field::Delivery
        | Field::GuardianRelation
        | Field::RegisterHome
        | Field::RegisterSelf
        | Field::GuardianProof
        | Field::CardPhoto
        | Field::Liveness => return None,
    })
}

/// Every problem of the form, at most one per field, in the form's order. A draft is
/// checked with `complete = false` (only what is filled in); a submission with `true`
/// (missing required fields are reported too).
pub fn check_form(form: &FormAnswers, rules: &FormRules, complete: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for field in Field::form() {
        if !field.applies(form) || (field.guardian_only() && !guardian_applies(form, rules)) {
            continue;
        }
        let problem = if form.get(field).is_none() {
            (complete && field.is_required(form.delivery))
                .then(|| required(field.required_message()))
        } else {
            check_field(field, form, rules).and_then(Result::err)
        };
        if let Some(Invalid { code, message }) = problem {
            errors.push(FieldError {
                field: field.as_str().to_string(),
                code: code.to_string(),
                message,
            });
        }
    }
    errors
}

/// The form with every valid field in canonical spelling (ID number normalised, phone
/// as 11 digits, names and addresses trimmed, blank postcode dropped); fields that do
/// not pass are left exactly as typed so the person can correct them.
pub fn normalize_form(form: &FormAnswers) -> FormAnswers {
    // Eligibility is not a matter of spelling: normalise with permissive rules.
    let rules = FormRules {
        today: Date {
            year: 9999,
            month: 12,
            day: 31,
        },
        region_prefixes: &[],
        min_age: 0,
        offices: &[],
        regions: None,
        temporary_card: None,
        guardians: true,
    };
    let mut out = form.clone();
    for field in Field::form() {
        match check_field(field, form, &rules) {
            Some(Ok(value)) => out.set(field, value),
            Some(Err(_)) => {}
            // Blank: a blank postcode means none.
            None if field == Field::Postcode => out.clear(field),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
