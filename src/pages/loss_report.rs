use reissue_domain::loss_report::{
    report_online, withdraw_online, LossReport, LossReportRequest, ReportStatus, WithdrawRefused,
    VOID_RULE,
};
use reissue_domain::{Field, Reason};
use yew::prelude::*;

use reissue_domain::identity::{IdentityCheck, VerifiedIdentity};

use crate::api::{self, ApiError, Remote};
use crate::components::{
    error_for, needs_face_check, radio_group, text_field, Page, RadioGroupProps, TextFieldProps,
    VerifyPerson,
};
use crate::hooks::{answer_setter, save_failed, use_field_errors};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::state::{Action, WizardContext};
use crate::text;

/// 挂失身份证: who, lost or stolen, when and roughly where; recorded at once, with a
/// 挂失回执 number. What was typed stays on the page whatever the answer.
#[function_component(LossReportPage)]
pub fn loss_report_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    // The reissue's answers, when this visitor gave them, carry over: who, lost or
    // stolen, and the police receipt.
    let answers = use_state(|| LossReportRequest {
        kind: wizard.form.reason.or(wizard.eligibility.reason),
        name: wizard.form.name.clone().unwrap_or_default(),
        id_number: wizard.form.id_number.clone().unwrap_or_default(),
        police_receipt: wizard.form.police_receipt.clone(),
        ..LossReportRequest::default()
    });
    // Sent here by 核对信息: back there afterwards, the report named.
    let from_review = use_state(|| super::query_param("from").as_deref() == Some("review"));
    let saving = use_state(|| Remote::<LossReport>::Idle);
    // Whom the server knows this phone to be (a face check bound to a name and number):
    // only the card's holder reports it.
    let me = use_state(|| Remote::<VerifiedIdentity>::Idle);
    let starting = use_state(|| Remote::<()>::Idle);
    {
        let (me, answers) = (me.clone(), answers.clone());
        use_effect_with(wizard.signed_in, move |signed_in| {
            if *signed_in {
                me.set(Remote::Pending);
                wasm_bindgen_futures::spawn_local(async move {
                    match api::identity().await {
                        Ok(found) => {
                            // Verified: that person's card. Back from a check that did not
                            // pass: what was typed for it, to try again.
                            if !found.name.is_empty() {
                                let mut a = (*answers).clone();
                                a.name = found.name.clone();
                                a.id_number = found.id_number.clone();
                                answers.set(a);
                            }
                            me.set(Remote::Done(found));
                        }
                        Err(e) => me.set(Remote::Failed(e)),
                    }
                });
            }
        });
    }

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
                if *from_review {
                    <Link to={Route::Review} classes="btn btn-primary">{ text::LOSS_BACK_TO_REVIEW }</Link>
                } else {
                    <Link to={Route::Notice} classes="btn btn-primary">{ text::LOSS_APPLY }</Link>
                }
            </Page>
        };
    }
    if !wizard.signed_in {
        let next = match *from_review {
            true => "/loss-report?from=review",
            false => "/loss-report",
        };
        let sign_in = Callback::from(move |_: MouseEvent| {
            navigator.push_with_query(&Route::Verify, &[("next", next)])
        });
        return html! {
            <Page title={text::LOSS_TITLE} back={Route::Home}>
                <p>{ text::LOSS_INTRO }</p>
                <p class="hint">{ text::LOSS_SIGN_IN }</p>
                <button type="button" class="btn btn-primary" onclick={sign_in}>{ text::APPOINTMENT_SIGN_IN_BUTTON }</button>
            </Page>
        };
    }
    if let Remote::Done(r) = &*saving {
        return html! {
            <Page title={text::LOSS_DONE} back={Route::Home}>
                <section class="card" id="loss-report">
                    { report_summary(r) }
                </section>
                if *from_review {
                    <Link to={Route::Review} classes="btn btn-primary">{ text::LOSS_BACK_TO_REVIEW }</Link>
                } else {
                    <p>{ text::LOSS_NEXT }</p>
                    <p><Link to={Route::Urgent} classes="link">{ text::URGENT_LINK }</Link></p>
                    <Link to={Route::Notice} classes="btn btn-primary">{ text::LOSS_APPLY }</Link>
                    <Link to={Route::Applications} classes="btn btn-default">{ text::MINE_TITLE }</Link>
                }
            </Page>
        };
    }

    // One setter per answer: it takes the answer's error down at once.
    let set = |field: &'static str, put: fn(&mut LossReportRequest, String)| {
        answer_setter(&answers, &errors, field, put)
    };
    let verified = match &*me {
        Remote::Done(found) => found.verified,
        Remote::Failed(_) => false,
        Remote::Idle | Remote::Pending => {
            return html! {
                <Page title={text::LOSS_TITLE} back={Route::Home}>
                    <p class="loading" role="status">{ text::LOADING }</p>
                </Page>
            };
        }
    };
    if !verified {
        // First who: the name and number, then the face check that proves them.
        let onverify = {
            let (answers, errors, starting, from_review) = (
                answers.clone(),
                errors.clone(),
                starting.clone(),
                *from_review,
            );
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                if starting.is_pending() {
                    return;
                }
                let (today, _) = super::clock_now();
                let found: Vec<_> = reissue_domain::loss_report::check_request(&answers, today)
                    .err()
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|e| e.field == "name" || e.field == "id_number")
                    .collect();
                if !found.is_empty() {
                    errors.show(found);
                    return;
                }
                errors.show(Vec::new());
                let check = IdentityCheck {
                    name: answers.name.clone(),
                    id_number: answers.id_number.clone(),
                    next: match from_review {
                        true => "/loss-report?from=review".into(),
                        false => "/loss-report".into(),
                    },
                    ..IdentityCheck::default()
                };
                starting.set(Remote::Pending);
                let starting = starting.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = crate::components::start_face_check(&check).await {
                        starting.set(Remote::Failed(e));
                    }
                });
            })
        };
        let a = &*answers;
        return html! {
            <Page title={text::LOSS_TITLE} back={Route::Home} has_errors={!errors.is_empty()}>
                { errors.summary() }
                <p>{ text::LOSS_INTRO }</p>
                <p class="hint">{ text::LOSS_WHO }</p>
                <form onsubmit={onverify} novalidate=true>
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-name", label: Field::Name.label(), value: a.name.clone(), autocomplete: "name",
                        maxlength: 40, error: error_for(&errors, "name"),
                        oninput: set("name", |a, v| a.name = v),
                    })) }
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-id_number", label: Field::IdNumber.label(), hint: text::ID_HINT,
                        value: a.id_number.clone(), autocomplete: "off", maxlength: 24, literal: true,
                        error: error_for(&errors, "id_number"),
                        oninput: set("id_number", |a, v| a.id_number = v),
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
            </Page>
        };
    }
    let onsubmit = {
        let (answers, errors, saving, wizard, from_review) = (
            answers.clone(),
            errors.clone(),
            saving.clone(),
            wizard.clone(),
            *from_review,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if saving.is_pending() {
                return;
            }
            let (today, _) = super::clock_now();
            if let Err(found) = reissue_domain::loss_report::check_request(&answers, today) {
                errors.show(found);
                return;
            }
            errors.show(Vec::new());
            saving.set(Remote::Pending);
            let (body, errors, saving, wizard) = (
                (*answers).clone(),
                errors.clone(),
                saving.clone(),
                wizard.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::report_loss(&body).await {
                    Ok(r) => {
                        // The draft now names the report (the server's answer, read
                        // again) for 核对信息 to show.
                        if from_review {
                            if let Ok(Some(d)) = api::draft().await {
                                wizard.dispatch(Action::DraftSaved(d));
                            }
                        }
                        saving.set(Remote::Done(r))
                    }
                    Err(e) => save_failed(e, &saving, &errors, &wizard),
                }
            });
        })
    };
    let kinds: Vec<(String, String)> = Reason::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), text::reason(r).to_string()))
        .collect();
    let a = &*answers;
    html! {
        <Page title={text::LOSS_TITLE} back={Route::Home} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <p>{ text::LOSS_INTRO }</p>
            <form {onsubmit} novalidate=true>
                <p class="verified-as" id="verified-as">
                    { text::LOSS_VERIFIED_AS }{ a.name.clone() }{ " " }
                    <span class="nowrap">{ reissue_domain::mask::id_number(&a.id_number) }</span>
                </p>
                if let Some(e) = error_for(&errors, "name") {
                    <div class="alert alert-error" role="alert"><p>{ e }</p></div>
                }
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-kind", legend: text::LOSS_KIND, options: kinds,
                    value: a.kind.map(Reason::as_str).unwrap_or_default(),
                    error: error_for(&errors, "kind"),
                    onchange: set("kind", |a, v| a.kind = Reason::parse(&v)),
                })) }
                if a.kind == Some(Reason::Stolen) {
                    <div class="alert alert-warn" role="note"><p>{ text::STOLEN_ADVICE }</p></div>
                }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-lost_on", label: text::LOSS_LOST_ON, input_type: "date",
                    value: a.lost_on.clone(), error: error_for(&errors, "lost_on"),
                    oninput: set("lost_on", |a, v| a.lost_on = v),
                })) }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-place", label: text::LOSS_PLACE, hint: text::LOSS_PLACE_HINT,
                    value: a.place.clone(), maxlength: 60, error: error_for(&errors, "place"),
                    oninput: set("place", |a, v| a.place = v),
                })) }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-description", label: text::LOSS_DESCRIPTION,
                    value: a.description.clone(), maxlength: 200,
                    error: error_for(&errors, "description"),
                    oninput: set("description", |a, v| a.description = v),
                })) }
                if a.kind == Some(Reason::Stolen) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-police_receipt", label: text::LOSS_POLICE, hint: text::LOSS_POLICE_HINT,
                        value: a.police_receipt.clone().unwrap_or_default(), maxlength: 30, literal: true,
                        error: error_for(&errors, "police_receipt"),
                        oninput: set("police_receipt", |a, v| a.police_receipt = Some(v)),
                    })) }
                }
                if let Some(e) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::LOSS_SUBMIT } }
                </button>
            </form>
        </Page>
    }
}

