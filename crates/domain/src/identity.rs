//! Whose card this is. A signed-in session proves a phone; a face check bound to a name
//! and an ID number proves a person, for a while. Every action on a card or on an
//! application says here which of the two it needs, and whom the person must be.
//!
//! In China an ID number is not a secret: acting on a card because someone typed its
//! number would let anyone report a stranger's card lost, withdraw the report or cancel
//! the application. So the family's actions on a card take the *holder*, verified: the
//! person on the card, or the guardian whose face check was bound to the child's card.

use crate::error::Refusal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::field::FormAnswers;
use crate::idcard;

/// How long a passed face check vouches for its person: long enough to file a report
/// or name a delegate after it, short enough that a phone left on a table is not a
/// person for the day.
pub const VERIFIED_FOR_MS: i64 = 30 * 60 * 1000;

/// Loss reports one phone may file in a day (a family's cards, not a list of numbers).
pub const REPORTS_PER_PHONE_DAY: u32 = 3;

/// Face checks for a person alone one phone may start in a day: each is a vendor's
/// check (and its fee); a family needs a few.
pub const FACE_CHECKS_PER_PHONE_DAY: u32 = 10;

/// Distinct name-and-number pairs one phone (and one client address) may ask the
/// register about in a day: an applicant asks about themself and perhaps a child.
pub const REGISTER_PAIRS_PER_DAY: u32 = 5;

/// What proves the right to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    /// The signed-in phone (its own drafts, applications it submitted, its inbox).
    Phone,
    /// The card's holder (or the guardian bound to it), verified by a face check.
    Holder,
}

/// The actions on a card or an application that need more than the phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// 挂失.
    ReportLoss,
    /// 解挂 (and, with it, cancelling the reissue application of the same phone).
    WithdrawReport,
    /// 撤回申请.
    CancelApplication,
    /// 委托他人代领.
    NameDelegate,
    /// 取消委托.
    RevokeDelegate,
    /// The register's details about a person (the card's history, fingerprints, the
    /// photo's date), beyond "may I apply online".
    RegisterDetails,
}

impl Act {
    pub const ALL: [Act; 6] = [
        Act::ReportLoss,
        Act::WithdrawReport,
        Act::CancelApplication,
        Act::NameDelegate,
        Act::RevokeDelegate,
        Act::RegisterDetails,
    ];

    /// The one table of who may act.
    pub fn proof(self) -> Proof {
        match self {
            Act::ReportLoss
            | Act::WithdrawReport
            | Act::CancelApplication
            | Act::NameDelegate
            | Act::RevokeDelegate
            | Act::RegisterDetails => Proof::Holder,
        }
    }

    /// The action's name, as the message the card's people get names it.
    pub fn what(self) -> &'static str {
        match self {
            Act::ReportLoss => "挂失",
            Act::WithdrawReport => "解除挂失",
            Act::CancelApplication => "撤回补领申请",
            Act::NameDelegate => "委托他人代领新证",
            Act::RevokeDelegate => "取消代领委托",
            Act::RegisterDetails => "查询户籍登记",
        }
    }

    /// What the card's people are told (the inbox message's detail): the card masked,
    /// what was done, and the number it was done under (a 挂失回执号 for the report's
    /// acts, the 申请编号 for the application's).
    pub fn told(self, card: &str, reference: &str) -> String {
        let label = match self {
            Act::ReportLoss | Act::WithdrawReport => "挂失回执号",
            _ => "申请编号",
        };
        format!(
            "您的身份证（{}）刚刚办理了“{}”（{label} {reference}）",
            crate::mask::id_number(card),
            self.what()
        )
    }
}

/// A person as a face check vouched for them: the normalised name and ID number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub id_number: String,
}

impl Person {
    pub fn new(name: &str, id_number: &str) -> Person {
        Person {
            name: name.trim().to_string(),
            id_number: idcard::normalize(id_number),
        }
    }

    /// The face an application's face check was bound to (the guardian's, for a child).
    pub fn face_of(answers: &FormAnswers) -> Option<Person> {
        let face = answers.face_identity();
        Some(Person::new(
            face.name.as_deref()?,
            face.id_number.as_deref()?,
        ))
    }
}

/// Why an action is refused to the person asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No face check, or it is too old: the page offers one.
    NotVerified,
    /// Verified, but as someone who does not hold this card. Said the same way as a
    /// card or report that does not exist, so nothing is learnt about another's card.
    NotHolder,
}

impl Refusal for Refused {
    fn code(&self) -> &'static str {
        match self {
            Refused::NotVerified => "identity_required",
            Refused::NotHolder => "not_holder",
        }
    }

    fn message(&self) -> String {
        let text = match self {
            Refused::NotVerified => {
                "为确认是本人办理，请先进行人脸识别。识别通过后 30 分钟内可继续操作。"
            }
            Refused::NotHolder => {
                "只能为本人（或您监护的未成年子女）的身份证办理。如需为他人办理，请由本人操作或到办证中心窗口办理。"
            }
        };
        text.to_string()
    }
}

