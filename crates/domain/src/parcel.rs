//! A posted card's parcel as the courier reports it: where it is (收寄 → 运输中 → 派送中 →
//! 已签收, or 已退回 when it could not be delivered) and each scan, for the applicant's page and for 物流进度查询, where anyone
//! who can read an SMS to the recipient's phone sees the parcels sent to it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Where a parcel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ParcelStage {
    /// 已收寄: the courier has it.
    Accepted,
    /// 运输中: between the sorting centres.
    InTransit,
    /// 派送中: with the postman.
    OutForDelivery,
    /// 已签收: handed over (to whom, the event says).
    Delivered,
    /// 已退回: not delivered (未妥投), back at the office for collection.
    Returned,
}

impl ParcelStage {
    pub fn label(self) -> &'static str {
        match self {
            ParcelStage::Accepted => "已收寄",
            ParcelStage::InTransit => "运输中",
            ParcelStage::OutForDelivery => "派送中",
            ParcelStage::Delivered => "已签收",
            ParcelStage::Returned => "已退回",
        }
    }
}

/// One scan of the parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LogisticsEvent {
    pub at: String,
    pub stage: ParcelStage,
    pub description: String,
}

/// A card's parcel, newest scan first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Logistics {
    pub carrier: String,
    pub tracking_number: String,
    /// Where it is now (the newest scan's stage).
    pub stage: ParcelStage,
    /// The recipient's name, masked (张*三).
    pub recipient: String,
    pub events: Vec<LogisticsEvent>,
}

/// `POST /api/v1/parcels/lookup`: the recipient's phone and the SMS code sent to it
/// (`POST /api/v1/sms-codes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ParcelLookup {
    pub phone: String,
    pub code: String,
}

/// Every card parcel sent to that phone, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Parcels {
    pub phone_masked: String,
    pub parcels: Vec<Logistics>,
}

/// How someone other than the applicant may sign for a posted card.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignForOthers {
    /// The applicant names a 可代签收人 on the form; the courier telephones them before
    /// handing it over.
    #[default]
    Named,
    /// Seed 001 (Shanghai): 经邮政速递员与申请人本人确认，可以由他人使用“随申码”代为签收 —
    /// the courier's request reaches the applicant, who confirms it on their own phone;
    /// and 不持有或使用智能手机有困难的 sign with the 领证凭证, which a posted card has
    /// from the day it is sent.
    ConfirmInApp,
}

impl SignForOthers {
    /// Does a posted card carry a 领证凭证 for signing, under this rule?
    pub fn voucher_when_posted(self) -> bool {
        self == SignForOthers::ConfirmInApp
    }
}

/// Where the courier's request to let someone else sign stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignRequestState {
    /// Waiting for the applicant.
    Pending,
    /// The applicant agreed: the person signed.
    Approved,
    /// The applicant said no: the parcel went back to the office.
    Declined,
    /// Nobody answered before the courier's round ended: back to the office.
    Lapsed,
}

impl SignRequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            SignRequestState::Pending => "pending",
            SignRequestState::Approved => "approved",
            SignRequestState::Declined => "declined",
            SignRequestState::Lapsed => "lapsed",
        }
    }

    pub fn parse(s: &str) -> Option<SignRequestState> {
        [
            SignRequestState::Pending,
            SignRequestState::Approved,
            SignRequestState::Declined,
            SignRequestState::Lapsed,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// 代签收: the courier found someone else at the door and asks the applicant whether
/// that person may sign for the card. The signer's name is in full: it is what the
/// applicant decides on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignRequest {
    pub signer: String,
    pub asked_at: String,
    pub state: SignRequestState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<String>,
}

/// `POST /api/v1/applications/{number}/sign-request`: the applicant's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignAnswer {
    pub approve: bool,
}

/// The timeline's words for each end of a request, and the signing scan's.
pub fn signed_by_other(signer: &str) -> String {
    format!("签收人：{signer}（申请人已在线确认代签收）")
}

/// Why the request went back to the office, in the timeline and the message.
pub fn returned_because(state: SignRequestState) -> &'static str {
    match state {
        SignRequestState::Declined => "申请人未同意他人代签收",
        _ => "代签收请求未在投递时限内得到申请人确认",
    }
}

/// May the applicant answer the courier now? Only while the parcel is out and the
/// request still waits.
pub fn may_answer(
    status: crate::lifecycle::Status,
    request: Option<SignRequestState>,
) -> Result<(), (&'static str, &'static str)> {
    match request {
        None => Err(("no_sign_request", "投递员没有请求他人代签收，不需要确认")),
        Some(SignRequestState::Pending) if status == crate::lifecycle::Status::Shipped => Ok(()),
        Some(_) => Err((
            "sign_request_over",
            "这次代签收请求已经处理过了，请刷新页面查看证件的最新状态",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::Status;

    #[test]
    fn only_a_waiting_request_on_a_parcel_still_out_is_answered() {
        assert!(may_answer(Status::Shipped, Some(SignRequestState::Pending)).is_ok());
        assert_eq!(
            may_answer(Status::Shipped, None).unwrap_err().0,
            "no_sign_request"
        );
        for done in [
            SignRequestState::Approved,
            SignRequestState::Declined,
            SignRequestState::Lapsed,
        ] {
            assert_eq!(
                may_answer(Status::Shipped, Some(done)).unwrap_err().0,
                "sign_request_over"
            );
        }
        // Delivered or returned meanwhile: too late, whatever the request says.
        for status in [Status::Delivered, Status::Returned, Status::PickedUp] {
            assert!(may_answer(status, Some(SignRequestState::Pending)).is_err());
        }
    }

    #[test]
    fn states_read_back_from_their_names() {
        for s in [
            SignRequestState::Pending,
            SignRequestState::Approved,
            SignRequestState::Declined,
            SignRequestState::Lapsed,
        ] {
            assert_eq!(SignRequestState::parse(s.as_str()), Some(s));
        }
        assert_eq!(SignRequestState::parse("maybe"), None);
    }

    /// Seed 001 is Shanghai's: there the applicant confirms; the other provinces' seeds
    /// say nothing of it, so their 可代签收人 is named on the form.
    #[test]
    fn shanghai_confirms_someone_else_s_signature_in_the_app() {
        for (file, rule) in [
            (
                include_str!("../../../profiles/shanghai.json"),
                SignForOthers::ConfirmInApp,
            ),
            (
                include_str!("../../../profiles/sichuan.json"),
                SignForOthers::Named,
            ),
            (
                include_str!("../../../profiles/guangdong.json"),
                SignForOthers::Named,
            ),
        ] {
            let p: crate::profile::ServiceProfile = serde_json::from_str(file).unwrap();
            assert_eq!(p.sign_for_others, rule, "{}", p.id);
        }
    }

    #[test]
    fn only_confirm_in_app_posts_a_voucher_with_the_card() {
        assert!(SignForOthers::ConfirmInApp.voucher_when_posted());
        assert!(!SignForOthers::Named.voucher_when_posted());
        assert_eq!(SignForOthers::default(), SignForOthers::Named);
    }
}
