//! The service profile: what one province offers online and on what terms (names, regions,
//! fees, offices, the notice, the vendors, and each family's own rules), read from the
//! data files in `profiles/`.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::appointment::AppointmentRules;
use crate::date::Date;
use crate::delegation::DelegationRules;
use crate::office::Office;
use crate::payment::PaymentRules;
use crate::region::Regions;
use crate::temporary_card::TemporaryCardRules;
use crate::validate::FormRules;

/// Below this age the shorter limits of [`Years`] apply (the card itself is valid for
/// five years under 16).
pub const MINOR_UNTIL: i32 = 16;

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
    /// The 数字相片采集回执 can be got online here (seed 002): a photo uploaded, reviewed
    /// by hand at the detection centre, a receipt number issued.
    #[serde(default)]
    pub photo_receipt_online: bool,
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
    /// A guardian may collect the card of an adult who lacks legal capacity, with the
    /// voucher, their own ID card and the proof the officer checks.
    #[serde(default)]
    pub guardian_pickup: bool,
    /// Who else may sign for a posted card, and how the applicant agrees.
    #[serde(default)]
    pub sign_for_others: crate::parcel::SignForOthers,
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
    /// 首页's first line: who may apply online here and how the card comes. Said by the
    /// server in the static shell (so the first paint is this province's) and true of
    /// this profile alone: its 户籍, its age and whether a guardian may apply for a child.
    pub fn who_may_apply(&self) -> String {
        let children = match self.guardians_online {
            true => format!("（未满{}周岁的由监护人代为申请）", self.min_age),
            false => String::new(),
        };
        format!(
            "{}户籍、年满{}周岁的居民{children}，可在线申请补领居民身份证，邮寄到家或到办证中心领取。",
            self.province_name, self.min_age
        )
    }

    /// 首页's "what to have ready": the papers this province's journey asks for (the
    /// 户口本 upload, the photo receipt), none where it asks for none.
    pub fn what_to_prepare(&self) -> String {
        let mut papers: Vec<&str> = Vec::new();
        if self.register_upload_required {
            papers.push("户口本");
        }
        if self.photo_sources == [PhotoSource::Receipt] {
            papers.push("数字相片采集回执");
        }
        let face = match self.liveness_required {
            true => "（需要本人刷脸认证）",
            false => "",
        };
        match papers.is_empty() {
            true => format!("约需10分钟。无需上传材料，请在光线充足处办理{face}。"),
            false => format!(
                "约需10分钟。请准备好{}，并在光线充足处办理{face}。",
                papers.join("和")
            ),
        }
    }

    /// Where a card the courier could not deliver waits: the first office the profile
    /// lists (the card centre's own). The sources say only 由申请人…前往受理点领取; the
    /// mock accepts every application at this one office.
    pub fn returns_office(&self) -> Option<&Office> {
        self.offices.first()
    }

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

/// Where the new card's photo comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoSource {
    /// The photo of the last card, from the register (the applicant confirms it is them).
    OnRecord,
    /// A 数字相片采集回执 number: the photo was taken and checked at a studio.
    Receipt,
    /// Taken with the phone's camera in the app.
    Camera,
}

impl PhotoSource {
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSource::OnRecord => "on_record",
            PhotoSource::Receipt => "receipt",
            PhotoSource::Camera => "camera",
        }
    }
}

/// A limit in years, shorter for those under [`MINOR_UNTIL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Years {
    pub adult: u8,
    pub minor: u8,
}

impl Years {
    pub fn for_age(self, age: i32) -> u8 {
        match age < MINOR_UNTIL {
            true => self.minor,
            false => self.adult,
        }
    }
}

/// What the register must say about the last card before someone may apply online,
/// beyond the 户籍 and the minimum age.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OnlineRules {
    /// The last card was issued in this province within this many years.
    #[serde(default)]
    pub card_issued_within_years: Option<Years>,
    /// The last card was issued in this province, however long ago (Guangdong: 已在我省
    /// 公安机关办理过带有指纹信息的二代居民身份证).
    #[serde(default)]
    pub card_issued_here: bool,
    /// The photo on record may be used for the new card when taken within this many
    /// years (with no limit, any photo on record may).
    #[serde(default)]
    pub photo_within_years: Option<Years>,
    /// Fingerprints were registered with the last card.
    #[serde(default)]
    pub fingerprints_required: bool,
    /// From this age a long-term card issued in this province (with fingerprints, when
    /// required) is enough, however old it and its photo are.
    #[serde(default)]
    pub long_term_from_age: Option<u8>,
}

impl OnlineRules {
    /// Does applying online depend on what the register says about the last card (so
    /// someone it does not know cannot apply online)?
    pub fn needs_register(&self, photo_sources: &[PhotoSource]) -> bool {
        self.card_issued_within_years.is_some()
            || self.card_issued_here
            || self.fingerprints_required
            || photo_sources == [PhotoSource::OnRecord]
    }
}

impl<'a> FormRules<'a> {
    /// What `profile` accepts on `today`; region codes checked against the tree when
    /// one is given (the server always has it, the browser once it has loaded).
    pub fn for_profile(
        profile: &'a ServiceProfile,
        today: Date,
        regions: Option<&'a Regions>,
    ) -> FormRules<'a> {
        FormRules {
            today,
            region_prefixes: &profile.region_prefixes,
            min_age: profile.min_age,
            offices: &profile.offices,
            regions,
            temporary_card: profile.temporary_card.as_ref(),
            guardians: profile.guardians_online,
        }
    }
}
