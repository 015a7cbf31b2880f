//! 身份证丢失补领 — the citizen's web app.
//!
//! `app` holds the routes, `pages/` one module per wizard step, `components/` the
//! reusable widgets, `hooks/` what pages share beyond widgets, `api/` the one typed
//! client, `state/` the reducer every page
//! shares, and `text` every string a user reads. Validation and the lifecycle come
//! from the `reissue-domain` crate, the same code the server runs.

pub mod api;
pub mod app;
pub mod clock;
pub mod components;
pub mod hooks;
pub mod lazy;
pub mod pages;
pub mod photo;
pub mod providers;
pub mod route;
pub mod router;
pub mod state;
pub mod text;

use wasm_bindgen::JsCast;

/// Starts the app beside the static shell that index.html painted. The shell *is* the
/// home page: the app adopts it (see `pages::Home`) rather than painting it again, so
/// the first screen's largest paint happens before the wasm has even arrived.
pub fn start() {
    let document = gloo::utils::document();
    let root = document
        .get_element_by_id("app")
        .expect("index.html has a #app element");
    if let Some(shell) = document.get_element_by_id("shell") {
        let _ = shell.set_attribute("aria-busy", "false");
        if let Ok(Some(status)) = shell.query_selector("#shell-status") {
            status.remove();
        }
        if let Ok(links) = shell.query_selector_all("a[aria-disabled]") {
            for i in 0..links.length() {
                if let Some(el) = links
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.remove_attribute("aria-disabled");
                }
            }
        }
        // Off 首页, index.html trimmed the shell to a loading screen (class `deep`).
        if let Some(root) = document.document_element() {
            let _ = root.class_list().remove_1("deep");
        }
        // Other pages draw their own; Home shows the shell again when it mounts.
        let at_home = gloo::utils::window().location().pathname().ok().as_deref() == Some("/");
        if !at_home {
            let _ = shell.set_attribute("hidden", "");
        }
    }
    // Tell index.html's watchdog that the module started, so a later error does not
    // replace a working app with the "upgrade your browser" message.
    let _ = js_sys::Reflect::set(&gloo::utils::window(), &"__appStarted".into(), &true.into());
    // The first render in a task of its own: instantiating the module and rendering the
    // app in one go was one long task that kept a tap waiting.
    gloo::timers::callback::Timeout::new(0, move || {
        yew::Renderer::<app::App>::with_root(root).render();
    })
    .forget();
}
