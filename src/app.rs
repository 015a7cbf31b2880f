//! Routes, the app shell, and the boot sequence (profile + session + draft).

use std::rc::Rc;

use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{Banners, StepGuard};
use crate::pages;
use crate::router::{Router, Switch};
use crate::state::{persist, Action, Step, Wizard, WizardContext};
use crate::text;

/// Every step has its own URL; the server falls back to index.html for all of them.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    Notice,
    Eligibility,
    Window,
    Verify,
    Form,
    Photos,
    Liveness,
    LivenessReturn,
    Review,
    Done { number: String },
    Applications,
    Application { number: String },
    PaymentReturn,
    NotFound,
}

impl Route {
    /// The route at `pathname`; 页面不存在 when nothing is there.
    pub fn recognize(pathname: &str) -> Route {
        Route::parse(pathname).unwrap_or(Route::NotFound)
    }

    /// The address of this route.
    pub fn to_path(&self) -> String {
        match self {
            Route::Done { number } => format!("/done/{number}"),
            Route::Application { number } => format!("/applications/{number}"),
            fixed => fixed.fixed_path().to_string(),
        }
    }

    /// Every route without a parameter.
    const FIXED: [Route; 13] = [
        Route::Home,
        Route::Notice,
        Route::Eligibility,
        Route::Window,
        Route::Verify,
        Route::Form,
        Route::Photos,
        Route::Liveness,
        Route::LivenessReturn,
        Route::Review,
        Route::Applications,
        Route::PaymentReturn,
        Route::NotFound,
    ];

    /// The route at `pathname`, ignoring one trailing slash as the derive did (so "" is
    /// 首页 too); None when nothing is there. Application numbers are the server's
    /// (letters and digits), so a segment is taken as it is, never percent-decoded.
    fn parse(pathname: &str) -> Option<Route> {
        let path = match pathname.strip_suffix('/').unwrap_or(pathname) {
            "" => "/",
            p => p,
        };
        let param = |prefix: &str| {
            path.strip_prefix(prefix)
                .filter(|rest| !rest.is_empty() && !rest.contains('/'))
                .map(str::to_string)
        };
        if let Some(number) = param("/done/") {
            return Some(Route::Done { number });
        }
        if let Some(number) = param("/applications/") {
            return Some(Route::Application { number });
        }
        Route::FIXED.into_iter().find(|r| r.fixed_path() == path)
    }

    /// The path of a route without parameters ("" for the two with one).
    fn fixed_path(&self) -> &'static str {
        match self {
            Route::Home => "/",
            Route::Notice => "/notice",
            Route::Eligibility => "/eligibility",
            Route::Window => "/window",
            Route::Verify => "/verify",
            Route::Form => "/form",
            Route::Photos => "/photos",
            Route::Liveness => "/liveness",
            Route::LivenessReturn => "/liveness/return",
            Route::Review => "/review",
            Route::Applications => "/applications",
            Route::PaymentReturn => "/payment/return",
            Route::NotFound => "/404",
            Route::Done { .. } | Route::Application { .. } => "",
        }
    }

    pub fn of_step(step: Step) -> Route {
        match step {
            Step::Notice => Route::Notice,
            Step::Eligibility => Route::Eligibility,
            Step::Phone => Route::Verify,
            Step::Form => Route::Form,
            Step::Photos => Route::Photos,
            Step::Liveness => Route::Liveness,
            Step::Review => Route::Review,
        }
    }
}

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
        Route::Liveness => step(Step::Liveness, html! { <pages::Liveness /> }),
        Route::LivenessReturn => html! { <pages::LivenessReturn /> },
        Route::Review => step(Step::Review, html! { <pages::Review /> }),
        Route::Done { number } => html! { <pages::Done {number} /> },
        Route::Applications => html! { <pages::Applications /> },
        Route::Application { number } => html! { <pages::ApplicationPage {number} /> },
        Route::PaymentReturn => html! { <pages::PaymentReturn /> },
        Route::NotFound => html! { <pages::NotFound /> },
    }
}

/// Care mode is a class on `<html>`, so the CSS can scale everything in rem.
pub fn apply_care_mode(on: bool) {
    if let Some(root) = gloo::utils::document().document_element() {
        let classes = root.class_list();
        let _ = if on {
            classes.add_1("care")
        } else {
            classes.remove_1("care")
        };
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
            apply_care_mode(persist::care_mode());
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
    let (profile, draft) = futures_util::future::join(api::service(), api::draft()).await;
    let profile = Rc::new(profile?);
    let (signed_in, draft) = match draft {
        Ok(d) => (true, d),
        Err(ApiError::Unauthenticated(_)) => (false, None),
        Err(e) => return Err(e),
    };
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

#[cfg(test)]
mod tests {
    use super::Route;

    fn every_route() -> Vec<Route> {
        let mut all = Route::FIXED.to_vec();
        all.push(Route::Done {
            number: "BL20261128000001".into(),
        });
        all.push(Route::Application {
            number: "BL20261128000002".into(),
        });
        all
    }

    #[test]
    fn every_route_survives_its_own_path() {
        for route in every_route() {
            assert_eq!(Route::recognize(&route.to_path()), route.clone());
            // A trailing slash, as a hand-typed address may have.
            let slashed = format!("{}/", route.to_path());
            assert_eq!(Route::recognize(&slashed), route);
        }
    }

    #[test]
    fn every_path_is_different() {
        let mut paths: Vec<String> = every_route().iter().map(Route::to_path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), every_route().len());
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/nope",
            "/done",
            "/done/",
            "/done/a/b",
            "/applications/a/b",
            "/noticex",
            "/review/extra",
        ] {
            assert_eq!(Route::recognize(path), Route::NotFound, "{path:?}");
        }
        assert_eq!(Route::recognize("/applications/"), Route::Applications);
        assert_eq!(Route::recognize(""), Route::Home);
    }
}
