//! 身份证丢失补领 — the citizen's web app.
//!
//! `app` holds the routes, `pages/` one module per wizard step, `components/` the
//! reusable widgets, `api/` the one typed client, `state/` the reducer every page
//! shares, and `text` every string a user reads. Validation and the lifecycle come
//! from the `reissue-domain` crate, the same code the server runs.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
pub mod photo;
pub mod providers;
pub mod state;
pub mod text;

/// Mounts the app in place of the static shell that index.html painted.
pub fn start() {
    let document = gloo::utils::document();
    let root = document
        .get_element_by_id("app")
        .expect("index.html has a #app element");
    if let Some(shell) = document.get_element_by_id("shell") {
        shell.remove();
    }
    // Tell index.html's watchdog that the module started, so a later error does not
    // replace a working app with the "upgrade your browser" message.
    let _ = js_sys::Reflect::set(&gloo::utils::window(), &"__appStarted".into(), &true.into());
    yew::Renderer::<app::App>::with_root(root).render();
}
