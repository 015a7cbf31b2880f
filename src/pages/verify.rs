use gloo::timers::callback::Interval;
use reissue_domain::eligibility::Eligibility;
use reissue_domain::validate;
use reissue_domain::{DraftUpdate, FieldError, FormAnswers};
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::components::{error_for, session_ends_ms, text_field, Page, TextFieldProps};
use crate::hooks::use_field_errors;
use crate::route::Route;
use crate::router::use_navigator;
use crate::state::{first_missing_step, Action, Step, Wizard, WizardContext};
use crate::text;

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: "invalid".into(),
        message: message.into(),
    }
}

/// A 422's field errors, or its message on `field` when the server named none.
fn on_field(field: &str, fields: Vec<FieldError>, message: String) -> Vec<FieldError> {
    if fields.is_empty() {
        vec![field_error(field, message)]
    } else {
        fields
    }
}

/// Where to go after signing in: back to 我的办件, a booking, a loss report or a vendor
/// return page when that sent the user here (only these paths of this app), else the
/// first step not yet done.
fn next_route(w: &Wizard) -> String {
    if let Some(next) = super::query_param("next") {
        let allowed = [
            "/applications",
            "/appointment",
            "/loss-report",
            "/messages",
            "/liveness/return?",
            "/payment/return?",
        ];
        if allowed.iter().any(|p| next.starts_with(p)) && !next.contains("//") {
            return next;
        }
    }
    let (today, now) = super::clock_now();
    Route::of_step(first_missing_step(w, Step::Review, today, now).unwrap_or(Step::Review))
        .to_path()
}

