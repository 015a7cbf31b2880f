//! 临时居民身份证: a paper-backed card the office makes in a hurry (within a few working
//! days) for someone who cannot wait weeks for the new one: travel, hotels, banks. It is
//! asked for with the reissue, collected at the same office, and paid with the card fee.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::field::{DeliveryMethod, FormAnswers, TemporaryCard};

/// What a profile offers: the fee, how soon, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TemporaryCardRules {
    /// 工本费, in fen.
    pub fee_fen: u32,
    /// Ready for collection within this many working days of payment.
    pub ready_within_working_days: u16,
    /// The offices (ids) that make them in a hurry; the others do not.
    pub offices: Vec<String>,
}

impl TemporaryCardRules {
    pub fn offered_at(&self, office_id: &str) -> bool {
        self.offices.iter().any(|o| o == office_id)
    }

    /// The last day it should take, counted from the day of payment.
    pub fn ready_by(&self, paid_on: Date) -> Date {
        paid_on.add_working_days(self.ready_within_working_days)
    }
}

/// Did the applicant ask for one (and can they have it: collected at an office)?
pub fn wanted(form: &FormAnswers) -> bool {
    form.temporary_card == Some(TemporaryCard::Wanted)
        && form.delivery == Some(DeliveryMethod::Pickup)
}

/// The temporary card's own short life, beside the application's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemporaryCardStatus {
    /// Paid for, being made.
    Ordered,
    /// Made: collect it at the office.
    Ready,
}

impl TemporaryCardStatus {
    pub const ALL: [TemporaryCardStatus; 2] =
        [TemporaryCardStatus::Ordered, TemporaryCardStatus::Ready];

    /// One arrow: made once, then waiting at the office.
    pub fn can_become(self, to: TemporaryCardStatus) -> bool {
        self == TemporaryCardStatus::Ordered && to == TemporaryCardStatus::Ready
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TemporaryCardStatus::Ordered => "ordered",
            TemporaryCardStatus::Ready => "ready",
        }
    }

    pub fn parse(s: &str) -> Option<TemporaryCardStatus> {
        TemporaryCardStatus::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TemporaryCardStatus::Ordered => "加急制作中",
            TemporaryCardStatus::Ready => "可领取",
        }
    }

    /// The title of its event in the application's timeline.
    pub fn event_title(self) -> &'static str {
        match self {
            TemporaryCardStatus::Ordered => "临时居民身份证已受理，加急制作",
            TemporaryCardStatus::Ready => "临时居民身份证已制好，可以领取",
        }
    }
}

/// The temporary card as the application shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TemporaryCardView {
    /// None until the fee is paid (nothing is made before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TemporaryCardStatus>,
    /// `YYYY-MM-DD`: the last day it should take, once paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ready_by: Option<String>,
    pub fee_fen: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> TemporaryCardRules {
        TemporaryCardRules {
            fee_fen: 1000,
            ready_within_working_days: 3,
            offices: vec!["cd-wuhou".into()],
        }
    }

    #[test]
    fn three_working_days_from_a_friday_is_the_wednesday_after() {
        let friday = Date::new(2026, 11, 27).unwrap();
        assert_eq!(rules().ready_by(friday), Date::new(2026, 12, 2).unwrap());
        assert!(rules().offered_at("cd-wuhou"));
        assert!(!rules().offered_at("cd-jinjiang"));
    }

    #[test]
    fn only_a_card_collected_at_an_office_can_come_with_one() {
        let mut form = FormAnswers {
            temporary_card: Some(TemporaryCard::Wanted),
            delivery: Some(DeliveryMethod::Pickup),
            ..FormAnswers::default()
        };
        assert!(wanted(&form));
        form.delivery = Some(DeliveryMethod::Ems);
        assert!(!wanted(&form), "posted: nothing to collect it with");
        form.delivery = Some(DeliveryMethod::Pickup);
        form.temporary_card = Some(TemporaryCard::NotWanted);
        assert!(!wanted(&form));
    }

    #[test]
    fn the_temporary_card_has_one_arrow() {
        let arrows: Vec<_> = TemporaryCardStatus::ALL
            .into_iter()
            .flat_map(|a| TemporaryCardStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            arrows,
            [(TemporaryCardStatus::Ordered, TemporaryCardStatus::Ready)]
        );
        for t in TemporaryCardStatus::ALL {
            assert_eq!(TemporaryCardStatus::parse(t.as_str()), Some(t));
        }
    }
}
