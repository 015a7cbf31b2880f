//! What the applicant is told, and how: the events that need them, each one message in
//! the in-app inbox (消息) and one send per channel, SMS and WeChat subscription
//! message. The words are written once here; the server's notifier only delivers them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::lifecycle::Status;
use crate::mask;

/// The events that need the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// 审核通过，请缴费
    Approved,
    /// 审核未通过，请修改
    Rejected,
    /// 缴费成功
    Paid,
    /// 证件已制好，可领取
    ReadyForPickup,
    /// 证件已寄出
    Shipped,
    /// 已签收
    Delivered,
    /// 未妥投，已退回办证中心
    Returned,
    /// 投递员请求他人代签收 (where the applicant confirms it in the app)
    SignRequested,
    /// 提醒缴费 (a day after approval)
    PaymentReminder,
    /// 最后一天缴费 (the day before the approval closes)
    PaymentLastCall,
    /// 逾期未缴费，办件已关闭
    PaymentExpired,
    /// 挂失已登记 (about a loss report, not an application)
    LossReported,
    /// 受托人已代领
    AuthorizationUsed,
    /// Someone acted on the applicant's card (a report, 解挂, a cancellation, a delegate
    /// named or revoked, a delegate's code tried too often): whoever did it, the card's
    /// people hear of it.
    CardActivity,
    /// 修改期限将到: a rejected application nobody corrected closes soon.
    RejectedClosing,
    /// 相片回执已出具 (about an online receipt order, not an application)
    PhotoReceiptIssued,
    /// 相片审核未通过，可免费重新提交
    PhotoReceiptRefused,
}

impl MessageKind {
    pub const ALL: [MessageKind; 17] = [
        MessageKind::Approved,
        MessageKind::Rejected,
        MessageKind::Paid,
        MessageKind::ReadyForPickup,
        MessageKind::Shipped,
        MessageKind::Delivered,
        MessageKind::Returned,
        MessageKind::SignRequested,
        MessageKind::PaymentReminder,
        MessageKind::PaymentLastCall,
        MessageKind::PaymentExpired,
        MessageKind::LossReported,
        MessageKind::AuthorizationUsed,
        MessageKind::CardActivity,
        MessageKind::RejectedClosing,
        MessageKind::PhotoReceiptIssued,
        MessageKind::PhotoReceiptRefused,
    ];

    /// The message an application's arrival in `status` sends, if it needs the applicant
    /// (the reminders, the loss report and the delegate's pickup are sent by what
    /// causes them, not by a status).
    pub fn on_status(status: Status) -> Option<MessageKind> {
        Some(match status {
            Status::AwaitingPayment => MessageKind::Approved,
            Status::Rejected => MessageKind::Rejected,
            Status::Paid => MessageKind::Paid,
            Status::ReadyForPickup => MessageKind::ReadyForPickup,
            Status::Shipped => MessageKind::Shipped,
            Status::Delivered => MessageKind::Delivered,
            Status::Returned => MessageKind::Returned,
            Status::Expired => MessageKind::PaymentExpired,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Approved => "approved",
            MessageKind::Rejected => "rejected",
            MessageKind::Paid => "paid",
            MessageKind::ReadyForPickup => "ready_for_pickup",
            MessageKind::Shipped => "shipped",
            MessageKind::Delivered => "delivered",
            MessageKind::Returned => "returned",
            MessageKind::SignRequested => "sign_requested",
            MessageKind::PaymentReminder => "payment_reminder",
            MessageKind::PaymentLastCall => "payment_last_call",
            MessageKind::PaymentExpired => "payment_expired",
            MessageKind::LossReported => "loss_reported",
            MessageKind::AuthorizationUsed => "authorization_used",
            MessageKind::CardActivity => "card_activity",
            MessageKind::RejectedClosing => "rejected_closing",
            MessageKind::PhotoReceiptIssued => "photo_receipt_issued",
            MessageKind::PhotoReceiptRefused => "photo_receipt_refused",
        }
    }

    pub fn parse(s: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The inbox's title (and the WeChat template's first line).
    pub fn title(self) -> &'static str {
        match self {
            MessageKind::Approved => "审核通过，请缴费",
            MessageKind::Rejected => "审核未通过，请修改后重新提交",
            MessageKind::Paid => "缴费成功，开始制证",
            MessageKind::ReadyForPickup => "证件已制好，可以领取",
            MessageKind::Shipped => "证件已寄出",
            MessageKind::Delivered => "证件已签收",
            MessageKind::Returned => "证件未能投递，请到办证中心领取",
            MessageKind::SignRequested => "投递员请求他人代签收，请确认",
            MessageKind::PaymentReminder => "审核已通过，请及时缴费",
            MessageKind::PaymentLastCall => "明天截止缴费，逾期办件将关闭",
            MessageKind::PaymentExpired => "逾期未缴费，办件已关闭",
            MessageKind::LossReported => "身份证挂失已登记",
            MessageKind::AuthorizationUsed => "证件已由受托人代领",
            MessageKind::CardActivity => "您的身份证有新的办理操作",
            MessageKind::RejectedClosing => "请尽快修改，办件即将关闭",
            MessageKind::PhotoReceiptIssued => "相片回执已出具",
            MessageKind::PhotoReceiptRefused => "相片审核未通过，可免费重新提交",
        }
    }

