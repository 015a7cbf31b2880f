use yew::prelude::*;

use crate::route::Route;
use crate::router::Link;
use crate::text;

/// 急需用证怎么办: what to do while the new card is being made (train, plane, the
/// temporary card), reachable from the notice and the done page without signing in.
#[function_component(Urgent)]
pub fn urgent() -> Html {
    let section = |title: &'static str, body: &'static str| {
        html! {
            <section class="card">
                <h2>{ title }</h2>
                <p>{ body }</p>
            </section>
        }
    };
    html! {
        <crate::components::Page title={text::URGENT_TITLE} back={Route::Home}>
            <p>{ text::URGENT_INTRO }</p>
            { section(text::URGENT_TRAIN, text::URGENT_TRAIN_TEXT) }
            { section(text::URGENT_PLANE, text::URGENT_PLANE_TEXT) }
            { section(text::URGENT_LONGER, text::URGENT_LONGER_TEXT) }
            { section(text::URGENT_BRING, text::URGENT_BRING_TEXT) }
            <p>{ text::URGENT_STOLEN }</p>
            <Link to={Route::LossReport} classes="btn btn-default">{ text::HOME_LOSS }</Link>
            <Link to={Route::Notice} classes="btn btn-primary">{ text::LOSS_APPLY }</Link>
        </crate::components::Page>
    }
}
