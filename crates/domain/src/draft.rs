//! The applicant's one current draft as it travels: its answers, its photos, its face
//! check, and the patch that updates it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::field::{FormAnswers, PhotoSlot};
use crate::loss_report::ReportStatus;
use crate::population::CardPhotoChoice;

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
