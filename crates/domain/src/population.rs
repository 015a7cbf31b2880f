//! 人口信息库: what the population register holds about a resident's last card, the
//! rules a profile sets on it for applying online, and where the new card's photo may
//! come from. The server decides by these against its register; the browser only
//! shows the server's answer (right after the ID number is typed), so nobody fills a
//! whole form for nothing.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::error::FieldError;
use crate::field::Field;
use crate::idcard;
pub use crate::profile::MINOR_UNTIL;
use crate::profile::{PhotoSource, ServiceProfile};
use crate::validate::{outside_province, under_age};

/// One resident as the register holds them (the mock register's rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub id_number: String,
    pub name: String,
    /// Six-digit district code of the 户籍.
    pub hukou_region: String,
    /// When the last card was issued (`YYYY-MM-DD`).
    pub card_issued_on: String,
    /// Six-digit district code of the office that issued it.
    pub card_issued_region: String,
    pub fingerprints: bool,
    /// The last card is valid for the long term (长期).
    pub long_term: bool,
    /// When the photo on record was taken (`YYYY-MM-DD`), if there is one.
    pub photo_taken_on: Option<String>,
}

/// Why the register says no to applying online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOnline {
    /// No resident with this ID number and this name.
    NotFound,
    OutsideProvince,
    UnderAge {
        min_age: u8,
    },
    CardIssuedElsewhere,
    CardTooOld {
        years: u8,
    },
    NoFingerprints,
    /// The profile's only photo source is the register, and its photo is too old.
    NoUsablePhoto {
        years: u8,
    },
}

impl NotOnline {
    /// Learnt from the register's row rather than from the name and number typed.
    pub fn is_detail(self) -> bool {
        matches!(
            self,
            NotOnline::CardIssuedElsewhere
                | NotOnline::CardTooOld { .. }
                | NotOnline::NoFingerprints
                | NotOnline::NoUsablePhoto { .. }
        )
    }

    pub fn code(self) -> &'static str {
        match self {
            NotOnline::NotFound => "not_in_register",
            NotOnline::OutsideProvince => "outside_province",
            NotOnline::UnderAge { .. } => "under_age",
            NotOnline::CardIssuedElsewhere => "card_issued_elsewhere",
            NotOnline::CardTooOld { .. } => "card_too_old",
            NotOnline::NoFingerprints => "no_fingerprints",
            NotOnline::NoUsablePhoto { .. } => "no_usable_photo",
        }
    }

    /// One sentence: why, and what to do instead.
    pub fn message(self, profile: &ServiceProfile) -> String {
        let window = "请预约到办证中心窗口办理";
        match self {
            NotOnline::NotFound => format!(
                "没有查到与这个姓名和公民身份号码相符的户籍信息。请对照户口本核对后重新输入；核对无误仍查不到的，{window}"
            ),
            NotOnline::OutsideProvince => outside_province(&profile.region_prefixes).message,
            NotOnline::UnderAge { min_age } => under_age(min_age).message,
            NotOnline::CardIssuedElsewhere => format!(
                "您上一张身份证不是在{}签发的，不能在线补领，{window}",
                profile.province_name
            ),
            NotOnline::CardTooOld { years } => format!(
                "您上一张身份证签发已超过 {years} 年，不能在线补领，{window}"
            ),
            NotOnline::NoFingerprints => format!(
                "您上一张身份证没有登记指纹信息，不能在线补领，{window}，现场采集指纹"
            ),
            NotOnline::NoUsablePhoto { years } => format!(
                "上次办证时的照片已超过 {years} 年，不能用于新证，{window}，现场拍照"
            ),
        }
    }
}

/// The register's answer for one applicant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Empty: may apply online.
    pub not_online: Vec<NotOnline>,
    /// The photo on record may be used for the new card (when the profile offers it).
    pub photo_on_record: Option<String>,
}

/// `POST /api/v1/register/check`: whose register entry to look at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterQuery {
    pub name: String,
    pub id_number: String,
}

/// The server's answer on applying online, as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RegisterCheck {
    pub online: bool,
    /// Every reason to go to a window instead, each one sentence.
    #[serde(default)]
    pub reasons: Vec<FieldError>,
    /// When the usable photo on record was taken (`YYYY-MM-DD`); absent when there is
    /// none, the profile does not reuse it, or the asker is not yet verified as the
    /// person by a face check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_on_record: Option<String>,
    /// A usable photo on record exists (what the 证件照片 step needs to offer it).
    #[serde(default)]
    pub has_photo_on_record: bool,
}

