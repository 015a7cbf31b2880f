//! Every answer, photo and check an application is made of, and the one place each is
//! named: its wire key, its label, what to say when it is missing, where it is answered,
//! and how it is read from and written to [`FormAnswers`]. Adding an answer is one arm
//! here (and its check in [`crate::validate`]); everything that lists fields iterates.

use serde::{Deserialize, Serialize};

use crate::api::{DeliveryMethod, FormAnswers, PhotoSlot, Reason};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    IdNumber,
    /// 户籍所在地: six-digit district code.
    HukouRegion,
    Reason,
    Delivery,
    OfficeId,
    RecipientName,
    RecipientPhone,
    /// 收件地址: six-digit district code.
    AddressRegion,
    AddressDetail,
    Postcode,
    /// 户口本首页 photo.
    RegisterHome,
    /// 户口本本人页 photo.
    RegisterSelf,
    /// The face check.
    Liveness,
}

/// Where a field is answered, as far as the rules care (the browser maps these to pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    Form,
    Photos,
    Liveness,
}

impl Field {
    /// Every field, in the order the applicant meets them.
    pub const ALL: [Field; 14] = [
        Field::Name,
        Field::IdNumber,
        Field::HukouRegion,
        Field::Reason,
        Field::Delivery,
        Field::OfficeId,
        Field::RecipientName,
        Field::RecipientPhone,
        Field::AddressRegion,
        Field::AddressDetail,
        Field::Postcode,
        Field::RegisterHome,
        Field::RegisterSelf,
        Field::Liveness,
    ];

    /// The answers of [`FormAnswers`], in the order the form shows them.
    pub fn form() -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(|f| f.stage() == Stage::Form)
    }

    /// The wire key (as serialised; the key of [`FormAnswers`] for a form answer).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::HukouRegion => "hukou_region",
            Field::Reason => "reason",
            Field::Delivery => "delivery",
            Field::OfficeId => "office_id",
            Field::RecipientName => "recipient_name",
            Field::RecipientPhone => "recipient_phone",
            Field::AddressRegion => "address_region",
            Field::AddressDetail => "address_detail",
            Field::Postcode => "postcode",
            Field::RegisterHome => "register_home",
            Field::RegisterSelf => "register_self",
            Field::Liveness => "liveness",
        }
    }

    pub fn parse(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == key)
    }

    /// What the applicant and the officer call it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::IdNumber => "公民身份号码",
            Field::HukouRegion => "户籍所在地",
            Field::Reason => "补领原因",
            Field::Delivery => "领取方式",
            Field::OfficeId => "办证中心",
            Field::RecipientName => "收件人",
            Field::RecipientPhone => "收件人电话",
            Field::AddressRegion => "收件地址",
            Field::AddressDetail => "详细地址",
            Field::Postcode => "邮政编码",
            Field::RegisterHome => "户口本首页",
            Field::RegisterSelf => "户口本本人页",
            Field::Liveness => "人脸识别",
        }
    }

    /// What to say when it is required and missing.
    pub fn required_message(self) -> &'static str {
        match self {
            Field::Name => "请输入姓名",
            Field::IdNumber => "请输入18位公民身份号码，可在户口本本人页上找到",
            Field::HukouRegion => "请选择户籍所在地",
            Field::Reason => "请选择补领原因",
            Field::Delivery => "请选择领取方式",
            Field::OfficeId => "请选择领取身份证的办证中心",
            Field::RecipientName => "请输入收件人姓名",
            Field::RecipientPhone => "请输入收件人手机号码",
            Field::AddressRegion => "请选择收件地址所在的省、市、区县",
            Field::AddressDetail => "请输入详细地址",
            Field::Postcode => "请填写邮政编码",
            Field::RegisterHome => "请上传户口簿首页照片",
            Field::RegisterSelf => "请上传户口簿本人页照片",
            Field::Liveness => "请先完成人脸识别（通过后 30 分钟内有效）",
        }
    }

    pub fn stage(self) -> Stage {
        match self {
            Field::RegisterHome | Field::RegisterSelf => Stage::Photos,
            Field::Liveness => Stage::Liveness,
            _ => Stage::Form,
        }
    }

    pub fn photo_slot(self) -> Option<PhotoSlot> {
        match self {
            Field::RegisterHome => Some(PhotoSlot::RegisterHome),
            Field::RegisterSelf => Some(PhotoSlot::RegisterSelf),
            _ => None,
        }
    }

    /// Name and ID number say whose application it is: a face check vouches for them.
    pub fn is_identity(self) -> bool {
        matches!(self, Field::Name | Field::IdNumber)
    }

    /// Answers that only matter for one way of receiving the card (the other way's are
    /// ignored, so switching back and forth never blocks anyone).
    pub fn delivery_only(self) -> Option<DeliveryMethod> {
        match self {
            Field::OfficeId => Some(DeliveryMethod::Pickup),
            Field::RecipientName
            | Field::RecipientPhone
            | Field::AddressRegion
            | Field::AddressDetail
            | Field::Postcode => Some(DeliveryMethod::Ems),
            _ => None,
        }
    }

    /// Does a complete application need it, given the chosen delivery?
    pub fn is_required(self, delivery: Option<DeliveryMethod>) -> bool {
        match self {
            Field::Postcode => false,
            f => match f.delivery_only() {
                Some(only) => delivery == Some(only),
                None => true,
            },
        }
    }

    /// Is it part of the application with this delivery (asked, checked, shown)?
    pub fn applies(self, delivery: Option<DeliveryMethod>) -> bool {
        match self.delivery_only() {
            Some(only) => delivery.is_none_or(|d| d == only),
            None => true,
        }
    }

    /// The answers an officer's request to fix this field lets the applicant change: the
    /// field itself, and for 领取方式 every answer of either way of receiving the card.
    pub fn unlocks(self, other: Field) -> bool {
        self == other || (self == Field::Delivery && other.delivery_only().is_some())
    }
}

