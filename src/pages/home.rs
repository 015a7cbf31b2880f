use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{set_title, CareModeSwitch};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::text;

/// 首页 is the static shell in index.html (title, who may apply, the two buttons, the
/// advice to report the loss first), painted before the wasm arrives. This component
/// adopts it: shows it, routes its links inside the app, and puts the working 关怀版
/// switch in its slot. Nothing is painted twice, so nothing moves.
#[function_component(Home)]
pub fn home() -> Html {
    let navigator = use_navigator().expect("router");
    let doc = gloo::utils::document();
    let slot = doc.get_element_by_id("shell-slot");

    use_effect_with((), move |_| {
        set_title(text::SERVICE_TITLE, false);
        let doc = gloo::utils::document();
        let mut listeners = Vec::new();
        if let Some(shell) = doc.get_element_by_id("shell") {
            let _ = shell.remove_attribute("hidden");
            if let Some(inert) = doc.get_element_by_id("shell-switch") {
                inert.remove();
            }
            if let Ok(links) = shell.query_selector_all("a[data-route]") {
                for i in 0..links.length() {
                    let Some(link) = links.item(i) else { continue };
                    let nav = navigator.clone();
                    let opts = EventListenerOptions::enable_prevent_default();
                    listeners.push(EventListener::new_with_options(
                        &link,
                        "click",
                        opts,
                        move |e| {
                            let target = e
                                .current_target()
                                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                                .and_then(|el| el.get_attribute("data-route"));
                            if let Some(route) = target.as_deref().map(Route::recognize) {
                                e.prevent_default();
                                nav.push(&route);
                            }
                        },
                    ));
                }
            }
        }
        move || {
            drop(listeners);
            if let Some(shell) = gloo::utils::document().get_element_by_id("shell") {
                let _ = shell.set_attribute("hidden", "");
            }
        }
    });

    let call = use_context::<crate::state::WizardContext>()
        .and_then(|w| w.profile.clone())
        .map(|p| {
            html! {
                <a class="btn btn-default" href={format!("tel:{}", p.service_phone)}>
                    { format!("{}：{}", text::CALL_US, p.service_phone) }
                </a>
            }
        });
    match slot {
        Some(slot) => create_portal(
            html! { <><CareModeSwitch /><super::MessagesLink />{ call }</> },
            slot,
        ),
        // Mounted without index.html's shell (tests): draw the page in full.
        None => html! {
            <main class="page">
                <section class="hero">
                    <h1>{ text::SERVICE_TITLE }</h1>
                    <p>{ text::HOME_WHO }</p>
                    <Link to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link>
                    <Link to={Route::Applications} classes="btn btn-default">{ text::HOME_MINE }</Link>
                    <Link to={Route::LossReport} classes="btn btn-default">{ text::HOME_LOSS }</Link>
                    <Link to={Route::Tracking} classes="btn btn-default">{ text::HOME_TRACKING }</Link>
                </section>
                <CareModeSwitch />
                { call }
                <div class="notice-box">
                    <p>{ text::HOME_REPORT_LOSS }</p>
                    <p>{ text::HOME_TIME }</p>
                </div>
            </main>
        },
    }
}