    /// What the applicant is asked to do, as the message's button says it.
    pub fn action(self) -> Option<&'static str> {
        match self {
            MessageKind::Approved | MessageKind::PaymentReminder | MessageKind::PaymentLastCall => {
                Some("去缴费")
            }
            MessageKind::Rejected | MessageKind::RejectedClosing => Some("去修改"),
            MessageKind::ReadyForPickup | MessageKind::Returned => Some("查看领取方式"),
            MessageKind::Shipped => Some("查看物流"),
            MessageKind::SignRequested => Some("去确认"),
            MessageKind::LossReported => Some("查看挂失"),
            MessageKind::CardActivity => Some("查看我的办件"),
            MessageKind::PhotoReceiptIssued => Some("继续办理"),
            MessageKind::PhotoReceiptRefused => Some("重新提交"),
            MessageKind::Paid
            | MessageKind::Delivered
            | MessageKind::PaymentExpired
            | MessageKind::AuthorizationUsed => None,
        }
    }

    /// The page the message opens, from what it is about (an application's number, or
    /// a loss report's: 我的挂失 is on 我的办件).
    pub fn link(self, subject: &str) -> String {
        match self {
            MessageKind::LossReported | MessageKind::CardActivity => "/applications".to_string(),
            // The order belongs to the application being written: its photo step.
            MessageKind::PhotoReceiptIssued | MessageKind::PhotoReceiptRefused => {
                "/card-photo".to_string()
            }
            _ => format!("/applications/{subject}"),
        }
    }

    /// The SMS names its subject: a loss report by its 挂失回执号, an application by its
    /// 申请编号.
    fn subject_name(self) -> &'static str {
        match self {
            MessageKind::LossReported => "挂失回执",
            MessageKind::CardActivity => "身份证",
            MessageKind::PhotoReceiptIssued | MessageKind::PhotoReceiptRefused => "相片订单",
            _ => "申请",
        }
    }

    /// The WeChat subscription-message template it is sent with (the mock's ids).
    pub fn template_id(self) -> &'static str {
        match self {
            MessageKind::Approved => "tmpl-review-approved",
            MessageKind::Rejected => "tmpl-review-rejected",
            MessageKind::Paid => "tmpl-payment-received",
            MessageKind::ReadyForPickup => "tmpl-ready-for-pickup",
            MessageKind::Shipped => "tmpl-shipped",
            MessageKind::Delivered => "tmpl-delivered",
            MessageKind::Returned => "tmpl-ready-for-pickup",
            MessageKind::SignRequested => "tmpl-sign-request",
            MessageKind::PaymentReminder | MessageKind::PaymentLastCall => "tmpl-payment-due",
            MessageKind::PaymentExpired => "tmpl-payment-expired",
            MessageKind::LossReported => "tmpl-loss-reported",
            MessageKind::AuthorizationUsed => "tmpl-picked-up-by-delegate",
            MessageKind::CardActivity => "tmpl-card-activity",
            MessageKind::RejectedClosing => "tmpl-review-rejected",
            MessageKind::PhotoReceiptIssued | MessageKind::PhotoReceiptRefused => {
                "tmpl-photo-receipt"
            }
        }
    }
}

