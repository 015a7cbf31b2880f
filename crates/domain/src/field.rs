//! Every answer, photo and check an application is made of, and the one place each is
//! named: its wire key, its label, what to say when it is missing, where it is answered,
//! and how it is read from and written to [`FormAnswers`]. Adding an answer is one row
//! of `fields!` (and its check in [`crate::validate`]); everything that lists fields
//! iterates.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

// ---------------------------------------------------------------- the answers
// The answers and their value types live with the fields that name them, so that the
// rest of the domain (API types, lifecycle) depends on them and never the other way.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 丢失
    Lost,
    /// 被盗
    Stolen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    /// 到办证中心自取
    Pickup,
    /// 邮寄到家
    Ems,
}

/// How the guardian who applies for a child is related to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 父母
    Parent,
    /// 其他监护人
    OtherGuardian,
}

/// 临时居民身份证: also wanted, made in a hurry at the office the new card is collected
/// from, where the profile offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TemporaryCard {
    Wanted,
    NotWanted,
}

/// The applicant's answers. Every field is optional so a partly filled draft can be
/// saved; [`crate::validate::check_form`] says what a complete one needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct FormAnswers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    /// 户籍所在地: six-digit district code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hukou_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// 报警回执号, for a stolen card (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_receipt: Option<String>,
    /// For a child under the profile's minimum age: the guardian who applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_relation: Option<Relation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_card: Option<TemporaryCard>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient_phone: Option<String>,
    /// 收件地址: six-digit district code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Someone else the courier may hand the parcel to (after confirming by phone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_signer: Option<String>,
}

impl FormAnswers {
    /// These answers with every field present in `patch` laid over them; a blank text
    /// field in `patch` clears that field. How a draft or a correction is saved, and
    /// how the browser shows a saved correction again.
    pub fn overlaid(&self, patch: &FormAnswers) -> FormAnswers {
        let mut out = self.clone();
        for field in Field::form().filter(|f| patch.has(*f)) {
            out.put(field, patch.get(field));
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PhotoSlot {
    /// 户口本首页
    RegisterHome,
    /// 户口本本人页
    RegisterSelf,
    /// The new card's photo, taken in the app.
    CardPhoto,
    /// 监护关系证明: the 户口本 page with guardian and child, or the 出生医学证明.
    GuardianProof,
}

impl PhotoSlot {
    pub const ALL: [PhotoSlot; 4] = [
        PhotoSlot::RegisterHome,
        PhotoSlot::RegisterSelf,
        PhotoSlot::CardPhoto,
        PhotoSlot::GuardianProof,
    ];
    /// The two pages of the 户口本.
    pub const REGISTER: [PhotoSlot; 2] = [PhotoSlot::RegisterHome, PhotoSlot::RegisterSelf];

    pub fn as_str(self) -> &'static str {
        match self {
            PhotoSlot::RegisterHome => "register_home",
            PhotoSlot::RegisterSelf => "register_self",
            PhotoSlot::CardPhoto => "card_photo",
            PhotoSlot::GuardianProof => "guardian_proof",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|slot| slot.as_str() == s)
    }
}

// ---------------------------------------------------------------- the fields

/// Where a field is answered, as far as the rules care (the browser maps these to pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Form,
    Photos,
    CardPhoto,
    Liveness,
}

/// Reads an answer of [`FormAnswers`] as text (`None` when absent or blank).
macro_rules! get_answer {
    ($form:ident, (text $f:ident)) => {
        $form.$f.clone().filter(|v| !v.trim().is_empty())
    };
    ($form:ident, (choice $f:ident $t:ident)) => {
        $form.$f.map(|v| v.as_str().to_string())
    };
    ($form:ident, none) => {
        None
    };
}

/// `required` or `optional`, as a bool.
macro_rules! needed {
    (required) => {
        true
    };
    (optional) => {
        false
    };
}

/// Whether [`FormAnswers`] carries the answer at all (blank text included: in a patch,
/// a blank answer clears it).
macro_rules! has_answer {
    ($form:ident, (text $f:ident)) => {
        $form.$f.is_some()
    };
    ($form:ident, (choice $f:ident $t:ident)) => {
        $form.$f.is_some()
    };
    ($form:ident, none) => {
        false
    };
}

/// Writes an answer of [`FormAnswers`] from text (a choice that is not one of its keys
/// clears it; `None` clears any answer).
macro_rules! put_answer {
    ($form:ident, $v:ident, (text $f:ident)) => {
        $form.$f = $v
    };
    ($form:ident, $v:ident, (choice $f:ident $t:ident)) => {
        $form.$f = $v.as_deref().and_then($t::parse)
    };
    ($form:ident, $v:ident, none) => {{
        let _ = $v;
    }};
}

/// The one list of fields. Each row: the variant, its wire key, its label, what to say
/// when it is missing, whether a complete application needs it (`required`) or not
/// (`optional`), the stage that answers it, and where [`FormAnswers`] keeps it
/// (`(text field)`, `(choice field Type)`, or `none` for a photo or a check). Adding an
/// answer is a row here, its member in [`FormAnswers`], and its check in
/// [`crate::validate`].
macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident => $key:literal, $label:literal, $required:literal, $need:ident, $stage:ident, $answer:tt; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum Field {
            $( $(#[$doc])* $variant, )*
        }

        impl Field {
            /// Every field, in the order the applicant meets them.
            pub const ALL: &'static [Field] = &[ $( Field::$variant, )* ];

            /// The wire key (as serialised; the member of [`FormAnswers`] for an answer).
            pub fn as_str(self) -> &'static str {
                match self { $( Field::$variant => $key, )* }
            }

            /// What the applicant and the officer call it.
            pub fn label(self) -> &'static str {
                match self { $( Field::$variant => $label, )* }
            }

            /// What to say when it is required and missing.
            pub fn required_message(self) -> &'static str {
                match self { $( Field::$variant => $required, )* }
            }

