use yew::prelude::*;

use crate::api;
use crate::route::{Route, Then};
use crate::router::use_navigator;
use crate::state::{first_missing_step, Step, WizardContext};
use crate::text;

/// 正在加载… in place of a page: while the boot, a redirect or the page's chunk is on
/// its way.
pub fn loading_page() -> Html {
    html! {
        <main class="page" aria-busy="true"><p class="loading" role="status">{ text::LOADING }</p></main>
    }
}

#[derive(Properties, PartialEq)]
pub struct StepGuardProps {
    pub step: Step,
    pub children: Children,
}

/// Shows a step only when the steps before it are done; otherwise sends the user to the
/// first one that is not. Waits for the boot (profile, session, draft) first.
#[function_component(StepGuard)]
pub fn step_guard(props: &StepGuardProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let missing = if wizard.booted {
        let (today, now_ms) = crate::clock::clock_now();
        first_missing_step(&wizard, props.step, today, now_ms)
    } else {
        None
    };
    // Replace, not push: pushing would trap the back button, sending the user forward
    // to this redirect again on every "back".
    use_effect_with(missing, move |missing| {
        if let Some(step) = missing {
            navigator.replace(&Route::of_step(*step));
        }
    });
    if !wizard.booted || missing.is_some() {
        return loading_page();
    }
    html! { <>{ props.children.clone() }</> }
}

#[derive(Properties, PartialEq)]
pub struct SessionGuardProps {
    /// The page asked for, to come back to after 手机验证.
    pub route: Route,
    pub children: Children,
}

/// Shows a page that needs a session (我的办件, 消息) only where one may exist; anyone
/// else verifies the phone first and comes back. Its pages would send them there
/// themselves at their first request, but only after downloading the pages' chunk.
#[function_component(SessionGuard)]
pub fn session_guard(props: &SessionGuardProps) -> Html {
    let navigator = use_navigator().expect("router");
    let signed_out = !api::may_be_signed_in();
    use_effect_with(
        (signed_out, props.route.clone()),
        move |(signed_out, route)| {
            if *signed_out {
                navigator.sign_in_then(&Then::page(route.clone()), true);
            }
        },
    );
    if signed_out {
        return loading_page();
    }
    html! { <>{ props.children.clone() }</> }
}
