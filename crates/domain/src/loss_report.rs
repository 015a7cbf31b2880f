//! 挂失: reporting a lost or stolen card so nobody can use it, and withdrawing the
//! report (解挂) when the card turns up, which is possible only until a new card has
//! been made: from then on the old card is invalid for good.

use crate::error::Refusal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::error::FieldError;
use crate::field::Reason;
use crate::idcard;
use crate::lifecycle::Status;
use crate::validate;

/// How a province takes 挂失 and 解挂: online (the national loss-report system's way,
/// Sichuan's 微户政), or only in person at a police station (Shanghai: 须本人至就近公安
/// 派出所综合窗口申报挂失; 解挂 with the card in hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LossReportRules {
    pub online: bool,
    /// Where to go when it is not online (Shanghai: any police station's 综合窗口).
    #[serde(default)]
    pub at: String,
    /// What to bring for 挂失 there.
    #[serde(default)]
    pub bring: Vec<String>,
    /// What to bring for 解挂 there.
    #[serde(default)]
    pub withdraw_bring: Vec<String>,
}

impl Default for LossReportRules {
    /// A profile that says nothing takes reports online, as the national system does.
    fn default() -> Self {
        LossReportRules {
            online: true,
            at: String::new(),
            bring: Vec::new(),
            withdraw_bring: Vec::new(),
        }
    }
}

/// Why an online 挂失 or 解挂 is refused by the province's rules: where to go instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtStation {
    pub message: String,
}

impl AtStation {
    pub const REPORT: &'static str = "report_at_station";
    pub const WITHDRAW: &'static str = "withdraw_at_station";
}

/// May a report be made online under these rules? If not, where and with what.
pub fn report_online(rules: &LossReportRules) -> Result<(), AtStation> {
    match rules.online {
        true => Ok(()),
        false => {
            let bring = match rules.bring.is_empty() {
                true => String::new(),
                false => format!("请带上{}。", rules.bring.join("、")),
            };
            Err(AtStation {
                message: format!(
                    "本地的身份证挂失须本人到{}申报，不能在线办理。{bring}挂失不影响您在线申请补领新证。",
                    rules.at
                ),
            })
        }
    }
}

/// May a report be withdrawn online under these rules?
pub fn withdraw_online(rules: &LossReportRules) -> Result<(), AtStation> {
    match rules.online {
        true => Ok(()),
        false => Err(AtStation {
            message: format!(
                "本地的解除挂失须到{}办理。请携带{}前往，解挂后身份证可以继续使用。",
                rules.at,
                rules.withdraw_bring.join("、")
            ),
        }),
    }
}

/// The life of a loss report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// 已挂失: the card may not be used.
    Reported,
    /// 已解挂: found again, and usable again.
    Withdrawn,
    /// 已失效: a new card was made; the old one is invalid for good.
    Void,
}

/// The seed rule, in its own words: what the page says once 解挂 is no longer possible.
pub const VOID_RULE: &str = "挂失期间已经补领了新的身份证，原居民身份证找回后无法继续使用";

impl ReportStatus {
    pub const ALL: [ReportStatus; 3] = [
        ReportStatus::Reported,
        ReportStatus::Withdrawn,
        ReportStatus::Void,
    ];

    /// The states this one may move to: 解挂 by the applicant, or 失效 when a new card
    /// is made. Both are final.
    pub fn successors(self) -> &'static [ReportStatus] {
        match self {
            ReportStatus::Reported => &[ReportStatus::Withdrawn, ReportStatus::Void],
            ReportStatus::Withdrawn | ReportStatus::Void => &[],
        }
    }

    pub fn can_become(self, to: ReportStatus) -> bool {
        self.successors().contains(&to)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Reported => "reported",
            ReportStatus::Withdrawn => "withdrawn",
            ReportStatus::Void => "void",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ReportStatus::Reported => "已挂失",
            ReportStatus::Withdrawn => "已解挂",
            ReportStatus::Void => "已失效",
        }
    }
}

/// A reissue application reaching this state has a new card made for the ID number:
/// every open report for it becomes void.
pub fn voids_reports(status: Status) -> bool {
    status == Status::InProduction
}

