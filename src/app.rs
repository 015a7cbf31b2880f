//! The app shell, which page each route shows, and the boot sequence (profile +
//! session + draft).

use std::rc::Rc;

use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{Banners, StepGuard};
use crate::lazy::{Chunk, Lazy};
use crate::pages;
use crate::route::Route;
use crate::router::{Router, Switch};
use crate::state::{persist, Action, Step, Wizard, WizardContext};
use crate::text;
use reissue_domain::StartState;

fn switch(route: Route) -> Html {
    let step = |s: Step, page: Html| html! { <StepGuard step={s}>{ page }</StepGuard> };
    match route {
        Route::Home => html! { <pages::Home /> },
        Route::Notice => step(Step::Notice, html! { <pages::Notice /> }),
        Route::Eligibility => step(Step::Eligibility, html! { <pages::EligibilityPage /> }),
        // Not guarded: it says where to go, whatever the wizard holds.
        Route::Window => html! { <pages::EligibilityPage window=true /> },
        // Not guarded: 我的办件 and vendor returns send signed-out users here too; the
        // page itself asks for the notice when it is part of the wizard.
        Route::Verify => html! { <pages::Verify /> },
        Route::Form => step(Step::Form, html! { <pages::FormPage /> }),
        Route::Photos => step(Step::Photos, html! { <pages::Photos /> }),
        Route::CardPhoto => step(Step::CardPhoto, html! { <pages::CardPhoto /> }),
        Route::Liveness => step(Step::Liveness, html! { <pages::Liveness /> }),
        Route::LivenessReturn => html! { <pages::LivenessReturn /> },
        Route::IdentityReturn => html! { <pages::IdentityReturn /> },
        Route::Review => step(Step::Review, html! { <pages::Review /> }),
        Route::Done { number } => html! { <pages::Done {number} /> },
        Route::Applications => html! { <pages::Applications /> },
        Route::Application { number } => html! { <pages::ApplicationPage {number} /> },
        Route::Authorization { number } => html! { <pages::AuthorizationPage {number} /> },
        Route::PaymentReturn => html! { <pages::PaymentReturn /> },
        // Not guarded: those who cannot apply online come here from 能否在线办理 or the
        // form, and anyone from 我的办件.
        Route::Appointment => html! { <pages::AppointmentPage /> },
        // Not guarded: reporting the loss comes before, and apart from, the reissue.
        Route::LossReport => html! { <pages::LossReportPage /> },
        Route::Urgent => html! { <pages::Urgent /> },
        Route::Messages => html! { <Lazy chunk={Chunk::Messages} {route} /> },
        // Not guarded and no sign-in: the recipient may not be the applicant.
        Route::Tracking => html! { <Lazy chunk={Chunk::Tracking} {route} /> },
        Route::NotFound => html! { <pages::NotFound /> },
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
    // boot, so no step guard sees the wizard without it.
    if let (true, Some(number)) = (signed_in, persist::fixing()) {
        match api::application(&number).await {
            Ok(detail) if detail.status == reissue_domain::Status::Rejected => {
                actions.push(Action::StartFix(Rc::new(detail)));
            }
            Ok(_) | Err(ApiError::NotFound(_)) => persist::set_fixing(None),
            Err(e) => return Err(e),
        }
    }
    Ok(actions)
}
