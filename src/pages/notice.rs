use reissue_domain::{DraftUpdate, FieldError};
use yew::prelude::*;

use crate::api;
use crate::components::{checkbox, CheckboxProps, Page};
use crate::hooks::{call, use_action, use_field_errors};
use crate::lazy::{use_prefetch, Chunk};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::state::{persist, Action, Step, WizardContext};
use crate::text;

/// 业务须知: the notice from the profile and the consent to it.
#[function_component(Notice)]
pub fn notice() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let agreed = use_state(|| wizard.notice_agreed());
    let errors = use_field_errors();
    let saving = use_action::<()>();
    // The rest of the wizard, 手机验证 included: downloaded while this is read.
    use_prefetch(Chunk::Wizard);
    use_prefetch(Chunk::Verify);
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };

    let onchange = {
        let (agreed, errors) = (agreed.clone(), errors.clone());
        Callback::from(move |on| {
            if on {
                errors.answered("agree");
            }
            agreed.set(on)
        })
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
            // On to 能否在线办理, unless it was answered already (a second visit).
            let after = match (wizard.eligible(), wizard.signed_in) {
                (false, _) => Route::Eligibility,
                (true, false) => Route::Verify,
                (true, true) => Route::Form,
            };
            if !wizard.signed_in {
                navigator.push(&after);
                return;
            }
            // Signed in already (a reload, or a second application): record the version
            // agreed to with the draft before moving on.
            let (wizard, navigator, version, after) = (
                wizard.clone(),
                navigator.clone(),
                version.clone(),
                after.clone(),
            );
            saving.run(call(async move {
                let update = DraftUpdate {
                    notice_version: Some(version),
                    ..DraftUpdate::default()
                };
                match api::save_draft(&update).await {
                    Ok(d) => {
                        wizard.dispatch(Action::DraftSaved(d));
                        navigator.push(&after);
                    }
                    Err(api::ApiError::Unauthenticated(_)) => {
                        wizard.dispatch(Action::SessionLost);
                        navigator.push(&Route::Verify);
                    }
                    Err(e) => return Err(e),
                }
                Ok(())
            }));
        })
    };

    html! {
        <Page title={text::NOTICE_TITLE} step={Step::Notice} back={Route::Home} has_errors={!errors.is_empty()}>
            { errors.summary() }
            // A start page: the three things everyone must know, the rest behind
            // expanders, the consent right after (not at the bottom of a long page).
            <article class="card notice">
                <h2 class="card-title">{ text::NOTICE_KEY_POINTS }</h2>
                <ul class="key-points">
                    { for profile.notice.key_points.iter().map(|i| html! { <li>{ i.clone() }</li> }) }
                    <li>{ text::cost_and_time(&profile.fees, &profile.working_days) }</li>
                </ul>
            </article>
            <section class="notice-more" aria-label={text::NOTICE_MORE}>
                { for profile.notice.sections.iter().map(|s| html! {
                    <details class="expander">
                        <summary>{ s.title.clone() }</summary>
                        <ul>{ for s.items.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul>
                    </details>
                }) }
            </section>
            <p><Link to={Route::Urgent} classes="link">{ text::URGENT_LINK }</Link></p>
            <form onsubmit={onnext} novalidate=true>
                { checkbox(&yew::props!(CheckboxProps {
                    id: "f-agree", label: text::NOTICE_AGREE, checked: *agreed,
                    error: crate::components::error_for(&errors, "agree"), onchange: onchange,
                })) }
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
