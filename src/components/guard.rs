use yew::prelude::*;

use crate::route::Route;
use crate::router::use_navigator;
use crate::state::{first_missing_step, Step, WizardContext};
use crate::text;

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
        return html! {
            <main class="page" aria-busy="true"><p class="loading" role="status">{ text::LOADING }</p></main>
        };
    }
    html! { <>{ props.children.clone() }</> }
}
