use gloo::events::EventListener;
use yew::prelude::*;

use crate::api::offline;
use crate::text;

/// The banners at the top of every page: one while the network is gone (from
/// `navigator.onLine` or a failed request), cleared as soon as it is back; and the
/// warnings before the session or a face check runs out.
#[function_component(Banners)]
pub fn banners() -> Html {
    let time_warning = super::time_warning::use_time_warning();
    let is_offline = use_state(|| {
        let nav_offline = !gloo::utils::window().navigator().on_line();
        nav_offline || offline::is_offline()
    });
    {
        let is_offline = is_offline.clone();
        use_effect_with((), move |_| {
            let id = {
                let is_offline = is_offline.clone();
                offline::subscribe(Callback::from(move |off| is_offline.set(off)))
            };
            let window = gloo::utils::window();
            // The browser's own events set the banner directly as well as the shared
            // flag, so the banner follows them even if a request left the flag stale.
            let on = {
                let is_offline = is_offline.clone();
                EventListener::new(&window, "online", move |_| {
                    offline::set_offline(false);
                    is_offline.set(false);
                })
            };
            let off = {
                let is_offline = is_offline.clone();
                EventListener::new(&window, "offline", move |_| {
                    offline::set_offline(true);
                    is_offline.set(true);
                })
            };
            // Anything that happened between the first render and this subscription.
            is_offline.set(offline::is_offline() || !window.navigator().on_line());
            move || {
                offline::unsubscribe(id);
                drop((on, off));
            }
        });
    }
    html! {
        <>
            <div class="offline-banner" role="status" aria-live="polite">
                if *is_offline { <p>{ text::OFFLINE_BANNER }</p> }
            </div>
            { time_warning }
        </>
    }
}
