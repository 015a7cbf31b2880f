use reissue_domain::date::Date;
use reissue_domain::field::{Field, Stage};
use reissue_domain::submission::{missing_before_submit, stage_applies};
use reissue_domain::validate::{guardian_applies, FormRules};
use reissue_domain::ServiceProfile;

use super::Wizard;

/// The pages of the wizard. Which of them a citizen meets, and in what order, is the
/// profile's to say ([`Step::for_profile`]): a province that takes the card photo from
/// its records has no upload step, one that checks identity at the counter no face check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Notice,
    Eligibility,
    Phone,
    Form,
    Photos,
    CardPhoto,
    Liveness,
    Review,
}

impl Step {
    /// Every step any profile may have, in the order they come.
    pub const ALL: [Step; 8] = [
        Step::Notice,
        Step::Eligibility,
        Step::Phone,
        Step::Form,
        Step::Photos,
        Step::CardPhoto,
        Step::Liveness,
        Step::Review,
    ];

    /// The steps of this profile's journey for someone applying for themselves, in order.
    pub fn for_profile(profile: &ServiceProfile) -> Vec<Step> {
        Step::journey(profile, false)
    }

    /// The steps of this profile's journey, in order: for a guardian applying for a child
    /// (`guardian`), with the photos step for the proof of guardianship even where
    /// nobody else uploads anything.
    pub fn journey(profile: &ServiceProfile, guardian: bool) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| {
                s.stage()
                    .is_none_or(|stage| stage_applies(profile, stage, guardian))
            })
            .collect()
    }

    /// The stage of the application this step answers, for the steps a profile may leave out.
    fn stage(self) -> Option<Stage> {
        match self {
            Step::Photos => Some(Stage::Photos),
            Step::CardPhoto => Some(Stage::CardPhoto),
            Step::Liveness => Some(Stage::Liveness),
            _ => None,
        }
    }

    /// "第 n 步，共 m 步" in this journey (None for a step it does not have).
    pub fn position(self, profile: &ServiceProfile, guardian: bool) -> Option<(usize, usize)> {
        let steps = Step::journey(profile, guardian);
        let i = steps.iter().position(|s| *s == self)?;
        Some((i + 1, steps.len()))
    }

    /// The step after this one in the journey (核对信息 is the last).
    pub fn next(self, profile: &ServiceProfile, guardian: bool) -> Step {
        Step::journey(profile, guardian)
            .into_iter()
            .find(|s| *s > self)
            .unwrap_or(Step::Review)
    }

    /// The step before this one in the journey.
    pub fn previous(self, profile: &ServiceProfile, guardian: bool) -> Option<Step> {
        Step::journey(profile, guardian)
            .into_iter()
            .rev()
            .find(|s| *s < self)
    }

    /// The step where a field is answered (or asked again after a rejection).
    pub fn of(field: Field) -> Step {
        match field.stage() {
            Stage::Form => Step::Form,
            Stage::Photos => Step::Photos,
            Stage::CardPhoto => Step::CardPhoto,
            Stage::Liveness => Step::Liveness,
        }
    }
}

/// Whether the answers so far are a guardian's for a child (the child's ID number as
/// typed, else as saved): that journey has the proof of guardianship's step.
pub fn as_guardian(w: &Wizard, profile: &ServiceProfile, today: Date) -> bool {
    let form = match w.form.id_number.is_some() {
        true => &w.form,
        false => &w.draft.form,
    };
    guardian_applies(form, &FormRules::for_profile(profile, today, None))
}

/// The first step whose prerequisites are not met before `target`, if any: a user who
/// opens a later step without the earlier ones done is sent there.
pub fn first_missing_step(w: &Wizard, target: Step, today: Date, now_ms: i64) -> Option<Step> {
    let profile = w.profile.as_deref()?;
    let steps = Step::journey(profile, as_guardian(w, profile, today));
    if !steps.contains(&target) {
        // A step this service does not have (an old link): on to where the user stands.
        return Some(first_missing_step(w, Step::Review, today, now_ms).unwrap_or(Step::Review));
    }
    // What the server would still refuse, each problem at the step that answers it; only
    // worked out for a page past the form (the form's own guard runs on every keystroke).
    let missing: Vec<Step> = if target > Step::Form {
        let rules = FormRules::for_profile(profile, today, None);
        missing_before_submit(&w.draft, profile, &rules, now_ms)
            .iter()
            .filter_map(|e| Field::parse(&e.field))
            .map(Step::of)
            .collect()
    } else {
        Vec::new()
    };
    for step in steps {
        if step >= target {
            return None;
        }
        let done = match (step, &w.fixing) {
            (Step::Notice, fixing) => w.notice_agreed() || fixing.is_some(),
            (Step::Eligibility, fixing) => w.eligible() || fixing.is_some(),
            (Step::Phone, _) => w.signed_in,
            (Step::Review, _) => true,
            (step, None) => !missing.contains(&step),
            // A fix of a rejected application starts from answers the server holds; a
            // step it goes through again is done once the new photos or check are in.
            (Step::Form, Some(_)) => true,
            (step, Some(fixing)) => !fixing.needs(step) || !missing.contains(&step),
        };
        if !done {
            return Some(step);
        }
    }
    None
}

/// Where 下一步 leads from `step` on `today`: back to 核对信息 after one of its 修改
/// links, else the next step of this journey (while correcting, the next one the
/// correction goes through).
pub fn next_step(w: &Wizard, step: Step, today: Date) -> Step {
    let Some(profile) = w.profile.as_deref() else {
        return Step::Review;
    };
    if w.return_to_review {
        return Step::Review;
    }
    let guardian = as_guardian(w, profile, today);
    let mut next = step.next(profile, guardian);
    if let Some(fixing) = &w.fixing {
        while next != Step::Review && !fixing.needs(next) {
            next = next.next(profile, guardian);
        }
    }
    next
}

/// Where ‹ 返回 leads from `step` on `today`: 核对信息 when a 修改 link opened it, else
/// the step before it in this journey.
pub fn back_step(w: &Wizard, step: Step, today: Date) -> Option<Step> {
    if w.return_to_review {
        return Some(Step::Review);
    }
    let profile = w.profile.as_deref()?;
    let guardian = as_guardian(w, profile, today);
    match step.previous(profile, guardian)? {
        // Signed in already: back goes past the phone check, not into a second one.
        Step::Phone if w.signed_in => Step::Phone.previous(profile, guardian),
        previous => Some(previous),
    }
}
