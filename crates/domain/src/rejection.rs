//! The reasons an officer gives most often for sending an application back, written for
//! the citizen who reads them (what is wrong and what to do), each with the answers it
//! asks to be given again. The officer picks one and may edit the words; the fields
//! decide which steps the applicant goes through again.

use crate::field::Field;

pub struct StandardReason {
    pub text: &'static str,
    pub fields: &'static [Field],
}

pub const STANDARD_REASONS: &[StandardReason] = &[
    StandardReason {
        text: "户口本照片不清晰，无法核对信息。请在光线充足处重新拍摄户口本首页和本人页，四角完整、字迹清楚、无反光。",
        fields: &[Field::RegisterHome, Field::RegisterSelf],
    },
    StandardReason {
        text: "填写的姓名与户口本不一致。请按户口本本人页上登记的姓名重新填写，并重新进行人脸识别。",
        fields: &[Field::Name],
    },
    StandardReason {
        text: "公民身份号码与户口本不一致。请对照户口本本人页逐位核对后重新填写，并重新进行人脸识别。",
        fields: &[Field::IdNumber],
    },
    StandardReason {
        text: "户籍所在地与户口本首页不一致。请按户口本首页上的住址重新选择。",
        fields: &[Field::HukouRegion],
    },
    StandardReason {
        text: "收件地址不完整，EMS 无法投递。请填写到街道、小区、楼栋和门牌号。",
        fields: &[Field::AddressDetail],
    },
    StandardReason {
        text: "人脸识别照片不清晰，无法确认是本人。请在光线充足处正对手机、摘下眼镜和帽子后重新识别。",
        fields: &[Field::Liveness],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standard_reason_says_what_to_do_and_asks_for_something() {
        for r in STANDARD_REASONS {
            assert!(!r.fields.is_empty(), "{}", r.text);
            assert!(r.text.contains('请'), "{}", r.text);
            assert!(r.text.chars().count() <= 120, "{}", r.text);
        }
    }
}