/// A report's number, state, and what it was about.
fn report_summary(r: &LossReport) -> Html {
    html! {
        <dl class="summary loss-report" data-number={r.number.clone()}>
            <div><dt>{ text::LOSS_NUMBER }</dt><dd class="number">{ r.number.clone() }</dd></div>
            <div><dt>{ text::LOSS_AT }</dt><dd>{ super::format_time(&r.reported_at) }</dd></div>
            <div><dt>{ text::LOSS_STATUS }</dt><dd class="status">{ r.status.label() }</dd></div>
            <div><dt>{ text::LOSS_CARD }</dt><dd>{ format!("{} {}", r.name, r.id_number) }</dd></div>
        </dl>
    }
}

/// 我的挂失, on 我的办件: each report with its state, and 解挂 while it is possible (with
/// a warning, and the question when a reissue application is still open). After a new
/// card is made the action is gone and the page says why, in the rule's own words.
#[function_component(LossReports)]
pub fn loss_reports() -> Html {
    let list = use_state(Vec::<LossReport>::new);
    // The report being withdrawn, and whether the server asked about an application.
    let confirming = use_state(|| None::<(String, bool)>);
    // A refused withdrawal, and the report it was about.
    let failure = use_state(|| None::<(String, ApiError)>);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(l) = api::loss_reports().await {
                    list.set(l);
                }
            });
        });
    }
    if list.is_empty() {
        return html! {};
    }
    let withdraw = |number: String, cancel: Option<bool>| {
        let (list, confirming, failure) = (list.clone(), confirming.clone(), failure.clone());
        Callback::from(move |_: MouseEvent| {
            let (number, list, confirming, failure) = (
                number.clone(),
                list.clone(),
                confirming.clone(),
                failure.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::withdraw_report(&number, cancel).await {
                    Ok(r) => {
                        let mut l = (*list).clone();
                        for x in l.iter_mut().filter(|x| x.number == r.number) {
                            *x = r.clone();
                        }
                        list.set(l);
                        confirming.set(None);
                        failure.set(None);
                    }
                    Err(ApiError::Rejected { code, .. })
                        if code == WithdrawRefused::ApplicationOpen.code() =>
                    {
                        confirming.set(Some((number, true)));
                    }
                    Err(e) => {
                        confirming.set(None);
                        failure.set(Some((number, e)));
                    }
                }
            });
        })
    };
    let keep = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(None))
    };
    html! {
        <section class="card" id="loss-reports">
            <h2>{ text::LOSS_MINE }</h2>
            if let Some((number, e)) = &*failure {
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
                let ask = {
                    let (confirming, number) = (confirming.clone(), r.number.clone());
                    Callback::from(move |_: MouseEvent| confirming.set(Some((number.clone(), false))))
                };
                html! {
                    <div class="loss-item">
                        { report_summary(r) }
                        if r.status == ReportStatus::Void {
                            <p class="hint">{ VOID_RULE }{ "。" }</p>
                        }
                        if r.status == ReportStatus::Reported {
                            if let Some((_, application)) = asking {
                                <div class="alert alert-warn" role="alertdialog" aria-label={text::LOSS_WITHDRAW}>
                                    if *application {
                                        <p>{ WithdrawRefused::ApplicationOpen.message() }</p>
                                        <button type="button" class="btn btn-warn" onclick={withdraw(r.number.clone(), Some(true))}>{ text::LOSS_WITHDRAW_BOTH }</button>
                                    } else {
                                        <p>{ text::LOSS_WITHDRAW_CONFIRM }</p>
                                        <button type="button" class="btn btn-warn" onclick={withdraw(r.number.clone(), None)}>{ text::LOSS_WITHDRAW_YES }</button>
                                    }
                                    <button type="button" class="btn btn-default" onclick={keep.clone()}>{ text::LOSS_KEEP }</button>
                                </div>
                            } else {
                                <button type="button" class="btn btn-default" onclick={ask}>{ text::LOSS_WITHDRAW }</button>
                            }
                        }
                    </div>
                }
            }) }
        </section>
    }
}
