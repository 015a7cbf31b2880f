use std::rc::Rc;

use reissue_domain::delegation::{may_delegate, AuthorizationStatus};
use reissue_domain::identity::IdentityCheck;
use reissue_domain::{ApplicationDetail, Authorization, Field};
use yew::prelude::*;

use crate::api;
use crate::components::{
    error_for, needs_face_check, text_field, KeepCopy, Page, TextFieldProps, VerifyPerson,
};
use crate::hooks::{call, use_delegate, use_resource, DelegateFlow, WhenLost};
use crate::route::Route;
use crate::router::Link;
use crate::state::WizardContext;
use crate::text;

#[derive(Properties, PartialEq)]
pub struct DelegationProps {
    pub detail: Rc<ApplicationDetail>,
    /// The authorisation changed: read the application again.
    pub onchange: Callback<()>,
}

/// 委托他人领取, on the application page: the authorisation in force (its code, the
/// printable page, 撤销委托 after a question), or the form that gives one.
#[function_component(DelegationCard)]
pub fn delegation_card(props: &DelegationProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let d = &props.detail;
    let flow = use_delegate(d.number.clone(), props.onchange.clone());
    let face_check = IdentityCheck {
        application: Some(d.number.clone()),
        next: Route::Application {
            number: d.number.clone(),
        }
        .to_path(),
        ..IdentityCheck::default()
    };
    let rules = wizard.profile.as_ref().and_then(|p| p.delegation);
    if may_delegate(rules.as_ref(), d.answers.delivery, d.status).is_err() {
        return html! {};
    }
    let active = d
        .authorization
        .as_ref()
        .filter(|a| a.status == AuthorizationStatus::Active);
    let body = match active {
        Some(a) => in_force(&flow, a, &d.number),
        None => delegate_form(&flow, d, &face_check),
    };
    html! {
        <section class="card" id="delegation">
            <h2>{ text::DELEGATE_TITLE }</h2>
            { body }
            if let Some(e) = flow.saving.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                if needs_face_check(e) {
                    <VerifyPerson check={face_check} />
                }
            }
        </section>
    }
}

/// The authorisation in force: its facts, the printable page, and 撤销委托.
fn in_force(flow: &DelegateFlow, a: &Authorization, number: &str) -> Html {
    let (saving, given_code) = (&flow.saving, &*flow.given_code);
    let toggle = flow.toggle();
    html! {
        <>
            { summary(a, given_code.as_deref()) }
            if given_code.is_some() {
                <p class="hint">{ text::DELEGATE_CODE_HINT }</p>
            } else {
                <p class="hint">{ text::DELEGATE_CODE_ONCE }</p>
            }
            <Link to={Route::Authorization { number: number.to_string() }} classes="btn btn-primary">{ text::DELEGATE_VIEW }</Link>
            if *flow.confirming {
                <div class="alert alert-warn" role="alertdialog" aria-label={text::DELEGATE_REVOKE}>
                    <p>{ text::DELEGATE_REVOKE_CONFIRM }</p>
                    <button type="button" class="btn btn-warn" onclick={flow.revoke()}
                        aria-disabled={saving.is_pending().then_some("true")}>{ text::DELEGATE_REVOKE_YES }</button>
                    <button type="button" class="btn btn-default" onclick={toggle}>{ text::DELEGATE_KEEP }</button>
                </div>
            } else {
                <button type="button" class="btn btn-warn" onclick={toggle}>{ text::DELEGATE_REVOKE }</button>
            }
        </>
    }
}

