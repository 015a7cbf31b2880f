//! The two shapes every page's talk with the server takes: an action started by a tap
//! ([`use_action`], [`use_save`]) and a resource loaded when the page opens or its key
//! changes ([`use_resource`], [`use_poll`]). A page renders from one value and starts a
//! call in one line; the pending guard, the lost session and the retry are written here
//! once.
//!
//! Every phone downloads this code, so it is written once in the wasm, not once per type
//! of answer: the answer travels as an `Rc<dyn Any>` ([`Value`]) behind the typed
//! handles, and the typed part is a downcast.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::FieldErrors;
use crate::api::{ApiError, Remote};
use crate::route::Then;
use crate::router::Navigator;
use crate::state::{Action, WizardContext};

/// An answer of any type, compared by identity (each answer is a new value).
#[derive(Clone)]
struct Value(Rc<dyn Any>);

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

type Job = Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>;
type State = UseStateHandle<Remote<Value>>;

/// A request as a page hands it to a hook (see [`call`]).
pub struct Call<T> {
    job: Job,
    answer: PhantomData<fn() -> T>,
}

/// A request for a hook: the page's future, its answer kept as a [`Value`].
pub fn call<T: 'static>(f: impl Future<Output = Result<T, ApiError>> + 'static) -> Call<T> {
    Call {
        job: Box::pin(async move { f.await.map(|v| Value(Rc::new(v))) }),
        answer: PhantomData,
    }
}

/// Sends a request whose answer nobody waits for (a message marked read on the way to
/// the page it opens).
pub fn send_and_forget<T: 'static>(f: impl Future<Output = Result<T, ApiError>> + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let _ = f.await;
    });
}

/// What a lost session (401) does.
#[derive(Clone, PartialEq)]
pub enum WhenLost {
    /// Shown like any other failure.
    Show,
    /// The wizard is told (its guard asks for the phone again); the message stays.
    Wizard(WizardContext),
    /// Straight to 验证手机号, then back here (in place of this page).
    SignIn(Navigator, Then),
}

/// How a failure is shown.
struct OnFail {
    /// A save's field problems go under their fields (the button ready again).
    save: Option<FieldErrors>,
    lost: WhenLost,
}

/// Puts an answer into what the page shows: the value; or for a failure nothing new when
/// the page is left for sign-in, `Idle` (the button ready again) when a save's problems
/// went under their fields, or the error.
fn put(state: &State, fail: &OnFail, answer: Result<Value, ApiError>) {
    state.set(match answer {
        Ok(v) => Remote::Done(v),
        Err(e) => match (e, &fail.save, &fail.lost) {
            (ApiError::Unauthenticated(_), _, WhenLost::SignIn(navigator, then)) => {
                return navigator.sign_in_then(then, true);
            }
            (ApiError::Validation { fields, .. }, Some(errors), _) if !fields.is_empty() => {
                errors.replace(fields);
                Remote::Idle
            }
            (e, _, lost) => {
                if let (ApiError::Unauthenticated(_), WhenLost::Wizard(w)) = (&e, lost) {
                    w.dispatch(Action::SessionLost);
                }
                Remote::Failed(e)
            }
        },
    })
}

/// The typed view of an erased state.
fn done<T: 'static>(state: &Remote<Value>) -> Option<&T> {
    match state {
        Remote::Done(v) => v.0.downcast_ref(),
        _ => None,
    }
}

/// A call started by a tap: where it stands, and how its failure is shown.
pub struct UseAction<T> {
    state: State,
    fail: Rc<OnFail>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for UseAction<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            fail: self.fail.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> PartialEq for UseAction<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
    }
}

impl<T: 'static> UseAction<T> {
    /// Starts `call` unless one is already under way (a double tap sends once); its
    /// answer becomes the state.
    pub fn run(&self, call: Call<T>) {
        run(&self.state, &self.fail, call.job);
    }

    pub fn is_pending(&self) -> bool {
        self.state.is_pending()
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.state.error()
    }

    /// The answer, once there is one.
    pub fn done(&self) -> Option<&T> {
        done(&self.state)
    }

    /// Ready again, the last failure no longer shown.
    pub fn reset(&self) {
        self.state.set(Remote::Idle);
    }
}

fn run(state: &State, fail: &Rc<OnFail>, job: Job) {
    if state.is_pending() {
        return;
    }
    state.set(Remote::Pending);
    let (state, fail) = (state.clone(), fail.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let answer = job.await;
        put(&state, &fail, answer);
    });
}

#[hook]
fn use_action_state(save: Option<FieldErrors>, lost: WhenLost) -> (State, Rc<OnFail>) {
    let state = use_state(|| Remote::Idle);
    (state, Rc::new(OnFail { save, lost }))
}

