//! The card services of the family: 丢失补领 (a card lost or stolen), 损坏换领 (a card
//! damaged) and 到期换领 (a card expiring or expired). They share the steps, the photo
//! sources, the face check, payment and delivery; what differs is written here: which
//! a profile offers online and at what fee, when a card may be renewed for its date,
//! how long a new card lasts, and what the applicant hands in.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::error::Refusal;

/// Which service an application is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CardService {
    /// 丢失补领: the card was lost or stolen.
    #[default]
    Reissue,
    /// 损坏换领: the card is damaged.
    DamagedRenewal,
    /// 到期换领: the card expires soon or has expired.
    ExpiryRenewal,
}

impl CardService {
    pub const ALL: [CardService; 3] = [
        CardService::Reissue,
        CardService::DamagedRenewal,
        CardService::ExpiryRenewal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CardService::Reissue => "reissue",
            CardService::DamagedRenewal => "damaged_renewal",
            CardService::ExpiryRenewal => "expiry_renewal",
        }
    }

    pub fn parse(s: &str) -> Option<CardService> {
        CardService::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The service's name, as every page and message says it.
    pub fn label(self) -> &'static str {
        match self {
            CardService::Reissue => "丢失补领",
            CardService::DamagedRenewal => "损坏换领",
            CardService::ExpiryRenewal => "到期换领",
        }
    }

    /// Only a card that is gone is reported lost: the link between an application and
    /// a loss report is the reissue's alone.
    pub fn takes_loss_report(self) -> bool {
        self == CardService::Reissue
    }
}

/// What a profile says of one service it offers online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceOffer {
    pub service: CardService,
    /// 工本费, in fen.
    pub card_fee_fen: u32,
    /// Where the figure comes from (a seed, or the national schedule where no seed
    /// gives it): for whoever maintains the profile, not shown to citizens.
    #[serde(default)]
    pub fee_source: String,
    /// The old card's front and back uploaded with the application (Sichuan's 到期换领:
    /// 需额外提供旧证).
    #[serde(default)]
    pub old_card_photos: bool,
    /// The old card handed in when the new one is collected.
    #[serde(default)]
    pub hand_in_old_card: bool,
}

/// How long a card is valid, by the holder's age when it is issued (居民身份证法 第五条:
/// under 16, five years; 16–25, ten; 26–45, twenty; 46 and over, long-term).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind", content = "years")]
pub enum Validity {
    Years(u8),
    LongTerm,
}

impl Validity {
    pub fn at_age(age: i32) -> Validity {
        match age {
            ..=15 => Validity::Years(5),
            16..=25 => Validity::Years(10),
            26..=45 => Validity::Years(20),
            _ => Validity::LongTerm,
        }
    }

    pub fn label(self) -> String {
        match self {
            Validity::Years(y) => format!("{y}年"),
            Validity::LongTerm => "长期".to_string(),
        }
    }
}

/// The day a card issued on `issued` to someone born on `born` stops being valid; None
/// for a long-term card. (A card issued on 29 February expires on 28 February.)
pub fn expires_on(born: Date, issued: Date) -> Option<Date> {
    match Validity::at_age(born.years_until(issued)) {
        Validity::LongTerm => None,
        Validity::Years(y) => {
            let year = issued.year + i32::from(y);
            Date::new(year, issued.month, issued.day)
                .or_else(|| Date::new(year, issued.month, issued.day - 1))
        }
    }
}

/// How long before its date a card may be renewed for it. No seed gives the figure; the
/// practice of the 公安 offices is three months (有效期满前三个月内申请换领).
pub const RENEW_AHEAD_DAYS: i64 = 90;

/// Why a card may not be renewed for its date now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenewRefused {
    /// A long-term card does not expire.
    LongTerm,
    /// More than [`RENEW_AHEAD_DAYS`] before its date: from when it may be.
    TooEarly { expires: Date, from: Date },
}

impl Refusal for RenewRefused {
    fn code(&self) -> &'static str {
        match self {
            RenewRefused::LongTerm => "long_term_card",
            RenewRefused::TooEarly { .. } => "renewal_too_early",
        }
    }

    fn message(&self) -> String {
        match self {
            RenewRefused::LongTerm => {
                "您的身份证长期有效，不需要到期换领。证件损坏的，请选择“损坏换领”".to_string()
            }
            RenewRefused::TooEarly { expires, from } => format!(
                "您的身份证 {expires} 到期，到期前三个月内才能申请到期换领：请在 {from} 以后再来。证件损坏的，可以选择“损坏换领”"
            ),
        }
    }
}