/// Said instead of the register's details to someone not yet verified as the person.
pub const REGISTER_WINDOW: &str = "根据户籍和证件的登记信息，您的情况需要到窗口办理。请带上户口本，预约到办证中心窗口办理，窗口会告诉您具体原因";

impl Verdict {
    /// As the API answers it (each reason under the field it is about).
    pub fn to_check(&self, profile: &ServiceProfile) -> RegisterCheck {
        RegisterCheck {
            online: self.not_online.is_empty(),
            reasons: self
                .not_online
                .iter()
                .map(|r| FieldError {
                    field: Field::IdNumber.as_str().to_string(),
                    code: r.code().to_string(),
                    message: r.message(profile),
                })
                .collect(),
            photo_on_record: self.photo_on_record.clone(),
            has_photo_on_record: self.photo_on_record.is_some(),
        }
    }

    /// As the API answers someone not verified as the person: whether they may apply
    /// online and, if not, where to go. The card's history, the fingerprints and the
    /// photo's date are the register's details about a person (the domain's
    /// [`crate::identity::Act::RegisterDetails`]): they stay one sentence.
    pub fn to_public_check(&self, profile: &ServiceProfile) -> RegisterCheck {
        let mut check = self.to_check(profile);
        let (plain, details): (Vec<&NotOnline>, Vec<&NotOnline>) =
            self.not_online.iter().partition(|r| !r.is_detail());
        check
            .reasons
            .retain(|r| plain.iter().any(|p| p.code() == r.code));
        if !details.is_empty() {
            check.reasons.push(FieldError {
                field: Field::IdNumber.as_str().to_string(),
                code: "register_window".to_string(),
                message: REGISTER_WINDOW.to_string(),
            });
        }
        check.photo_on_record = None;
        check
    }
}

fn within(date: Option<&str>, years: u8, today: Date) -> bool {
    date.and_then(Date::parse_iso)
        .is_some_and(|d| d <= today && d.years_until(today) < i32::from(years))
}

/// Decides whether `resident` (the register's row for the ID number, if any) may apply
/// online under `profile` on `today`, giving every reason at once. The name must match
/// the register's: a number alone says nothing about who is asking.
pub fn assess(
    resident: Option<&Resident>,
    name: &str,
    profile: &ServiceProfile,
    today: Date,
) -> Verdict {
    let not_found = Verdict {
        not_online: vec![NotOnline::NotFound],
        photo_on_record: None,
    };
    let r = match resident {
        Some(r) if r.name != name.trim() => return not_found,
        Some(r) => r,
        None if profile.online_rules.needs_register(&profile.photo_sources) => return not_found,
        // The profile decides by the 户籍 and the age alone (both checked on the form);
        // the register would only have offered its photo.
        None => {
            return Verdict {
                not_online: Vec::new(),
                photo_on_record: None,
            }
        }
    };
    let age = idcard::parse(&r.id_number, today)
        .map(|id| id.age_on(today))
        .unwrap_or(0);
    let rules = &profile.online_rules;
    let province = profile.only_province();
    let issued_here = province
        .as_deref()
        .is_none_or(|p| r.card_issued_region.starts_with(p));
    let mut not_online = Vec::new();
    if !profile
        .region_prefixes
        .iter()
        .any(|p| r.hukou_region.starts_with(p.as_str()))
    {
        not_online.push(NotOnline::OutsideProvince);
    }
    if age < i32::from(profile.min_age) && !profile.guardians_online {
        not_online.push(NotOnline::UnderAge {
            min_age: profile.min_age,
        });
    }
    if rules.fingerprints_required && !r.fingerprints {
        not_online.push(NotOnline::NoFingerprints);
    }
    // The long-term path: the card's and the photo's age do not count.
    let long_term = rules
        .long_term_from_age
        .is_some_and(|from| age >= i32::from(from) && r.long_term && issued_here);
    let limit = rules.card_issued_within_years.filter(|_| !long_term);
    if (limit.is_some() || rules.card_issued_here) && !issued_here {
        not_online.push(NotOnline::CardIssuedElsewhere);
    } else if let Some(years) = limit.map(|l| l.for_age(age)) {
        if !within(Some(&r.card_issued_on), years, today) {
            not_online.push(NotOnline::CardTooOld { years });
        }
    }
    let photo_usable = r.photo_taken_on.is_some()
        && (long_term
            || rules.photo_within_years.is_none_or(|limit| {
                within(r.photo_taken_on.as_deref(), limit.for_age(age), today)
            }));
    let sources = &profile.photo_sources;
    let reuses = sources.contains(&PhotoSource::OnRecord);
    if reuses && sources.len() == 1 && !photo_usable {
        let years = rules
            .photo_within_years
            .map(|l| l.for_age(age))
            .unwrap_or(0);
        not_online.push(NotOnline::NoUsablePhoto { years });
    }
    Verdict {
        not_online,
        photo_on_record: (reuses && photo_usable)
            .then(|| r.photo_taken_on.clone())
            .flatten(),
    }
}

