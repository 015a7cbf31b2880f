//! The `/api/v1` contract between the front-end, the mock server and any real backend,
//! as one index: each type lives with its family and is named here, so a reader finds
//! the whole contract in one place. Amounts are integer fen; times are RFC 3339
//! strings; enums travel as snake_case strings.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

pub use crate::application::{
    AdvanceRequest, ApplicationDetail, ApplicationSummary, Decision, FeeBreakdown, Rejection,
    Resubmission, SubmitResponse, TimelineEvent,
};
pub use crate::appointment::{
    Appointment, AppointmentRequest, AppointmentRules, AppointmentStatus, DayAvailability,
};
pub use crate::delegation::{
    Authorization, AuthorizationStatus, DelegateRequest, DelegationRules, PickupBy, PickupVoucher,
};
pub use crate::draft::{
    Draft, DraftPhotos, DraftUpdate, LivenessSummary, LossReportRef, PhotoMeta,
};
pub use crate::error::{ApiError, FieldError};
pub use crate::field::{
    DeliveryMethod, Field, FormAnswers, PhotoSlot, Reason, Relation, TemporaryCard,
};
pub use crate::flow::{
    FlowStart, FlowState, FlowStatus, LivenessStart, ProviderAction, WechatPayParams,
};
pub use crate::lifecycle::NextAction;
pub use crate::loss_report::ReportStatus;
pub use crate::notify::{Inbox, Message, Unread};
pub use crate::office::Office;
pub use crate::parcel::{Logistics, LogisticsEvent, ParcelLookup, ParcelStage, Parcels};
pub use crate::population::{CardPhotoChoice, RegisterCheck, RegisterQuery};
pub use crate::profile::{
    Fees, LivenessProvider, Notice, NoticeSection, OnlineRules, PaymentProvider, PhotoSource,
    ServiceProfile, WorkingDays, Years,
};
pub use crate::session::{
    CaptchaAnswer, SessionInfo, SessionRequest, SmsCodeRequest, SmsCodeResponse, StartState,
    SIGNED_IN_HINT_COOKIE,
};
pub use crate::temporary_card::{TemporaryCardRules, TemporaryCardStatus, TemporaryCardView};

/// The server is up, and which build it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}
