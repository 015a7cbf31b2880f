//! The app's own router: the address bar holds the [`Route`], `history.pushState` moves
//! it, `popstate` (back and forward) brings it back. Written here rather than taken from
//! yew-router (not part of the design's stack): it did these few things for thirteen
//! fixed paths and cost every phone about 16 KB gzip of first load (measured when it
//! was replaced: 272,137 → 256,198 bytes).

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::route::{Route, Then};

/// Moves between routes. Every page gets the same one from [`use_navigator`].
#[derive(Clone, PartialEq)]
pub struct Navigator {
    set: UseStateSetter<Route>,
}

impl Navigator {
    fn go(&self, route: &Route, query: Option<String>, replace: bool) {
        let url = match query.filter(|q| !q.is_empty()) {
            Some(q) => format!("{}?{q}", route.to_path()),
            None => route.to_path(),
        };
        if let Ok(history) = gloo::utils::window().history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        self.set.set(route.clone());
    }

    /// Opens `route` as a new history entry.
    pub fn push(&self, route: &Route) {
        self.go(route, None, false);
    }

    /// Opens `route` in place of the current entry (so back does not return here).
    pub fn replace(&self, route: &Route) {
        self.go(route, None, true);
    }

    pub fn push_with_query<K: AsRef<str>, V: AsRef<str>>(&self, route: &Route, query: &[(K, V)]) {
        self.go(route, Some(encode(query)), false);
    }

    pub fn replace_with_query<K: AsRef<str>, V: AsRef<str>>(
        &self,
        route: &Route,
        query: &[(K, V)],
    ) {
        self.go(route, Some(encode(query)), true);
    }

    /// 手机验证, and then `then` (in place of this page when `replace`).
    pub fn sign_in_then(&self, then: &Then, replace: bool) {
        self.go(
            &Route::Verify,
            Some(encode(&[("next", then.to_next())])),
            replace,
        );
    }

    /// Opens an address of ours given as text (`/loss-report?from=review`, a `next` the
    /// server or a sign-in kept): its route, and its query as it was written.
    pub fn go_to_path(&self, path_and_query: &str, replace: bool) {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        self.go(&Route::recognize(path), Some(query.to_string()), replace);
    }
}

/// `k=v&…`, each part percent-encoded by the browser.
fn encode<K: AsRef<str>, V: AsRef<str>>(query: &[(K, V)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return String::new();
    };
    for (k, v) in query {
        params.append(k.as_ref(), v.as_ref());
    }
    params.to_string().into()
}

/// The route the address bar shows now.
fn current() -> Route {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    Route::recognize(&path)
}

#[derive(Clone, PartialEq)]
struct RouterContext {
    route: Route,
    navigator: Navigator,
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    pub children: Children,
}

/// Holds the current route for everything inside it.
#[function_component(Router)]
pub fn router(props: &RouterProps) -> Html {
    let route = use_state(current);
    {
        let set = route.setter();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), "popstate", move |_| {
                set.set(current())
            });
            move || drop(listener)
        });
    }
    let context = RouterContext {
        route: (*route).clone(),
        navigator: Navigator {
            set: route.setter(),
        },
    };
    html! {
        <ContextProvider<RouterContext> {context}>{ props.children.clone() }</ContextProvider<RouterContext>>
    }
}

#[derive(Properties)]
pub struct SwitchProps {
    pub render: fn(Route) -> Html,
}

/// The render function is the app's one `switch`, fixed for the life of the page (and
/// function pointers do not compare reliably): the props never change.
impl PartialEq for SwitchProps {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Renders the page of the current route.
#[function_component(Switch)]
pub fn switch(props: &SwitchProps) -> Html {
    match use_context::<RouterContext>() {
        Some(c) => (props.render)(c.route),
        None => html! {},
    }
}

/// The current route, inside a [`Router`].
#[hook]
pub fn use_route() -> Option<Route> {
    use_context::<RouterContext>().map(|c| c.route)
}

/// The navigator, inside a [`Router`].
#[hook]
pub fn use_navigator() -> Option<Navigator> {
    use_context::<RouterContext>().map(|c| c.navigator)
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    #[prop_or_default]
    pub children: Html,
}

/// A real link (its address works when opened in a new tab or copied) that moves
/// inside the app when tapped.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let navigator = use_navigator();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            // A modified click (new tab, new window) is the browser's.
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
                return;
            }
            if let Some(nav) = &navigator {
                e.prevent_default();
                nav.push(&to);
            }
        })
    };
    html! {
        <a href={props.to.to_path()} class={props.classes.clone()} {onclick}>{ props.children.clone() }</a>
    }
}

/// The value of one query parameter of the current URL.
pub fn query_param(name: &str) -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}