/// A call started by a tap whose failure is shown on the page.
#[hook]
pub fn use_action<T: 'static>() -> UseAction<T> {
    let (state, fail) = use_action_state(None, WhenLost::Show);
    UseAction {
        state,
        fail,
        answer: PhantomData,
    }
}

/// A save: a 422's field problems go under their fields (the button ready again), a
/// lost session is told to the wizard (which asks for the phone again), anything else is
/// shown with the button ready for a retry. What was typed stays where it is.
#[hook]
pub fn use_save<T: 'static>(errors: &FieldErrors) -> UseAction<T> {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let (state, fail) = use_action_state(Some(errors.clone()), WhenLost::Wizard(wizard));
    UseAction {
        state,
        fail,
        answer: PhantomData,
    }
}

/// Something the page shows, loaded when it opens and again when its key changes or the
/// person asks (重试).
pub struct Resource<T> {
    state: State,
    attempt: UseStateHandle<u32>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            attempt: self.attempt.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> PartialEq for Resource<T> {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.attempt == other.attempt
    }
}

impl<T: 'static> Resource<T> {
    /// `Ok(Some(_))` once loaded, `Ok(None)` while loading (or when there is nothing to
    /// load), `Err(_)` when it failed.
    pub fn get(&self) -> Result<Option<&T>, &ApiError> {
        match self.state.error() {
            Some(e) => Err(e),
            None => Ok(done(&self.state)),
        }
    }

    /// What was loaded, once it is in.
    pub fn done(&self) -> Option<&T> {
        done(&self.state)
    }

    pub fn error(&self) -> Option<&ApiError> {
        self.state.error()
    }

    pub fn is_pending(&self) -> bool {
        self.state.is_pending()
    }

    /// Replaces what is shown (an answer that brought the resource's new state).
    pub fn set_done(&self, value: T) {
        self.state.set(Remote::Done(Value(Rc::new(value))));
    }

    /// How many times it was asked again (a key for what is loaded beside it).
    pub fn round(&self) -> u32 {
        *self.attempt
    }

    /// Loads it again.
    pub fn reload(&self) {
        self.attempt.set(*self.attempt + 1);
    }

    /// For 重试.
    pub fn retry<E: 'static>(&self) -> Callback<E> {
        let attempt = self.attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    }
}

/// Loads `load(key)` when the page opens and whenever `key` changes; `None` loads nothing
/// (signed out, nothing to ask yet). An answer that comes after the key changed or the
/// page was left is dropped.
#[hook]
pub fn use_resource<T, K, F>(key: K, lost: WhenLost, load: F) -> Resource<T>
where
    T: 'static,
    K: Hash + 'static,
    F: FnOnce(&K) -> Option<Call<T>> + 'static,
{
    let fingerprint = fingerprint(&key);
    let (state, attempt) = use_load(
        fingerprint,
        lost,
        Box::new(move || load(&key).map(|c| c.job)),
    );
    Resource {
        state,
        attempt,
        answer: PhantomData,
    }
}

#[hook]
fn use_load(
    key: u64,
    lost: WhenLost,
    load: Box<dyn FnOnce() -> Option<Job>>,
) -> (State, UseStateHandle<u32>) {
    let state = use_state(|| Remote::Idle);
    let attempt = use_state(|| 0u32);
    let last_key = use_mut_ref(|| None::<u64>);
    {
        let (state, fail) = (state.clone(), OnFail { save: None, lost });
        use_effect_with((key, *attempt), move |(key, _)| {
            let stale = Rc::new(Cell::new(false));
            let same_key = last_key.borrow_mut().replace(*key) == Some(*key);
            if let Some(job) = load() {
                // Asked again for the same thing, what is shown stays until the answer
                // (no flicker); for another thing, the old answer goes at once.
                if !(same_key && matches!(*state, Remote::Done(_))) {
                    state.set(Remote::Pending);
                }
                let stale = stale.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = job.await;
                    if !stale.get() {
                        put(&state, &fail, answer);
                    }
                });
            }
            move || stale.set(true)
        });
    }
    (state, attempt)
}

/// A resource's key as a number, for the shared effect to compare (FNV-1a).
fn fingerprint<K: Hash>(key: &K) -> u64 {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    key.hash(&mut h);
    h.finish()
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
    let fail = OnFail { save: None, lost };
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
                let (timer, stale, job) = (timer.clone(), stale.clone(), load(key).job);
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = job.await;
                    if stale.get() {
                        return;
                    }
                    if let Some(v) = answer.as_ref().ok().and_then(|v| v.0.downcast_ref()) {
                        if let Some(ms) = wait(v, round) {
                            let t = Timeout::new(ms, move || next.set(round + 1));
                            *timer.borrow_mut() = Some(t);
                        }
                    }
                    put(&state, &fail, answer);
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
        answer: PhantomData,
    }
}
