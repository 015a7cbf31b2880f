use std::rc::Rc;

use reissue_domain::delegation::{PickupVoucher, GUARDIAN_PICKUP_BRING};
use reissue_domain::identity::IdentityCheck;
use reissue_domain::parcel::SignRequestState;
use reissue_domain::progress::{progress, StageState, StageView};
use reissue_domain::{
    ApplicationDetail, AppointmentStatus, DeliveryMethod, Field, NextAction, ServiceProfile,
    Status, TemporaryCardStatus,
};
use yew::prelude::*;

use super::DelegationCard;
use crate::api;
use crate::components::{
    grouped, needs_face_check, timeline, CopyButton, Page, VerifyPerson, APP_NUMBER_GROUPS,
};
use crate::hooks::{
    use_application, use_my_applications, use_sign_out, ApplicationFlow, MyApplications,
};
use crate::route::Route;
use crate::router::Link;
use crate::state::WizardContext;
use crate::text;

/// 我的办件: the applicant's applications, newest first.
#[function_component(Applications)]
pub fn applications() -> Html {
    let sign_out = use_sign_out();
    let MyApplications { list, bookings } = use_my_applications();
    let bookings = bookings.done().cloned().unwrap_or_default();
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
                match list.get() {
                    Ok(Some(items)) if items.is_empty() => html! {
                        <>
                            <p>{ text::MINE_EMPTY }</p>
                            <Link to={Route::Notice} classes="btn btn-primary">{ text::HOME_START }</Link>
                        </>
                    },
                    Ok(Some(items)) => html! {
                        <ul class="cells">
                            { for items.iter().map(|a| html! {
                                <li>
                                    <Link to={Route::Application { number: a.number.clone() }} classes="cell">
                                        <span class="cell-main">
                                            <span class="cell-title">{ text::SERVICE_TITLE }</span>
                                            <span class="cell-sub">{ text::APP_NUMBER }{ "：" }{ grouped(&a.number, APP_NUMBER_GROUPS) }</span>
                                            <span class="cell-sub">{ format!("{}：{}", text::SUBMITTED_AT, crate::clock::format_time(&a.submitted_at)) }</span>
                                        </span>
                                        <span class={classes!("badge", badge_class(a.status))}>{ a.status.label() }</span>
                                    </Link>
                                </li>
                            }) }
                        </ul>
                    },
                    Err(e) => html! {
                        <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                            <button type="button" class="btn btn-primary" onclick={list.retry()}>{ text::RETRY }</button></div>
                    },
                    _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
                }
            }
            if list.done().is_some() {
                <button type="button" class="btn btn-default" onclick={sign_out}>{ text::SIGN_OUT }</button>
            }
        </Page>
    }
}

fn badge_class(status: Status) -> &'static str {
    match status {
        Status::Rejected | Status::AwaitingPayment | Status::Returned => "badge-action",
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
    let flow = use_application(props.number.clone());
    let body = match flow.detail.get() {
        Ok(Some(d)) => {
            let days = wizard
                .profile
                .as_ref()
                .map(|p| p.working_days)
                .unwrap_or_default();
            let stages = progress(d.status, d.answers.delivery, &d.timeline, &days);
            let reload = {
                let detail = flow.detail.clone();
                Callback::from(move |()| detail.reload())
            };
            html! {
                <>
                    { status_card(&flow, d, &stages, wizard.profile.as_deref()) }
                    <DelegationCard detail={d.clone()} onchange={reload} />
                    if !stages.is_empty() {
                        <section class="card">
                            <h2>{ text::PROGRESS }</h2>
                            <ol class="stages">{ for stages.iter().map(stage_view) }</ol>
                            <p class="hint">{ text::ESTIMATE_NOTE }</p>
                        </section>
                    }
                    { fees_card(d) }
                    { applicant_card(d) }
                    <section class="card">
                        <h2>{ text::HISTORY }</h2>
                        { timeline(&d.timeline) }
                    </section>
                    { withdraw_card(&flow, d) }
                </>
            }
        }
        Err(e) => html! {
            <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                <button type="button" class="btn btn-primary" onclick={flow.detail.retry()}>{ text::RETRY }</button></div>
        },
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::DETAIL_TITLE} back={Route::Applications}>{ body }</Page>
    }
}

/// 领证凭证: what the office (or, where the profile says so, the postman) is shown.
fn voucher(d: &ApplicationDetail, v: &PickupVoucher, hint: &'static str) -> Html {
    html! {
        <div class="voucher" id="voucher">
            <h2>{ text::VOUCHER_TITLE }</h2>
            <img class="qr" src={api::qr_url(&d.number, "voucher")} alt={text::VOUCHER_QR_ALT} width="200" height="200" />
            <p>{ text::VOUCHER_NUMBER }{ "：" }<span class="number">{ grouped(&v.number, &[4, 4, 4]) }</span></p>
            <p class="hint">{ hint }</p>
        </div>
    }
}

