use reissue_domain::submission::{liveness_fresh, may_start_face_check, FaceCheckRefused};
use reissue_domain::{DraftUpdate, FieldError};
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::components::{checkbox, error_for, CheckboxProps, Page};
use crate::hooks::{call, use_action, use_field_errors, use_resource, WhenLost};
use crate::providers::{self, verdict, Verdict};
use crate::route::{Route, Then};
use crate::router::use_navigator;
use crate::state::{back_step, next_step, Action, Step, WizardContext};
use crate::text;

/// 人脸识别: a separate consent, then the vendor's check. The server decides the result.
#[function_component(Liveness)]
pub fn liveness() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let consent = use_state(|| wizard.draft.face_consent);
    let errors = use_field_errors();
    let starting = use_action::<()>();
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let summary = &wizard.draft.liveness;
    let max = if summary.max_attempts > 0 {
        summary.max_attempts
    } else {
        profile.liveness_max_attempts
    };
    let exhausted = summary.passed_at.is_none()
        && matches!(
            may_start_face_check(&wizard.draft, &profile),
            Err(FaceCheckRefused::AttemptsUsed { .. })
        );
    // Back here from 核对信息 with a check that still counts: it shows as passed, with
    // the way on, not as a new check that would cost one of the attempts.
    let (_, now_ms) = crate::clock::clock_now();
    let passed = wizard.fixing.is_none() && liveness_fresh(summary, now_ms);
    // A result note left by the return page (failed, cancelled, expired).
    let note = crate::router::query_param("result");

    let onchange = {
        let (consent, errors) = (consent.clone(), errors.clone());
        Callback::from(move |on| {
            if on {
                errors.answered("face_consent");
            }
            consent.set(on)
        })
    };
    let onstart = {
        let (wizard, consent, errors, starting) = (
            wizard.clone(),
            consent.clone(),
            errors.clone(),
            starting.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if starting.is_pending() {
                return;
            }
            if !*consent {
                errors.show(vec![FieldError {
                    field: "face_consent".into(),
                    code: "required".into(),
                    message: text::LIVENESS_MUST_CONSENT.into(),
                }]);
                return;
            }
            errors.clear();
            let wizard = wizard.clone();
            starting.run(call(async move {
                // Save the consent with the draft before leaving for the vendor: the
                // webview may be killed while the camera is open.
                let update = DraftUpdate {
                    face_consent: Some(true),
                    ..DraftUpdate::default()
                };
                let provider = providers::Liveness::from_profile(wizard.profile.as_deref());
                let fixing = wizard.fixing.as_ref().map(|f| f.number.clone());
                let started = match api::save_draft(&update).await {
                    Ok(d) => {
                        wizard.dispatch(Action::DraftSaved(d));
                        provider.start(fixing.as_deref()).await
                    }
                    Err(e) => Err(e),
                };
                match started {
                    // The wizard asks for the phone again.
                    Err(ApiError::Unauthenticated(_)) => wizard.dispatch(Action::SessionLost),
                    Err(e) => return Err(e),
                    // Leaving for the vendor; if the browser comes back to this page from
                    // its back-forward cache, the button must work again.
                    Ok(()) => {}
                }
                Ok(())
            }));
        })
    };
    // Only known codes are shown: text in a URL is anyone's to write.
    let note_text = note.as_deref().and_then(|n| match n {
        "cancelled" => Some(text::LIVENESS_CANCELLED.to_string()),
        "expired" => Some(text::LIVENESS_EXPIRED.to_string()),
        "lost" => Some(text::RETURN_LOST.to_string()),
        "failed" => Some(text::liveness_failed(max.saturating_sub(summary.attempts))),
        _ => None,
    });

    html! {
        <Page title={text::LIVENESS_TITLE} step={Step::Liveness} back={back_step(&wizard, Step::Liveness, crate::clock::today()).map(Route::of_step)} has_errors={!errors.is_empty()}>
            { errors.summary() }
            if let Some(n) = note_text {
                <div class="alert alert-warn" role="alert"><p>{ n }</p></div>
            }
            if super::form::guardian_applies_to(&wizard) {
                <p class="alert alert-warn" role="note" id="guardian-face">{ text::GUARDIAN_LIVENESS }</p>
            }
            <ul class="tips">{ for text::LIVENESS_TIPS.iter().map(|t| html! { <li>{ *t }</li> }) }</ul>
            <p class="hint">{ text::LIVENESS_CONSENT_DETAIL }</p>
            if passed {
                <div class="alert alert-done" role="status" id="liveness-passed">
                    <p><strong>{ text::LIVENESS_PASSED }</strong></p>
                    <p>{ text::LIVENESS_PASSED_VALID }</p>
                </div>
                <button type="button" class="btn btn-primary" onclick={{
                    let (wizard, navigator) = (wizard.clone(), navigator.clone());
                    Callback::from(move |_| {
                        let next = next_step(&wizard, Step::Liveness, crate::clock::today());
                        wizard.dispatch(Action::ReturnedToReview);
                        navigator.push(&Route::of_step(next));
                    })
                }}>{ text::NEXT }</button>
            } else if exhausted {
                <div class="alert alert-error" role="alert"><p>{ text::LIVENESS_NO_ATTEMPTS }</p></div>
            } else {
                <form onsubmit={onstart} novalidate=true>
                    { checkbox(&yew::props!(CheckboxProps {
                        id: "f-face_consent", label: text::LIVENESS_CONSENT, checked: *consent,
                        error: error_for(&errors, "face_consent"), onchange: onchange,
                    })) }
                    <p class="hint">{ text::LIVENESS_ALTERNATIVE }</p>
                    if let Some(e) = starting.error() {
                        <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                    }
                    <button type="submit" class="btn btn-primary" aria-disabled={starting.is_pending().then_some("true")}>
                        { if starting.is_pending() { text::LOADING } else { text::LIVENESS_START } }
                    </button>
                </form>
            }
        </Page>
    }
}