/// May `person` act on the card numbered `card`? The holder may; so may the guardian
/// whose face check an application for that card was bound to (`guardian_of` lists the
/// children's cards this person applied for, as the server found them).
pub fn holds(person: &Person, card: &str, guardian_of: &[String]) -> Result<(), Refused> {
    let card = idcard::normalize(card);
    match person.id_number == card || guardian_of.contains(&card) {
        true => Ok(()),
        false => Err(Refused::NotHolder),
    }
}

/// May the person act on this application? Its card's holder, or the face it was
/// bound to (the guardian of a child).
pub fn holds_application(person: &Person, answers: &FormAnswers) -> Result<(), Refused> {
    let card = idcard::normalize(answers.id_number.as_deref().unwrap_or(""));
    let face = Person::face_of(answers).map(|p| p.id_number);
    match person.id_number == card || face.as_deref() == Some(person.id_number.as_str()) {
        true => Ok(()),
        false => Err(Refused::NotHolder),
    }
}

/// `POST /api/v1/identity/liveness`: a face check for a person, outside the reissue's
/// wizard (to report a card lost, to act on an application). The name and ID number as
/// typed; or an application of this phone, for the face it was bound to; or a loss
/// report of this phone, for its card.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct IdentityCheck {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// The page to come back to afterwards (one of [`RETURN_PAGES`]).
    #[serde(default)]
    pub next: String,
}

/// The pages a face check started outside the wizard may come back to.
pub const RETURN_PAGES: [&str; 3] = ["/loss-report", "/loss-report?from=review", "/applications"];

/// The page to come back to: one of ours (an application's own page included), else
/// 我的办件. Never another site: the path goes into a redirect.
pub fn return_page(asked: &str) -> String {
    if RETURN_PAGES.contains(&asked) {
        return asked.to_string();
    }
    match asked.strip_prefix("/applications/") {
        Some(n)
            if !n.is_empty() && n.len() <= 32 && n.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            asked.to_string()
        }
        _ => "/applications".to_string(),
    }
}

/// `GET /api/v1/identity`: whom this session is verified as, if anyone (when not, whom
/// its last face check was for, as this phone typed them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VerifiedIdentity {
    pub verified: bool,
    #[serde(default)]
    pub name: String,
    /// In full, to the phone verified as its holder (the page shows it masked and sends
    /// it with the report).
    #[serde(default)]
    pub id_number: String,
    /// Seconds left.
    #[serde(default)]
    pub expires_in_seconds: u32,
    /// Where the last face check started outside the wizard asked to come back to.
    #[serde(default)]
    pub next: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZHANG: &str = "510107199005171230";
    const CHILD: &str = "510106201302141235";

    #[test]
    fn every_action_on_a_card_needs_the_holder() {
        for act in Act::ALL {
            assert_eq!(act.proof(), Proof::Holder, "{act:?}");
            assert!(act.told(ZHANG, "GS1").contains(act.what()));
            assert!(!act.told(ZHANG, "GS1").contains(ZHANG));
        }
    }

    #[test]
    fn the_holder_and_the_bound_guardian_hold_a_card_and_nobody_else() {
        let zhang = Person::new(" 张伟 ", "510107199005171230");
        assert_eq!(holds(&zhang, ZHANG, &[]), Ok(()));
        assert_eq!(holds(&zhang, "510107199005171230 ", &[]), Ok(()));
        assert_eq!(holds(&zhang, CHILD, &[]), Err(Refused::NotHolder));
        assert_eq!(holds(&zhang, CHILD, &[CHILD.to_string()]), Ok(()));
        let stranger = Person::new("随便写", "110101199003071234");
        assert_eq!(holds(&stranger, ZHANG, &[]), Err(Refused::NotHolder));
    }

    #[test]
    fn an_application_is_its_card_holders_or_its_guardians() {
        let own = FormAnswers {
            name: Some("张伟".into()),
            id_number: Some(ZHANG.into()),
            ..FormAnswers::default()
        };
        let child = FormAnswers {
            name: Some("王小明".into()),
            id_number: Some(CHILD.into()),
            guardian_name: Some("张伟".into()),
            guardian_id_number: Some(ZHANG.into()),
            ..FormAnswers::default()
        };
        let zhang = Person::new("张伟", ZHANG);
        assert_eq!(holds_application(&zhang, &own), Ok(()));
        assert_eq!(holds_application(&zhang, &child), Ok(()));
        let other = Person::new("李娜", "510104198808081237");
        assert_eq!(holds_application(&other, &own), Err(Refused::NotHolder));
        assert_eq!(holds_application(&other, &child), Err(Refused::NotHolder));
    }

    #[test]
    fn a_face_check_comes_back_only_to_our_own_pages() {
        assert_eq!(return_page("/loss-report"), "/loss-report");
        assert_eq!(return_page("https://evil.example/"), "/applications");
        assert_eq!(return_page("//evil.example"), "/applications");
        assert_eq!(return_page("/applications/SC2026"), "/applications/SC2026");
        assert_eq!(return_page("/applications/../x"), "/applications");
    }
}