/// 代签收: the courier's question, while it waits for the applicant's answer.
fn sign_request(flow: &ApplicationFlow, d: &ApplicationDetail) -> Html {
    let Some(r) = d
        .sign_request
        .as_ref()
        .filter(|r| r.state == SignRequestState::Pending)
    else {
        return html! {};
    };
    let busy = flow.action.is_pending().then_some("true");
    html! {
        <div class="alert alert-warn" role="alertdialog" id="sign-request" aria-labelledby="sign-request-title">
            <h2 id="sign-request-title">{ text::SIGN_REQUEST_TITLE }</h2>
            <p>{ text::sign_request_question(&r.signer) }</p>
            <p class="hint">{ text::SIGN_REQUEST_NO_HINT }</p>
            <button type="button" class="btn btn-primary" aria-disabled={busy}
                onclick={flow.answer_signing(&d.number, true)}>{ text::SIGN_APPROVE }</button>
            <button type="button" class="btn btn-default" aria-disabled={busy}
                onclick={flow.answer_signing(&d.number, false)}>{ text::SIGN_DECLINE }</button>
        </div>
    }
}

/// Where the application stands and the one thing to do next.
fn status_card(
    flow: &ApplicationFlow,
    d: &Rc<ApplicationDetail>,
    stages: &[StageView],
    profile: Option<&ServiceProfile>,
) -> Html {
    let action = &flow.action;
    let (pay, fix) = (flow.pay(&d.number), flow.fix(d));
    let logistics = flow.logistics.done();
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
    html! {
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
                                <p class="hint" id="pay-by">{ text::pay_by(&crate::clock::format_time(by)) }</p>
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
                            { sign_request(flow, d) }
                            if let Some(waybill) = d.tracking_number.clone() {
                                <p>{ text::TRACKING_NUMBER }{ "：" }<span class="number" id="waybill">{ waybill.clone() }</span></p>
                                <CopyButton value={waybill} target="waybill" />
                            }
                            <p>{ text::EMS_PHONE }{ "：" }<a class="link" href={format!("tel:{}", text::EMS_PHONE_NUMBER)}>{ text::EMS_PHONE_NUMBER }</a></p>
                            if let Some(l) = logistics {
                                <h3>{ text::TRACK }</h3>
                                { super::tracking::scans(l) }
                            }
                            <p><Link to={Route::Tracking} classes="link">{ text::TRACKING_BY_PHONE_LINK }</Link></p>
                            if let Some(v) = &d.voucher {
                                { voucher(d, v, text::VOUCHER_FOR_SIGNING) }
                            }
                        </>
                    },
                    Some(NextAction::PickUp) => html! {
                        <>
                            if d.status == Status::Returned {
                                <div class="alert alert-warn" role="note" id="returned">
                                    <p>{ text::RETURNED_LEAD }</p>
                                </div>
                            }
                            if let Some(o) = &d.office {
                                <div>
                                    <p>{ format!("{}：{}（{}）", text::PICKUP_AT, o.name, o.address) }</p>
                                    <p>{ format!("{}：{}", text::HOURS, o.hours) }</p>
                                    <p><a class="link" href={format!("tel:{}", o.phone)}>{ o.phone.clone() }</a></p>
                                    // A returned parcel's lead already says what to bring.
                                    if d.status != Status::Returned {
                                        <p>{ if d.answers.guardian_name.is_some() { text::GUARDIAN_PICKUP } else { text::PICKUP_BRING } }</p>
                                    }
                                    if d.answers.guardian_name.is_none() && profile.is_some_and(|p| p.guardian_pickup) {
                                        <p class="hint" id="guardian-pickup">{ GUARDIAN_PICKUP_BRING }</p>
                                    }
                                </div>
                            }
                            if let Some(v) = &d.voucher {
                                { voucher(d, v, text::VOUCHER_HINT) }
                            }
                            if let Some(l) = logistics.filter(|_| d.status == Status::Returned) {
                                <h3>{ text::TRACK }</h3>
                                { super::tracking::scans(l) }
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
            if let Some(Some(m)) = action.done() {
                <p class="alert alert-warn" role="status">{ *m }</p>
            }
            if let Some(phone) = profile.as_ref().map(|p| p.service_phone.clone()) {
                <p>{ text::SERVICE_PHONE }{ "：" }<a class="link" href={format!("tel:{phone}")}>{ phone.clone() }</a></p>
            }
        </section>
    }
}

/// 费用 (or 缴费凭证 once paid), and the temporary card when one was asked for.
fn fees_card(d: &ApplicationDetail) -> Html {
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
                    <div class="row"><dt>{ text::PAID_AT }</dt><dd>{ crate::clock::format_time(&at) }</dd></div>
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
        </>
    }
}

/// Who applied, as the application holds it.
fn applicant_card(d: &ApplicationDetail) -> Html {
    html! {
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
    }
}

/// 撤回申请, after a question, while it is still possible.
fn withdraw_card(flow: &ApplicationFlow, d: &ApplicationDetail) -> Html {
    let (action, confirming) = (&flow.action, *flow.confirming);
    let (withdraw, ask_withdraw) = (flow.withdraw(&d.number), flow.ask_withdraw());
    html! {
        <>
            if d.status.can_cancel() {
                <section class="card">
                    <p class="hint">{ text::WITHDRAW_HINT }</p>
                    if confirming {
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

/// One stage of 办理进度: done (when), current (expected by, or waiting for the
/// applicant), or to come (how long it usually takes).
fn stage_view(v: &StageView) -> Html {
    let (class, state, note) = match &v.state {
        StageState::Done { at } => (
            "stage-done",
            text::STAGE_DONE,
            crate::clock::format_time(at),
        ),
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
