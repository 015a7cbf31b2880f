//! 数字相片采集回执, got online where the profile offers it (seed 002, Guangdong): the
//! applicant uploads a front-facing photo, which passes the same portrait checks as the
//! camera path; the photo-detection centre reviews it by hand and either issues a receipt
//! number or refuses with a reason, and a refused photo is resubmitted free of charge.
//! The receipt is issued for the city of the applicant's 户籍 (seed 002: 办证城市一定不能
//! 填错 — here nobody can choose it wrong).

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoOrderState {
    /// 人工审核中.
    Reviewing,
    /// 回执已出具: `receipt` holds its number.
    Issued,
    /// 审核未通过: `reason` says why; a new order may be placed, free.
    Refused,
}

impl PhotoOrderState {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoOrderState::Reviewing => "reviewing",
            PhotoOrderState::Issued => "issued",
            PhotoOrderState::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<PhotoOrderState> {
        [
            PhotoOrderState::Reviewing,
            PhotoOrderState::Issued,
            PhotoOrderState::Refused,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// `GET /api/v1/photo-orders/current`, `POST /api/v1/photo-orders`: the applicant's
/// latest order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhotoOrder {
    /// 订单号.
    pub number: String,
    pub state: PhotoOrderState,
    /// The 办证城市's name, as the receipt prints it.
    pub city: String,
    pub submitted_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// 回执号 (图像号), once issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

/// `POST /api/v1/admin/photo-orders/{number}/decision`: the detection centre's verdict
/// (the mock centre issues on its own after [`REVIEW_MS`] when nobody decided first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhotoOrderDecision {
    pub approve: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

/// How long the mock centre takes to review by hand.
pub const REVIEW_MS: i64 = 2 * 60 * 1000;

/// How long an issued receipt can be used (the seeded studio receipts' term).
pub const VALID_DAYS: i64 = 180;

/// Why the centre refuses when it gives no reason of its own.
pub const DEFAULT_REFUSAL: &str = "照片不符合居民身份证相片要求";

/// May this draft order a receipt online? Where the profile offers it, once the 户籍 is
/// known (the receipt's city) and a photo has been uploaded and checked.
pub fn may_order(
    offered: bool,
    hukou_region: Option<&str>,
    has_photo: bool,
) -> Result<String, (&'static str, &'static str)> {
    if !offered {
        return Err((
            "photo_order_not_offered",
            "本地不能在线申请相片回执，请到照相馆拍照取得回执",
        ));
    }
    let city = hukou_region
        .filter(|r| r.len() >= 4 && r.bytes().all(|b| b.is_ascii_digit()))
        .map(|r| r[..4].to_string())
        .ok_or((
            "hukou_first",
            "请先在“填写信息”中选择户籍所在地：回执的办证城市就是户籍所在的城市",
        ))?;
    if !has_photo {
        return Err(("photo_first", "请先上传一张本人正面免冠照片"));
    }
    Ok(city)
}

/// A receipt number in the service's shape: the province's letters, the 户籍 region,
/// the month and a sequence (like the seeded studio receipts, GD4401062026110001).
pub fn receipt_number(prefix: &str, hukou_region: &str, today: Date, seq: u32) -> String {
    format!(
        "{prefix}{hukou_region}{:04}{:02}{:04}",
        today.year,
        today.month,
        seq % 10_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_needs_the_offer_the_hukou_and_a_photo() {
        assert_eq!(
            may_order(true, Some("440106"), true),
            Ok("4401".to_string())
        );
        assert_eq!(
            may_order(false, Some("440106"), true).unwrap_err().0,
            "photo_order_not_offered"
        );
        assert_eq!(may_order(true, None, true).unwrap_err().0, "hukou_first");
        assert_eq!(
            may_order(true, Some("44"), true).unwrap_err().0,
            "hukou_first"
        );
        assert_eq!(
            may_order(true, Some("440106"), false).unwrap_err().0,
            "photo_first"
        );
    }

    #[test]
    fn an_issued_number_is_one_the_receipt_field_takes() {
        let n = receipt_number("GD", "440106", Date::new(2026, 12, 8).unwrap(), 3);
        assert_eq!(n, "GD4401062026120003");
        assert_eq!(crate::population::receipt_number(&n), Ok(n.clone()));
    }

    #[test]
    fn states_read_back() {
        for s in [
            PhotoOrderState::Reviewing,
            PhotoOrderState::Issued,
            PhotoOrderState::Refused,
        ] {
            assert_eq!(PhotoOrderState::parse(s.as_str()), Some(s));
        }
    }

    /// Seed 002 is Guangdong's; the other provinces' seeds describe no online receipt.
    #[test]
    fn only_guangdong_issues_receipts_online() {
        for (file, offered) in [
            (include_str!("../../../profiles/guangdong.json"), true),
            (include_str!("../../../profiles/sichuan.json"), false),
            (include_str!("../../../profiles/shanghai.json"), false),
        ] {
            let p: crate::profile::ServiceProfile = serde_json::from_str(file).unwrap();
            assert_eq!(p.photo_receipt_online, offered, "{}", p.id);
        }
    }
}
