//! 我的办件 and one application, for their pages: the list, the detail kept fresh while
//! it is watched, and the applicant's actions on it (pay, fix, withdraw, sign out).

use std::rc::Rc;

use reissue_domain::{
    ApplicationDetail, ApplicationSummary, Appointment, Logistics, NextAction, Status,
};
use yew::prelude::*;

use super::{call, use_action, use_poll, use_resource, Resource, UseAction, WhenLost};
use crate::api;
use crate::providers::{Payment, PaymentOutcome};
use crate::route::{Route, Then};
use crate::router::{use_navigator, Navigator};
use crate::state::{persist, Action, Fixing, WizardContext};

/// 退出登录: on a shared phone, leaving must be one tap (the session would otherwise show
/// the applications and the draft for two hours). What this tab remembered goes too.
#[hook]
pub fn use_sign_out() -> Callback<MouseEvent> {
    let navigator = use_navigator().expect("router");
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let leaving = use_action::<()>();
    Callback::from(move |_| {
        let (navigator, wizard) = (navigator.clone(), wizard.clone());
        leaving.run(call(async move {
            let _ = api::sign_out().await;
            persist::clear_submit_key();
            persist::set_fixing(None);
            persist::set_eligible(false);
            wizard.dispatch(Action::SignedOut);
            navigator.replace(&Route::Home);
            Ok(())
        }));
    })
}

/// 我的办件: the applications, and the window bookings beside them (for some, one is
/// all they have).
#[derive(Clone, PartialEq)]
pub struct MyApplications {
    pub list: Resource<Vec<ApplicationSummary>>,
    pub bookings: Resource<Vec<Appointment>>,
}

#[hook]
pub fn use_my_applications() -> MyApplications {
    let navigator = use_navigator().expect("router");
    // Signed out, `api::applications` answers at once without asking the server (the
    // sign-in hint), and the visitor goes to sign in.
    let lost = WhenLost::SignIn(navigator, Then::page(Route::Applications));
    let list = use_resource((), lost, |_| Some(call(api::applications())));
    let bookings = use_resource(list.round(), WhenLost::Show, |_| {
        Some(call(api::appointments()))
    });
    MyApplications { list, bookings }
}

/// One application, watched: asked again 5 s, 10 s, 20 s … up to 2 minutes apart while
/// the applicant has nothing to do, and at most every 30 s while they do.
#[derive(Clone, PartialEq)]
pub struct ApplicationFlow {
    pub detail: Resource<Rc<ApplicationDetail>>,
    /// EMS events once the card is on its way.
    pub logistics: Resource<Logistics>,
    /// Pay or withdraw: a message to show after it, if any.
    pub action: UseAction<Option<&'static str>>,
    /// 撤回申请 asked, waiting for the answer.
    pub confirming: UseStateHandle<bool>,
    wizard: WizardContext,
    navigator: Navigator,
}

#[hook]
pub fn use_application(number: String) -> ApplicationFlow {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let then = Then::page(Route::Application {
        number: number.clone(),
    });
    let lost = WhenLost::SignIn(navigator.clone(), then);
    let detail = use_poll(
        number.clone(),
        lost,
        |n| {
            let n = n.clone();
            call(async move { api::application(&n).await.map(Rc::new) })
        },
        next_look,
    );
    let shipped = detail.done().is_some_and(|d| {
        matches!(
            d.status,
            Status::Shipped | Status::Delivered | Status::Returned | Status::Completed
        ) && d.tracking_number.is_some()
    });
    let logistics = use_resource(shipped, WhenLost::Show, move |shipped| {
        shipped.then(|| {
            let n = number.clone();
            call(async move { api::logistics(&n).await })
        })
    });
    // Each new look at the application looks at the parcel again.
    {
        let logistics = logistics.clone();
        use_effect_with(detail.round(), move |round| {
            if *round > 0 {
                logistics.reload();
            }
        });
    }
    ApplicationFlow {
        detail,
        logistics,
        action: use_action(),
        confirming: use_state(|| false),
        wizard,
        navigator,
    }
}

/// How long until the next look at the application, after round `round`.
fn next_look(d: &Rc<ApplicationDetail>, round: u32) -> Option<u32> {
    if d.status.is_terminal() {
        return None;
    }
    let waiting = d.next_action == Some(NextAction::Wait) || d.next_action.is_none();
    // 5 s, 10 s, 20 s … up to 2 minutes between refreshes.
    let delay = (5_000u32 << round.min(5)).min(120_000);
    Some(if waiting { delay } else { delay.max(30_000) })
}

impl ApplicationFlow {
    /// 去缴费: the province's payment, then the server's verdict.
    pub fn pay(&self, number: &str) -> Callback<MouseEvent> {
        let (this, number) = (self.clone(), number.to_string());
        Callback::from(move |_| {
            let provider = Payment::from_profile(this.wizard.profile.as_deref());
            let (detail, number) = (this.detail.clone(), number.clone());
            this.action.run(call(async move {
                match provider.start(&number).await? {
                    // The browser is on its way to the vendor: stay pending.
                    PaymentOutcome::Redirected => std::future::pending().await,
                    PaymentOutcome::Confirmed(status) => {
                        detail.reload();
                        Ok(Some(crate::text::payment_message(&status)))
                    }
                }
            }));
        })
    }

    /// 修改并重新提交: the correction starts at the first step an asked field is on.
    pub fn fix(&self, d: &Rc<ApplicationDetail>) -> Callback<MouseEvent> {
        let (wizard, navigator, d) = (self.wizard.clone(), self.navigator.clone(), d.clone());
        Callback::from(move |_| {
            persist::set_fixing(Some(&d.number));
            wizard.dispatch(Action::StartFix(d.clone()));
            navigator.push(&Route::of_step(Fixing::of(&d).first_step()));
        })
    }

    /// 撤回申请, after the question.
    pub fn withdraw(&self, number: &str) -> Callback<MouseEvent> {
        let (this, number) = (self.clone(), number.to_string());
        Callback::from(move |_| {
            let (detail, confirming, number) =
                (this.detail.clone(), this.confirming.clone(), number.clone());
            this.action.run(call(async move {
                api::cancel(&number).await?;
                confirming.set(false);
                detail.reload();
                Ok(None)
            }));
        })
    }

    /// 代签收: yes (the person at the door signs) or no (back to the office).
    pub fn answer_signing(&self, number: &str, approve: bool) -> Callback<MouseEvent> {
        let (this, number) = (self.clone(), number.to_string());
        Callback::from(move |_| {
            let (detail, number) = (this.detail.clone(), number.clone());
            this.action.run(call(async move {
                api::answer_sign_request(&number, approve).await?;
                detail.reload();
                Ok(Some(if approve {
                    crate::text::SIGN_APPROVED
                } else {
                    crate::text::SIGN_DECLINED
                }))
            }));
        })
    }

    /// Asks, or stops asking, before withdrawing.
    pub fn ask_withdraw(&self) -> Callback<MouseEvent> {
        let confirming = self.confirming.clone();
        Callback::from(move |_| confirming.set(!*confirming))
    }
}
