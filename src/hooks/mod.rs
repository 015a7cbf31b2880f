//! Hooks the pages share.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;

use reissue_domain::region::Regions;
use reissue_domain::FieldError;
use yew::prelude::*;

use crate::api::{self, Remote};
use crate::components::ErrorSummary;

mod action;
mod application;
mod appointment;
mod delegation;
mod form_step;
mod loss_report;
mod sms_code;
mod submission;

pub use action::{
    call, send_and_forget, use_action, use_poll, use_resource, use_save, Call, Resource, UseAction,
    WhenLost,
};
pub use application::{
    use_application, use_my_applications, use_sign_out, ApplicationFlow, MyApplications,
};
pub use appointment::{use_appointment, AppointmentFlow};
pub use delegation::{use_delegate, DelegateFlow};
pub use form_step::{guardian_applies_to, use_form_step, FormStep};
pub use loss_report::{use_loss_report, use_loss_reports, LossReportFlow, LossReportList};
pub use sms_code::{field_error, on_field, use_sms_code, SmsCode};
pub use submission::{use_submission, Submission};

/// The problems a page shows (its error summary and the message under each field).
///
/// Each [`FieldErrors::show`] counts as a new attempt, so the summary takes focus again
/// even when the list is the same as before: a person who taps 下一步 twice must hear
/// the problems twice. The count lives outside the render, so a handle captured by an
/// earlier render still counts up rather than repeating an old number.
#[derive(Clone, PartialEq)]
pub struct FieldErrors {
    list: UseStateHandle<Vec<FieldError>>,
    attempt: UseStateHandle<u32>,
    counter: Rc<RefCell<u32>>,
    /// The list as last set, for handles captured before the render that shows it (two
    /// answers in a row must not bring the first one's message back).
    latest: Rc<RefCell<Vec<FieldError>>>,
}

impl FieldErrors {
    /// Shows these problems (after a failed 下一步 or a 422 from the server).
    pub fn show(&self, errors: Vec<FieldError>) {
        let attempt = {
            let mut n = self.counter.borrow_mut();
            *n += 1;
            *n
        };
        self.replace(errors);
        self.attempt.set(attempt);
    }

    /// Replaces the list quietly (a problem fixed: its message goes, focus stays).
    pub fn replace(&self, errors: Vec<FieldError>) {
        *self.latest.borrow_mut() = errors.clone();
        self.list.set(errors);
    }

    /// The person answered `field`: its message goes at once (an older user who still
    /// sees "请选择…" after choosing thinks the tap did not register). The answer is
    /// checked again on the next 下一步.
    pub fn answered(&self, field: &str) {
        let latest = self.latest.borrow().clone();
        if latest.iter().any(|e| e.field == field) {
            self.replace(latest.into_iter().filter(|e| e.field != field).collect());
        }
    }

    pub fn clear(&self) {
        self.replace(Vec::new());
    }

    /// The summary at the top of the page.
    pub fn summary(&self) -> Html {
        html! { <ErrorSummary errors={(*self.list).clone()} attempt={*self.attempt} /> }
    }
}

impl Deref for FieldErrors {
    type Target = Vec<FieldError>;

    fn deref(&self) -> &Vec<FieldError> {
        &self.list
    }
}

/// The region tree for the province → city → district pickers, loaded once per page
/// (the API client shares one download between pages), with a retry after a failure.
#[derive(Clone, PartialEq)]
pub struct RegionData {
    pub state: UseStateHandle<Remote<Rc<Regions>>>,
    attempt: UseStateHandle<u32>,
}

impl RegionData {
    /// The tree, once it is in (rules check region codes against it then).
    pub fn loaded(&self) -> Option<Rc<Regions>> {
        match &*self.state {
            Remote::Done(r) => Some(r.clone()),
            _ => None,
        }
    }

    /// For 重试 after a failed download.
    pub fn retry(&self) -> Callback<MouseEvent> {
        let attempt = self.attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    }
}

#[hook]
pub fn use_regions() -> RegionData {
    let state = use_state(|| Remote::<Rc<Regions>>::Pending);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(*attempt, move |_| {
            state.set(Remote::Pending);
            wasm_bindgen_futures::spawn_local(async move {
                state.set(match api::regions().await {
                    Ok(r) => Remote::Done(r),
                    Err(e) => Remote::Failed(e),
                });
            });
        });
    }
    RegionData { state, attempt }
}

#[hook]
pub fn use_field_errors() -> FieldErrors {
    let list = use_state(Vec::<FieldError>::new);
    let attempt = use_state(|| 0u32);
    let counter = use_mut_ref(|| 0u32);
    let latest = use_mut_ref(Vec::new);
    FieldErrors {
        list,
        attempt,
        counter,
        latest,
    }
}

/// The input callback of one answer of a form kept whole in a state (a loss report, a
/// delegate): it writes the answer with `put` and takes that answer's error down at once.
pub fn answer_setter<T: Clone + 'static>(
    answers: &UseStateHandle<T>,
    errors: &FieldErrors,
    field: &'static str,
    put: fn(&mut T, String),
) -> Callback<String> {
    let (answers, errors) = (answers.clone(), errors.clone());
    Callback::from(move |v: String| {
        let mut a = (*answers).clone();
        put(&mut a, v);
        answers.set(a);
        errors.answered(field);
    })
}
