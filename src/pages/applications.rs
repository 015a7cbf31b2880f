use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use reissue_domain::{
    ApplicationDetail, ApplicationSummary, Field, FlowStatus, Logistics, NextAction, Status,
};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::app::Route;
use crate::components::{Page, Timeline};
use crate::providers::{Payment, PaymentOutcome};
use crate::state::{Action, Step, WizardContext};
use crate::text;

/// Sends a signed-out user to verify the phone, then back to `path`.
fn sign_in_then(navigator: &Navigator, path: &str) {
    let _ = navigator.replace_with_query(&Route::Verify, &[("next", path)]);
}

/// 我的办件: the applicant's applications, newest first.
#[function_component(Applications)]
pub fn applications() -> Html {
    let navigator = use_navigator().expect("router");
    let wizard = use_context::<WizardContext>().expect("wizard context");
    // On a shared phone, leaving must be one tap: the session would otherwise show
    // these applications and the draft for two hours.
    let sign_out = {
        let (navigator, wizard) = (navigator.clone(), wizard.clone());
        Callback::from(move |_| {
            let (navigator, wizard) = (navigator.clone(), wizard.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let _ = api::sign_out().await;
                crate::state::persist::clear_submit_key();
                crate::state::persist::set_fixing(None);
                crate::state::persist::set_eligible(false);
                wizard.dispatch(Action::SignedOut);
                navigator.replace(&Route::Home);
            });
        })
    };
    let list = use_state(|| Remote::<Vec<ApplicationSummary>>::Pending);
    let attempt = use_state(|| 0u32);
    {
        let list = list.clone();
        use_effect_with(*attempt, move |_| {
            list.set(Remote::Pending);
            wasm_bindgen_futures::spawn_local(async move {
                match api::applications().await {
                    Ok(l) => list.set(Remote::Done(l)),
                    Err(ApiError::Unauthenticated(_)) => sign_in_then(&navigator, "/applications"),
                    Err(e) => list.set(Remote::Failed(e)),
                }
            });
        });
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <Page title={text::MINE_TITLE} back={Route::Home}>
            {
                match &*list {
                    Remote::Done(items) if items.is_empty() => html! {
                        <>
                            <p>{ text::MINE_EMPTY }</p>
                            <Link<Route> to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link<Route>>
                        </>
                    },
                    Remote::Done(items) => html! {
                        <ul class="cells">
                            { for items.iter().map(|a| html! {
                                <li>
                                    <Link<Route> to={Route::Application { number: a.number.clone() }} classes="cell">
                                        <span class="cell-main">
                                            <span class="cell-title">{ text::SERVICE_TITLE }</span>
                                            <span class="cell-sub">{ format!("{}：{}", text::APP_NUMBER, a.number) }</span>
                                            <span class="cell-sub">{ format!("{}：{}", text::SUBMITTED_AT, super::format_time(&a.submitted_at)) }</span>
                                        </span>
                                        <span class={classes!("badge", badge_class(a.status))}>{ a.status.label() }</span>
                                    </Link<Route>>
                                </li>
                            }) }
                        </ul>
                    },
                    Remote::Failed(e) => html! {
                        <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                            <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button></div>
                    },
                    _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
                }
            }
            if matches!(&*list, Remote::Done(_)) {
                <button type="button" class="btn btn-default" onclick={sign_out}>{ text::SIGN_OUT }</button>
            }
        </Page>
    }
}

fn badge_class(status: Status) -> &'static str {
    match status {
        Status::Rejected | Status::AwaitingPayment => "badge-action",
        Status::Completed | Status::Delivered | Status::PickedUp => "badge-done",
        Status::Cancelled => "badge-muted",
        _ => "badge-wait",
    }
}

#[derive(Properties, PartialEq)]
pub struct ApplicationProps {
    pub number: String,
}

