use reissue_domain::parcel::{Logistics, Parcels};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{CopyButton, Page};
use crate::hooks::{call, on_field, use_action, use_field_errors, use_sms_code};
use crate::route::Route;
use crate::state::WizardContext;
use crate::text;

/// 物流进度查询: the recipient's phone and the SMS code sent to it show every card
/// parcel sent there, with no application number and no sign-in (the recipient may
/// be a relative of the applicant). The number typed stays for the next look.
#[function_component(TrackingPage)]
pub fn tracking_page() -> Html {
    let errors = use_field_errors();
    let sms = use_sms_code(&errors);
    // `None`: the code was refused, its message under it, the form ready again.
    let found = use_action::<Option<Parcels>>();
    let days = use_context::<WizardContext>()
        .and_then(|w| w.profile.as_ref().map(|p| p.working_days))
        .unwrap_or_default();

    let onsubmit = {
        let (sms, errors, found) = (sms.clone(), errors.clone(), found.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if found.is_pending() {
                return;
            }
            let Some((phone, code)) = sms.checked() else {
                return;
            };
            let errors = errors.clone();
            found.run(call(async move {
                match api::parcels(&phone, &code).await {
                    Err(ApiError::Validation { fields, message }) => {
                        errors.show(on_field("code", fields, message));
                        Ok(None)
                    }
                    answer => answer.map(Some),
                }
            }));
        })
    };

    if let Some(Some(p)) = found.done() {
        let again = {
            let (found, code) = (found.clone(), sms.code.clone());
            Callback::from(move |_: MouseEvent| {
                code.set(String::new());
                found.reset();
            })
        };
        return html! {
            <Page title={text::TRACKING_TITLE} back={Route::Home}>
                <p role="status" id="parcels-found">{ text::parcels_found(&p.phone_masked, p.parcels.len()) }</p>
                if p.parcels.is_empty() {
                    <p>{ text::tracking_none(&days) }</p>
                }
                { for p.parcels.iter().map(parcel) }
                <p>{ text::EMS_PHONE }{ "：" }<a class="link" href={format!("tel:{}", text::EMS_PHONE_NUMBER)}>{ text::EMS_PHONE_NUMBER }</a></p>
                <button type="button" class="btn btn-default" onclick={again}>{ text::TRACKING_AGAIN }</button>
                <p class="hint">{ text::TRACKING_AGAIN_HINT }</p>
            </Page>
        };
    }

    let failure = sms.failure().or(found.error().cloned());
    html! {
        <Page title={text::TRACKING_TITLE} back={Route::Home} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <p>{ text::TRACKING_INTRO }</p>
            <form {onsubmit} novalidate=true>
                { sms.fields(text::TRACKING_PHONE_LABEL, text::TRACKING_PHONE_HINT) }
                if let Some(err) = failure {
                    <div class="alert alert-error" role="alert"><p>{ err.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={found.is_pending().then_some("true")}>
                    { if found.is_pending() { text::LOADING } else { text::TRACKING_SUBMIT } }
                </button>
            </form>
        </Page>
    }
}

/// One parcel: carrier and waybill (to copy for the courier's hotline), who it is for
/// (masked), where it is, and every scan.
fn parcel(l: &Logistics) -> Html {
    let target = format!("waybill-{}", l.tracking_number);
    html! {
        <section class="card parcel" data-waybill={l.tracking_number.clone()}>
            <h2><span class="badge badge-wait">{ l.stage.label() }</span>{ " " }{ l.carrier.clone() }</h2>
            <p>{ text::TRACKING_NUMBER }{ "：" }<span class="number" id={target.clone()}>{ l.tracking_number.clone() }</span></p>
            <CopyButton value={l.tracking_number.clone()} {target} />
            <p>{ text::TRACKING_RECIPIENT }{ "：" }{ l.recipient.clone() }</p>
            { scans(l) }
        </section>
    }
}

/// The courier's scans, newest first.
pub fn scans(l: &Logistics) -> Html {
    html! {
        <ol class="logistics">
            { for l.events.iter().map(|e| html! {
                <li>
                    <span class="hint">{ crate::clock::format_time(&e.at) }</span>{ " " }{ e.description.clone() }
                </li>
            }) }
        </ol>
    }
}