/// A message in the inbox, as the applicant reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Message {
    pub id: i64,
    pub kind: MessageKind,
    pub title: String,
    pub body: String,
    /// The application (or loss report) it is about.
    pub application: String,
    /// The page it opens.
    pub link: String,
    /// What the button says, when it asks for something.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub created_at: String,
    pub read: bool,
}

/// `GET /api/v1/messages/unread`: what 首页 and 我的办件 show beside 消息, without the
/// messages themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Unread {
    pub unread: u32,
}

/// `GET /api/v1/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Inbox {
    pub unread: u32,
    pub messages: Vec<Message>,
}

/// The WeChat subscription message, in the API's shape (`subscribeMessage.send`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WechatMessage {
    pub touser: String,
    pub template_id: String,
    /// The mini-program page it opens.
    pub page: String,
    pub data: BTreeMap<String, WechatValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct WechatValue {
    pub value: String,
}

/// What one message says, from the application's number and the event's detail (the
/// rejection's reason, the office and hours, the waybill).
pub struct Wording {
    pub body: String,
    pub sms: String,
}

/// The body and the SMS text for `kind`. The SMS carries the application number masked
/// (a text can be read on a locked screen) and the service's phone.
pub fn wording(
    kind: MessageKind,
    application: &str,
    detail: Option<&str>,
    service_phone: &str,
) -> Wording {
    let masked = mask::application_number(application);
    let detail = detail.unwrap_or("");
    let body = match kind {
        MessageKind::Approved => format!(
            "您的身份证补领申请已审核通过，{detail}。请在“我的办件”中缴费，缴费后开始制证。"
        ),
        MessageKind::Rejected => {
            format!("您的身份证补领申请需要修改：{detail}。请按说明修改后重新提交。")
        }
        // How long production takes is the province's: the application page dates it.
        MessageKind::Paid => format!("{detail}，证件开始制作，预计完成日期可在“我的办件”中查看。"),
        MessageKind::ReadyForPickup => format!("您的新身份证已制好：{detail}。"),
        MessageKind::Shipped => format!("您的新身份证已寄出，{detail}。收到后请当场验货。"),
        MessageKind::Delivered => format!("您的新身份证已签收（{detail}）。原丢失的身份证已作废。"),
        MessageKind::Returned => format!(
            "您的新身份证邮件未能投递，已退回办证中心：{detail}。请本人携带“我的办件”中的领证凭证领取。"
        ),
        MessageKind::SignRequested => format!(
            "投递员到达时您不在，{detail} 请求代您签收新身份证。请在“我的办件”中确认是否同意；不同意或没有及时确认的，证件将退回办证中心，由您本人带领证凭证领取。"
        ),
        MessageKind::PaymentReminder => format!(
            "您的补领申请已审核通过，还没有缴费。请在 {detail} 前缴费，逾期办件将关闭。"
        ),
        MessageKind::PaymentLastCall => format!(
            "您的补领申请将于 {detail} 因未缴费关闭。如仍需补领，请在此之前缴费。"
        ),
        MessageKind::PaymentExpired => format!("{detail}。"),
        MessageKind::LossReported => format!(
            "{detail}。挂失后这张身份证不能再用于办事；找回后可以在“我的办件”中解除挂失。"
        ),
        MessageKind::AuthorizationUsed => format!(
            "您的新身份证已由受托人凭委托授权书代为领取（{detail}）。如非您本人委托，请立即拨打服务电话。"
        ),
        MessageKind::RejectedClosing => format!(
            "您的身份证补领申请审核未通过后还没有修改，将于 {detail} 关闭。如仍需补领，请在此之前按说明修改并重新提交；不再需要可以不用理会。"
        ),
        MessageKind::PhotoReceiptIssued => format!(
            "检测中心已审核通过您的照片，出具了数字相片采集回执：{detail}。回执号已自动填入补领申请，回到“证件照片”继续办理即可。"
        ),
        MessageKind::PhotoReceiptRefused => format!(
            "您的照片未通过检测中心人工审核：{detail}。请按要求重新拍照后在“证件照片”中重新提交，重新提交免费。"
        ),
        MessageKind::CardActivity => format!(
            "{detail}。如不是您本人或您知情的操作，请立即拨打服务电话，或带上户口本到办证中心窗口核实。"
        ),
    };
    let sms = format!(
        "【身份证补领】{} {masked}：{}。详情请打开“我的办件”查看。咨询电话 {service_phone}",
        kind.subject_name(),
        kind.title()
    );
    Wording { body, sms }
}