/// One application: timeline, answers, and the one next action. While visible it asks
/// the server for news with a growing interval; hidden, it stops.
#[function_component(ApplicationPage)]
pub fn application_page(props: &ApplicationProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let detail = use_state(|| Remote::<Rc<ApplicationDetail>>::Pending);
    let tick = use_state(|| 0u32);
    let visible = use_state(|| true);
    let action = use_state(|| Remote::<&'static str>::Idle);
    let logistics = use_state(|| None::<Logistics>);
    // EMS events once the card is on its way.
    {
        let logistics = logistics.clone();
        let shipped = matches!(&*detail, Remote::Done(d) if matches!(d.status, Status::Shipped | Status::Delivered | Status::Completed) && d.tracking_number.is_some());
        let number = props.number.clone();
        use_effect_with((shipped, *tick), move |(shipped, _)| {
            if *shipped {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(l) = api::logistics(&number).await {
                        logistics.set(Some(l));
                    }
                });
            }
        });
    }

    // Pause polling while the page is hidden; resume (and refresh) when shown.
    {
        let (visible, tick) = (visible.clone(), tick.clone());
        use_effect_with((), move |_| {
            let doc = gloo::utils::document();
            let listener = EventListener::new(&doc, "visibilitychange", move |_| {
                let shown = !gloo::utils::document().hidden();
                visible.set(shown);
                if shown {
                    tick.set(*tick + 1);
                }
            });
            move || drop(listener)
        });
    }
    {
        let (detail, number, navigator) = (detail.clone(), props.number.clone(), navigator.clone());
        let tick_handle = tick.clone();
        let visible = *visible;
        use_effect_with((*tick, number.clone(), visible), move |(tick, _, _)| {
            let tick = *tick;
            let keep = std::rc::Rc::new(std::cell::RefCell::new(None::<Timeout>));
            // Set when this round is superseded (next tick, another number, hidden, or
            // the page left): a slow answer then neither shows nor schedules anything.
            let stale = Rc::new(std::cell::Cell::new(false));
            if visible {
                let (keep2, stale2) = (keep.clone(), stale.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = api::application(&number).await;
                    if stale2.get() {
                        return;
                    }
                    match answer {
                        Ok(d) => {
                            let waiting =
                                d.next_action == Some(NextAction::Wait) || d.next_action.is_none();
                            let final_state = d.status.is_terminal();
                            detail.set(Remote::Done(Rc::new(d)));
                            if !final_state {
                                // 5 s, 10 s, 20 s … up to 2 minutes between refreshes.
                                let delay = (5_000u32 << tick.min(5)).min(120_000);
                                let delay = if waiting { delay } else { delay.max(30_000) };
                                let t = Timeout::new(delay, move || tick_handle.set(tick + 1));
                                *keep2.borrow_mut() = Some(t);
                            }
                        }
                        Err(ApiError::Unauthenticated(_)) => {
                            sign_in_then(&navigator, &format!("/applications/{number}"))
                        }
                        Err(e) => detail.set(Remote::Failed(e)),
                    }
                });
            }
            move || {
                stale.set(true);
                drop(keep.borrow_mut().take());
            }
        });
    }

    let body = match &*detail {
        Remote::Done(d) => {
            let d = d.clone();
            let pay = {
                let (action, number, tick, wizard) = (
                    action.clone(),
                    d.number.clone(),
                    tick.clone(),
                    wizard.clone(),
                );
                Callback::from(move |_| {
                    if action.is_pending() {
                        return;
                    }
                    action.set(Remote::Pending);
                    let provider = Payment::from_profile(wizard.profile.as_deref());
                    let (action, number, tick) = (action.clone(), number.clone(), tick.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match provider.start(&number).await {
                            Ok(PaymentOutcome::Redirected) => {}
                            Ok(PaymentOutcome::Confirmed(status)) => {
                                action.set(Remote::Done(payment_message(&status)));
                                tick.set(*tick + 1);
                            }
                            Err(e) => action.set(Remote::Failed(e)),
                        }
                    });
                })
            };
            let fix = {
                let (wizard, navigator, d) = (wizard.clone(), navigator.clone(), d.clone());
                Callback::from(move |_| {
                    crate::state::persist::set_fixing(Some(&d.number));
                    wizard.dispatch(Action::StartFix(d.clone()));
                    let fields = d
                        .rejection
                        .as_ref()
                        .map(|r| r.fields.clone())
                        .unwrap_or_default();
                    let step = Step::ALL
                        .into_iter()
                        .find(|s| fields.iter().any(|f| Step::of(*f) == *s))
                        .unwrap_or(Step::Form);
                    navigator.push(&Route::of_step(step));
                })
            };
            html! {
                <>
                    <section class="card">
                        <p class="status-line"><span class={classes!("badge", badge_class(d.status))}>{ d.status.label() }</span></p>
                        <p>{ format!("{}：{}", text::APP_NUMBER, d.number) }</p>
                        {
                            match d.next_action {
                                Some(NextAction::Pay) => html! {
                                    <>
                                        <p>{ format!("{}：{}", text::TOTAL, text::yuan(d.fees.total_fen)) }</p>
                                        <button type="button" class="btn btn-primary" onclick={pay}
                                            aria-disabled={action.is_pending().then_some("true")}>{ text::PAY }</button>
                                    </>
                                },
                                Some(NextAction::FixAndResubmit) => html! {
                                    <>
                                        if let Some(r) = &d.rejection {
                                            <div class="alert alert-warn" role="note">
                                                <p><strong>{ text::REJECT_REASON }{ "：" }</strong>{ r.reason.clone() }</p>
                                                <p><strong>{ text::FIELDS_TO_FIX }{ "：" }</strong>
                                                    { r.fields.iter().map(|f| f.label()).collect::<Vec<_>>().join("、") }</p>
                                            </div>
                                        }
                                        <button type="button" class="btn btn-primary" onclick={fix}>{ text::FIX_AND_RESUBMIT }</button>
                                    </>
                                },
                                Some(NextAction::TrackShipment) => html! {
                                    <>
                                        <p>{ format!("{}：{}", text::TRACKING_NUMBER, d.tracking_number.clone().unwrap_or_default()) }</p>
                                        if let Some(l) = &*logistics {
                                            <h3>{ text::TRACK }</h3>
                                            <ol class="logistics">
                                                { for l.events.iter().rev().map(|e| html! {
                                                    <li><span class="hint">{ super::format_time(&e.at) }</span>{ " " }{ e.description.clone() }</li>
                                                }) }
                                            </ol>
                                        }
                                    </>
                                },
                                Some(NextAction::PickUp) => html! {
                                    if let Some(o) = &d.office {
                                        <div>
                                            <p>{ format!("{}：{}（{}）", text::PICKUP_AT, o.name, o.address) }</p>
                                            <p>{ format!("{}：{}", text::HOURS, o.hours) }</p>
                                        </div>
                                    }
                                },
                                _ => html! { <p class="hint">{ text::WAIT }</p> },
                            }
                        }
                        if let Some(e) = action.error() {
                            <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                        }
                        if let Remote::Done(m) = &*action {
                            <p class="alert alert-warn" role="status">{ *m }</p>
                        }
                    </section>
                    <section class="card">
                        <h2>{ "办理进度" }</h2>
                        <Timeline events={d.timeline.clone()} />
                    </section>
                    <section class="card">
                        <h2>{ text::GROUP_APPLICANT }</h2>
                        <dl class="summary">
                            <div class="row"><dt>{ Field::Name.label() }</dt><dd>{ d.answers.name.clone().unwrap_or_default() }</dd></div>
                            <div class="row"><dt>{ Field::IdNumber.label() }</dt><dd>{ d.answers.id_number.clone().unwrap_or_default() }</dd></div>
                            <div class="row"><dt>{ text::TOTAL }</dt><dd>{ text::yuan(d.fees.total_fen) }</dd></div>
                        </dl>
                    </section>
                </>
            }
        }
        Remote::Failed(e) => {
            let retry = {
                let tick = tick.clone();
                Callback::from(move |_| tick.set(*tick + 1))
            };
            html! {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                    <button type="button" class="btn btn-primary" onclick={retry}>{ text::RETRY }</button></div>
            }
        }
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::DETAIL_TITLE} back={Route::Applications}>{ body }</Page>
    }
}

/// What the user reads after a payment attempt, from the server's verdict only.
pub fn payment_message(status: &FlowStatus) -> &'static str {
    match status {
        FlowStatus::Passed => text::PAYMENT_DONE,
        FlowStatus::Cancelled => text::PAYMENT_CANCELLED,
        FlowStatus::Expired => text::PAYMENT_EXPIRED,
        // Not yet confirmed is not "expired": paying again could charge twice.
        FlowStatus::Pending => text::PAYMENT_PENDING,
        FlowStatus::Failed { .. } => text::PAYMENT_FAILED,
    }
}
