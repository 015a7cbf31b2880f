//! Submitted applications as they travel: the receipt, the list, the detail, a
//! resubmission; and the officer's decision on one.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::delegation::{Authorization, AuthorizationStatus, PickupVoucher};
use crate::draft::LossReportRef;
use crate::field::{Field, FormAnswers};
use crate::lifecycle::{NextAction, Status};
use crate::office::Office;
use crate::population::CardPhotoChoice;
use crate::temporary_card::{TemporaryCardStatus, TemporaryCardView};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubmitResponse {
    /// 申请编号: unique, human-readable, at most 20 characters.
    pub number: String,
    pub status: Status,
    pub submitted_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApplicationSummary {
    pub number: String,
    pub status: Status,
    pub submitted_at: String,
    pub updated_at: String,
    pub next_action: Option<NextAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TimelineEvent {
    pub at: String,
    pub status: Status,
    /// Plain-words title of the event (e.g. 审核通过，请缴费).
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// An event of the temporary card, not a change of the application's status (which
    /// `status` then only repeats).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_card: Option<TemporaryCardStatus>,
    /// An event of a pickup authorisation (given, revoked), likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationStatus>,
}

impl TimelineEvent {
    /// Not a change of the application's own status.
    pub fn is_side_event(&self) -> bool {
        self.temporary_card.is_some() || self.authorization.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Rejection {
    pub reason: String,
    /// What the applicant is asked to fix (and so may change).
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FeeBreakdown {
    pub card_fee_fen: u32,
    pub ems_fee_fen: u32,
    /// 临时居民身份证工本费, when one was asked for.
    #[serde(default)]
    pub temporary_card_fee_fen: u32,
    pub total_fen: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApplicationDetail {
    pub number: String,
    pub status: Status,
    /// The answers, with the ID number masked.
    pub answers: FormAnswers,
    pub timeline: Vec<TimelineEvent>,
    pub next_action: Option<NextAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection: Option<Rejection>,
    /// While rejected: the corrections saved so far (only the fields sent; the ID
    /// number masked), so a reload mid-correction loses nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<FormAnswers>,
    pub fees: FeeBreakdown,
    pub paid: bool,
    /// While the fee is due: when the approval closes unpaid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Where the new card's photo comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_photo: Option<CardPhotoChoice>,
    /// The loss report for the old card, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_report: Option<LossReportRef>,
    /// The temporary card asked for with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_card: Option<TemporaryCardView>,
    /// The latest 委托领取 authorisation, in whatever state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// 领证凭证, while the card waits at the office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<PickupVoucher>,
    /// The courier's request to let someone else sign for the posted card, where the
    /// profile has the applicant confirm it in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_request: Option<crate::parcel::SignRequest>,
    pub submitted_at: String,
    pub updated_at: String,
}

/// `POST /api/v1/applications/{number}/resubmission`: the corrected answers (the
/// current draft's photos are used when `register_*` was among the fields to fix).
/// Also the body of `PUT …/correction`, which keeps corrections until then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Resubmission {
    pub form: FormAnswers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject { reason: String, fields: Vec<String> },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdvanceRequest {
    /// EMS tracking number when moving to shipped; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
}