/// Naming a delegate: the face check first when the phone's person is not proved.
fn delegate_form(flow: &DelegateFlow, d: &ApplicationDetail, face_check: &IdentityCheck) -> Html {
    let (a, errors, saving) = (&*flow.answers, &flow.errors, &flow.saving);
    let ended = d.authorization.as_ref().map(|p| {
        format!(
            "{}：{}，{}",
            text::DELEGATE_ENDED,
            p.delegate_name,
            p.status.label()
        )
    });
    html! {
        <>
            <p>{ text::DELEGATE_INTRO }</p>
            if let Some(e) = ended {
                <p class="hint">{ e }</p>
            }
            { errors.summary() }
            if flow.verified.done() == Some(&false) {
                <VerifyPerson check={face_check.clone()} />
            } else {
            <form onsubmit={flow.submit()} novalidate=true>
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-name", label: text::DELEGATE_NAME, value: a.name.clone(), autocomplete: "off",
                    maxlength: 40, error: error_for(errors, "name"), oninput: flow.set("name", |a, v| a.name = v),
                })) }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-id_number", label: text::DELEGATE_ID, hint: text::ID_HINT, value: a.id_number.clone(),
                    autocomplete: "off", maxlength: 24, literal: true, error: error_for(errors, Field::IdNumber.as_str()),
                    oninput: flow.set(Field::IdNumber.as_str(), |a, v| a.id_number = v),
                })) }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-phone", label: text::DELEGATE_PHONE, hint: text::DELEGATE_PHONE_HINT, value: a.phone.clone(),
                    input_type: "tel", autocomplete: "off", error: error_for(errors, "phone"),
                    oninput: flow.set("phone", |a, v| a.phone = v),
                })) }
                <button type="submit" class="btn btn-default" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::DELEGATE_SUBMIT } }
                </button>
            </form>
            }
        </>
    }
}

/// The authorisation's facts, as both the card and the printable page list them.
/// The 核验码 only where it was just given (never on the printable page: it is the
/// applicant's to tell the delegate, not to print).
fn summary(a: &Authorization, code: Option<&str>) -> Html {
    html! {
        <dl class="summary">
            <div class="row"><dt>{ text::AUTH_NUMBER }</dt><dd class="number">{ a.number.clone() }</dd></div>
            <div class="row"><dt>{ text::AUTH_AGENT }</dt><dd>{ format!("{}（{}，{}）", a.delegate_name, a.delegate_id_number, a.delegate_phone) }</dd></div>
            if let Some(code) = code {
                <div class="row"><dt>{ text::DELEGATE_CODE }</dt><dd class="number code" id="delegate-code">{ code.to_string() }</dd></div>
            }
            <div class="row"><dt>{ text::DELEGATE_VALID_UNTIL }</dt><dd>{ crate::clock::format_time(&a.valid_until) }</dd></div>
        </dl>
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthorizationProps {
    pub number: String,
}

/// 《委托授权书》: what the delegate shows at the counter, printable or kept on a phone.
/// Every ID number on it is masked; the QR code holds only the authorisation's number.
#[function_component(AuthorizationPage)]
pub fn authorization_page(props: &AuthorizationProps) -> Html {
    let detail = use_resource(props.number.clone(), WhenLost::Show, |n| {
        let n = n.clone();
        Some(call(async move { api::application(&n).await }))
    });
    let back = Route::Application {
        number: props.number.clone(),
    };
    let body = match detail.get() {
        Ok(Some(d)) => match d
            .authorization
            .as_ref()
            .filter(|a| a.status == AuthorizationStatus::Active)
        {
            Some(a) => {
                html! {
                    <article class="card authorization" id="authorization">
                        <dl class="summary">
                            <div class="row"><dt>{ text::AUTH_PRINCIPAL }</dt>
                                <dd>{ format!("{}（{}）", d.answers.name.clone().unwrap_or_default(), d.answers.id_number.clone().unwrap_or_default()) }</dd></div>
                            <div class="row"><dt>{ text::AUTH_MATTER }</dt><dd>{ text::authorization_matter(&d.number) }</dd></div>
                            if let Some(o) = &d.office {
                                <div class="row"><dt>{ text::AUTH_PLACE }</dt><dd>{ format!("{}（{}）", o.name, o.address) }</dd></div>
                            }
                        </dl>
                        { summary(a, None) }
                        <img class="qr" src={api::qr_url(&d.number, "authorization")} alt={text::AUTH_QR_ALT} width="200" height="200" />
                        <p>{ text::AUTH_BRING }</p>
                        <KeepCopy />
                    </article>
                }
            }
            None => html! { <p>{ text::AUTH_NONE }</p> },
        },
        Err(e) => html! {
            <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
        },
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    html! {
        <Page title={text::AUTH_TITLE} back={back}>{ body }</Page>
    }
}
