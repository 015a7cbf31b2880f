use reissue_domain::error::Refusal;
use reissue_domain::identity::IdentityCheck;
use reissue_domain::loss_report::{
    report_online, withdraw_online, LossReport, ReportStatus, WithdrawRefused, VOID_RULE,
};
use reissue_domain::{Field, Reason};
use yew::prelude::*;

use crate::components::{
    checkbox, error_for, grouped, needs_face_check, radio_group, text_field, CheckboxProps,
    KeepCopy, Page, RadioGroupProps, TextFieldProps, VerifyPerson, ID_GROUPS,
};
use crate::hooks::{use_loss_report, use_loss_reports, LossReportFlow};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::state::WizardContext;
use crate::text;

/// 挂失身份证: who, lost or stolen, when and roughly where; recorded at once, with a
/// 挂失回执 number. What was typed stays on the page whatever the answer.
#[function_component(LossReportPage)]
pub fn loss_report_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let flow = use_loss_report();

    // Where the province takes 挂失 only at a police station, the page says where, and
    // that the reissue is online all the same.
    if let Some(Err(at)) = wizard
        .profile
        .as_ref()
        .map(|p| report_online(&p.loss_report))
    {
        let back = wizard
            .profile
            .as_ref()
            .and_then(|p| withdraw_online(&p.loss_report).err());
        return html! {
            <Page title={text::LOSS_TITLE} back={Route::Home}>
                <div class="alert alert-warn" role="note" id="loss-at-station">
                    <p>{ at.message }</p>
                </div>
                if let Some(w) = back {
                    <p>{ text::LOSS_FOUND_AGAIN }{ w.message }</p>
                }
                <p class="hint">{ VOID_RULE }{ "。" }</p>
                { afterwards(flow.from_review) }
            </Page>
        };
    }
    if !wizard.signed_in {
        let then = flow.here();
        let sign_in = Callback::from(move |_: MouseEvent| navigator.sign_in_then(&then, false));
        return html! {
            <Page title={text::LOSS_TITLE} back={Route::Home}>
                <p>{ text::LOSS_INTRO }</p>
                <p class="hint">{ text::LOSS_SIGN_IN }</p>
                <button type="button" class="btn btn-primary" onclick={sign_in}>{ text::APPOINTMENT_SIGN_IN_BUTTON }</button>
            </Page>
        };
    }
    if let Some(r) = flow.saving.done() {
        return html! {
            <Page title={text::LOSS_DONE} back={Route::Home}>
                <section class="card" id="loss-report">
                    { report_summary(r) }
                    { receipt_link(&r.number) }
                </section>
                if flow.from_review {
                    { afterwards(true) }
                } else {
                    <p>{ text::LOSS_NEXT }</p>
                    <p><Link to={Route::Urgent} classes="link">{ text::URGENT_LINK }</Link></p>
                    { afterwards(false) }
                    <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
                }
            </Page>
        };
    }
    let body = match flow.me.get() {
        Ok(Some(found)) if found.verified => report_form(&flow, &wizard),
        Ok(Some(_)) | Err(_) => who_form(&flow),
        Ok(None) => {
            html! { <p class="loading" role="status">{ text::LOADING }</p> }
        }
    };
    html! {
        <Page title={text::LOSS_TITLE} back={Route::Home} has_errors={!flow.errors.is_empty()}>
            { body }
        </Page>
    }
}

/// Back to 核对信息, or on to the reissue.
fn afterwards(from_review: bool) -> Html {
    match from_review {
        true => {
            html! { <Link to={Route::Review} classes="btn btn-primary">{ text::LOSS_BACK_TO_REVIEW }</Link> }
        }
        false => {
            html! { <Link to={Route::Notice} classes="btn btn-primary">{ text::LOSS_APPLY }</Link> }
        }
    }
}

/// First who: the name and number, then the face check that proves them.
fn who_form(flow: &LossReportFlow) -> Html {
    let (a, errors, starting) = (&*flow.answers, &flow.errors, &flow.starting);
    html! { <>
        { errors.summary() }
        <p>{ text::LOSS_INTRO }</p>
        <p class="hint">{ text::LOSS_WHO }</p>
        <form onsubmit={flow.verify()} novalidate=true>
            { text_field(&yew::props!(TextFieldProps {
                id: "f-name", label: Field::Name.label(), value: a.name.clone(), autocomplete: "name",
                maxlength: 40, error: error_for(errors, "name"),
                oninput: flow.set("name", |a, v| a.name = v),
            })) }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-id_number", label: Field::IdNumber.label(), hint: text::ID_HINT,
                value: a.id_number.clone(), autocomplete: "off", maxlength: 24, literal: true,
                error: error_for(errors, Field::IdNumber.as_str()),
                oninput: flow.set(Field::IdNumber.as_str(), |a, v| a.id_number = v),
            })) }
            <p class="hint">{ text::VERIFY_PERSON_WHY }</p>
            if let Some(e) = starting.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
            }
            <button type="submit" class="btn btn-primary" id="verify-person"
                aria-disabled={starting.is_pending().then_some("true")}>
                { if starting.is_pending() { text::LOADING } else { text::VERIFY_PERSON_BUTTON } }
            </button>
        </form>
    </> }
}

