//! Service profiles. The built-in one is Sichuan-style: residents with a 51 prefix,
//! 工本费 40 元, EMS 20 元, three pickup offices in Chengdu.

use reissue_domain::api::{
    Fees, LivenessProvider, Notice, NoticeSection, Office, PaymentProvider, ServiceProfile,
};

/// `sichuan`, or a path to a JSON file holding a [`ServiceProfile`].
pub fn load(name: &str, mock: bool) -> Result<ServiceProfile, String> {
    let mut profile = match name {
        "sichuan" => sichuan(),
        path if path.ends_with(".json") => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("profile {path}: {e}"))?;
            serde_json::from_str(&text).map_err(|e| format!("profile {path}: {e}"))?
        }
        other => {
            return Err(format!(
                "unknown profile {other:?}: use `sichuan` or a path to a .json profile"
            ))
        }
    };
    profile.mock = mock;
    Ok(profile)
}

fn s(items: &[&str]) -> Vec<String> {
    items.iter().map(|x| x.to_string()).collect()
}

pub fn sichuan() -> ServiceProfile {
    ServiceProfile {
        service_name: "居民身份证丢失补领".into(),
        province_name: "四川省".into(),
        region_prefixes: vec!["51".into()],
        min_age: 16,
        fees: Fees {
            card_fee_fen: 4000,
            ems_fee_fen: 2000,
        },
        offices: vec![
            Office {
                id: "cd-wuhou".into(),
                name: "成都市公安局武侯区分局户政服务中心".into(),
                address: "四川省成都市武侯区武侯祠大街 88 号".into(),
                hours: "周一至周五 9:00–12:00，13:30–17:00；周六 9:00–12:00".into(),
                phone: "028-85551234".into(),
            },
            Office {
                id: "cd-jinjiang".into(),
                name: "成都市公安局锦江区分局户政服务中心".into(),
                address: "四川省成都市锦江区东大街下东大街段 216 号".into(),
                hours: "周一至周五 9:00–12:00，13:30–17:00".into(),
                phone: "028-86665678".into(),
            },
            Office {
                id: "cd-gaoxin".into(),
                name: "成都高新区政务服务中心公安户政窗口".into(),
                address: "四川省成都市高新区天府大道北段 1480 号".into(),
                hours: "周一至周日 9:00–17:00（法定节假日除外）".into(),
                phone: "028-85339000".into(),
            },
        ],
        notice: Notice {
            version: "2026-11".into(),
            title: "居民身份证丢失补领业务须知".into(),
            sections: vec![
                NoticeSection {
                    title: "办理条件".into(),
                    items: s(&[
                        "户籍在四川省、年满 16 周岁的居民，居民身份证丢失或被盗后可在线申请补领。",
                        "未满 16 周岁的，请由监护人陪同到户籍所在地公安派出所办理。",
                        "本人须通过人脸识别核验；不愿或无法进行人脸识别的，请到任一户政服务窗口办理。",
                        "身份证被盗的，建议先向公安机关报案。",
                    ]),
                },
                NoticeSection {
                    title: "所需材料".into(),
                    items: s(&[
                        "居民户口簿首页和本人页的清晰照片（JPG 格式，每张不超过 2 MB，短边不少于 800 像素）。",
                        "本人手机号码，用于接收验证码和办理进度通知。",
                        "选择邮寄的，请准备准确的收件地址。",
                    ]),
                },
                NoticeSection {
                    title: "收费标准".into(),
                    items: s(&[
                        "补领居民身份证工本费 40 元（依据国家发展改革委、财政部规定）。",
                        "选择 EMS 邮寄到家的，另收邮寄费 20 元；到办证中心自取的不收取邮寄费。",
                        "审核通过后在线缴费，缴费前不会收取任何费用。",
                    ]),
                },
                NoticeSection {
                    title: "办理时限".into(),
                    items: s(&[
                        "提交后 1–3 个工作日内完成审核，审核结果以短信通知。",
                        "缴费后进入制证，一般 15–20 个工作日制成。",
                        "邮寄的证件由 EMS 寄出，可在“我的办件”中查看物流。",
                    ]),
                },
                NoticeSection {
                    title: "注意事项".into(),
                    items: s(&[
                        "请如实填写信息，提供虚假材料将依法承担相应责任。",
                        "新证制发后，原丢失的身份证自动作废；找回的旧证请勿再使用。",
                        "领取新证时须本人到场，并在窗口核验人脸或指纹。",
                        "如需临时乘车、住宿，可到户政窗口或车站派出所申领临时身份证明。",
                    ]),
                },
            ],
        },
        liveness_provider: LivenessProvider::Mock,
        payment_provider: PaymentProvider::Mock,
        register_upload_required: true,
        liveness_required: true,
        liveness_max_attempts: 3,
        service_phone: "028-12345".into(),
        mock: false,
    }
}
