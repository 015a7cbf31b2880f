//! 挂失's flow for its pages: who the phone is, the answers, the face check that proves
//! the person, the report; and on 我的办件 the list with 解挂.

use reissue_domain::error::Refusal;
use reissue_domain::identity::{IdentityCheck, VerifiedIdentity};
use reissue_domain::loss_report::{check_request, LossReport, LossReportRequest, WithdrawRefused};
use reissue_domain::Field;
use yew::prelude::*;

use super::{
    answer_setter, call, use_action, use_field_errors, use_resource, use_save, FieldErrors,
    Resource, UseAction, WhenLost,
};
use crate::api::{self, ApiError};
use crate::route::{Route, Then};
use crate::state::{Action, WizardContext};

/// One visit to 挂失身份证.
#[derive(Clone, PartialEq)]
pub struct LossReportFlow {
    pub answers: UseStateHandle<LossReportRequest>,
    pub errors: FieldErrors,
    /// Sent here by 核对信息: back there afterwards, the report named.
    pub from_review: bool,
    /// Whom the server knows this phone to be (a face check bound to a name and number):
    /// only the card's holder reports it.
    pub me: Resource<VerifiedIdentity>,
    pub starting: UseAction<()>,
    pub saving: UseAction<LossReport>,
}

#[hook]
pub fn use_loss_report() -> LossReportFlow {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let errors = use_field_errors();
    // The reissue's answers, when this visitor gave them, carry over: who, lost or
    // stolen, and the police receipt.
    let answers = use_state(|| LossReportRequest {
        kind: wizard.form.reason.or(wizard.eligibility.reason),
        name: wizard.form.name.clone().unwrap_or_default(),
        id_number: wizard.form.id_number.clone().unwrap_or_default(),
        police_receipt: wizard.form.police_receipt.clone(),
        ..LossReportRequest::default()
    });
    let from_review =
        *use_state(|| crate::router::query_param("from").as_deref() == Some("review"));
    let me = {
        let answers = answers.clone();
        use_resource(wizard.signed_in, WhenLost::Show, move |signed_in| {
            signed_in.then(|| {
                call(async move {
                    let found = api::identity().await?;
                    // Verified: that person's card. Back from a check that did not pass:
                    // what was typed for it, to try again.
                    if !found.name.is_empty() {
                        let mut a = (*answers).clone();
                        a.name = found.name.clone();
                        a.id_number = found.id_number.clone();
                        answers.set(a);
                    }
                    Ok(found)
                })
            })
        })
    };
    LossReportFlow {
        answers,
        saving: use_save(&errors),
        errors,
        from_review,
        me,
        starting: use_action(),
    }
}

impl LossReportFlow {
    /// This page, for a sign-in or a face check to come back to.
    pub fn here(&self) -> Then {
        match self.from_review {
            true => Then::with(Route::LossReport, "from", "review"),
            false => Then::page(Route::LossReport),
        }
    }

    /// The input callback of one answer: it takes the answer's error down at once.
    pub fn set(
        &self,
        field: &'static str,
        put: fn(&mut LossReportRequest, String),
    ) -> Callback<String> {
        answer_setter(&self.answers, &self.errors, field, put)
    }

    /// The problems `check_request` finds today among `fields` (all when `None`).
    fn problems(&self, fields: Option<&[&str]>) -> bool {
        let (today, _) = crate::clock::clock_now();
        let found: Vec<_> = check_request(&self.answers, today)
            .err()
            .unwrap_or_default()
            .into_iter()
            .filter(|e| fields.is_none_or(|f| f.contains(&e.field.as_str())))
            .collect();
        let any = !found.is_empty();
        self.errors.show(found);
        any
    }

    /// 核验本人: the name and number checked, then the face check that proves them.
    pub fn verify(&self) -> Callback<SubmitEvent> {
        let flow = self.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if flow.starting.is_pending()
                || flow.problems(Some(&[Field::Name.as_str(), Field::IdNumber.as_str()]))
            {
                return;
            }
            let check = IdentityCheck {
                name: flow.answers.name.clone(),
                id_number: flow.answers.id_number.clone(),
                next: flow.here().to_next(),
                ..IdentityCheck::default()
            };
            flow.starting.run(call(async move {
                crate::components::start_face_check(&check).await?;
                // The page is being left for the check: stay pending, so a second tap
                // does not start a second one.
                std::future::pending::<()>().await;
                Ok(())
            }));
        })
    }

    /// 提交挂失: checked here first with the server's rule, then recorded.
    pub fn submit(&self, wizard: &WizardContext) -> Callback<SubmitEvent> {
        let (flow, wizard) = (self.clone(), wizard.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if flow.saving.is_pending() || flow.problems(None) {
                return;
            }
            let (body, from_review, wizard) =
                ((*flow.answers).clone(), flow.from_review, wizard.clone());
            flow.saving.run(call(async move {
                let r = api::report_loss(&body).await?;
                // The draft now names the report (the server's answer, read again) for
                // 核对信息 to show.
                if from_review {
                    if let Ok(Some(d)) = api::draft().await {
                        wizard.dispatch(Action::DraftSaved(d));
                    }
                }
                Ok(r)
            }));
        })
    }
}

/// 我的挂失: the reports, and 解挂 with its question.
#[derive(Clone, PartialEq)]
pub struct LossReportList {
    pub list: Resource<Vec<LossReport>>,
    /// The report being withdrawn, and whether the server asked about an application.
    pub confirming: UseStateHandle<Option<(String, bool)>>,
    /// A refused withdrawal, and the report it was about.
    pub failure: UseStateHandle<Option<(String, ApiError)>>,
    withdrawing: UseAction<()>,
}

#[hook]
pub fn use_loss_reports() -> LossReportList {
    LossReportList {
        list: use_resource((), WhenLost::Show, |_| Some(call(api::loss_reports()))),
        confirming: use_state(|| None),
        failure: use_state(|| None),
        withdrawing: use_action(),
    }
}

impl LossReportList {
    /// Asks (or stops asking) before withdrawing `number`.
    pub fn ask(&self, number: Option<String>) -> Callback<MouseEvent> {
        let confirming = self.confirming.clone();
        Callback::from(move |_| confirming.set(number.clone().map(|n| (n, false))))
    }

    /// 解挂 `number`; `cancel` answers the question about an open application.
    pub fn withdraw(&self, number: String, cancel: Option<bool>) -> Callback<MouseEvent> {
        let this = self.clone();
        Callback::from(move |_| {
            let (this2, number) = (this.clone(), number.clone());
            this.withdrawing.run(call(async move {
                match api::withdraw_report(&number, cancel).await {
                    Ok(r) => {
                        let mut l = this2.list.done().cloned().unwrap_or_default();
                        for x in l.iter_mut().filter(|x| x.number == r.number) {
                            *x = r.clone();
                        }
                        this2.list.set_done(l);
                        this2.confirming.set(None);
                        this2.failure.set(None);
                    }
                    Err(ApiError::Rejected { code, .. })
                        if code == WithdrawRefused::ApplicationOpen.code() =>
                    {
                        this2.confirming.set(Some((number, true)));
                    }
                    Err(e) => {
                        this2.confirming.set(None);
                        this2.failure.set(Some((number, e)));
                    }
                }
                Ok(())
            }));
        })
    }
}
