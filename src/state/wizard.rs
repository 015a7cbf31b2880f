use std::rc::Rc;

use reissue_domain::eligibility::{Eligibility, EligibilityAnswers};
use reissue_domain::{
    submission, ApplicationDetail, Draft, Field, FormAnswers, PhotoMeta, PhotoSlot, ServiceProfile,
    SubmitResponse,
};
use yew::{Reducible, UseReducerHandle};

use super::Step;

/// The wizard's whole state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wizard {
    /// True once the profile and the session/draft check have come back.
    pub booted: bool,
    pub profile: Option<Rc<ServiceProfile>>,
    pub signed_in: bool,
    pub phone_masked: Option<String>,
    /// The draft as the server last confirmed it.
    pub draft: Draft,
    /// What the user is typing on 填写信息; kept across steps, saved on 下一步.
    pub form: FormAnswers,
    /// The answers to 能否在线办理 and the verdict on them. Held in memory only (nothing
    /// personal goes to browser storage); the 户籍 and the reason go on into the form.
    pub eligibility: EligibilityAnswers,
    pub verdict: Option<Eligibility>,
    /// 能否在线办理 said yes earlier in this tab (before a reload).
    pub eligible_before: bool,
    /// The notice version agreed to before signing in (saved with the draft after).
    pub agreed_notice: Option<String>,
    /// Set by a 修改 link on 核对信息: continuing goes straight back there.
    pub return_to_review: bool,
    /// The answer that 修改 link was for: its page opens with that field in view and
    /// focused, instead of at the top of a long form.
    pub edit_field: Option<Field>,
    pub submitted: Option<SubmitResponse>,
    /// Correcting a rejected application.
    pub fixing: Option<Fixing>,
}

/// A rejected application being corrected: its number, the officer's reason, and the
/// fields to fix. Everything else keeps the answers the server holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixing {
    pub number: String,
    pub reason: String,
    pub fields: Vec<Field>,
}

impl Fixing {
    /// The correction of rejected application `detail`.
    pub fn of(detail: &ApplicationDetail) -> Fixing {
        let rejection = detail.rejection.as_ref();
        Fixing {
            number: detail.number.clone(),
            reason: rejection.map(|r| r.reason.clone()).unwrap_or_default(),
            fields: rejection.map(|r| r.fields.clone()).unwrap_or_default(),
        }
    }

    /// Does the correction go through this step again?
    pub fn needs(&self, step: Step) -> bool {
        match step {
            Step::Liveness => submission::fix_needs_face_check(&self.fields),
            step => self.fields.iter().any(|f| Step::of(*f) == step),
        }
    }

    /// May this answer change (the officer asked for it, or for what it depends on)?
    pub fn may_change(&self, field: Field) -> bool {
        submission::may_change(&self.fields, field)
    }

    /// The first step of the journey the correction goes through: 填写信息 when the
    /// officer named no field (the answers are looked over from the start).
    pub fn first_step(&self) -> Step {
        Step::ALL
            .into_iter()
            .find(|s| self.needs(*s))
            .unwrap_or(Step::Form)
    }
}

impl Wizard {
    /// 能否在线办理 said yes in this visit, or the server already holds a 户籍 answer
    /// for this applicant (asked earlier, and checked again on submit).
    pub fn eligible(&self) -> bool {
        matches!(self.verdict, Some(Eligibility::Online))
            || (self.verdict.is_none() && self.eligible_before)
            || self.draft.form.hukou_region.is_some()
    }