            pub fn stage(self) -> Stage {
                match self { $( Field::$variant => Stage::$stage, )* }
            }

            /// Does a complete application need it at all (before the delivery choice
            /// is taken into account: [`Field::is_required`])?
            fn needed(self) -> bool {
                match self { $( Field::$variant => needed!($need), )* }
            }
        }

        impl FormAnswers {
            /// A form answer as text (a choice as its wire key); `None` when absent or
            /// blank, and for fields that are not form answers.
            pub fn get(&self, field: Field) -> Option<String> {
                match field { $( Field::$variant => get_answer!(self, $answer), )* }
            }

            /// Does it carry this answer at all (blank text included)?
            pub fn has(&self, field: Field) -> bool {
                match field { $( Field::$variant => has_answer!(self, $answer), )* }
            }

            /// Sets (`Some`) or clears (`None`) a form answer from text as typed or
            /// chosen, kept as is: checking and normalising is [`crate::validate`]'s. A
            /// choice that is not one of its keys clears it; fields that are not form
            /// answers are ignored.
            pub fn put(&mut self, field: Field, value: Option<String>) {
                match field { $( Field::$variant => put_answer!(self, value, $answer), )* }
            }
        }
    };
}

fields! {
    Name => "name", "姓名", "请输入姓名", required, Form, (text name);
    IdNumber => "id_number", "公民身份号码", "请输入18位公民身份号码，可在户口本本人页上找到", required, Form, (text id_number);
    /// 户籍所在地: six-digit district code.
    HukouRegion => "hukou_region", "户籍所在地", "请选择户籍所在地", required, Form, (text hukou_region);
    Reason => "reason", "补领原因", "请选择补领原因", required, Form, (choice reason Reason);
    /// 报警回执号: asked only for a stolen card, and never required (the police may not
    /// have given one yet).
    PoliceReceipt => "police_receipt", "报警回执号", "请填写报警回执号", optional, Form, (text police_receipt);
    /// The guardian's, for a child (asked only then).
    GuardianName => "guardian_name", "监护人姓名", "请输入监护人姓名", required, Form, (text guardian_name);
    GuardianIdNumber => "guardian_id_number", "监护人公民身份号码", "请输入监护人的18位公民身份号码", required, Form, (text guardian_id_number);
    GuardianRelation => "guardian_relation", "与申请人的关系", "请选择您与申请人的关系", required, Form, (choice guardian_relation Relation);
    Delivery => "delivery", "领取方式", "请选择领取方式", required, Form, (choice delivery DeliveryMethod);
    OfficeId => "office_id", "办证中心", "请选择领取身份证的办证中心", required, Form, (text office_id);
    /// 临时居民身份证, at an office that makes them in a hurry.
    TemporaryCard => "temporary_card", "临时居民身份证", "请选择是否同时申领临时居民身份证", optional, Form, (choice temporary_card TemporaryCard);
    RecipientName => "recipient_name", "收件人", "请输入收件人姓名", required, Form, (text recipient_name);
    RecipientPhone => "recipient_phone", "收件人电话", "请输入收件人手机号码", required, Form, (text recipient_phone);
    /// 收件地址: six-digit district code.
    AddressRegion => "address_region", "收件地址", "请选择收件地址所在的省、市、区县", required, Form, (text address_region);
    AddressDetail => "address_detail", "详细地址", "请输入详细地址", required, Form, (text address_detail);
    Postcode => "postcode", "邮政编码", "请填写邮政编码", optional, Form, (text postcode);
    /// 可代签收人: the courier confirms with the applicant before handing it over.
    OtherSigner => "other_signer", "可代签收人", "请填写可代签收人的姓名", optional, Form, (text other_signer);
    /// 户口本首页 photo.
    RegisterHome => "register_home", "户口本首页", "请上传户口本首页照片", required, Photos, none;
    /// 户口本本人页 photo.
    RegisterSelf => "register_self", "户口本本人页", "请上传户口本本人页照片", required, Photos, none;
    /// For a child: 监护关系证明.
    GuardianProof => "guardian_proof", "监护关系证明", "请上传监护关系证明：户口本上同时有监护人和孩子的页面，或出生医学证明", required, Photos, none;
    /// The new card's photo: from the register, a photo receipt, or the camera.
    CardPhoto => "card_photo", "证件照片", "请确定新证使用的照片", required, CardPhoto, none;
    /// The face check.
    Liveness => "liveness", "人脸识别", "请先完成人脸识别（通过后 30 分钟内有效）", required, Liveness, none;
}

