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
                name: "成都市武侯区办证中心".into(),
                address: "四川省成都市武侯区武侯祠大街 88 号".into(),
                hours: "周一至周五 9:00–12:00，13:30–17:00；周六 9:00–12:00".into(),
                phone: "028-85551234".into(),
            },
            Office {
                id: "cd-jinjiang".into(),
                name: "成都市锦江区办证中心".into(),
                address: "四川省成都市锦江区东大街下东大街段 216 号".into(),
                hours: "周一至周五 9:00–12:00，13:30–17:00".into(),
                phone: "028-86665678".into(),
            },
            Office {
                id: "cd-gaoxin".into(),
                name: "成都高新区办证中心（高新区政务服务中心内）".into(),
                address: "四川省成都市高新区天府大道北段 1480 号".into(),
                hours: "周一至周日 9:00–17:00（法定节假日除外）".into(),
                phone: "028-85339000".into(),
            },
        ],
        notice: Notice {
            version: "2026-12".into(),
            title: "居民身份证丢失补领业务须知".into(),
            key_points: s(&[
                "谁可以办：户籍在四川省、年满 16 周岁的居民，身份证丢失或被盗的。",
                "需要准备：居民户口簿（户口本）首页和本人页，本人手机，以及本人刷脸核验。",
            ]),
            sections: vec![
                NoticeSection {
                    title: "不能在线办理的情况".into(),
                    items: s(&[
                        "未满 16 周岁的，请由监护人携带户口本和监护关系证明，带孩子到办证中心窗口办理。",
                        "户籍不在四川省的，请到现居住地的办证中心申请异地补领。",
                        "不愿或无法进行人脸识别的，请携带户口本到任一办证中心窗口办理。",
                    ]),
                },
                NoticeSection {
                    title: "到办证中心领取".into(),
                    items: s(&[
                        "制证完成后以短信通知，请在办公时间内到您选择的办证中心领取。",
                        "领取时须本人到场，携带户口本，在窗口核验人脸或指纹。",
                    ]),
                },
                NoticeSection {
                    title: "邮寄到家".into(),
                    items: s(&[
                        "证件由 EMS 寄出，寄出后可在“我的办件”中查看运单号和物流。",
                        "收到后请当场验货，检查证件信息是否准确、有无破损。",
                    ]),
                },
                NoticeSection {
                    title: "身份证被盗或担心被冒用".into(),
                    items: s(&[
                        "被盗的，请先拨打 110 报警。",
                        "担心被他人冒用的，可先到就近派出所办理挂失，再申请补领。",
                        "新证制发后，原丢失的身份证自动作废；找回的旧证请勿再使用。",
                        "补领期间如需乘车、住宿，可到办证中心申领临时居民身份证。",
                    ]),
                },
                NoticeSection {
                    title: "注意事项".into(),
                    items: s(&["请如实填写信息，提供虚假材料将依法承担相应责任。"]),
                },
            ],
        },
        liveness_provider: LivenessProvider::Mock,
        payment_provider: PaymentProvider::Mock,
        register_upload_required: true,
        liveness_required: true,
        liveness_max_attempts: 3,
        service_phone: "028-12345".into(),
        working_days: Default::default(),
        mock: false,
    }
}