/// `POST /api/v1/loss-reports`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LossReportRequest {
    pub name: String,
    pub id_number: String,
    pub kind: Option<Reason>,
    /// When it was lost or stolen, roughly (`YYYY-MM-DD`).
    pub lost_on: String,
    /// Where, roughly (a district, a street, "地铁 2 号线").
    pub place: String,
    #[serde(default)]
    pub description: String,
    /// 报警回执号, for a stolen card (optional: the report does not wait for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_receipt: Option<String>,
    /// The reporter's 本人承诺 ([`PROMISE`]): the national system takes a report only
    /// from the card's lawful holder, on true information.
    #[serde(default)]
    pub promised: bool,
}

/// 本人承诺, as the reporter ticks it.
pub const PROMISE: &str = "本人承诺：挂失的是本人的居民身份证，所填信息真实准确";

/// A report as the applicant (masked) or the officer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LossReport {
    /// The 挂失回执 number.
    pub number: String,
    pub status: ReportStatus,
    pub name: String,
    /// Masked, except for the officer's own look-up.
    pub id_number: String,
    pub kind: Reason,
    pub lost_on: String,
    pub place: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub police_receipt: Option<String>,
    pub reported_at: String,
    /// When it was withdrawn or became void.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
}

/// `POST /api/v1/loss-reports/{number}/withdrawal`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Withdrawal {
    /// The applicant's answer when a reissue application for the card is still open:
    /// cancel it too (`true`), or keep the report (`false`/absent, and the server asks).
    #[serde(default)]
    pub cancel_application: Option<bool>,
}

const PLACE_MAX: usize = 60;
const DESCRIPTION_MAX: usize = 200;

fn bad(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.into(),
    }
}

/// Checks a report as typed; on success the request with the name trimmed, the ID number
/// normalised and a police receipt kept only for a stolen card. Every problem at once.
pub fn check_request(
    req: &LossReportRequest,
    today: Date,
) -> Result<LossReportRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = req.clone();
    out.name = req.name.trim().to_string();
    let chars = out.name.chars().count();
    if chars == 0 {
        errors.push(bad("name", "required", "请输入姓名"));
    } else if chars > 40 {
        errors.push(bad("name", "too_long", "姓名不能超过 40 个字"));
    }
    match idcard::parse(&req.id_number, today) {
        Ok(id) => out.id_number = id.number,
        Err(e) => errors.push(bad("id_number", e.code(), e.message())),
    }
    if req.kind.is_none() {
        errors.push(bad("kind", "required", "请选择丢失还是被盗"));
    }
    match Date::parse_iso(req.lost_on.trim()).filter(|_| req.lost_on.trim().len() == 10) {
        None => errors.push(bad("lost_on", "required", "请选择大约什么时候丢失")),
        Some(d) if d > today => {
            errors.push(bad("lost_on", "future", "日期不能晚于今天，请重新选择"))
        }
        Some(_) => out.lost_on = req.lost_on.trim().to_string(),
    }
    out.place = req.place.trim().to_string();
    if out.place.is_empty() {
        errors.push(bad(
            "place",
            "required",
            "请填写大约在哪里丢失，如“地铁 2 号线”或“某某商场附近”",
        ));
    } else if out.place.chars().count() > PLACE_MAX {
        errors.push(bad(
            "place",
            "too_long",
            format!("地点不能超过 {PLACE_MAX} 个字"),
        ));
    }
    out.description = req.description.trim().to_string();
    if out.description.chars().count() > DESCRIPTION_MAX {
        errors.push(bad(
            "description",
            "too_long",
            format!("情况说明不能超过 {DESCRIPTION_MAX} 个字"),
        ));
    }
    out.police_receipt = match (req.kind, req.police_receipt.as_deref().map(str::trim)) {
        (Some(Reason::Stolen), Some(r)) if !r.is_empty() => match validate::police_receipt(r) {
            Ok(r) => Some(r),
            Err(e) => {
                errors.push(bad("police_receipt", e.code, e.message));
                Some(r.to_string())
            }
        },
        _ => None,
    };
    if !req.promised {
        errors.push(bad(
            "promised",
            "required",
            format!("请阅读并勾选“{PROMISE}”"),
        ));
    }
    match errors.is_empty() {
        true => Ok(out),
        false => Err(errors),
    }
}

