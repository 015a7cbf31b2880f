//! The app shell, which page each route shows, and the boot sequence (profile +
//! session + draft).

use std::rc::Rc;

use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{Banners, SessionGuard, StepGuard};
use crate::lazy::{self, Lazy};
use crate::pages;
use crate::route::Route;
use crate::router::{Router, Switch};
use crate::state::{persist, Action, Step, Wizard, WizardContext};
use crate::text;
use reissue_domain::StartState;

fn switch(route: Route) -> Html {
    let step = |s: Step, page: Html| html! { <StepGuard step={s}>{ page }</StepGuard> };
    // Every page but 首页, 业务须知 and 页面不存在 comes in a chunk (`lazy`).
    let lazy = |route: &Route| html! { <Lazy route={route.clone()} /> };
    match &route {
        Route::Home => html! { <pages::Home /> },
        Route::Notice => step(Step::Notice, html! { <pages::Notice /> }),
        Route::NotFound => html! { <pages::NotFound /> },
        Route::Eligibility => step(Step::Eligibility, lazy(&route)),
        Route::Form => step(Step::Form, lazy(&route)),
        Route::Photos => step(Step::Photos, lazy(&route)),
        Route::CardPhoto => step(Step::CardPhoto, lazy(&route)),
        Route::Liveness => step(Step::Liveness, lazy(&route)),
        Route::Review => step(Step::Review, lazy(&route)),
        Route::Applications
        | Route::Application { .. }
        | Route::Authorization { .. }
        | Route::LossReceipt { .. }
        | Route::Messages => html! {
            <SessionGuard route={route.clone()}>{ lazy(&route) }</SessionGuard>
        },
        // Not guarded: 能否在线办理's "go to a window" (/window) says where to go whatever
        // the wizard holds; 我的办件 and vendor returns send signed-out users to 手机验证
        // too (the page itself asks for the notice when it is part of the wizard); those
        // who cannot apply online book a window from 能否在线办理 or the form, and anyone
        // from 我的办件; reporting the loss comes before, and apart from, the reissue;
        // and 物流查询 needs no sign-in (the recipient may not be the applicant).
        Route::Window
        | Route::Verify
        | Route::LivenessReturn
        | Route::IdentityReturn
        | Route::Done { .. }
        | Route::PaymentReturn
        | Route::Appointment
        | Route::LossReport
        | Route::Urgent
        | Route::Tracking => lazy(&route),
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let wizard = use_reducer(|| Wizard {
        agreed_notice: persist::agreed_notice(),
        eligible_before: persist::eligible(),
        ..Wizard::default()
    });
    let boot_error = use_state(|| None::<ApiError>);
    let attempt = use_state(|| 0u32);

    {
        let wizard = wizard.clone();
        let boot_error = boot_error.clone();
        use_effect_with(*attempt, move |_| {
            crate::components::apply_care_mode(persist::care_mode());
            wasm_bindgen_futures::spawn_local(async move {
                match boot().await {
                    Ok(actions) => {
                        boot_error.set(None);
                        for action in actions {
                            wizard.dispatch(action);
                        }
                    }
                    Err(e) => boot_error.set(Some(e)),
                }
            });
        });
    }

    // The home page needs nothing from the server, so it renders at once in place of the
    // static shell; pages that need the profile wait inside `StepGuard`.
    let boot_alert = boot_error.as_ref().map(|err| {
        let retry = {
            let attempt = attempt.clone();
            let boot_error = boot_error.clone();
            Callback::from(move |_| {
                boot_error.set(None);
                attempt.set(*attempt + 1);
            })
        };
        html! {
            <div class="alert alert-error boot-error" role="alert">
                <p>{ err.message() }</p>
                <button type="button" class="btn btn-default btn-inline" onclick={retry}>{ text::RETRY }</button>
            </div>
        }
    });

    html! {
        <ContextProvider<WizardContext> context={wizard.clone()}>
            <Router>
                <header class="site-header">
                    <Banners />
                    { for boot_alert }
                </header>
                <Switch render={switch as fn(Route) -> Html} />
                // At the bottom: appearing after boot, it must not push the page down.
                if wizard.profile.as_ref().is_some_and(|p| p.mock) {
                    <footer><p class="test-banner">{ text::TEST_BANNER }</p></footer>
                }
            </Router>
        </ContextProvider<WizardContext>>
    }
}

/// Loads the profile and, at the same time, finds out whether a session and a draft
/// exist, so a reload lands the user back where they were with every answer.
async fn boot() -> Result<Vec<Action>, ApiError> {
    let (profile, start) = futures_util::future::join(api::service(), api::start()).await;
    let profile = Rc::new(profile?);
    let StartState { signed_in, draft } = start?;
    let mut actions = vec![Action::Booted {
        profile,
        signed_in,
        draft,
    }];
    // A correction of a rejected application survives the reload, in one go with the
    // boot, so no step guard sees the wizard without it. Its decoding comes in a chunk
    // of its own: only a reload mid-correction needs it.
    if let (true, Some(number)) = (signed_in, persist::fixing()) {
        let restore = lazy::fix_restorer().await.map_err(|_| ApiError::Network)?;
        match restore(number).await? {
            Some(fix) => actions.push(fix),
            None => persist::set_fixing(None),
        }
    }
    Ok(actions)
}
