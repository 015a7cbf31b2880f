//! Request and response types of every `/api/v1` endpoint: the contract between the
//! front-end, the mock server and any real backend. Amounts are integer fen; times are
//! RFC 3339 strings; enums travel as snake_case strings.

use serde::{Deserialize, Serialize};

use crate::payment::PaymentRules;

pub use crate::appointment::{
    Appointment, AppointmentRequest, AppointmentRules, AppointmentStatus, DayAvailability,
};
pub use crate::delegation::{
    Authorization, AuthorizationStatus, DelegateRequest, DelegationRules, PickupBy, PickupVoucher,
};
pub use crate::field::{
    DeliveryMethod, Field, FormAnswers, PhotoSlot, Reason, Relation, TemporaryCard,
};
pub use crate::lifecycle::NextAction;
use crate::lifecycle::Status;
pub use crate::loss_report::ReportStatus;
pub use crate::parcel::{Logistics, LogisticsEvent, ParcelLookup, ParcelStage, Parcels};
pub use crate::register::{
    CardPhotoChoice, OnlineRules, PhotoSource, RegisterCheck, RegisterQuery,
};
pub use crate::temporary_card::{TemporaryCardRules, TemporaryCardStatus, TemporaryCardView};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Every error body: a machine code, a Chinese message that says what to do, and for 422
/// the field-level errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
    /// Seconds to wait before trying again (429 answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FieldError {
    /// The form field's key, as in [`FormAnswers`] (e.g. `id_number`).
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

// ---------------------------------------------------------------- service profile

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ServiceProfile {
    pub service_name: String,
    pub province_name: String,
    /// Two-digit (or longer) GB/T 2260 prefixes whose residents may apply here.
    pub region_prefixes: Vec<String>,
    pub min_age: u8,
    pub fees: Fees,
    pub offices: Vec<Office>,
    pub notice: Notice,
    pub liveness_provider: LivenessProvider,
    pub payment_provider: PaymentProvider,
    pub register_upload_required: bool,
    pub liveness_required: bool,
    /// Max liveness attempts per draft before the user is sent to a counter.
    pub liveness_max_attempts: u8,
    pub service_phone: String,
    /// How long each stage usually takes, in working days: what the status pages count
    /// the expected dates from.
    #[serde(default)]
    pub working_days: WorkingDays,
    /// True when the server runs with `--mock`: the UI shows a test banner.
    #[serde(default)]
    pub mock: bool,
    /// The profile's name, as `--profile` takes it.
    #[serde(default)]
    pub id: String,
    /// Where the new card's photo may come from, in the order offered; none: the card
    /// photo is taken at the counter and the journey has no 证件照片 step.
    #[serde(default)]
    pub photo_sources: Vec<PhotoSource>,
    /// What the province calls its photo receipt (广东省居民身份证数字相片采集回执).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_receipt_title: Option<String>,
    /// What the register must say before someone may apply online.
    #[serde(default)]
    pub online_rules: OnlineRules,
    /// Window appointments for those who cannot apply online.
    #[serde(default)]
    pub appointments: AppointmentRules,
    /// 临时居民身份证 with the reissue, where offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_card: Option<TemporaryCardRules>,
    /// A guardian may apply online for a child under `min_age` (the 户口本 step then asks
    /// for the proof of guardianship too, and the face check is the guardian's).
    #[serde(default)]
    pub guardians_online: bool,
    /// 委托领取: someone else may collect at the office, where allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation: Option<DelegationRules>,
    /// How 挂失 and 解挂 are done in the province.
    #[serde(default)]
    pub loss_report: crate::loss_report::LossReportRules,
    /// How long an approval waits for the fee.
    #[serde(default)]
    pub payment: PaymentRules,
    /// The city the cards are posted from (the card centre's), as the courier names it.
    #[serde(default)]
    pub dispatch_city: String,
}

/// Working days each stage usually takes, as (fewest, most).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WorkingDays {
    /// From submission to the officer's decision.
    pub review: (u16, u16),
    /// From payment to the card made.
    pub production: (u16, u16),
    /// From shipping to delivery by EMS.
    pub delivery: (u16, u16),
}