    pub fn notice_agreed(&self) -> bool {
        let current = self.profile.as_ref().map(|p| p.notice.version.as_str());
        let agreed = self
            .draft
            .notice_version
            .as_deref()
            .or(self.agreed_notice.as_deref());
        current.is_some() && agreed == current
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The profile and the session check came back (`draft` is `None` when signed out).
    Booted {
        profile: Rc<ServiceProfile>,
        signed_in: bool,
        draft: Option<Draft>,
    },
    AgreedToNotice(String),
    /// 能否在线办理 answered (the verdict from the domain's rule).
    Eligibility(EligibilityAnswers, Eligibility),
    SignedIn {
        phone_masked: String,
    },
    /// The server said the session is gone: keep the answers, ask for the phone again.
    SessionLost,
    SignedOut,
    /// The server confirmed a saved draft (after PUT, a photo upload, or a reload).
    DraftSaved(Draft),
    /// The user answered one question of the form (text as typed, or a choice's key;
    /// empty clears it).
    Answer(Field, String),
    /// The form's answers as the server stored them (normalised), after a save.
    FormSaved(FormAnswers),
    PhotoStored(PhotoSlot, PhotoMeta),
    PhotoRemoved(PhotoSlot),
    /// 修改 on 核对信息: open that step (at `field`, if the link was for one answer)
    /// and come back after.
    EditFromReview {
        field: Option<Field>,
    },
    /// The page opened by 修改 has taken its field (a later visit starts at the top).
    EditFieldTaken,
    ReturnedToReview,
    Submitted(SubmitResponse),
    /// Start correcting a rejected application: its answers (ID number masked) are the
    /// starting point; only the fields to fix are asked again.
    StartFix(Rc<ApplicationDetail>),
    Resubmitted,
}

impl Reducible for Wizard {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut w = (*self).clone();
        match action {
            Action::Booted {
                profile,
                signed_in,
                draft,
            } => {
                w.booted = true;
                w.profile = Some(profile);
                w.signed_in = signed_in;
                if let Some(d) = draft {
                    w.form = merge_form(&w.form, &w.draft.form, &d.form);
                    w.draft = d;
                }
            }
            Action::AgreedToNotice(version) => w.agreed_notice = Some(version),
            Action::Eligibility(answers, verdict) => {
                if verdict == Eligibility::Online {
                    // The same questions on 填写信息 start answered.
                    if let Some(region) = &answers.hukou_region {
                        w.form.hukou_region = Some(region.clone());
                    }
                    if answers.reason.is_some() {
                        w.form.reason = answers.reason;
                    }
                }
                w.eligibility = answers;
                w.verdict = Some(verdict);
            }
            Action::SignedIn { phone_masked } => {
                w.signed_in = true;
                w.phone_masked = Some(phone_masked);
            }
            Action::SessionLost => w.signed_in = false,
            Action::SignedOut => {
                let profile = w.profile.clone();
                w = Wizard {
                    booted: true,
                    profile,
                    ..Wizard::default()
                };
            }
            Action::DraftSaved(d) => {
                w.form = merge_form(&w.form, &w.draft.form, &d.form);
                w.draft = d;
            }
            Action::Answer(field, value) if value.is_empty() => w.form.clear(field),
            Action::Answer(field, value) => w.form.set(field, value),
            Action::FormSaved(form) => w.form = form,
            Action::PhotoStored(slot, meta) => w.draft.photos.set(slot, Some(meta)),
            Action::PhotoRemoved(slot) => w.draft.photos.set(slot, None),
            Action::EditFromReview { field } => {
                w.return_to_review = true;
                w.edit_field = field;
            }
            Action::EditFieldTaken => w.edit_field = None,
            Action::ReturnedToReview => {
                w.return_to_review = false;
                w.edit_field = None;
            }
            Action::Submitted(resp) => {
                w.submitted = Some(resp);
                w.verdict = None;
                w.eligible_before = false;
                w.draft = Draft::default();
                w.form = FormAnswers::default();
                w.return_to_review = false;
                w.fixing = None;
            }
            Action::StartFix(detail) => {
                let fixing = Fixing::of(&detail);
                // The answers with the corrections already saved laid over them.
                let mut form = detail
                    .answers
                    .overlaid(&detail.correction.clone().unwrap_or_default());
                // The server only ever sends the ID number masked; ask for it again
                // only if the officer said it is wrong.
                if fixing.may_change(Field::IdNumber) {
                    form.id_number = None;
                }
                w.draft.form = form.clone();
                w.form = form;
                w.fixing = Some(fixing);
                w.return_to_review = false;
            }
            Action::Resubmitted => {
                w.fixing = None;
                w.draft = Draft::default();
                w.form = FormAnswers::default();
            }
        }
        Rc::new(w)
    }
}

/// A three-way merge of the answers: a field the user changed since the last confirmed
/// draft (`base`) keeps the user's value; any other field takes the server's. So a
/// draft refresh (after signing in again, or saving another step) never overwrites what
/// was typed but not yet saved, and never drops what the server holds.
fn merge_form(local: &FormAnswers, base: &FormAnswers, saved: &FormAnswers) -> FormAnswers {
    let mut out = FormAnswers::default();
    for field in Field::form() {
        let mine = local.get(field);
        let kept = if mine.is_some() && mine != base.get(field) {
            mine
        } else {
            saved.get(field).or(mine)
        };
        if let Some(value) = kept {
            out.set(field, value);
        }
    }
    out
}

pub type WizardContext = UseReducerHandle<Wizard>;