impl FormAnswers {
    /// A form answer as text (an enum as its wire key); `None` when absent or blank, and
    /// for fields that are not form answers.
    pub fn get(&self, field: Field) -> Option<String> {
        let text = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        match field {
            Field::Name => text(&self.name),
            Field::IdNumber => text(&self.id_number),
            Field::HukouRegion => text(&self.hukou_region),
            Field::Reason => self.reason.map(|r| r.as_str().to_string()),
            Field::Delivery => self.delivery.map(|d| d.as_str().to_string()),
            Field::OfficeId => text(&self.office_id),
            Field::RecipientName => text(&self.recipient_name),
            Field::RecipientPhone => text(&self.recipient_phone),
            Field::AddressRegion => text(&self.address_region),
            Field::AddressDetail => text(&self.address_detail),
            Field::Postcode => text(&self.postcode),
            Field::RegisterHome | Field::RegisterSelf | Field::Liveness => None,
        }
    }

    /// Sets a form answer from text as typed or chosen (kept as is: checking and
    /// normalising is [`crate::validate`]'s). An enum answer that is not one of its keys
    /// clears it; fields that are not form answers are ignored.
    pub fn set(&mut self, field: Field, value: impl Into<String>) {
        let value = value.into();
        match field {
            Field::Name => self.name = Some(value),
            Field::IdNumber => self.id_number = Some(value),
            Field::HukouRegion => self.hukou_region = Some(value),
            Field::Reason => self.reason = Reason::parse(&value),
            Field::Delivery => self.delivery = DeliveryMethod::parse(&value),
            Field::OfficeId => self.office_id = Some(value),
            Field::RecipientName => self.recipient_name = Some(value),
            Field::RecipientPhone => self.recipient_phone = Some(value),
            Field::AddressRegion => self.address_region = Some(value),
            Field::AddressDetail => self.address_detail = Some(value),
            Field::Postcode => self.postcode = Some(value),
            Field::RegisterHome | Field::RegisterSelf | Field::Liveness => {}
        }
    }

    /// Clears a form answer.
    pub fn clear(&mut self, field: Field) {
        match field {
            Field::Name => self.name = None,
            Field::IdNumber => self.id_number = None,
            Field::HukouRegion => self.hukou_region = None,
            Field::Reason => self.reason = None,
            Field::Delivery => self.delivery = None,
            Field::OfficeId => self.office_id = None,
            Field::RecipientName => self.recipient_name = None,
            Field::RecipientPhone => self.recipient_phone = None,
            Field::AddressRegion => self.address_region = None,
            Field::AddressDetail => self.address_detail = None,
            Field::Postcode => self.postcode = None,
            Field::RegisterHome | Field::RegisterSelf | Field::Liveness => {}
        }
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
    fn keys_are_the_wire_names_and_parse_back() {
        for f in Field::ALL {
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