/// Where the vendor sends the user back. The URL carries only the flow id; whatever
/// else it says is ignored, and the verdict comes from the server.
#[function_component(LivenessReturn)]
pub fn liveness_return() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let outcome = use_resource((), WhenLost::Show, move |_| {
        let provider = providers::Liveness::from_profile(wizard.profile.as_deref());
        let hint = providers::take_return();
        Some(call(async move {
            let Some(flow) = hint.flow_id else {
                navigator.replace_with_query(&Route::Liveness, &[("result", "lost")]);
                return Ok(());
            };
            let result = match provider.confirm(&flow).await.map(|s| verdict(&s)) {
                Ok(Verdict::Passed) => None,
                Ok(Verdict::Failed(_)) => Some("failed".to_string()),
                Ok(Verdict::Cancelled) => Some("cancelled".to_string()),
                Ok(Verdict::Expired) => Some("expired".to_string()),
                // Not this applicant's flow (or a made-up id): start again.
                Err(ApiError::NotFound(_)) => Some("lost".to_string()),
                // Back hours later, signed out: verify the phone, then come back here.
                Err(ApiError::Unauthenticated(_)) => {
                    let here = Then::with(Route::LivenessReturn, "flow", flow);
                    navigator.sign_in_then(&here, true);
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            // The draft (with the server's liveness summary) after a full reload.
            if let Some(d) = api::draft().await? {
                wizard.dispatch(Action::DraftSaved(d));
            }
            match result {
                None => navigator.replace(&Route::Review),
                Some(r) => {
                    navigator.replace_with_query(&Route::Liveness, &[("result", r)]);
                }
            }
            Ok(())
        }))
    });
    html! {
        <Page title={text::LIVENESS_TITLE}>
            if let Some(e) = outcome.error() {
                <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                    <button type="button" class="btn btn-primary" onclick={outcome.retry()}>{ text::RETRY }</button>
                </div>
            } else {
                <p class="loading" role="status">{ text::LIVENESS_CHECKING }</p>
            }
        </Page>
    }
}
