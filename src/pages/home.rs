use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{set_title, CareModeSwitch};
use crate::text;

/// 首页: the same layout as index.html's static shell, so the swap does not move a pixel.
#[function_component(Home)]
pub fn home() -> Html {
    use_effect_with((), |_| set_title(text::SERVICE_TITLE, false));
    html! {
        <main class="page">
            <section class="hero">
                <h1>{ text::SERVICE_TITLE }</h1>
                <p>{ text::HOME_WHO }</p>
                <Link<Route> to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link<Route>>
                <Link<Route> to={Route::Applications} classes="btn btn-default">{ text::HOME_MINE }</Link<Route>>
            </section>
            <CareModeSwitch />
            <div class="notice-box">
                <p>{ text::HOME_REPORT_LOSS }</p>
                <p>{ text::HOME_TIME }</p>
            </div>
        </main>
    }
}