impl Default for WorkingDays {
    /// For a profile that names none: Sichuan's source's review (1–3) and production
    /// (15–20); its EMS is 3–5 (its profile says so), and 3–7 here is an assumption for
    /// a source that gives no figure (Guangdong's), left wide rather than promising.
    fn default() -> Self {
        WorkingDays {
            review: (1, 3),
            production: (15, 20),
            delivery: (3, 7),
        }
    }
}

impl ServiceProfile {
    /// The province code when the service takes residents of exactly one province (the
    /// 户籍 question then starts with it chosen).
    pub fn only_province(&self) -> Option<String> {
        let mut provinces = self.region_prefixes.iter().filter_map(|p| p.get(..2));
        let first = provinces.next()?;
        provinces.all(|p| p == first).then(|| first.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Fees {
    /// 工本费, in fen.
    pub card_fee_fen: u32,
    /// EMS delivery fee, in fen, added only when delivery is chosen.
    pub ems_fee_fen: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Office {
    pub id: String,
    pub name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Notice {
    pub version: String,
    pub title: String,
    /// What everyone must know before starting (who may apply, what is needed, cost and
    /// time), shown in full; the sections are the rest, each behind its own expander.
    #[serde(default)]
    pub key_points: Vec<String>,
    pub sections: Vec<NoticeSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct NoticeSection {
    pub title: String,
    pub items: Vec<String>,
}

/// Chosen by the server's profile, never by the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LivenessProvider {
    Mock,
    RedirectVendor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentProvider {
    Mock,
    WechatJsapi,
}

// ---------------------------------------------------------------- SMS and session

/// The cookie, readable by the page, that the server sets beside the HttpOnly session
/// cookie and clears with it: `1` when this browser may be signed in, nothing else. The
/// page asks for a draft only when it is there (index.html checks it by this name too).
pub const SIGNED_IN_HINT_COOKIE: &str = "reissue_signed_in";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SmsCodeRequest {
    pub phone: String,
    /// The human check's answer, when the server asked for one (`captcha_required`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captcha: Option<CaptchaAnswer>,
}

/// What the captcha vendor's slider gives the page once solved, for the server to check
/// with the vendor (Tencent 天御's shape: a ticket and a random string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CaptchaAnswer {
    pub ticket: String,
    pub randstr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SmsCodeResponse {
    /// Seconds before another code may be requested for this phone.
    pub cooldown_seconds: u32,
    /// The phone the code went to, masked (138****0000).
    pub phone_masked: String,
    /// Only in `--mock` mode: the code itself, so demos and tests can sign in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dev_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfo {
    pub phone_masked: String,
    pub expires_at: String,
    /// Seconds left by the server's clock: the page counts down from this, not from
    /// `expires_at` against a phone clock that may be wrong.
    #[serde(default)]
    pub expires_in_seconds: u32,
    /// The end is the absolute one: activity no longer moves it.
    #[serde(default)]
    pub last: bool,
}

/// What the app needs to start (`GET /api/v1/start`, 200 for anyone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StartState {
    pub signed_in: bool,
    /// The signed-in applicant's draft, if they have one.
    #[serde(default)]
    pub draft: Option<Draft>,
}

// ---------------------------------------------------------------- draft

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhotoMeta {
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub sha256: String,
    pub uploaded_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DraftPhotos {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_home: Option<PhotoMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register_self: Option<PhotoMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_photo: Option<PhotoMeta>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_proof: Option<PhotoMeta>,
}

impl DraftPhotos {
    pub fn get(&self, slot: PhotoSlot) -> Option<&PhotoMeta> {
        match slot {
            PhotoSlot::RegisterHome => self.register_home.as_ref(),
            PhotoSlot::RegisterSelf => self.register_self.as_ref(),
            PhotoSlot::CardPhoto => self.card_photo.as_ref(),
            PhotoSlot::GuardianProof => self.guardian_proof.as_ref(),
        }
    }

    pub fn set(&mut self, slot: PhotoSlot, meta: Option<PhotoMeta>) {
        match slot {
            PhotoSlot::RegisterHome => self.register_home = meta,
            PhotoSlot::RegisterSelf => self.register_self = meta,
            PhotoSlot::CardPhoto => self.card_photo = meta,
            PhotoSlot::GuardianProof => self.guardian_proof = meta,
        }
    }

    /// Every photo held, whatever its slot: what photo files a draft or an application
    /// keeps in use, and what the retention rule deletes.
    pub fn all(&self) -> impl Iterator<Item = &PhotoMeta> {
        PhotoSlot::ALL.into_iter().filter_map(|slot| self.get(slot))
    }

    /// Both pages of the 户口本.
    pub fn complete(&self) -> bool {
        self.register_home.is_some() && self.register_self.is_some()
    }
}

/// The signed-in applicant's draft as the server holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Draft {
    /// The notice version the applicant agreed to (业务须知).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_version: Option<String>,
    /// Consent to face capture (人脸识别), separate from the notice.
    #[serde(default)]
    pub face_consent: bool,
    #[serde(default)]
    pub form: FormAnswers,
    #[serde(default)]
    pub photos: DraftPhotos,
    #[serde(default)]
    pub liveness: LivenessSummary,
    /// Where the new card's photo comes from (the profiles with a 证件照片 step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_photo: Option<CardPhotoChoice>,
    #[serde(default)]
    pub updated_at: String,
    /// The open loss report for the card the form names, if there is one: the server's
    /// answer, never saved with the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loss_report: Option<LossReportRef>,
}

/// A loss report as an application names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LossReportRef {
    /// The 挂失回执 number.
    pub number: String,
    pub status: ReportStatus,
    pub reported_at: String,
}

/// What the server knows about the draft's liveness checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LivenessSummary {
    /// When the last passed check happened; a submit needs it within 30 minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed_at: Option<String>,
    pub attempts: u8,
    pub max_attempts: u8,
}

/// `PUT /api/v1/drafts/current`: only the parts present are changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DraftUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_consent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<FormAnswers>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_photo: Option<CardPhotoChoice>,
}

// ---------------------------------------------------------------- vendor flows

/// What the browser must do to run a vendor flow. The result never comes from here:
/// the server confirms it with the vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "flat::ProviderActionWire"
)]
pub enum ProviderAction {
    /// Navigate to the vendor's page; it comes back to the return route.
    Redirect { url: String },
    /// Call `WeixinJSBridge.invoke('getBrandWCPayRequest', params, cb)`.
    WechatJsapi { params: WechatPayParams },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[allow(non_snake_case)]
pub struct WechatPayParams {
    pub appId: String,
    pub timeStamp: String,
    pub nonceStr: String,
    pub package: String,
    pub signType: String,
    pub paySign: String,
}

/// `POST /api/v1/drafts/current/liveness` (the body is optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LivenessStart {
    /// While correcting this rejected application: the check vouches for its answers
    /// with the correction kept so far, not for the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FlowStart {
    /// Opaque; the return route carries only this.
    pub flow_id: String,
    pub action: ProviderAction,
}