impl Field {
    /// The answers of [`FormAnswers`], in the order the form shows them.
    pub fn form() -> impl Iterator<Item = Field> {
        Field::ALL
            .iter()
            .copied()
            .filter(|f| f.stage() == Stage::Form)
    }

    pub fn parse(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.as_str() == key)
    }

    pub fn photo_slot(self) -> Option<PhotoSlot> {
        PhotoSlot::parse(self.as_str())
    }

    /// May an officer ask for it to be fixed online? Not the card photo: the photo on
    /// record and a receipt are checked against the register with the applicant's full
    /// ID number, which a correction (holding it masked) cannot give; a photo that will
    /// not do is retaken at an office window.
    pub fn returnable(self) -> bool {
        self != Field::CardPhoto
    }

    /// Name and ID number say whose application it is (and for a child, the guardian's
    /// say who applies): a face check vouches for them.
    pub fn is_identity(self) -> bool {
        matches!(
            self,
            Field::Name | Field::IdNumber | Field::GuardianName | Field::GuardianIdNumber
        )
    }

    /// Asked only when a guardian applies for a child.
    pub fn guardian_only(self) -> bool {
        matches!(
            self,
            Field::GuardianName
                | Field::GuardianIdNumber
                | Field::GuardianRelation
                | Field::GuardianProof
        )
    }

    /// Answers that only matter for one way of receiving the card (the other way's are
    /// ignored, so switching back and forth never blocks anyone).
    pub fn delivery_only(self) -> Option<DeliveryMethod> {
        match self {
            Field::OfficeId | Field::TemporaryCard => Some(DeliveryMethod::Pickup),
            Field::RecipientName
            | Field::RecipientPhone
            | Field::AddressRegion
            | Field::AddressDetail
            | Field::Postcode
            | Field::OtherSigner => Some(DeliveryMethod::Ems),
            _ => None,
        }
    }

    /// Does a complete application need it, given the chosen delivery?
    pub fn is_required(self, delivery: Option<DeliveryMethod>) -> bool {
        self.needed()
            && match self.delivery_only() {
                Some(only) => delivery == Some(only),
                None => true,
            }
    }

    /// Is it part of an application with these answers (asked, checked, shown)? Either
    /// way of receiving the card while none is chosen; the police receipt only for a
    /// stolen card.
    pub fn applies(self, form: &FormAnswers) -> bool {
        let delivery = match self.delivery_only() {
            Some(only) => form.delivery.is_none_or(|d| d == only),
            None => true,
        };
        delivery && (self != Field::PoliceReceipt || form.reason == Some(Reason::Stolen))
    }

    /// The answers an officer's request to fix this field lets the applicant change: the
    /// field itself, and for 领取方式 every answer of either way of receiving the card.
    pub fn unlocks(self, other: Field) -> bool {
        self == other || (self == Field::Delivery && other.delivery_only().is_some())
    }
}

