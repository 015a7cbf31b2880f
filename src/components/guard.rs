use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
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
    if !wizard.booted {
        return html! {
            <main class="page" aria-busy="true"><p class="loading" role="status">{ text::LOADING }</p></main>
        };
    }
    let (today, now_minutes) = crate::pages::clock_now();
    match first_missing_step(&wizard, props.step, today, now_minutes) {
        Some(missing) => html! { <Redirect<Route> to={Route::of_step(missing)} /> },
        None => html! { <>{ props.children.clone() }</> },
    }
}
