//! 委托领取: the applicant names someone to collect the new card at the office, by an
//! authorisation (委托授权书) with a number and a short code that the delegate shows with
//! their own ID card; and the pickup voucher (领证凭证) the office checks for whoever
//! collects.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::date::Date;
use crate::error::FieldError;
use crate::field::DeliveryMethod;
use crate::idcard;
use crate::lifecycle::Status;
use crate::validate;

/// What a profile allows: how long an authorisation lasts at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DelegationRules {
    /// Days from issue; it also ends when the card is collected.
    pub valid_days: u16,
}

/// The life of an authorisation: in force until used at the counter, revoked by the
/// applicant, or past its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuthorizationStatus {
    Active,
    Revoked,
    Used,
    Expired,
}

impl AuthorizationStatus {
    pub const ALL: [AuthorizationStatus; 4] = [
        AuthorizationStatus::Active,
        AuthorizationStatus::Revoked,
        AuthorizationStatus::Used,
        AuthorizationStatus::Expired,
    ];

    /// Three arrows, all from active; the ends are final.
    pub fn can_become(self, to: AuthorizationStatus) -> bool {
        self == AuthorizationStatus::Active && to != AuthorizationStatus::Active
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AuthorizationStatus::Active => "active",
            AuthorizationStatus::Revoked => "revoked",
            AuthorizationStatus::Used => "used",
            AuthorizationStatus::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Option<AuthorizationStatus> {
        AuthorizationStatus::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AuthorizationStatus::Active => "有效",
            AuthorizationStatus::Revoked => "已撤销",
            AuthorizationStatus::Used => "已使用",
            AuthorizationStatus::Expired => "已过期",
        }
    }

    /// The title of its event in the application's timeline.
    pub fn event_title(self) -> &'static str {
        match self {
            AuthorizationStatus::Active => "已委托他人代领",
            AuthorizationStatus::Revoked => "已撤销委托",
            AuthorizationStatus::Used => "受托人已代领",
            AuthorizationStatus::Expired => "委托已过期",
        }
    }

    /// As it stands at `now_ms`: an active one past its end has expired, whether or not
    /// anyone has written that down yet.
    pub fn at(self, valid_until_ms: i64, now_ms: i64) -> AuthorizationStatus {
        match self {
            AuthorizationStatus::Active if now_ms >= valid_until_ms => AuthorizationStatus::Expired,
            s => s,
        }
    }
}

/// `POST /api/v1/applications/{number}/authorization`: who will collect.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DelegateRequest {
    pub name: String,
    pub id_number: String,
    /// The delegate's mobile: the authorisation number is sent there.
    pub phone: String,
}

/// An authorisation as the applicant (and the printable page) sees it: the delegate's
/// numbers masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Authorization {
    /// 授权书编号.
    pub number: String,
    pub status: AuthorizationStatus,
    pub delegate_name: String,
    pub delegate_id_number: String,
    pub delegate_phone: String,
    /// 核验码: six digits the delegate gives at the counter with the number. Only in the
    /// answer that names the delegate: the server keeps a salted digest of it, so the
    /// applicant writes it down then (a forgotten code: revoke and name the delegate again).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub issued_at: String,
    pub valid_until: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
}

/// Wrong 核验码 at the counter after which the authorisation is void: someone guessing
/// at the code of a card that is not theirs.
pub const COUNTER_CODE_TRIES: i64 = 5;

/// Each authorisation sends an SMS to a number the applicant types: a few a day per
/// application is every honest use (a delegate changed once or twice), and no more can
/// turn the service into a way to send texts to strangers.
pub const AUTHORIZATIONS_PER_DAY: i64 = 3;

/// 领证凭证: shown once the card is ready at the office, by the applicant or the delegate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PickupVoucher {
    /// 凭证号: the office looks the card up by it.
    pub number: String,
}

/// Whether the 领证凭证 is shown now: for collecting the card at the office (made there,
/// or returned there by the courier), and while a posted card is out where the profile
/// has those without a smartphone sign with it.
pub fn voucher_shown(status: Status, signing: crate::parcel::SignForOthers) -> bool {
    matches!(status, Status::ReadyForPickup | Status::Returned)
        || (status == Status::Shipped && signing.voucher_when_posted())
}

