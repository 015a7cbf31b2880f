//! 填写信息 for its page: the answers (kept in the wizard), the register's early answer
//! for the name and ID number, and 下一步's check and save.

use gloo::timers::callback::Timeout;
use reissue_domain::submission::changeable_part;
use reissue_domain::validate::{check_form, guardian_applies, normalize_form, FormRules};
use reissue_domain::{
    DeliveryMethod, DraftUpdate, Field, FieldError, FormAnswers, Reason, RegisterCheck,
    Resubmission,
};
use yew::prelude::*;

use super::{call, use_field_errors, use_regions, use_save, FieldErrors, RegionData, UseAction};
use crate::api;
use crate::route::Route;
use crate::router::{use_navigator, Navigator};
use crate::state::{next_step, Action, Step, WizardContext};

/// The answers to send: only what the chosen path needs (no address for pickup, no
/// guardian for an adult).
fn for_path(form: &FormAnswers, guardian: bool) -> FormAnswers {
    let mut f = form.clone();
    match f.delivery {
        Some(DeliveryMethod::Pickup) => {
            f.recipient_name = None;
            f.recipient_phone = None;
            f.address_region = None;
            f.address_detail = None;
            f.postcode = None;
            f.other_signer = None;
        }
        Some(DeliveryMethod::Ems) => {
            f.office_id = None;
            f.temporary_card = None;
        }
        None => {}
    }
    if f.reason != Some(Reason::Stolen) {
        f.police_receipt = None;
    }
    if !guardian {
        f = f.without_guardian();
    }
    f
}

/// Does a guardian apply for this applicant (a child's ID number, where the profile lets
/// guardians apply online)? Asked of the form as it stands, so it follows every keystroke.
/// While correcting, the ID number is held masked: an application made by a guardian
/// stays one.
pub fn guardian_applies_to(wizard: &WizardContext) -> bool {
    if wizard.fixing.is_some() {
        return wizard.form.guardian_name.is_some();
    }
    let Some(profile) = wizard.profile.as_deref() else {
        return false;
    };
    let (today, _) = crate::clock::clock_now();
    guardian_applies(&wizard.form, &FormRules::for_profile(profile, today, None))
}

/// The name and ID number to ask the register about: both well formed, signed in, and
/// not a correction.
fn who_to_check(wizard: &WizardContext) -> Option<(String, String)> {
    if !wizard.signed_in || wizard.fixing.is_some() {
        return None;
    }
    let profile = wizard.profile.as_deref()?;
    let (today, _) = crate::clock::clock_now();
    let rules = FormRules::for_profile(profile, today, None);
    let who = FormAnswers {
        name: wizard.form.name.clone(),
        id_number: wizard.form.id_number.clone(),
        ..FormAnswers::default()
    };
    let both = who.name.is_some() && who.id_number.is_some();
    if !both || !check_form(&who, &rules, false).is_empty() {
        return None;
    }
    let who = normalize_form(&who);
    Some((who.name?, who.id_number?))
}

#[derive(Clone, PartialEq)]
pub struct FormStep {
    pub errors: FieldErrors,
    pub saving: UseAction<()>,
    pub regions: RegionData,
    /// The register's reasons why these answers cannot be handled online (empty while
    /// it has not answered for the name and number as they stand).
    pub refused: Vec<FieldError>,
    wizard: WizardContext,
    navigator: Navigator,
}

