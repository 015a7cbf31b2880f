use reissue_domain::{DraftUpdate, FieldError};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, Remote};
use crate::app::Route;
use crate::components::{Checkbox, Page};
use crate::hooks::use_field_errors;
use crate::state::{persist, Action, Step, WizardContext};
use crate::text;

/// 业务须知: the notice from the profile and the consent to it.
#[function_component(Notice)]
pub fn notice() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let agreed = use_state(|| wizard.notice_agreed());
    let errors = use_field_errors();
    let saving = use_state(|| Remote::<()>::Idle);
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };

    let onchange = {
        let agreed = agreed.clone();
        Callback::from(move |on| agreed.set(on))
    };
    let onnext = {
        let (wizard, agreed, errors, saving) = (
            wizard.clone(),
            agreed.clone(),
            errors.clone(),
            saving.clone(),
        );
        let version = profile.notice.version.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !*agreed {
                errors.show(vec![FieldError {
                    field: "agree".into(),
                    code: "required".into(),
                    message: text::NOTICE_MUST_AGREE.into(),
                }]);
                return;
            }
            errors.clear();
            persist::set_agreed_notice(&version);
            wizard.dispatch(Action::AgreedToNotice(version.clone()));
            if !wizard.signed_in {
                navigator.push(&Route::Verify);
                return;
            }
            // Signed in already (a reload, or a second application): record the version
            // agreed to with the draft before moving on.
            let (wizard, saving, navigator, version) = (
                wizard.clone(),
                saving.clone(),
                navigator.clone(),
                version.clone(),
            );
            saving.set(Remote::Pending);
            wasm_bindgen_futures::spawn_local(async move {
                let update = DraftUpdate {
                    notice_version: Some(version),
                    ..DraftUpdate::default()
                };
                match api::save_draft(&update).await {
                    Ok(d) => {
                        wizard.dispatch(Action::DraftSaved(d));
                        saving.set(Remote::Idle);
                        navigator.push(&Route::Form);
                    }
                    Err(api::ApiError::Unauthenticated(_)) => {
                        wizard.dispatch(Action::SessionLost);
                        navigator.push(&Route::Verify);
                    }
                    Err(e) => saving.set(Remote::Failed(e)),
                }
            });
        })
    };

    html! {
        <Page title={text::NOTICE_TITLE} step={Step::Notice} back={Route::Home} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <article class="card notice">
                <h2 class="card-title">{ profile.notice.title.clone() }</h2>
                { for profile.notice.sections.iter().map(|s| html! {
                    <section>
                        <h3>{ s.title.clone() }</h3>
                        <ul>{ for s.items.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul>
                    </section>
                }) }
                <section>
                    <h3>{ text::FEES }</h3>
                    <ul>
                        <li>{ format!("{}：{}", text::CARD_FEE, text::yuan(profile.fees.card_fee_fen)) }</li>
                        <li>{ format!("{}：{}", text::EMS_FEE, text::yuan(profile.fees.ems_fee_fen)) }</li>
                    </ul>
                </section>
            </article>
            <form onsubmit={onnext} novalidate=true>
                <Checkbox id="f-agree" label={text::NOTICE_AGREE} checked={*agreed}
                    error={crate::components::error_for(&errors, "agree")} {onchange} />
                if let Some(err) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ err.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}