/// The report itself, for the person the face check proved.
fn report_form(flow: &LossReportFlow, wizard: &WizardContext) -> Html {
    let (a, errors, saving) = (&*flow.answers, &flow.errors, &flow.saving);
    let kinds: Vec<(String, String)> = Reason::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), text::reason(r).to_string()))
        .collect();
    html! { <>
        { errors.summary() }
        <p>{ text::LOSS_INTRO }</p>
        <form onsubmit={flow.submit(wizard)} novalidate=true>
            <p class="verified-as" id="verified-as">
                { text::LOSS_VERIFIED_AS }{ a.name.clone() }{ " " }
                <span class="nowrap">{ reissue_domain::mask::id_number(&a.id_number) }</span>
            </p>
            if let Some(e) = error_for(errors, "name") {
                <div class="alert alert-error" role="alert"><p>{ e }</p></div>
            }
            { radio_group(&yew::props!(RadioGroupProps {
                id: "f-kind", legend: text::LOSS_KIND, options: kinds,
                value: a.kind.map(Reason::as_str).unwrap_or_default(),
                error: error_for(errors, "kind"),
                onchange: flow.set("kind", |a, v| a.kind = Reason::parse(&v)),
            })) }
            if a.kind == Some(Reason::Stolen) {
                <div class="alert alert-warn" role="note"><p>{ text::STOLEN_ADVICE }</p></div>
            }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-lost_on", label: text::LOSS_LOST_ON, input_type: "date",
                value: a.lost_on.clone(), error: error_for(errors, "lost_on"),
                oninput: flow.set("lost_on", |a, v| a.lost_on = v),
            })) }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-place", label: text::LOSS_PLACE, hint: text::LOSS_PLACE_HINT,
                value: a.place.clone(), maxlength: 60, error: error_for(errors, "place"),
                oninput: flow.set("place", |a, v| a.place = v),
            })) }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-description", label: text::LOSS_DESCRIPTION,
                value: a.description.clone(), maxlength: 200,
                error: error_for(errors, "description"),
                oninput: flow.set("description", |a, v| a.description = v),
            })) }
            if a.kind == Some(Reason::Stolen) {
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-police_receipt", label: text::LOSS_POLICE, hint: text::LOSS_POLICE_HINT,
                    value: a.police_receipt.clone().unwrap_or_default(), maxlength: 30, literal: true,
                    error: error_for(errors, "police_receipt"),
                    oninput: flow.set("police_receipt", |a, v| a.police_receipt = Some(v)),
                })) }
            }
            { checkbox(&yew::props!(CheckboxProps {
                id: "f-promised", label: reissue_domain::loss_report::PROMISE, checked: a.promised,
                error: error_for(errors, "promised"),
                onchange: flow.set("promised", |a, v| a.promised = v == "true")
                    .reform(|on: bool| on.to_string()),
            })) }
            if let Some(e) = saving.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
            }
            <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                { if saving.is_pending() { text::LOADING } else { text::LOSS_SUBMIT } }
            </button>
        </form>
    </> }
}

/// A report's number, state, and what it was about.
fn report_summary(r: &LossReport) -> Html {
    html! {
        <dl class="summary loss-report" data-number={r.number.clone()}>
            <div><dt>{ text::LOSS_NUMBER }</dt><dd class="number">{ r.number.clone() }</dd></div>
            <div><dt>{ text::LOSS_AT }</dt><dd>{ crate::clock::format_time(&r.reported_at) }</dd></div>
            <div><dt>{ text::LOSS_STATUS }</dt><dd class="status">{ r.status.label() }</dd></div>
            <div><dt>{ text::LOSS_CARD }</dt><dd>{ format!("{} {}", r.name, r.id_number) }</dd></div>
        </dl>
    }
}

fn receipt_link(number: &str) -> Html {
    let to = Route::LossReceipt {
        number: number.to_string(),
    };
    html! { <p><Link {to} classes="link">{ text::LOSS_RECEIPT_LINK }</Link></p> }
}

#[derive(Properties, PartialEq)]
pub struct LossReceiptProps {
    pub number: String,
}