#[hook]
pub fn use_form_step() -> FormStep {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let errors = use_field_errors();
    // The register's answer for the name and ID number as typed, asked once both are
    // well formed (after a pause in typing), so nobody fills the whole form to hear at
    // the end that they must go to a window. A correction keeps whose application it is.
    let register = use_state(|| None::<((String, String), RegisterCheck)>);
    let who = who_to_check(&wizard);
    {
        let register = register.clone();
        use_effect_with(who.clone(), move |who| {
            let timer = who.clone().map(|(name, id)| {
                Timeout::new(400, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        // No answer (offline, a server error) is no verdict: the server
                        // decides again at submission.
                        if let Ok(check) = api::register_check(&name, &id).await {
                            register.set(Some(((name, id), check)));
                        }
                    });
                })
            });
            move || drop(timer)
        });
    }
    let refused = match (&*register, &who) {
        (Some((asked, check)), Some(now)) if asked == now && !check.online => check.reasons.clone(),
        _ => Vec::new(),
    };
    FormStep {
        saving: use_save(&errors),
        errors,
        regions: use_regions(),
        refused,
        wizard,
        navigator: use_navigator().expect("router"),
    }
}

impl FormStep {
    /// While correcting a rejected application only what the officer asked about is
    /// asked again; the rest stays as submitted (核对信息 shows it all), and the server
    /// refuses any other change.
    pub fn asked(&self, field: Field) -> bool {
        self.wizard
            .fixing
            .as_ref()
            .is_none_or(|f| f.may_change(field))
    }

    /// An answer given takes its error message away at once; it is checked again on
    /// 下一步.
    pub fn answer(&self, field: Field) -> Callback<String> {
        let (wizard, errors) = (self.wizard.clone(), self.errors.clone());
        Callback::from(move |v: String| {
            if !v.trim().is_empty() {
                errors.answered(field.as_str());
            }
            wizard.dispatch(Action::Answer(field, v))
        })
    }

    pub fn answer_region(&self, field: Field) -> Callback<Option<String>> {
        let answer = self.answer(field);
        Callback::from(move |v: Option<String>| answer.emit(v.unwrap_or_default()))
    }

    /// 下一步: the register's verdict, then the domain's check of what the chosen path
    /// needs, then the save (the draft, or a correction kept with the application).
    pub fn submit(&self) -> Callback<SubmitEvent> {
        let this = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (wizard, errors) = (&this.wizard, &this.errors);
            if this.saving.is_pending() {
                return;
            }
            if !this.refused.is_empty() {
                errors.show(this.refused.clone());
                return;
            }
            let Some(profile) = wizard.profile.as_deref() else {
                return;
            };
            let (today, _) = crate::clock::clock_now();
            let loaded = this.regions.loaded();
            let rules = FormRules::for_profile(profile, today, loaded.as_deref());
            let answers = for_path(&wizard.form, guardian_applies_to(wizard));
            let mut found = check_form(&answers, &rules, true);
            // Answers kept from the application are the server's to check.
            found.retain(|e| Field::parse(&e.field).is_none_or(|f| this.asked(f)));
            if !found.is_empty() {
                errors.show(found);
                return;
            }
            errors.show(Vec::new());
            let normalized = normalize_form(&answers);
            let next = Route::of_step(next_step(wizard, Step::Form, crate::clock::today()));
            // Correcting a rejected application: the server keeps the corrections with
            // the application (sent for good by 核对信息's resubmission), so a reload
            // loses nothing; the ID number it holds stays on the phone masked.
            let fixing = wizard
                .fixing
                .as_ref()
                .map(|f| (f.number.clone(), f.fields.clone()));
            let (wizard, navigator) = (wizard.clone(), this.navigator.clone());
            this.saving.run(call(async move {
                let saved = match fixing {
                    Some((number, fields)) => {
                        let body = Resubmission {
                            form: changeable_part(&fields, &normalized),
                        };
                        let saved = api::save_correction(&number, &body).await;
                        saved.map(|_| Action::FormSaved(wizard.form.overlaid(&body.form)))
                    }
                    None => {
                        let update = DraftUpdate {
                            form: Some(normalized),
                            ..DraftUpdate::default()
                        };
                        api::save_draft(&update).await.map(Action::DraftSaved)
                    }
                };
                wizard.dispatch(saved?);
                wizard.dispatch(Action::ReturnedToReview);
                navigator.push(&next);
                Ok(())
            }));
        })
    }
}