/// Why a verified person's 挂失 is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportRefused {
    /// The name is not the register's for the number (or, for one's own card, not the
    /// verified person's).
    NameMismatch,
    /// This phone filed [`crate::identity::REPORTS_PER_PHONE_DAY`] reports today.
    DailyLimit,
    /// The card is reported already: from this phone (under this 挂失回执 number), or
    /// from another (said only to the card's holder, who may not have done it).
    AlreadyReported { ours: Option<String> },
}

impl Refusal for ReportRefused {
    fn code(&self) -> &'static str {
        match self {
            ReportRefused::NameMismatch => "name_mismatch",
            ReportRefused::DailyLimit => "report_limit",
            ReportRefused::AlreadyReported { .. } => "already_reported",
        }
    }

    fn message(&self) -> String {
        match self {
            ReportRefused::NameMismatch => {
                "姓名与身份证登记的不一致，请按身份证上的姓名填写".to_string()
            }
            ReportRefused::DailyLimit => {
                "今天已经登记了多份挂失。如还需挂失，请明天再试，或到派出所窗口办理".to_string()
            }
            ReportRefused::AlreadyReported { ours: Some(number) } => format!(
                "这张身份证已经挂失（挂失回执号 {number}），不用重复挂失。可在“我的办件”查看"
            ),
            ReportRefused::AlreadyReported { ours: None } => {
                "这张身份证已在另一部手机上挂失，不用重复挂失。如不是您本人挂失的，请拨打咨询电话"
                    .to_string()
            }
        }
    }
}

/// Why 解挂 is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawRefused {
    /// A new card was made: [`VOID_RULE`].
    NewCardIssued,
    /// Withdrawn already.
    NotReported,
    /// A reissue application for this card is open: cancel it too, or keep the report.
    ApplicationOpen,
    /// A reissue application for this card is past the point where it can be cancelled
    /// online (under review, or awaiting payment), and no new card is made yet.
    ApplicationInProgress,
    /// A reissue application for this card is open on another phone: it is cancelled
    /// there, by whoever applied, never from here.
    ApplicationElsewhere,
}

impl Refusal for WithdrawRefused {
    fn code(&self) -> &'static str {
        match self {
            WithdrawRefused::NewCardIssued => "new_card_issued",
            WithdrawRefused::NotReported => "not_reported",
            WithdrawRefused::ApplicationOpen => "application_open",
            WithdrawRefused::ApplicationInProgress => "application_in_progress",
            WithdrawRefused::ApplicationElsewhere => "application_elsewhere",
        }
    }

    fn message(&self) -> String {
        match self {
            WithdrawRefused::NewCardIssued => format!("{VOID_RULE}，请使用新证。"),
            WithdrawRefused::NotReported => "这份挂失已经解除，不用再操作。".to_string(),
            WithdrawRefused::ApplicationOpen => {
                "这张身份证还有一份补领申请在办理。解挂后旧证可以继续使用，要同时撤回补领申请吗？"
                    .to_string()
            }
            WithdrawRefused::ApplicationInProgress => {
                "这张身份证的补领申请已在审核或缴费中，不能在线撤回，所以也不能在线解挂。请拨打咨询电话联系办证中心。"
                    .to_string()
            }
            WithdrawRefused::ApplicationElsewhere => {
                "这张身份证还有一份补领申请在另一部手机上办理。请先在提交申请的手机上撤回申请，再解除挂失；或拨打咨询电话。"
                    .to_string()
            }
        }
    }
}