/// 手机验证: a code by SMS opens the session that holds the draft.
#[function_component(Verify)]
pub fn verify() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let phone = use_state(String::new);
    let code = use_state(String::new);
    let errors = use_field_errors();
    let countdown = use_state(|| 0u32);
    let sent_to = use_state(|| None::<String>);
    let dev_code = use_state(|| None::<String>);
    let sending = use_state(|| Remote::<()>::Idle);
    let signing = use_state(|| Remote::<()>::Idle);
    let from_mine = super::query_param("next").is_some();

    // Ticks the 60-second countdown down to zero.
    {
        let countdown = countdown.clone();
        use_effect_with(*countdown > 0, move |running| {
            let timer = running.then(|| {
                let countdown = countdown.clone();
                Interval::new(1000, move || countdown.set((*countdown).saturating_sub(1)))
            });
            move || drop(timer)
        });
    }

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

    let get_code = {
        let (phone, errors, countdown, sent_to, dev_code, sending) = (
            phone.clone(),
            errors.clone(),
            countdown.clone(),
            sent_to.clone(),
            dev_code.clone(),
            sending.clone(),
        );
        Callback::from(move |_| {
            if *countdown > 0 || sending.is_pending() {
                return;
            }
            let normalized = match validate::phone(&phone) {
                Ok(p) => p,
                Err(e) => {
                    errors.show(vec![field_error("phone", e.message)]);
                    return;
                }
            };
            errors.show(Vec::new());
            sending.set(Remote::Pending);
            let (countdown, sent_to, dev_code, sending, errors) = (
                countdown.clone(),
                sent_to.clone(),
                dev_code.clone(),
                sending.clone(),
                errors.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::send_sms_code(&normalized).await {
                    Ok(r) => {
                        countdown.set(r.cooldown_seconds);
                        sent_to.set(Some(r.phone_masked));
                        dev_code.set(r.dev_code);
                        sending.set(Remote::Idle);
                    }
                    Err(ApiError::RateLimited {
                        message,
                        retry_after,
                    }) => {
                        countdown.set(retry_after);
                        sending.set(Remote::Failed(ApiError::RateLimited {
                            message,
                            retry_after,
                        }));
                    }
                    Err(ApiError::Validation { fields, message }) => {
                        sending.set(Remote::Idle);
                        errors.replace(on_field("phone", fields, message));
                    }
                    Err(e) => sending.set(Remote::Failed(e)),
                }
            });
        })
    };

    let onsubmit = {
        let (wizard, phone, code, errors, signing, sent_to) = (
            wizard.clone(),
            phone.clone(),
            code.clone(),
            errors.clone(),
            signing.clone(),
            sent_to.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if signing.is_pending() {
                return;
            }
            let mut errs = Vec::new();
            let p = validate::phone(&phone).map_err(|e| errs.push(field_error("phone", e.message)));
            let c = if sent_to.is_none() && errs.is_empty() {
                errs.push(field_error("code", text::CODE_NEEDED_FIRST));
                Err(())
            } else {
                validate::sms_code(&code).map_err(|e| errs.push(field_error("code", e.message)))
            };
            let (Ok(p), Ok(c)) = (p, c) else {
                errors.show(errs);
                return;
            };
            errors.show(Vec::new());
            signing.set(Remote::Pending);
            let (wizard, navigator, signing, errors) = (
                wizard.clone(),
                navigator.clone(),
                signing.clone(),
                errors.clone(),
            );
            let already_signed_in = wizard.signed_in;
            wasm_bindgen_futures::spawn_local(async move {
                // A retry after the draft step failed skips this: the code is spent and
                // the session already open.
                if !already_signed_in {
                    match api::sign_in(&p, &c).await {
                        Ok(session) => {
                            let ends = session_ends_ms(session.expires_in_seconds);
                            wizard.dispatch(Action::SessionEnds(ends));
                            wizard.dispatch(Action::SignedIn {
                                phone_masked: session.phone_masked,
                            })
                        }
                        Err(ApiError::Validation { fields, message }) => {
                            errors.replace(on_field("code", fields, message));
                            signing.set(Remote::Idle);
                            return;
                        }
                        Err(e) => {
                            signing.set(Remote::Failed(e));
                            return;
                        }
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
                match saved {
                    Ok(Some(d)) => {
                        w.draft = d.clone();
                        wizard.dispatch(Action::DraftSaved(d));
                    }
                    Ok(None) => {}
                    Err(e) => {
                        signing.set(Remote::Failed(e));
                        return;
                    }
                }
                signing.set(Remote::Idle);
                let next = next_route(&w);
                let (path, query) = next.split_once('?').unwrap_or((next.as_str(), ""));
                let route = Route::recognize(path);
                let pairs: Vec<(String, String)> = query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                if pairs.is_empty() {
                    navigator.push(&route);
                } else {
                    navigator.push_with_query(&route, &pairs);
                }
            });
        })
    };

    let on_phone = {
        let (phone, errors) = (phone.clone(), errors.clone());
        Callback::from(move |v: String| {
            if !v.trim().is_empty() {
                errors.answered("phone");
            }
            phone.set(v)
        })
    };
    let on_code = {
        let (code, errors) = (code.clone(), errors.clone());
        Callback::from(move |v: String| {
            if !v.trim().is_empty() {
                errors.answered("code");
            }
            code.set(v)
        })
    };
    let code_button = if *countdown > 0 {
        text::code_countdown(*countdown)
    } else if sending.is_pending() {
        text::LOADING.to_string()
    } else {
        text::GET_CODE.to_string()
    };
    let back = if from_mine {
        Route::Home
    } else {
        Route::Notice
    };
    let failure = sending.error().or(signing.error()).cloned();

    html! {
        <Page title={text::PHONE_TITLE} step={(!from_mine).then_some(Step::Phone)} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <form onsubmit={onsubmit} novalidate=true>
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-phone",
                    label: text::PHONE_LABEL,
                    hint: text::PHONE_HINT,
                    value: (*phone).clone(),
                    input_type: "tel",
                    autocomplete: "tel",
                    error: error_for(&errors, "phone"),
                    oninput: on_phone,
                })) }
                <button type="button" class="btn btn-default" onclick={get_code}
                    aria-disabled={(*countdown > 0 || sending.is_pending()).then_some("true")}>{ code_button }</button>
                if let Some(to) = &*sent_to {
                    <p class="hint" role="status">{ text::code_sent(to) }</p>
                }
                if let Some(dev) = &*dev_code {
                    <p class="test-banner dev-code" role="status">{ text::dev_code(dev) }</p>
                }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-code",
                    label: text::CODE_LABEL,
                    hint: text::CODE_HINT,
                    value: (*code).clone(),
                    inputmode: "numeric",
                    autocomplete: "one-time-code",
                    maxlength: 6,
                    literal: true,
                    error: error_for(&errors, "code"),
                    oninput: on_code,
                })) }
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