/// A liveness or payment flow as the server decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(
    tag = "status",
    rename_all = "snake_case",
    try_from = "flat::FlowStatusWire"
)]
pub enum FlowStatus {
    Pending,
    Passed,
    Failed { reason: String },
    Cancelled,
    Expired,
}

impl FlowStatus {
    pub fn is_final(&self) -> bool {
        !matches!(self, FlowStatus::Pending)
    }
}

/// The tagged enums the browser reads, decoded from the same JSON as one flat object.
/// serde reads an internally tagged enum by first buffering the whole value in its
/// generic `Content` tree, and that decoder (numbers, floats, maps of anything) is
/// several KB of every phone's download; a flat struct with a plain enum tag is not.
/// Writing is unchanged: the derived, tagged form.
mod flat {
    use serde::Deserialize;

    use super::{FlowStatus, ProviderAction, WechatPayParams};

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum FlowState {
        Pending,
        Passed,
        Failed,
        Cancelled,
        Expired,
    }

    #[derive(Deserialize)]
    pub struct FlowStatusWire {
        status: FlowState,
        #[serde(default)]
        reason: Option<String>,
    }

    impl TryFrom<FlowStatusWire> for FlowStatus {
        type Error = &'static str;
        fn try_from(w: FlowStatusWire) -> Result<Self, Self::Error> {
            Ok(match w.status {
                FlowState::Pending => FlowStatus::Pending,
                FlowState::Passed => FlowStatus::Passed,
                FlowState::Failed => FlowStatus::Failed {
                    reason: w.reason.ok_or("missing field `reason`")?,
                },
                FlowState::Cancelled => FlowStatus::Cancelled,
                FlowState::Expired => FlowStatus::Expired,
            })
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum ActionKind {
        Redirect,
        WechatJsapi,
    }

    #[derive(Deserialize)]
    pub struct ProviderActionWire {
        kind: ActionKind,
        #[serde(default)]
        url: Option<String>,
        #[serde(default)]
        params: Option<WechatPayParams>,
    }

    impl TryFrom<ProviderActionWire> for ProviderAction {
        type Error = &'static str;
        fn try_from(w: ProviderActionWire) -> Result<Self, Self::Error> {
            Ok(match w.kind {
                ActionKind::Redirect => ProviderAction::Redirect {
                    url: w.url.ok_or("missing field `url`")?,
                },
                ActionKind::WechatJsapi => ProviderAction::WechatJsapi {
                    params: w.params.ok_or("missing field `params`")?,
                },
            })
        }
    }
}

// ---------------------------------------------------------------- applications

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

// ---------------------------------------------------------------- officer (admin)

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_replaces_only_what_it_carries_and_a_blank_clears() {
        let base = FormAnswers {
            name: Some("张三".into()),
            reason: Some(Reason::Lost),
            postcode: Some("610041".into()),
            ..FormAnswers::default()
        };
        let patch = FormAnswers {
            name: Some("张叁".into()),
            delivery: Some(DeliveryMethod::Ems),
            postcode: Some("  ".into()),
            ..FormAnswers::default()
        };
        let out = base.overlaid(&patch);
        assert_eq!(out.name.as_deref(), Some("张叁"));
        assert_eq!(
            out.reason,
            Some(Reason::Lost),
            "absent from the patch: kept"
        );
        assert_eq!(out.delivery, Some(DeliveryMethod::Ems));
        assert_eq!(out.postcode, None, "blank in the patch: cleared");
        assert_eq!(base.overlaid(&FormAnswers::default()), base);
    }

