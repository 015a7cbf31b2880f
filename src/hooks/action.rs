//! The two shapes every page's talk with the server takes: an action started by a tap
//! ([`use_action`], [`use_save`]) and a resource loaded when the page opens or its key
//! changes ([`use_resource`], [`use_poll`]). Each holds a [`Remote`], so a page renders
//! from one value and starts a call in one line; the pending guard, the lost session
//! and the retry are written here once.
//!
//! The calls are boxed futures ([`Call`]): one spawned future type per answer type, not
//! one per call site, so the generic hooks do not multiply the wasm.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::{save_failed, FieldErrors};
use crate::api::{ApiError, Remote};
use crate::route::Route;
use crate::router::{use_navigator, Navigator};
use crate::state::{Action, WizardContext};

/// A request as a page hands it to a hook.
pub type Call<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// Boxes a request for a hook.
pub fn call<T>(f: impl Future<Output = Result<T, ApiError>> + 'static) -> Call<T> {
    Box::pin(f)
}

/// What a lost session (401) does.
#[derive(Clone, PartialEq)]
pub enum WhenLost {
    /// Shown like any other failure.
    Show,
    /// The wizard is told (its guard asks for the phone again); the message stays.
    Wizard(WizardContext),
    /// Straight to 验证手机号, then back to this address (in place of this page).
    SignIn(Navigator, String),
}

impl WhenLost {
    /// Acts on a lost session; true when the answer is taken care of (the page is left).
    fn handle(&self, e: &ApiError) -> bool {
        if !matches!(e, ApiError::Unauthenticated(_)) {
            return false;
        }
        match self {
            WhenLost::Show => false,
            WhenLost::Wizard(w) => {
                w.dispatch(Action::SessionLost);
                false
            }
            WhenLost::SignIn(navigator, next) => {
                sign_in_then(navigator, next);
                true
            }
        }
    }
}

/// Sends a signed-out visitor to verify the phone, then back to `next`, in place of the
/// page that found the session gone.
pub fn sign_in_then(navigator: &Navigator, next: &str) {
    navigator.replace_with_query(&Route::Verify, &[("next", next)]);
}

/// A call started by a tap: its state, and how its failure is shown.
pub struct UseAction<T: 'static> {
    state: UseStateHandle<Remote<T>>,
    /// A save's field problems go under their fields (see [`save_failed`]).
    save: Option<(FieldErrors, WizardContext)>,
    lost: WhenLost,
}

impl<T: 'static> Clone for UseAction<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            save: self.save.clone(),
            lost: self.lost.clone(),
        }
    }
}

impl<T: PartialEq + 'static> PartialEq for UseAction<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
    }
}

impl<T: 'static> Deref for UseAction<T> {
    type Target = Remote<T>;

    fn deref(&self) -> &Remote<T> {
        &self.state
    }
}

impl<T: 'static> UseAction<T> {
    /// What a lost session does for this action (shown, by default).
    pub fn when_lost(mut self, lost: WhenLost) -> Self {
        self.lost = lost;
        self
    }

    /// Starts `call` unless one is already under way (a double tap sends once); its
    /// answer becomes the state.
    pub fn run(&self, call: Call<T>) {
        if self.is_pending() {
            return;
        }
        self.state.set(Remote::Pending);
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let answer = call.await;
            this.settle(answer);
        });
    }

    /// Puts the state back (a done action's screen closed, a message taken away).
    pub fn set(&self, state: Remote<T>) {
        self.state.set(state);
    }

    /// The answer, once there is one.
    pub fn done(&self) -> Option<&T> {
        match &*self.state {
            Remote::Done(v) => Some(v),
            _ => None,
        }
    }

    fn settle(&self, answer: Result<T, ApiError>) {
        match answer {
            Ok(v) => self.state.set(Remote::Done(v)),
            Err(e) if self.lost.handle(&e) => {}
            Err(e) => match &self.save {
                Some((errors, wizard)) => save_failed(e, &self.state, errors, wizard),
                None => self.state.set(Remote::Failed(e)),
            },
        }
    }
}

/// A call started by a tap whose failure is shown on the page.
#[hook]
pub fn use_action<T: 'static>() -> UseAction<T> {
    let state = use_state(|| Remote::Idle);
    UseAction {
        state,
        save: None,
        lost: WhenLost::Show,
    }
}

/// A save: a 422's field problems go under their fields, a lost session is told to the
/// wizard, anything else is shown with the button ready for a retry.
#[hook]
pub fn use_save<T: 'static>(errors: &FieldErrors) -> UseAction<T> {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let state = use_state(|| Remote::Idle);
    UseAction {
        state,
        save: Some((errors.clone(), wizard)),
        lost: WhenLost::Show,
    }
}

