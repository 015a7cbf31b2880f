use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{apply_care_mode, Route};
use crate::components::set_title;
use crate::state::persist;
use crate::text;

/// 首页: the same layout as index.html's static shell, so the swap does not move a pixel.
#[function_component(Home)]
pub fn home() -> Html {
    let care = use_state(persist::care_mode);
    use_effect_with((), |_| set_title(text::SERVICE_TITLE, false));
    let toggle = {
        let care = care.clone();
        Callback::from(move |_| {
            let on = !*care;
            persist::set_care_mode(on);
            apply_care_mode(on);
            care.set(on);
        })
    };
    html! {
        <main class="page">
            <section class="hero">
                <h1>{ text::SERVICE_TITLE }</h1>
                <p>{ text::HOME_WHO }</p>
                <Link<Route> to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link<Route>>
                <Link<Route> to={Route::Applications} classes="btn btn-default">{ text::HOME_MINE }</Link<Route>>
            </section>
            <div class="care-switch">
                <button type="button" role="switch" id="care-mode" class="switch"
                    aria-checked={if *care { "true" } else { "false" }}
                    aria-describedby="care-mode-hint" onclick={toggle}>
                    <span class="switch-label">{ text::CARE_MODE }</span>
                    <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
                </button>
                <p class="hint" id="care-mode-hint">{ text::CARE_MODE_HINT }</p>
            </div>
            <div class="notice-box">
                <p>{ text::HOME_REPORT_LOSS }</p>
                <p>{ text::HOME_TIME }</p>
            </div>
        </main>
    }
}
