use yew::prelude::*;

use crate::route::Route;
use crate::router::Link;
use crate::state::WizardContext;
use crate::text;

/// 急需用证怎么办: what to do while the new card is being made (train, plane, the
/// temporary card where the province makes one), reachable from the notice and the done page without signing in.
#[function_component(Urgent)]
pub fn urgent() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let section = |title: &'static str, body: Html| {
        html! {
            <section class="card">
                <h2>{ title }</h2>
                { body }
            </section>
        }
    };
    // The temporary card only where this province makes it with the reissue.
    let temporary = profile.temporary_card.as_ref();
    let longer = match temporary {
        Some(rules) => html! { <p>{ text::urgent_temporary_card(rules) }</p> },
        None => html! { <p>{ text::urgent_ask(&profile.service_phone) }</p> },
    };
    let bring = html! {
        <p>
            { text::URGENT_BRING_TEXT }
            if temporary.is_some() { { text::URGENT_BRING_TEMPORARY } }
        </p>
    };
    html! {
        <crate::components::Page title={text::URGENT_TITLE} back={Route::Home}>
            <p>{ text::urgent_intro(&profile.working_days) }</p>
            { section(text::URGENT_TRAIN, html! { <p>{ text::URGENT_TRAIN_TEXT }</p> }) }
            { section(text::URGENT_PLANE, html! { <p>{ text::URGENT_PLANE_TEXT }</p> }) }
            { section(text::URGENT_LONGER, longer) }
            { section(text::URGENT_BRING, bring) }
            <p>{ text::URGENT_STOLEN }</p>
            <Link to={Route::LossReport} classes="btn btn-default">{ text::HOME_LOSS }</Link>
            <Link to={Route::Notice} classes="btn btn-primary">{ text::LOSS_APPLY }</Link>
        </crate::components::Page>
    }
}
