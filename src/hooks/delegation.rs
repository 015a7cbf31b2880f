//! 委托他人领取 for its card on the application page: who is named, the 核验码 given
//! once, and 撤销委托.

use reissue_domain::delegation::{check_request, DelegateRequest};
use yew::prelude::*;

use super::{
    answer_setter, call, use_field_errors, use_resource, use_save, FieldErrors, Resource,
    UseAction, WhenLost,
};
use crate::api;

#[derive(Clone, PartialEq)]
pub struct DelegateFlow {
    pub answers: UseStateHandle<DelegateRequest>,
    pub errors: FieldErrors,
    pub saving: UseAction<()>,
    /// 撤销委托 asked, waiting for the answer.
    pub confirming: UseStateHandle<bool>,
    /// The 核验码, as the server gave it this once (it keeps only a digest).
    pub given_code: UseStateHandle<Option<String>>,
    /// Naming a delegate is the card holder's: asked before the form is typed, so the
    /// face check (a trip to the vendor's page) loses nothing.
    pub verified: Resource<bool>,
    number: String,
    /// The authorisation changed: the application is read again.
    onchange: Callback<()>,
}

#[hook]
pub fn use_delegate(number: String, onchange: Callback<()>) -> DelegateFlow {
    let errors = use_field_errors();
    DelegateFlow {
        answers: use_state(DelegateRequest::default),
        saving: use_save(&errors),
        errors,
        confirming: use_state(|| false),
        given_code: use_state(|| None),
        verified: use_resource((), WhenLost::Show, |_| {
            Some(call(async {
                Ok(api::identity().await.is_ok_and(|me| me.verified))
            }))
        }),
        number,
        onchange,
    }
}

impl DelegateFlow {
    /// The input callback of one answer: it takes the answer's error down at once.
    pub fn set(
        &self,
        field: &'static str,
        put: fn(&mut DelegateRequest, String),
    ) -> Callback<String> {
        answer_setter(&self.answers, &self.errors, field, put)
    }

    /// Asks, or stops asking, before revoking.
    pub fn toggle(&self) -> Callback<MouseEvent> {
        let confirming = self.confirming.clone();
        Callback::from(move |_| confirming.set(!*confirming))
    }

    /// 撤销委托, after the question.
    pub fn revoke(&self) -> Callback<MouseEvent> {
        let this = self.clone();
        Callback::from(move |_| {
            let (number, confirming, onchange) = (
                this.number.clone(),
                this.confirming.clone(),
                this.onchange.clone(),
            );
            this.saving.run(call(async move {
                api::revoke_authorization(&number).await?;
                confirming.set(false);
                onchange.emit(());
                Ok(())
            }));
        })
    }

    /// 确认委托: checked here first with the server's rule, then given.
    pub fn submit(&self) -> Callback<SubmitEvent> {
        let this = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if this.saving.is_pending() {
                return;
            }
            // The browser holds the applicant's number masked: whether the delegate is
            // the applicant is the server's to say.
            let (today, _) = crate::clock::clock_now();
            if let Err(found) = check_request(&this.answers, "", today) {
                this.errors.show(found);
                return;
            }
            this.errors.show(Vec::new());
            let (body, number, given_code, onchange) = (
                (*this.answers).clone(),
                this.number.clone(),
                this.given_code.clone(),
                this.onchange.clone(),
            );
            this.saving.run(call(async move {
                let a = api::authorize(&number, &body).await?;
                given_code.set(a.code);
                onchange.emit(());
                Ok(())
            }));
        })
    }
}