/// 挂失回执: the report as a paper to keep (seed 003: keep the 回执 for later queries and
/// the reissue), printed or as a screenshot. Only the phone that reported it sees it: it
/// comes from that phone's own list of reports. The ID number is masked, as everywhere
/// off 核对信息.
#[function_component(LossReceiptPage)]
pub fn loss_receipt_page(props: &LossReceiptProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let reports = use_loss_reports();
    let body = match reports.list.get() {
        Ok(Some(list)) => match list.iter().find(|r| r.number == props.number) {
            Some(r) => html! {
                <article class="card loss-receipt" id="loss-receipt" data-number={r.number.clone()}>
                    <dl class="summary">
                        <div class="row"><dt>{ text::LOSS_NUMBER }</dt><dd class="number">{ r.number.clone() }</dd></div>
                        <div class="row"><dt>{ text::LOSS_HOLDER }</dt><dd>{ r.name.clone() }</dd></div>
                        <div class="row"><dt>{ Field::IdNumber.label() }</dt><dd class="number">{ grouped(&r.id_number, ID_GROUPS) }</dd></div>
                        <div class="row"><dt>{ text::LOSS_KIND_LABEL }</dt><dd>{ text::reason(r.kind) }</dd></div>
                        <div class="row"><dt>{ format!("{}{}", text::reason(r.kind), text::LOSS_WHEN) }</dt><dd>{ r.lost_on.clone() }</dd></div>
                        <div class="row"><dt>{ format!("{}{}", text::reason(r.kind), text::LOSS_WHERE) }</dt><dd>{ r.place.clone() }</dd></div>
                        if let Some(police) = &r.police_receipt {
                            <div class="row"><dt>{ text::LOSS_POLICE_NUMBER }</dt><dd>{ police.clone() }</dd></div>
                        }
                        <div class="row"><dt>{ text::LOSS_AT }</dt><dd>{ crate::clock::format_time(&r.reported_at) }</dd></div>
                        <div class="row"><dt>{ text::LOSS_STATUS }</dt><dd class="status">{ r.status.label() }</dd></div>
                        if let Some(p) = &wizard.profile {
                            <div class="row"><dt>{ text::LOSS_CHANNEL }</dt><dd>{ text::loss_channel(&p.province_name) }</dd></div>
                        }
                    </dl>
                    <p>{ text::LOSS_RECEIPT_KEEP }</p>
                    <KeepCopy />
                </article>
            },
            None => html! { <p>{ text::LOSS_RECEIPT_NONE }</p> },
        },
        Err(e) => html! {
            <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
        },
        Ok(None) => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::LOSS_RECEIPT} back={Route::Applications}>{ body }</Page>
    }
}

/// 我的挂失, on 我的办件: each report with its state, and 解挂 while it is possible (with
/// a warning, and the question when a reissue application is still open). After a new
/// card is made the action is gone and the page says why, in the rule's own words.
#[function_component(LossReports)]
pub fn loss_reports() -> Html {
    let reports = use_loss_reports();
    let list = match reports.list.done() {
        Some(l) if !l.is_empty() => l,
        _ => return html! {},
    };
    let (confirming, failure) = (&*reports.confirming, &*reports.failure);
    html! {
        <section class="card" id="loss-reports">
            <h2>{ text::LOSS_MINE }</h2>
            if let Some((number, e)) = failure {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                if needs_face_check(e) {
                    <VerifyPerson check={IdentityCheck {
                        report: Some(number.clone()),
                        next: "/applications".into(),
                        ..IdentityCheck::default()
                    }} />
                }
            }
            { for list.iter().map(|r| {
                let asking = confirming.as_ref().filter(|(n, _)| *n == r.number);
                html! {
                    <div class="loss-item">
                        { report_summary(r) }
                        { receipt_link(&r.number) }
                        if r.status == ReportStatus::Void {
                            <p class="hint">{ VOID_RULE }{ "。" }</p>
                        }
                        if r.status == ReportStatus::Reported {
                            if let Some((_, application)) = asking {
                                <div class="alert alert-warn" role="alertdialog" aria-label={text::LOSS_WITHDRAW}>
                                    if *application {
                                        <p>{ WithdrawRefused::ApplicationOpen.message() }</p>
                                        <button type="button" class="btn btn-warn" onclick={reports.withdraw(r.number.clone(), Some(true))}>{ text::LOSS_WITHDRAW_BOTH }</button>
                                    } else {
                                        <p>{ text::LOSS_WITHDRAW_CONFIRM }</p>
                                        <button type="button" class="btn btn-warn" onclick={reports.withdraw(r.number.clone(), None)}>{ text::LOSS_WITHDRAW_YES }</button>
                                    }
                                    <button type="button" class="btn btn-default" onclick={reports.ask(None)}>{ text::LOSS_KEEP }</button>
                                </div>
                            } else {
                                <button type="button" class="btn btn-default" onclick={reports.ask(Some(r.number.clone()))}>{ text::LOSS_WITHDRAW }</button>
                            }
                        }
                    </div>
                }
            }) }
        </section>
    }
}