/// Something the page shows, loaded when it opens and again when its key changes or the
/// person asks (重试).
pub struct Resource<T: 'static> {
    state: UseStateHandle<Remote<T>>,
    attempt: UseStateHandle<u32>,
}

impl<T: 'static> Clone for Resource<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            attempt: self.attempt.clone(),
        }
    }
}

impl<T: PartialEq + 'static> PartialEq for Resource<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.attempt == other.attempt
    }
}

impl<T: 'static> Deref for Resource<T> {
    type Target = Remote<T>;

    fn deref(&self) -> &Remote<T> {
        &self.state
    }
}

impl<T: 'static> Resource<T> {
    /// Loads it again.
    pub fn reload(&self) {
        self.attempt.set(*self.attempt + 1);
    }

    /// For 重试.
    pub fn retry<E: 'static>(&self) -> Callback<E> {
        let this = self.clone();
        Callback::from(move |_| this.reload())
    }

    /// Replaces what is shown (an answer that brought the resource's new state).
    pub fn set(&self, state: Remote<T>) {
        self.state.set(state);
    }

    /// What was loaded, once it is in.
    pub fn done(&self) -> Option<&T> {
        match &*self.state {
            Remote::Done(v) => Some(v),
            _ => None,
        }
    }
}

/// Loads `load(key)` when the page opens and whenever `key` changes; `None` loads nothing
/// (signed out, nothing to ask yet). An answer that comes after the key changed or the
/// page was left is dropped.
#[hook]
pub fn use_resource<T, K, F>(key: K, lost: WhenLost, load: F) -> Resource<T>
where
    T: 'static,
    K: PartialEq + Clone + 'static,
    F: FnOnce(&K) -> Option<Call<T>> + 'static,
{
    let state = use_state(|| Remote::Idle);
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((key, *attempt), move |(key, _)| {
            let stale = Rc::new(Cell::new(false));
            if let Some(call) = load(key) {
                state.set(Remote::Pending);
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = call.await;
                    if !stale.get() {
                        settle(&state, &lost, answer);
                    }
                });
            }
            move || stale.set(true)
        });
    }
    Resource { state, attempt }
}

fn settle<T>(state: &UseStateHandle<Remote<T>>, lost: &WhenLost, answer: Result<T, ApiError>) {
    match answer {
        Ok(v) => state.set(Remote::Done(v)),
        Err(e) if lost.handle(&e) => {}
        Err(e) => state.set(Remote::Failed(e)),
    }
}

/// A resource that changes on the server while it is watched (an application): after
/// each answer `wait(answer, round)` says how long until the next look, or `None` when
/// it can no longer change. A hidden page stops looking and looks again when shown.
#[hook]
pub fn use_poll<T, K>(
    key: K,
    lost: WhenLost,
    load: fn(&K) -> Call<T>,
    wait: fn(&T, u32) -> Option<u32>,
) -> Resource<T>
where
    T: 'static,
    K: PartialEq + Clone + 'static,
{
    let state = use_state(|| Remote::Pending);
    let round = use_state(|| 0u32);
    let visible = use_state(|| true);
    // Pause while the page is hidden; resume (and refresh) when shown.
    {
        let (visible, round) = (visible.clone(), round.clone());
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let listener = EventListener::new(&doc, "visibilitychange", move |_| {
                let shown = !gloo::utils::document().hidden();
                visible.set(shown);
                if shown {
                    round.set(*round + 1);
                }
            });
            move || drop(listener)
        });
    }
    {
        let (state, next) = (state.clone(), round.clone());
        use_effect_with((*round, key, *visible), move |(round, key, visible)| {
            let round = *round;
            let timer = Rc::new(RefCell::new(None::<Timeout>));
            // Set when this round is superseded (next round, another key, hidden, or
            // the page left): a slow answer then neither shows nor schedules anything.
            let stale = Rc::new(Cell::new(false));
            if *visible {
                let (timer, stale, call) = (timer.clone(), stale.clone(), load(key));
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = call.await;
                    if stale.get() {
                        return;
                    }
                    if let Ok(v) = &answer {
                        if let Some(ms) = wait(v, round) {
                            let t = Timeout::new(ms, move || next.set(round + 1));
                            *timer.borrow_mut() = Some(t);
                        }
                    }
                    settle(&state, &lost, answer);
                });
            }
            move || {
                stale.set(true);
                drop(timer.borrow_mut().take());
            }
        });
    }
    Resource {
        state,
        attempt: round,
    }
}

/// The navigator, for pages that send a signed-out visitor to sign in and back.
#[hook]
pub fn use_sign_in_then(next: String) -> WhenLost {
    let navigator = use_navigator().expect("router");
    WhenLost::SignIn(navigator, next)
}
