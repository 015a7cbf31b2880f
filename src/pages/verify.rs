use reissue_domain::eligibility::Eligibility;
use reissue_domain::{DraftUpdate, FormAnswers};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::Page;
use crate::hooks::{call, on_field, use_action, use_field_errors, use_sms_code};
use crate::route::{Route, Then};
use crate::router::use_navigator;
use crate::state::{first_missing_step, Action, Step, Wizard, WizardContext};
use crate::text;

/// Where to go after signing in: back to the page that sent the user here when it is one
/// that takes a visitor back ([`Then`]), else the first step not yet done.
fn next_route(w: &Wizard) -> String {
    if let Some(next) = crate::router::query_param("next").and_then(|n| Then::parse(&n)) {
        return next;
    }
    let (today, now) = crate::clock::clock_now();
    Route::of_step(first_missing_step(w, Step::Review, today, now).unwrap_or(Step::Review))
        .to_path()
}

/// 手机验证: a code by SMS opens the session that holds the draft.
#[function_component(Verify)]
pub fn verify() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    let sms = use_sms_code(&errors);
    let signing = use_action::<()>();
    let from_mine = crate::router::query_param("next").is_some();

    // In the wizard, the SMS code comes after the notice and 能否在线办理: nobody gets
    // a code for a service they cannot use.
    let needs_notice = wizard.booted && !from_mine && !wizard.notice_agreed();
    let needs_eligibility = wizard.booted && !from_mine && !needs_notice && !wizard.eligible();
    {
        let navigator = navigator.clone();
        use_effect_with(
            (needs_notice, needs_eligibility),
            move |needs| match needs {
                (true, _) => navigator.replace(&Route::Notice),
                (_, true) => navigator.replace(&Route::Eligibility),
                _ => {}
            },
        );
    }
    if needs_notice || needs_eligibility {
        return html! {};
    }

    let onsubmit = {
        let (wizard, sms, errors, signing) =
            (wizard.clone(), sms.clone(), errors.clone(), signing.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if signing.is_pending() {
                return;
            }
            let Some((p, c)) = sms.checked() else {
                return;
            };
            let (wizard, navigator, errors) = (wizard.clone(), navigator.clone(), errors.clone());
            let already_signed_in = wizard.signed_in;
            signing.run(call(async move {
                // A retry after the draft step failed skips this: the code is spent and
                // the session already open.
                if !already_signed_in {
                    match api::sign_in(&p, &c).await {
                        Ok(session) => wizard.dispatch(Action::SignedIn {
                            phone_masked: session.phone_masked,
                        }),
                        Err(ApiError::Validation { fields, message }) => {
                            errors.replace(on_field("code", fields, message));
                            return Ok(());
                        }
                        Err(e) => return Err(e),
                    }
                }
                // Record the notice agreed before signing in, and load any draft
                // this phone already has, so the user continues where they left off.
                let mut w = (*wizard).clone();
                w.signed_in = true;
                // 能否在线办理's answers that the form asks again go with the draft too.
                let eligible = matches!(wizard.verdict, Some(Eligibility::Online));
                let update = DraftUpdate {
                    notice_version: wizard.agreed_notice.clone(),
                    form: eligible.then(|| FormAnswers {
                        hukou_region: wizard.eligibility.hukou_region.clone(),
                        reason: wizard.eligibility.reason,
                        ..FormAnswers::default()
                    }),
                    ..DraftUpdate::default()
                };
                let saved = if update.notice_version.is_some() || update.form.is_some() {
                    api::save_draft(&update).await.map(Some)
                } else {
                    api::draft().await
                };
                if let Some(d) = saved? {
                    w.draft = d.clone();
                    wizard.dispatch(Action::DraftSaved(d));
                }
                navigator.go_to_path(&next_route(&w), false);
                Ok(())
            }));
        })
    };

    let back = if from_mine {
        Route::Home
    } else {
        Route::Notice
    };
    let failure = sms.failure().or(signing.error().cloned());

    html! {
        <Page title={text::PHONE_TITLE} step={(!from_mine).then_some(Step::Phone)} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <form onsubmit={onsubmit} novalidate=true>
                { sms.fields(text::PHONE_LABEL, text::PHONE_HINT) }
                if let Some(err) = failure {
                    <div class="alert alert-error" role="alert"><p>{ err.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={signing.is_pending().then_some("true")}>
                    { if signing.is_pending() { text::LOADING } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}