/// May the report be withdrawn, given whether a reissue application of this phone for
/// the card is open (`Some(may_cancel)`: whether it can still be cancelled), whether
/// one is open on another phone, and what the applicant answered about it?
pub fn may_withdraw(
    status: ReportStatus,
    open_application: Option<bool>,
    open_elsewhere: bool,
    cancel_application: Option<bool>,
) -> Result<bool, WithdrawRefused> {
    match status {
        ReportStatus::Void => return Err(WithdrawRefused::NewCardIssued),
        ReportStatus::Withdrawn => return Err(WithdrawRefused::NotReported),
        ReportStatus::Reported => {}
    }
    if open_elsewhere {
        return Err(WithdrawRefused::ApplicationElsewhere);
    }
    match (open_application, cancel_application) {
        // Nothing open: withdraw, nothing else to do.
        (None, _) => Ok(false),
        // Asked, and the answer is to cancel the application too (if it still can be).
        (Some(true), Some(true)) => Ok(true),
        // Past the point of cancelling online (the card is not made yet: that would
        // have made the report void).
        (Some(false), _) => Err(WithdrawRefused::ApplicationInProgress),
        (Some(true), _) => Err(WithdrawRefused::ApplicationOpen),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 12, 1).unwrap()
    }

    fn request() -> LossReportRequest {
        LossReportRequest {
            name: " 张伟 ".into(),
            id_number: "510107199005171230".into(),
            kind: Some(Reason::Stolen),
            lost_on: "2026-11-30".into(),
            place: "成都市武侯区".into(),
            description: "钱包在地铁上被偷".into(),
            police_receipt: Some("jj20261130001".into()),
            promised: true,
        }
    }

    #[test]
    fn a_report_is_checked_and_normalised() {
        let ok = check_request(&request(), today()).unwrap();
        assert_eq!(ok.name, "张伟");
        assert_eq!(ok.police_receipt.as_deref(), Some("JJ20261130001"));
        // A receipt goes only with a stolen card.
        let lost = LossReportRequest {
            kind: Some(Reason::Lost),
            ..request()
        };
        assert_eq!(check_request(&lost, today()).unwrap().police_receipt, None);
        let empty = LossReportRequest::default();
        let fields: Vec<String> = check_request(&empty, today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["name", "id_number", "kind", "lost_on", "place", "promised"]
        );
        let future = LossReportRequest {
            lost_on: "2026-12-02".into(),
            police_receipt: Some("110!".into()),
            ..request()
        };
        let codes: Vec<String> = check_request(&future, today())
            .unwrap_err()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(codes, ["future", "format"]);
    }

    #[test]
    fn shanghai_takes_reports_at_a_station_and_says_where() {
        let shanghai: crate::profile::ServiceProfile =
            serde_json::from_str(include_str!("../../../profiles/shanghai.json")).unwrap();
        let refused = report_online(&shanghai.loss_report).unwrap_err();
        assert!(
            refused.message.contains("派出所") && refused.message.contains("本人"),
            "{}",
            refused.message
        );
        let back = withdraw_online(&shanghai.loss_report).unwrap_err();
        assert!(back.message.contains("已挂失的身份证"), "{}", back.message);
        for other in [
            include_str!("../../../profiles/sichuan.json"),
            include_str!("../../../profiles/guangdong.json"),
        ] {
            let p: crate::profile::ServiceProfile = serde_json::from_str(other).unwrap();
            assert_eq!(report_online(&p.loss_report), Ok(()));
        }
    }

    #[test]
    fn the_lifecycle_has_exactly_two_arrows_both_from_reported() {
        let mut arrows = 0;
        for from in ReportStatus::ALL {
            for to in ReportStatus::ALL {
                if from.can_become(to) {
                    arrows += 1;
                    assert_eq!(from, ReportStatus::Reported, "{from:?} → {to:?}");
                }
            }
        }
        assert_eq!(arrows, 2);
        for s in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn withdrawing_depends_on_the_new_card_and_an_open_application() {
        use ReportStatus::*;
        assert_eq!(may_withdraw(Reported, None, false, None), Ok(false));
        assert_eq!(
            may_withdraw(Reported, Some(true), false, None),
            Err(WithdrawRefused::ApplicationOpen)
        );
        assert_eq!(
            may_withdraw(Reported, Some(true), false, Some(false)),
            Err(WithdrawRefused::ApplicationOpen)
        );
        assert_eq!(
            may_withdraw(Reported, Some(true), false, Some(true)),
            Ok(true)
        );
        assert_eq!(
            may_withdraw(Reported, Some(false), false, Some(true)),
            Err(WithdrawRefused::ApplicationInProgress)
        );
        assert_eq!(
            may_withdraw(Void, None, false, None),
            Err(WithdrawRefused::NewCardIssued)
        );
        assert!(WithdrawRefused::NewCardIssued.message().contains(VOID_RULE));
        assert_eq!(
            may_withdraw(Withdrawn, None, false, None),
            Err(WithdrawRefused::NotReported)
        );
        assert_eq!(
            may_withdraw(Reported, None, true, Some(true)),
            Err(WithdrawRefused::ApplicationElsewhere)
        );
        assert!(voids_reports(Status::InProduction) && !voids_reports(Status::Paid));
    }
}