/// May a card that expires on `expires` (None: long-term) be renewed for its date on
/// `today`? From [`RENEW_AHEAD_DAYS`] before it, and at any time after.
pub fn may_renew_for_expiry(expires: Option<Date>, today: Date) -> Result<(), RenewRefused> {
    let Some(expires) = expires else {
        return Err(RenewRefused::LongTerm);
    };
    let from = Date::from_days(expires.to_days() - RENEW_AHEAD_DAYS);
    match today < from {
        true => Err(RenewRefused::TooEarly { expires, from }),
        false => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn a_new_card_lasts_by_the_holder_s_age_at_issue() {
        assert_eq!(Validity::at_age(15), Validity::Years(5));
        assert_eq!(Validity::at_age(16), Validity::Years(10));
        assert_eq!(Validity::at_age(25), Validity::Years(10));
        assert_eq!(Validity::at_age(26), Validity::Years(20));
        assert_eq!(Validity::at_age(45), Validity::Years(20));
        assert_eq!(Validity::at_age(46), Validity::LongTerm);
        assert_eq!(Validity::Years(20).label(), "20年");
        assert_eq!(Validity::LongTerm.label(), "长期");
    }

    #[test]
    fn a_card_expires_by_its_issue_date_and_the_age_then() {
        let born = d(1990, 5, 17);
        // Issued at 20: ten years; at 30: twenty; at 50: never.
        assert_eq!(expires_on(born, d(2010, 3, 1)), Some(d(2020, 3, 1)));
        assert_eq!(expires_on(born, d(2020, 3, 1)), Some(d(2040, 3, 1)));
        assert_eq!(expires_on(born, d(2040, 6, 1)), None);
        // 29 February has no anniversary in most years.
        assert_eq!(
            expires_on(d(1990, 1, 1), d(2016, 2, 29)),
            Some(d(2036, 2, 29))
        );
        assert_eq!(
            expires_on(d(1990, 1, 1), d(2008, 2, 29)),
            Some(d(2018, 2, 28))
        );
    }

    #[test]
    fn an_expiring_card_is_renewed_from_three_months_ahead_and_after() {
        let expires = d(2027, 3, 1);
        let refused = may_renew_for_expiry(Some(expires), d(2026, 11, 30)).unwrap_err();
        assert_eq!(refused.code(), "renewal_too_early");
        assert!(
            refused.message().contains("2027-03-01"),
            "{}",
            refused.message()
        );
        assert!(
            refused.message().contains("2026-12-01"),
            "{}",
            refused.message()
        );
        assert!(may_renew_for_expiry(Some(expires), d(2026, 12, 1)).is_ok());
        assert!(
            may_renew_for_expiry(Some(expires), d(2027, 6, 1)).is_ok(),
            "expired"
        );
        assert_eq!(
            may_renew_for_expiry(None, d(2026, 12, 1))
                .unwrap_err()
                .code(),
            "long_term_card"
        );
    }

    #[test]
    fn only_the_reissue_takes_a_loss_report() {
        let takes: Vec<_> = CardService::ALL
            .into_iter()
            .filter(|s| s.takes_loss_report())
            .collect();
        assert_eq!(takes, [CardService::Reissue]);
        for s in CardService::ALL {
            assert_eq!(CardService::parse(s.as_str()), Some(s));
        }
    }

    fn profile(file: &str) -> crate::profile::ServiceProfile {
        serde_json::from_str(file).unwrap()
    }

    /// What each province's source offers online (seed 000: 丢失、损坏或到期需换领;
    /// seed 001: 损坏换领、丢失补领; seed 002: 到期换证、损坏换证、丢失补领), at the
    /// national fees (补领 and 损坏换领 40 元, 到期换领 20 元; seed 000 gives the 40).
    #[test]
    fn each_province_offers_what_its_source_says_at_its_fee() {
        use CardService::*;
        let fees = |p: &crate::profile::ServiceProfile| -> Vec<(CardService, Option<u32>)> {
            CardService::ALL
                .into_iter()
                .map(|s| (s, p.offer(s).map(|o| o.card_fee_fen)))
                .collect()
        };
        let sichuan = profile(include_str!("../../../profiles/sichuan.json"));
        assert_eq!(
            fees(&sichuan),
            [
                (Reissue, Some(4000)),
                (DamagedRenewal, Some(4000)),
                (ExpiryRenewal, Some(2000))
            ]
        );
        let old = sichuan.offer(ExpiryRenewal).unwrap();
        assert!(
            old.old_card_photos && old.hand_in_old_card,
            "需额外提供旧证"
        );
        let shanghai = profile(include_str!("../../../profiles/shanghai.json"));
        assert_eq!(
            fees(&shanghai),
            [
                (Reissue, Some(4000)),
                (DamagedRenewal, Some(4000)),
                (ExpiryRenewal, None)
            ]
        );
        let guangdong = profile(include_str!("../../../profiles/guangdong.json"));
        assert_eq!(
            fees(&guangdong),
            [
                (Reissue, Some(4000)),
                (DamagedRenewal, Some(4000)),
                (ExpiryRenewal, Some(2000))
            ]
        );
        // The reissue's fee is the one the application's fees are worked out from.
        for p in [&sichuan, &shanghai, &guangdong] {
            assert_eq!(
                p.offer(Reissue).unwrap().card_fee_fen,
                p.fees.card_fee_fen,
                "{}",
                p.id
            );
            for o in &p.services {
                assert!(
                    !o.fee_source.is_empty(),
                    "{}: {:?} says where its fee comes from",
                    p.id,
                    o.service
                );
                if o.service != Reissue {
                    assert!(o.hand_in_old_card, "{}: the old card is handed in", p.id);
                }
            }
        }
    }
}