/// The new card's photo as the applicant chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CardPhotoChoice {
    pub source: PhotoSource,
    /// The 数字相片采集回执 number, with [`PhotoSource::Receipt`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
}

/// A 数字相片采集回执 number as the studio prints it: 12 to 20 letters and digits. What
/// it looks like is checked here (in the browser too); whether it exists and whose it
/// is, only by the server.
pub fn receipt_number(input: &str) -> Result<String, FieldError> {
    let n: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let bad = |code: &str, message: &str| FieldError {
        field: Field::CardPhoto.as_str().to_string(),
        code: code.to_string(),
        message: message.to_string(),
    };
    if n.is_empty() {
        return Err(bad("required", "请输入回执上的回执号（图像号）"));
    }
    if !(12..=20).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad(
            "receipt_format",
            "回执号应为 12 到 20 位字母或数字，请对照回执重新输入",
        ));
    }
    Ok(n)
}

/// A photo receipt as the receipt service holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoReceipt {
    pub number: String,
    pub id_number: String,
    /// The last day it may be used (`YYYY-MM-DD`).
    pub valid_until: String,
    /// The 办证城市 chosen when the photo was taken: a city's region code (four digits).
    /// Seed 002: 办证城市一定不能填错. Empty: the service did not say.
    pub city: String,
}

/// May the draft's photo choice go on the card? `receipt` is the receipt service's row
/// for the number given, if any; `verdict` the register's answer for the applicant.
pub fn check_card_photo(
    choice: &CardPhotoChoice,
    profile: &ServiceProfile,
    id_number: Option<&str>,
    hukou_region: Option<&str>,
    verdict: &Verdict,
    receipt: Option<&PhotoReceipt>,
    today: Date,
) -> Result<CardPhotoChoice, FieldError> {
    let bad = |code: &str, message: &str| FieldError {
        field: Field::CardPhoto.as_str().to_string(),
        code: code.to_string(),
        message: message.to_string(),
    };
    if !profile.photo_sources.contains(&choice.source) {
        return Err(bad(
            "source_not_offered",
            "本服务不能使用这种照片，请重新选择",
        ));
    }
    match choice.source {
        PhotoSource::OnRecord if verdict.photo_on_record.is_none() => Err(bad(
            "no_photo_on_record",
            "没有可以用于新证的上次办证照片，请选择其他方式提供照片",
        )),
        PhotoSource::Receipt => {
            let number = receipt_number(choice.receipt.as_deref().unwrap_or(""))?;
            let id = id_number.map(idcard::normalize);
            match receipt {
                Some(r) if Some(&r.id_number) != id.as_ref() => Err(bad(
                    "receipt_not_yours",
                    "这张回执不是本人的，请输入本人照片回执上的回执号",
                )),
                Some(r) if Date::parse_iso(&r.valid_until).is_none_or(|d| d < today) => Err(bad(
                    "receipt_expired",
                    "这张回执已过期，请到照相馆重新拍照取得新回执",
                )),
                // The card is made for the city of the applicant's 户籍: a receipt taken
                // for another city's office cannot be used for it.
                Some(r)
                    if !r.city.is_empty()
                        && hukou_region.is_some_and(|h| !h.starts_with(r.city.as_str())) =>
                {
                    Err(bad(
                        "receipt_wrong_city",
                        "这张回执的办证城市不是您户籍所在的城市，不能用于本次补领。请重新拍照取得回执，办证城市选您户籍所在的城市",
                    ))
                }
                Some(_) => Ok(CardPhotoChoice {
                    source: PhotoSource::Receipt,
                    receipt: Some(number),
                }),
                None => Err(bad(
                    "receipt_unknown",
                    "没有查到这个回执号，请对照回执重新输入；刚拍的照片可能要过一会儿才能查到",
                )),
            }
        }
        source => Ok(CardPhotoChoice {
            source,
            receipt: None,
        }),
    }
}

#[cfg(test)]
mod tests;