    #[test]
    fn the_flat_readers_take_exactly_what_the_tagged_writers_write() {
        let statuses = [
            FlowStatus::Pending,
            FlowStatus::Passed,
            FlowStatus::Failed {
                reason: "光线太暗".into(),
            },
            FlowStatus::Cancelled,
            FlowStatus::Expired,
        ];
        for s in statuses {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(
                serde_json::from_str::<FlowStatus>(&json).unwrap(),
                s,
                "{json}"
            );
        }
        let actions = [
            ProviderAction::Redirect {
                url: "/mock-vendor/liveness/f1".into(),
            },
            ProviderAction::WechatJsapi {
                params: WechatPayParams {
                    appId: "wx1".into(),
                    timeStamp: "1".into(),
                    nonceStr: "n".into(),
                    package: "prepay_id=p".into(),
                    signType: "RSA".into(),
                    paySign: "s".into(),
                },
            },
        ];
        for a in actions {
            let json = serde_json::to_string(&a).unwrap();
            assert!(json.contains(r#""kind":"#), "{json}");
            assert_eq!(serde_json::from_str::<ProviderAction>(&json).unwrap(), a);
        }
        // A variant without its data is refused, as the tagged reader refused it.
        assert!(serde_json::from_str::<FlowStatus>(r#"{"status":"failed"}"#).is_err());
        assert!(serde_json::from_str::<ProviderAction>(r#"{"kind":"redirect"}"#).is_err());
        assert!(serde_json::from_str::<FlowStatus>(r#"{"status":"gone"}"#).is_err());
    }
}