/// Who collected the card at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum PickupBy {
    Applicant,
    /// The delegate of this authorisation, with its 核验码 and the applicant's 领证凭证
    /// (seed 001: 被委托人凭本人居民身份证、领证凭证及委托书…领取).
    Delegate {
        authorization: String,
        code: String,
        #[serde(default)]
        voucher: String,
    },
    /// The guardian of an applicant who lacks legal capacity (seed 001: 无民事行为能力或
    /// 限制民事行为能力…可由监护人代为领取，提交领证凭证、核验监护人居民身份证), where the
    /// profile allows it. `proof_checked`: the officer has seen the document that makes
    /// them the guardian (a court's decision, a 监护关系证明).
    Guardian {
        name: String,
        id_number: String,
        #[serde(default)]
        proof_checked: bool,
    },
}

/// The 领证凭证 a delegate shows must be this card's: typed or scanned, spaces aside.
pub fn check_voucher(expected: Option<&str>, shown: &str) -> Result<(), FieldError> {
    let shown: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
    match expected {
        Some(v) if !shown.is_empty() && v == shown => Ok(()),
        _ => Err(bad(
            "voucher",
            "voucher_wrong",
            "请受托人出示申请人的领证凭证（凭证号或二维码）；没有领证凭证或凭证号不对的，不能代领",
        )),
    }
}

/// What the guardian brings, as the applicant's page says it.
pub const GUARDIAN_PICKUP_BRING: &str = "无民事行为能力或限制民事行为能力的，可由监护人带上领证凭证、监护人本人的居民身份证和监护关系证明（如法院判决书）代为领取。";

/// Checks a guardian collecting at the counter; on success their name and number in
/// canonical form. Refused where the profile does not allow it, without the officer's
/// check of the proof, or when the "guardian" is the applicant.
pub fn check_guardian_pickup(
    allowed: bool,
    name: &str,
    id_number: &str,
    proof_checked: bool,
    applicant_id: &str,
    today: Date,
) -> Result<(String, String), FieldError> {
    if !allowed {
        return Err(bad(
            "by",
            "guardian_pickup_not_offered",
            "本地不办理监护人代领。请申请人本人领取，或由申请人委托他人代领",
        ));
    }
    if !proof_checked {
        return Err(bad(
            "proof_checked",
            "guardian_proof_required",
            "请先核验监护关系证明（如法院认定无民事行为能力或限制民事行为能力的判决书、监护关系证明）",
        ));
    }
    let name = validate::name(name).map_err(|e| bad("name", e.code, e.message))?;
    let id =
        idcard::parse(id_number, today).map_err(|e| bad("id_number", e.code(), e.message()))?;
    if id.number == applicant_id {
        return Err(bad(
            "id_number",
            "self",
            "这是申请人本人的号码：本人领取请选“申请人本人领取”",
        ));
    }
    Ok((name, id.number))
}

fn bad(field: &str, code: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: code.to_string(),
        message: message.into(),
    }
}

/// Checks the delegate as typed; on success with each answer in canonical form. The
/// applicant cannot name themself. Every problem at once.
pub fn check_request(
    req: &DelegateRequest,
    applicant_id: &str,
    today: Date,
) -> Result<DelegateRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = req.clone();
    match validate::name(&req.name) {
        Ok(n) => out.name = n,
        Err(e) => errors.push(bad("name", e.code, e.message)),
    }
    match idcard::parse(&req.id_number, today) {
        Ok(id) if id.number == applicant_id => errors.push(bad(
            "id_number",
            "self",
            "受托人不能是申请人本人。本人领取不需要委托",
        )),
        Ok(id) => out.id_number = id.number,
        Err(e) => errors.push(bad("id_number", e.code(), e.message())),
    }
    match validate::phone(&req.phone) {
        Ok(p) => out.phone = p,
        Err(e) => errors.push(bad("phone", e.code, e.message)),
    }
    match errors.is_empty() {
        true => Ok(out),
        false => Err(errors),
    }
}

/// May the applicant name (or change) a delegate now? Only for a card to be collected at
/// an office, where the profile allows it, until it is collected.
pub fn may_delegate(
    rules: Option<&DelegationRules>,
    delivery: Option<DeliveryMethod>,
    status: Status,
) -> Result<(), (&'static str, &'static str)> {
    if rules.is_none() {
        return Err((
            "delegation_not_offered",
            "本地不办理在线委托领取。请本人领取，或携带双方身份证和书面委托到办证中心窗口办理",
        ));
    }
    if delivery != Some(DeliveryMethod::Pickup) {
        return Err((
            "not_pickup",
            "邮寄的证件不需要委托领取。要别人代签收，请在领取方式中填写“可代签收人”",
        ));
    }
    use Status::*;
    match status {
        Submitted | UnderReview | Rejected | Resubmitted | AwaitingPayment | Paid
        | InProduction | ReadyForPickup => Ok(()),
        _ => Err(("application_over", "这份申请已经办结或撤回，不能再委托领取")),
    }
}