/// The WeChat payload for `kind` (`thing*` fields are at most 20 characters in WeChat's
/// templates, so long details are cut with an ellipsis).
pub fn wechat(
    kind: MessageKind,
    openid: &str,
    application: &str,
    title: &str,
    at: &str,
) -> WechatMessage {
    let short = |s: &str| -> String {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= 20 {
            s.to_string()
        } else {
            chars[..19].iter().collect::<String>() + "…"
        }
    };
    let mut data = BTreeMap::new();
    data.insert(
        "thing1".into(),
        WechatValue {
            value: short("居民身份证丢失补领"),
        },
    );
    data.insert(
        "character_string2".into(),
        WechatValue {
            value: mask::application_number(application),
        },
    );
    data.insert(
        "thing3".into(),
        WechatValue {
            value: short(title),
        },
    );
    data.insert(
        "time4".into(),
        WechatValue {
            value: at.to_string(),
        },
    );
    WechatMessage {
        touser: openid.to_string(),
        template_id: kind.template_id().to_string(),
        page: kind.link(application),
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_that_needs_the_applicant_has_one_message() {
        let mut sends: Vec<_> = Status::ALL
            .into_iter()
            .filter_map(MessageKind::on_status)
            .map(MessageKind::as_str)
            .collect();
        // The others are sent by what causes them: the clock, a loss report, the counter,
        // the courier at the door.
        let caused = [
            MessageKind::SignRequested,
            MessageKind::PhotoReceiptIssued,
            MessageKind::PhotoReceiptRefused,
            MessageKind::PaymentReminder,
            MessageKind::PaymentLastCall,
            MessageKind::LossReported,
            MessageKind::AuthorizationUsed,
            MessageKind::CardActivity,
            MessageKind::RejectedClosing,
        ];
        sends.extend(caused.map(MessageKind::as_str));
        let mut all: Vec<_> = MessageKind::ALL
            .into_iter()
            .map(MessageKind::as_str)
            .collect();
        sends.sort_unstable();
        all.sort_unstable();
        assert_eq!(sends, all, "each kind once");
        for k in MessageKind::ALL {
            assert_eq!(MessageKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn every_message_says_something_and_opens_a_page_of_the_app() {
        for k in MessageKind::ALL {
            let w = wording(k, "BL20261201000001", Some("详情"), "12345");
            assert!(w.body.contains("详情"), "{k:?}: {}", w.body);
            assert!(w.sms.contains(k.title()), "{k:?}");
            assert!(w.sms.chars().count() <= 70, "{k:?}: one SMS, {}", w.sms);
            let link = k.link("BL20261201000001");
            assert!(
                link.starts_with("/applications") || link == "/card-photo",
                "{k:?}: {link}"
            );
        }
    }

    #[test]
    fn the_sms_masks_the_application_number() {
        let w = wording(
            MessageKind::Rejected,
            "BL20261201000001",
            Some("户口本本人页不清晰"),
            "028-12345",
        );
        assert!(w.body.contains("户口本本人页不清晰"));
        assert!(!w.sms.contains("BL20261201000001"), "{}", w.sms);
        assert!(w.sms.contains("BL20********0001"), "{}", w.sms);
        let p = wechat(
            MessageKind::Rejected,
            "o-mock-1",
            "BL20261201000001",
            MessageKind::Rejected.title(),
            "2026-12-01 10:00",
        );
        assert_eq!(p.template_id, "tmpl-review-rejected");
        assert!(p.data.values().all(|v| v.value.chars().count() <= 20));
        assert_eq!(p.page, "/applications/BL20261201000001");
    }
}
