use gloo::timers::callback::Interval;
use reissue_domain::date::parse_rfc3339;
use reissue_domain::submission::LIVENESS_VALID_MS;
use yew::prelude::*;

use crate::api;
use crate::state::{Action, WizardContext};
use crate::text;

/// How long before the end a warning shows: time to finish a page or ask for more.
const WARN_BEFORE_MS: i64 = 5 * 60 * 1000;

/// How often the clock is looked at while signed in.
const TICK_MS: u32 = 15_000;

/// A warning at the top of every page, five minutes before the session runs out: what
/// ends, when, and what to do (more time for a session left idle; sign in again after
/// one at its absolute limit). The session's end is what the last answer from the
/// server said (every request moves it). Nothing is said while there is
/// time; nothing is lost when it ends. A hook of the header's banners rather than a
/// component of its own: each component is code every phone downloads.
#[hook]
pub fn use_time_warning() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let now = use_state(|| crate::clock::clock_now().1);
    let renewing = use_state(|| false);
    // Asking for more time failed (network, server): say so, so the tap is not lost.
    let renew_failed = use_state(|| None::<api::ApiError>);
    // Signed in: learn how long the session lasts if no answer has said yet (after a
    // reload), and look at the clock now and then.
    {
        let now = now.clone();
        let signed_in = wizard.signed_in;
        use_effect_with(signed_in, move |signed_in| {
            let timer = signed_in.then(|| {
                if api::session_ends_at().is_none() {
                    let now = now.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = api::session().await;
                        now.set(crate::clock::clock_now().1);
                    });
                }
                Interval::new(TICK_MS, move || now.set(crate::clock::clock_now().1))
            });
            move || drop(timer)
        });
    }
    if !wizard.signed_in {
        return html! {};
    }
    let session = api::session_ends_at();
    let session_left = session.map(|s| s.ms - *now);

    let renew = {
        let (wizard, renewing, renew_failed, now) = (
            wizard.clone(),
            renewing.clone(),
            renew_failed.clone(),
            now.clone(),
        );
        Callback::from(move |_| {
            if *renewing {
                return;
            }
            renewing.set(true);
            renew_failed.set(None);
            let (wizard, renewing, renew_failed, now) = (
                wizard.clone(),
                renewing.clone(),
                renew_failed.clone(),
                now.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                // The answer's header moved the end; the clock's next look shows it.
                match api::renew_session().await {
                    Ok(_) => {}
                    Err(api::ApiError::Unauthenticated(_)) => wizard.dispatch(Action::SessionLost),
                    Err(e) => renew_failed.set(Some(e)),
                }
                renewing.set(false);
                now.set(crate::clock::clock_now().1);
            });
        })
    };
    html! {
        <>
            if let Some(ms) = session_left.filter(|ms| *ms <= WARN_BEFORE_MS) {
                <div class="alert alert-warn time-warning" role="alert" id="session-warning">
                    if ms > 0 && session.is_some_and(|s| s.last) {
                        <p>{ text::session_at_limit(minutes(ms)) }</p>
                    } else if ms > 0 {
                        <p>{ text::session_idle(minutes(ms)) }</p>
                        if let Some(e) = &*renew_failed {
                            <p>{ e.message() }</p>
                        }
                        <button type="button" class="btn btn-primary btn-inline" onclick={renew}
                            aria-disabled={renewing.then_some("true")}>{ text::SESSION_EXTEND }</button>
                    } else {
                        <p>{ text::ERR_SIGNED_OUT }</p>
                    }
                </div>
            }
        </>
    }
}

/// Whole minutes left, rounded up: "1 minute" until the very end.
fn minutes(ms: i64) -> i64 {
    ((ms + 59_999) / 60_000).max(1)
}

/// On 核对信息, five minutes before a passed face check stops counting: submit soon, or
/// check again. A component of that page (and of its chunk), not of every page's
/// header: the face check matters only where the application is about to go in.
#[function_component(FaceWarning)]
pub fn face_warning() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let now = use_state(|| crate::clock::clock_now().1);
    {
        let now = now.clone();
        use_effect_with((), move |_| {
            let timer = Interval::new(TICK_MS, move || now.set(crate::clock::clock_now().1));
            move || drop(timer)
        });
    }
    let left = wizard
        .draft
        .liveness
        .passed_at
        .as_deref()
        .and_then(parse_rfc3339)
        .map(|at| at + LIVENESS_VALID_MS - *now)
        .filter(|ms| *ms <= WARN_BEFORE_MS && wizard.fixing.is_none());
    let Some(ms) = left else {
        return html! {};
    };
    html! {
        <div class="alert alert-warn time-warning" role="alert" id="face-warning">
            <p>{ if ms > 0 { text::face_check_ending(minutes(ms)) } else { text::FACE_CHECK_ENDED.to_string() } }</p>
        </div>
    }
}
