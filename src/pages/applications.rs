use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use reissue_domain::progress::{progress, StageState, StageView};
use reissue_domain::{
    ApplicationDetail, ApplicationSummary, Appointment, AppointmentStatus, DeliveryMethod, Field,
    FlowStatus, Logistics, NextAction, Status, TemporaryCardStatus,
};
use yew::prelude::*;

use super::DelegationCard;
use crate::api::{self, ApiError, Remote};
use reissue_domain::identity::IdentityCheck;

use crate::components::{
    grouped, needs_face_check, timeline, CopyButton, Page, VerifyPerson, APP_NUMBER_GROUPS,
};
use crate::providers::{Payment, PaymentOutcome};
use crate::route::Route;
use crate::router::{use_navigator, Link, Navigator};
use crate::state::{Action, Step, WizardContext};
use crate::text;

/// Sends a signed-out user to verify the phone, then back to `path`.
fn sign_in_then(navigator: &Navigator, path: &str) {
    navigator.replace_with_query(&Route::Verify, &[("next", path)]);
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
        // Signed out, `api::applications` answers at once without asking the server
        // (the sign-in hint), and the visitor goes to sign in.
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
    // Window bookings sit beside the applications: for some, one is all they have.
    let bookings = use_state(Vec::<Appointment>::new);
    {
        let bookings = bookings.clone();
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(list) = api::appointments().await {
                    bookings.set(list);
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
            <super::MessagesLink />
            <super::LossReports />
            if !bookings.is_empty() {
                <ul class="cells" id="appointments">
                    { for bookings.iter().map(|a| html! {
                        <li>
                            <Link to={Route::Appointment} classes="cell">
                                <span class="cell-main">
                                    <span class="cell-title">{ text::APPOINTMENT_TITLE }</span>
                                    <span class="cell-sub">{ text::APPOINTMENT_NUMBER }{ "：" }{ a.number.clone() }</span>
                                    <span class="cell-sub">{ format!("{} {} {}", a.office.name, a.date, a.slot) }</span>
                                </span>
                                if a.status == AppointmentStatus::Cancelled {
                                    <span class="badge badge-muted">{ text::APPOINTMENT_CANCELLED }</span>
                                } else {
                                    <span class="badge badge-wait">{ text::APPOINTMENT_BOOKED_BADGE }</span>
                                }
                            </Link>
                        </li>
                    }) }
                </ul>
            }
            {
                match &*list {
                    Remote::Done(items) if items.is_empty() => html! {
                        <>
                            <p>{ text::MINE_EMPTY }</p>
                            <Link to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link>
                        </>
                    },
                    Remote::Done(items) => html! {
                        <ul class="cells">
                            { for items.iter().map(|a| html! {
                                <li>
                                    <Link to={Route::Application { number: a.number.clone() }} classes="cell">
                                        <span class="cell-main">
                                            <span class="cell-title">{ text::SERVICE_TITLE }</span>
                                            <span class="cell-sub">{ text::APP_NUMBER }{ "：" }{ grouped(&a.number, APP_NUMBER_GROUPS) }</span>
                                            <span class="cell-sub">{ format!("{}：{}", text::SUBMITTED_AT, super::format_time(&a.submitted_at)) }</span>
                                        </span>
                                        <span class={classes!("badge", badge_class(a.status))}>{ a.status.label() }</span>
                                    </Link>
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
        Status::Cancelled | Status::Expired => "badge-muted",
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
    let confirming = use_state(|| false);
    let profile = wizard.profile.clone();
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
            let withdraw = {
                let (action, number, tick, confirming) = (
                    action.clone(),
                    d.number.clone(),
                    tick.clone(),
                    confirming.clone(),
                );
                Callback::from(move |_| {
                    if action.is_pending() {
                        return;
                    }
                    action.set(Remote::Pending);
                    let (action, number, tick, confirming) = (
                        action.clone(),
                        number.clone(),
                        tick.clone(),
                        confirming.clone(),
                    );
                    wasm_bindgen_futures::spawn_local(async move {
                        match api::cancel(&number).await {
                            Ok(_) => {
                                confirming.set(false);
                                action.set(Remote::Idle);
                                tick.set(*tick + 1);
                            }
                            Err(e) => action.set(Remote::Failed(e)),
                        }
                    });
                })
            };
            let ask_withdraw = {
                let confirming = confirming.clone();
                Callback::from(move |_| confirming.set(!*confirming))
            };
            let days = profile.as_ref().map(|p| p.working_days).unwrap_or_default();
            let stages = progress(d.status, d.answers.delivery, &d.timeline, &days);
            let now_expected = stages.iter().find_map(|v| match v.state {
                StageState::Current {
                    expected_by: Some(by),
                    ..
                } => Some(format!(
                    "{}{}",
                    text::stage_name(v.stage),
                    text::expected_by(by)
                )),
                _ => None,
            });
            let paid_at = d
                .timeline
                .iter()
                .rev()
                .find(|e| e.status == Status::Paid)
                .map(|e| e.at.clone());
            let ems = d.answers.delivery == Some(DeliveryMethod::Ems);
            html! {
                <>
                    <section class="card">
                        <p class="status-line"><span class={classes!("badge", badge_class(d.status))}>{ d.status.label() }</span></p>
                        <p>{ text::APP_NUMBER }{ "：" }<span id="detail-number">{ grouped(&d.number, APP_NUMBER_GROUPS) }</span></p>
                        {
                            match d.next_action {
                                Some(NextAction::Pay) => html! {
                                    <>
                                        <p>{ text::PAY_NOW }</p>
                                        <p class="amount">{ format!("{}：{}", text::TOTAL, text::yuan(d.fees.total_fen)) }</p>
                                        if let Some(by) = &d.pay_by {
                                            <p class="hint" id="pay-by">{ text::pay_by(&super::format_time(by)) }</p>
                                        }
                                        <button type="button" class="btn btn-primary" onclick={pay}
                                            aria-disabled={action.is_pending().then_some("true")}>{ text::PAY }</button>
                                    </>
                                },
                                Some(NextAction::FixAndResubmit) => html! {
                                    <>
                                        <p>{ text::FIX_NOW }</p>
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
                                        if let Some(waybill) = d.tracking_number.clone() {
                                            <p>{ text::TRACKING_NUMBER }{ "：" }<span class="number" id="waybill">{ waybill.clone() }</span></p>
                                            <CopyButton value={waybill} target="waybill" />
                                        }
                                        <p>{ text::EMS_PHONE }{ "：" }<a class="link" href={format!("tel:{}", text::EMS_PHONE_NUMBER)}>{ text::EMS_PHONE_NUMBER }</a></p>
                                        if let Some(l) = &*logistics {
                                            <h3>{ text::TRACK }</h3>
                                            { super::tracking::scans(l) }
                                        }
                                        <p><Link to={Route::Tracking} classes="link">{ text::TRACKING_BY_PHONE_LINK }</Link></p>
                                    </>
                                },
                                Some(NextAction::PickUp) => html! {
                                    <>
                                        if let Some(o) = &d.office {
                                            <div>
                                                <p>{ format!("{}：{}（{}）", text::PICKUP_AT, o.name, o.address) }</p>
                                                <p>{ format!("{}：{}", text::HOURS, o.hours) }</p>
                                                <p><a class="link" href={format!("tel:{}", o.phone)}>{ o.phone.clone() }</a></p>
                                                <p>{ if d.answers.guardian_name.is_some() { text::GUARDIAN_PICKUP } else { text::PICKUP_BRING } }</p>
                                            </div>
                                        }
                                        if let Some(v) = &d.voucher {
                                            <div class="voucher" id="voucher">
                                                <h2>{ text::VOUCHER_TITLE }</h2>
                                                <img class="qr" src={api::qr_url(&d.number, "voucher")} alt={text::VOUCHER_QR_ALT} width="200" height="200" />
                                                <p>{ text::VOUCHER_NUMBER }{ "：" }<span class="number">{ grouped(&v.number, &[4, 4, 4]) }</span></p>
                                                <p class="hint">{ text::VOUCHER_HINT }</p>
                                            </div>
                                        }
                                    </>
                                },
                                Some(NextAction::Wait) => html! {
                                    <>
                                        if let Some(by) = now_expected {
                                            <p><strong>{ by }</strong></p>
                                        }
                                        <p class="hint">{ text::WAIT }</p>
                                    </>
                                },
                                // Over: nothing to wait for. A withdrawn one may start again.
                                None if matches!(d.status, Status::Cancelled | Status::Expired) => html! {
                                    <>
                                        <p>{ if d.status == Status::Expired { text::EXPIRED } else { text::WITHDRAWN } }</p>
                                        <Link to={Route::Notice} classes="btn btn-default">{ text::HOME_START }</Link>
                                    </>
                                },
                                None => html! {},
                            }
                        }
                        if let Some(e) = action.error() {
                            <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                            if needs_face_check(e) {
                                <VerifyPerson check={IdentityCheck {
                                    application: Some(d.number.clone()),
                                    next: Route::Application { number: d.number.clone() }.to_path(),
                                    ..IdentityCheck::default()
                                }} />
                            }
                        }
                        if let Remote::Done(m) = &*action {
                            <p class="alert alert-warn" role="status">{ *m }</p>
                        }
                        if let Some(phone) = profile.as_ref().map(|p| p.service_phone.clone()) {
                            <p>{ text::SERVICE_PHONE }{ "：" }<a class="link" href={format!("tel:{phone}")}>{ phone.clone() }</a></p>
                        }
                    </section>
                    <DelegationCard detail={d.clone()} onchange={{
                        let tick = tick.clone();
                        Callback::from(move |()| tick.set(*tick + 1))
                    }} />
                    if !stages.is_empty() {
                        <section class="card">
                            <h2>{ text::PROGRESS }</h2>
                            <ol class="stages">{ for stages.iter().map(stage_view) }</ol>
                            <p class="hint">{ text::ESTIMATE_NOTE }</p>
                        </section>
                    }
                    <section class="card">
                        <h2>{ if d.paid { text::RECEIPT } else { text::FEES } }</h2>
                        <dl class="summary">
                            <div class="row"><dt>{ text::CARD_FEE }</dt><dd>{ text::yuan(d.fees.card_fee_fen) }</dd></div>
                            if ems {
                                <div class="row"><dt>{ text::EMS_FEE }</dt><dd>{ text::yuan(d.fees.ems_fee_fen) }</dd></div>
                            }
                            if d.fees.temporary_card_fee_fen > 0 {
                                <div class="row"><dt>{ text::TEMP_CARD_FEE }</dt><dd>{ text::yuan(d.fees.temporary_card_fee_fen) }</dd></div>
                            }
                            <div class="row"><dt>{ text::TOTAL }</dt><dd>{ text::yuan(d.fees.total_fen) }</dd></div>
                            <div class="row"><dt>{ text::FEE_STATUS }</dt><dd>{ if d.paid { text::FEE_PAID } else { text::FEE_UNPAID } }</dd></div>
                            if let Some(at) = paid_at.filter(|_| d.paid) {
                                <div class="row"><dt>{ text::PAID_AT }</dt><dd>{ super::format_time(&at) }</dd></div>
                            }
                        </dl>
                        if !d.paid {
                            <p class="hint">{ text::FEE_PAY_LATER }</p>
                        }
                    </section>
                    if let Some(t) = &d.temporary_card {
                        <section class="card" id="temporary-card">
                            <h2>{ text::TEMP_CARD_STATUS }</h2>
                            <dl class="summary">
                                <div class="row"><dt>{ text::LOSS_STATUS }</dt>
                                    <dd class="status">{ t.status.map_or(text::TEMP_CARD_UNPAID, |s| s.label()) }</dd></div>
                                if let (Some(by), false) = (&t.ready_by, t.status == Some(TemporaryCardStatus::Ready)) {
                                    <div class="row"><dt>{ text::TEMP_CARD_READY_BY }</dt><dd>{ by.clone() }</dd></div>
                                }
                                if let Some(o) = &d.office {
                                    <div class="row"><dt>{ text::PICKUP_AT }</dt><dd>{ format!("{}（{}）", o.name, o.address) }</dd></div>
                                }
                            </dl>
                        </section>
                    }
                    <section class="card">
                        <h2>{ text::GROUP_APPLICANT }</h2>
                        <dl class="summary">
                            <div class="row"><dt>{ Field::Name.label() }</dt><dd>{ d.answers.name.clone().unwrap_or_default() }</dd></div>
                            <div class="row"><dt>{ Field::IdNumber.label() }</dt><dd class="number">{ d.answers.id_number.clone().unwrap_or_default() }</dd></div>
                            <div class="row"><dt>{ Field::Delivery.label() }</dt><dd>{ d.answers.delivery.map(text::delivery).unwrap_or_default() }</dd></div>
                            if let Some(g) = &d.answers.guardian_name {
                                <div class="row"><dt>{ Field::GuardianName.label() }</dt>
                                    <dd>{ format!("{}（{}，{}）", g, d.answers.guardian_relation.map(|r| r.label()).unwrap_or_default(), d.answers.guardian_id_number.clone().unwrap_or_default()) }</dd></div>
                            }
                            if let Some(r) = &d.loss_report {
                                <div class="row" id="app-loss-report"><dt>{ text::LOSS_NUMBER }</dt>
                                    <dd><span class="number">{ r.number.clone() }</span>{ format!("（{}）", r.status.label()) }</dd></div>
                            }
                            if let Some(p) = &d.answers.police_receipt {
                                <div class="row"><dt>{ Field::PoliceReceipt.label() }</dt><dd class="number">{ p.clone() }</dd></div>
                            }
                        </dl>
                    </section>
                    <section class="card">
                        <h2>{ text::HISTORY }</h2>
                        { timeline(&d.timeline) }
                    </section>
                    if d.status.can_cancel() {
                        <section class="card">
                            <p class="hint">{ text::WITHDRAW_HINT }</p>
                            if *confirming {
                                <div class="alert alert-warn" role="alertdialog" aria-labelledby="withdraw-q">
                                    <p id="withdraw-q">{ text::WITHDRAW_CONFIRM }</p>
                                    <button type="button" class="btn btn-warn" onclick={withdraw}
                                        aria-disabled={action.is_pending().then_some("true")}>{ text::WITHDRAW_YES }</button>
                                    <button type="button" class="btn btn-default" onclick={ask_withdraw}>{ text::WITHDRAW_NO }</button>
                                </div>
                            } else {
                                <button type="button" class="btn btn-warn" onclick={ask_withdraw}>{ text::WITHDRAW }</button>
                            }
                        </section>
                    }
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

/// One stage of 办理进度: done (when), current (expected by, or waiting for the
/// applicant), or to come (how long it usually takes).
fn stage_view(v: &StageView) -> Html {
    let (class, state, note) = match &v.state {
        StageState::Done { at } => ("stage-done", text::STAGE_DONE, super::format_time(at)),
        StageState::Current { yours: true, .. } => {
            ("stage-yours", text::STAGE_YOURS, String::new())
        }
        StageState::Current { expected_by, .. } => (
            "stage-now",
            text::STAGE_NOW,
            expected_by.map(text::expected_by).unwrap_or_default(),
        ),
        StageState::ToCome { working_days } => (
            "stage-to-come",
            text::STAGE_TO_COME,
            working_days.map(text::takes_days).unwrap_or_default(),
        ),
    };
    let current = matches!(v.state, StageState::Current { .. });
    html! {
        <li class={classes!("stage", class)} aria-current={current.then_some("step")}>
            <p class="stage-title">{ text::stage_name(v.stage) }<span class="stage-state">{ state }</span></p>
            if !note.is_empty() { <p class="stage-note">{ note }</p> }
        </li>
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