/// Why a delegate may not collect with this authorisation.
pub fn refused_at_counter(status: AuthorizationStatus) -> Option<(&'static str, &'static str)> {
    match status {
        AuthorizationStatus::Active => None,
        AuthorizationStatus::Revoked => Some((
            "authorization_revoked",
            "申请人已撤销这份委托，受托人不能代领。请申请人本人领取或重新委托",
        )),
        AuthorizationStatus::Used => Some(("authorization_used", "这份委托已经用过，证件已领取")),
        AuthorizationStatus::Expired => Some((
            "authorization_expired",
            "这份委托已过期。请申请人在“我的办件”中重新委托",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::idcard::make_id;

    fn today() -> Date {
        Date::new(2026, 12, 1).unwrap()
    }

    #[test]
    fn a_delegate_is_checked_and_cannot_be_the_applicant() {
        let me = make_id("510107", Date::new(1990, 5, 17).unwrap(), 1);
        let them = make_id("510104", Date::new(1988, 2, 3).unwrap(), 2);
        let ok = check_request(
            &DelegateRequest {
                name: " 王芳 ".into(),
                id_number: them.to_lowercase(),
                phone: "138 0013 8000".into(),
            },
            &me,
            today(),
        )
        .unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.phone.as_str()),
            ("王芳", "13800138000")
        );
        assert_eq!(ok.id_number, them);
        let errors = check_request(
            &DelegateRequest {
                name: "".into(),
                id_number: me.clone(),
                phone: "123".into(),
            },
            &me,
            today(),
        )
        .unwrap_err();
        let codes: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("name", "required"),
                ("id_number", "self"),
                ("phone", "wrong_length")
            ]
        );
    }

    #[test]
    fn a_delegate_shows_this_card_s_voucher() {
        assert_eq!(
            check_voucher(Some("123456789012"), "1234 5678 9012"),
            Ok(())
        );
        for (expected, shown) in [
            (Some("123456789012"), ""),
            (Some("123456789012"), "123456789013"),
            (None, "123456789012"),
            (None, ""),
        ] {
            assert_eq!(
                check_voucher(expected, shown).unwrap_err().code,
                "voucher_wrong",
                "{shown}"
            );
        }
    }

    #[test]
    fn a_guardian_collects_only_where_allowed_with_the_proof_seen() {
        let me = make_id("310101", Date::new(1970, 1, 1).unwrap(), 1);
        let them = make_id("310104", Date::new(1995, 2, 3).unwrap(), 2);
        let code = |r: Result<(String, String), FieldError>| r.unwrap_err().code;
        assert_eq!(
            code(check_guardian_pickup(
                false,
                "王芳",
                &them,
                true,
                &me,
                today()
            )),
            "guardian_pickup_not_offered"
        );
        assert_eq!(
            code(check_guardian_pickup(
                true,
                "王芳",
                &them,
                false,
                &me,
                today()
            )),
            "guardian_proof_required"
        );
        assert_eq!(
            code(check_guardian_pickup(true, "王芳", &me, true, &me, today())),
            "self"
        );
        assert_eq!(
            check_guardian_pickup(true, " 王芳 ", &them.to_lowercase(), true, &me, today()),
            Ok(("王芳".to_string(), them))
        );
    }

    /// Seed 001 is Shanghai's; the other seeds are silent, so only Shanghai offers it.
    #[test]
    fn shanghai_lets_a_guardian_collect_for_an_adult_lacking_capacity() {
        for (file, allowed) in [
            (include_str!("../../../profiles/shanghai.json"), true),
            (include_str!("../../../profiles/sichuan.json"), false),
            (include_str!("../../../profiles/guangdong.json"), false),
        ] {
            let p: crate::profile::ServiceProfile = serde_json::from_str(file).unwrap();
            assert_eq!(p.guardian_pickup, allowed, "{}", p.id);
        }
    }

    #[test]
    fn an_authorisation_has_three_arrows_and_expires_by_the_clock() {
        use AuthorizationStatus::*;
        let arrows: Vec<_> = AuthorizationStatus::ALL
            .into_iter()
            .flat_map(|a| AuthorizationStatus::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            arrows,
            [(Active, Revoked), (Active, Used), (Active, Expired)]
        );
        assert_eq!(Active.at(1000, 999), Active);
        assert_eq!(Active.at(1000, 1000), Expired);
        assert_eq!(Revoked.at(1000, 5000), Revoked);
        assert!(refused_at_counter(Active).is_none());
        for s in [Revoked, Used, Expired] {
            assert!(refused_at_counter(s).is_some());
            assert_eq!(AuthorizationStatus::parse(s.as_str()), Some(s));
        }
    }
}