impl FormAnswers {
    /// Sets a form answer from text as typed or chosen.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        self.put(field, Some(value.into()));
    }

    /// Clears a form answer.
    pub fn clear(&mut self, field: Field) {
        self.put(field, None);
    }
}

impl Reason {
    pub const ALL: [Reason; 2] = [Reason::Lost, Reason::Stolen];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Lost => "lost",
            Reason::Stolen => "stolen",
        }
    }

    pub fn parse(key: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == key)
    }
}

impl Relation {
    pub const ALL: [Relation; 2] = [Relation::Parent, Relation::OtherGuardian];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Parent => "parent",
            Relation::OtherGuardian => "other_guardian",
        }
    }

    pub fn parse(key: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Relation::Parent => "父母",
            Relation::OtherGuardian => "其他监护人",
        }
    }
}

impl FormAnswers {
    /// Whose face the check is of: the guardian's when one applies for a child, else
    /// the applicant's (name and ID number only).
    pub fn face_identity(&self) -> FormAnswers {
        match &self.guardian_id_number {
            Some(_) => FormAnswers {
                name: self.guardian_name.clone(),
                id_number: self.guardian_id_number.clone(),
                ..FormAnswers::default()
            },
            None => FormAnswers {
                name: self.name.clone(),
                id_number: self.id_number.clone(),
                ..FormAnswers::default()
            },
        }
    }

    /// The guardian's answers cleared (the applicant is not a child after all).
    pub fn without_guardian(mut self) -> FormAnswers {
        self.guardian_name = None;
        self.guardian_id_number = None;
        self.guardian_relation = None;
        self
    }
}

impl TemporaryCard {
    pub const ALL: [TemporaryCard; 2] = [TemporaryCard::Wanted, TemporaryCard::NotWanted];

    pub fn as_str(self) -> &'static str {
        match self {
            TemporaryCard::Wanted => "wanted",
            TemporaryCard::NotWanted => "not_wanted",
        }
    }

    pub fn parse(key: &str) -> Option<TemporaryCard> {
        TemporaryCard::ALL.into_iter().find(|t| t.as_str() == key)
    }
}

impl DeliveryMethod {
    pub const ALL: [DeliveryMethod; 2] = [DeliveryMethod::Pickup, DeliveryMethod::Ems];

    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMethod::Pickup => "pickup",
            DeliveryMethod::Ems => "ems",
        }
    }

    pub fn parse(key: &str) -> Option<DeliveryMethod> {
        DeliveryMethod::ALL.into_iter().find(|d| d.as_str() == key)
    }
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
    fn keys_are_the_wire_names_and_parse_back() {
        for &f in Field::ALL {
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
            assert_eq!(Field::parse(f.as_str()), Some(f));
            assert!(!f.label().is_empty());
        }
        assert_eq!(Field::parse("shoe_size"), None);
    }

    #[test]
    fn form_fields_are_exactly_the_keys_form_answers_serialises() {
        let mut full = FormAnswers::default();
        for f in Field::form() {
            full.set(
                f,
                match f {
                    Field::Reason => "lost",
                    Field::Delivery => "ems",
                    Field::TemporaryCard => "wanted",
                    Field::GuardianRelation => "parent",
                    _ => "x",
                },
            );
        }
        let json = serde_json::to_value(&full).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected: Vec<&str> = Field::form().map(Field::as_str).collect();
        let mut keys = keys;
        keys.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        for f in Field::form() {
            assert!(full.get(f).is_some(), "{f:?} reads back");
            full.clear(f);
        }
        assert_eq!(full, FormAnswers::default());
    }

    #[test]
    fn delivery_unlocks_both_ways_of_receiving_the_card() {
        assert!(Field::Delivery.unlocks(Field::OfficeId));
        assert!(Field::Delivery.unlocks(Field::AddressDetail));
        assert!(!Field::Delivery.unlocks(Field::Name));
        assert!(!Field::Postcode.unlocks(Field::AddressDetail));
        assert!(Field::Postcode.unlocks(Field::Postcode));
    }
}
