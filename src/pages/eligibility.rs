use std::rc::Rc;

use reissue_domain::eligibility::{assess, Eligibility, EligibilityAnswers, WindowReason};
use reissue_domain::{DraftUpdate, Field, FormAnswers, Reason, ServiceProfile};
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::components::{
    error_for, radio_group, text_field, Page, RadioGroupProps, RegionSelect, TextFieldProps,
};
use crate::hooks::{
    call, use_action, use_field_errors, use_regions, FieldErrors, RegionData, UseAction,
};
use crate::route::Route;
use crate::router::{use_navigator, Link, Navigator};
use crate::state::{back_step, next_step, persist, Action, Step, Wizard, WizardContext};
use crate::text;

#[derive(Properties, PartialEq)]
pub struct EligibilityProps {
    /// The verdict's page for those who must go to a window (its own address).
    #[prop_or_default]
    pub window: bool,
}

/// 能否在线办理: where the 户籍 is, the birth date, lost or stolen; decided by the
/// domain's rule before any SMS is sent. Those who must go to a window are told why
/// and where, on their own page (the same component: each one is code every phone
/// downloads).
#[function_component(EligibilityPage)]
pub fn eligibility_page(props: &EligibilityProps) -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let answers = use_state(|| {
        let mut a = wizard.eligibility.clone();
        // Back here from the form: what it holds now.
        a.hukou_region = a.hukou_region.or(wizard.form.hukou_region.clone());
        a.reason = a.reason.or(wizard.form.reason);
        a
    });
    let errors = use_field_errors();
    let saving = use_action::<()>();
    let regions = use_regions();
    let Some(profile) = wizard.profile.clone() else {
        return html! { <p class="loading" role="status">{ text::LOADING }</p> };
    };
    if props.window {
        return window(&wizard, &profile);
    }

    let set = |f: fn(&mut EligibilityAnswers, String), key: &'static str| {
        let (answers, errors) = (answers.clone(), errors.clone());
        Callback::from(move |v: String| {
            let mut a = (*answers).clone();
            if !v.trim().is_empty() {
                errors.answered(key);
            }
            f(&mut a, v);
            answers.set(a);
        })
    };
    let on_region = {
        let set = set(
            |a, v| a.hukou_region = (!v.is_empty()).then_some(v),
            Field::HukouRegion.as_str(),
        );
        Callback::from(move |v: Option<String>| set.emit(v.unwrap_or_default()))
    };
    let on_birth = set(
        |a, v| a.birth_date = (!v.is_empty()).then_some(v),
        "birth_date",
    );
    let on_reason = set(|a, v| a.reason = Reason::parse(&v), Field::Reason.as_str());

    let onsubmit = on_next(
        &wizard, &navigator, &answers, &errors, &saving, &regions, &profile,
    );

    let region_field = match &*regions.state {
        Remote::Done(r) => html! {
            <RegionSelect field={Field::HukouRegion.as_str()} label={Field::HukouRegion.label()}
                hint={AttrValue::Static(text::HUKOU_HINT)} value={answers.hukou_region.clone()}
                default_province={profile.only_province()}
                regions={r.clone()} error={error_for(&errors, Field::HukouRegion.as_str())} onchange={on_region} />
        },
        Remote::Failed(_) => html! {
            <div class="alert alert-error" role="alert">
                <p>{ text::REGIONS_FAILED }</p>
                <button type="button" class="btn btn-default btn-inline" onclick={regions.retry()}>{ text::RETRY }</button>
            </div>
        },
        _ => html! { <p class="loading" role="status">{ text::LOADING }</p> },
    };
    let reasons: Vec<(String, String)> = Reason::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), text::reason(r).to_string()))
        .collect();
    let back = back_step(&wizard, Step::Eligibility, crate::clock::today()).map(Route::of_step);

    html! {
        <Page title={text::ELIGIBILITY_TITLE} step={Step::Eligibility} {back} has_errors={!errors.is_empty()}>
            { errors.summary() }
            <p class="hint">{ text::ELIGIBILITY_INTRO }</p>
            <form {onsubmit} novalidate=true>
                { region_field }
                { text_field(&yew::props!(TextFieldProps {
                    id: "f-birth_date",
                    label: text::BIRTH_DATE,
                    hint: text::BIRTH_DATE_HINT,
                    input_type: "date",
                    value: answers.birth_date.clone().unwrap_or_default(),
                    error: error_for(&errors, "birth_date"),
                    oninput: on_birth,
                })) }
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-reason", legend: Field::Reason.label(), options: reasons,
                    value: answers.reason.map(|r| r.as_str()).unwrap_or_default(),
                    error: error_for(&errors, Field::Reason.as_str()), onchange: on_reason,
                })) }
                if answers.reason == Some(Reason::Stolen) {
                    <div class="alert alert-warn" role="note"><p>{ text::STOLEN_ADVICE }</p></div>
                }
                if let Some(e) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p></div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}

/// Where those who cannot apply online go: why (every reason at once), what to bring,
/// which offices. Reached only from 能否在线办理; nothing was sent or stored.
fn window(wizard: &Wizard, profile: &ServiceProfile) -> Html {
    let reasons = match &wizard.verdict {
        Some(Eligibility::Window(reasons)) => reasons.clone(),
        _ => Vec::new(),
    };
    let outside = reasons.contains(&WindowReason::OutsideProvince);
    html! {
        <Page title={text::WINDOW_TITLE} back={Route::Eligibility}>
            <div class="alert alert-warn" role="note" id="window-reasons">
                if reasons.is_empty() {
                    <p>{ text::WINDOW_UNKNOWN }</p>
                } else {
                    <p>{ text::WINDOW_WHY }</p>
                    { for reasons.iter().map(|r| html! { <p data-reason={r.code()}>{ r.message(profile) }</p> }) }
                }
            </div>
            <section class="card">
                <h2>{ text::WINDOW_BRING }</h2>
                <ul class="tips">{ for profile.appointments.bring.iter().map(|i| html! { <li>{ i.clone() }</li> }) }</ul>
            </section>
            // 异地补领 is done where one lives: for someone living here with a 户籍
            // elsewhere, that is these offices too, so they are listed for everyone.
            <section class="card">
                <h2>{ if outside { text::WINDOW_OFFICES_HERE } else { text::WINDOW_OFFICES } }</h2>
                <ul class="cells">
                    { for profile.offices.iter().map(|o| html! {
                        <li class="office">
                            <p class="cell-title">{ o.name.clone() }</p>
                            <p>{ o.address.clone() }</p>
                            <p>{ format!("{}：{}", text::HOURS, o.hours) }</p>
                            <p><a class="link" href={format!("tel:{}", o.phone)}>{ o.phone.clone() }</a></p>
                        </li>
                    }) }
                </ul>
            </section>
            <Link to={Route::Appointment} classes="btn btn-primary">{ text::BOOK_WINDOW }</Link>
            <p class="hint">{ text::WINDOW_NO_SMS }</p>
            <div class="notice-box"><p>{ text::HOME_REPORT_LOSS }</p>
                <Link to={Route::LossReport} classes="link">{ text::HOME_LOSS }</Link></div>
            <Link to={Route::Eligibility} classes="btn btn-default">{ text::WINDOW_CHANGE }</Link>
            <Link to={Route::Home} classes="btn btn-default">{ text::BACK_HOME }</Link>
        </Page>
    }
}

/// 下一步: the domain's verdict on the answers; a window is a page of its own, online goes
/// on (with the answers saved to the draft when signed in already).
fn on_next(
    wizard: &WizardContext,
    navigator: &Navigator,
    answers: &UseStateHandle<EligibilityAnswers>,
    errors: &FieldErrors,
    saving: &UseAction<()>,
    regions: &RegionData,
    profile: &Rc<ServiceProfile>,
) -> Callback<SubmitEvent> {
    let (wizard, navigator, answers, errors, saving, regions, profile) = (
        wizard.clone(),
        navigator.clone(),
        answers.clone(),
        errors.clone(),
        saving.clone(),
        regions.clone(),
        profile.clone(),
    );
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        if saving.is_pending() {
            return;
        }
        let (today, _) = crate::clock::clock_now();
        let loaded = regions.loaded();
        let verdict = match assess(&answers, &profile, today, loaded.as_deref()) {
            Ok(v) => v,
            Err(found) => return errors.show(found),
        };
        errors.clear();
        persist::set_eligible(verdict == Eligibility::Online);
        wizard.dispatch(Action::Eligibility((*answers).clone(), verdict.clone()));
        if verdict != Eligibility::Online {
            navigator.push(&Route::Window);
            return;
        }
        if !wizard.signed_in {
            navigator.push(&Route::of_step(next_step(
                &wizard,
                Step::Eligibility,
                crate::clock::today(),
            )));
            return;
        }
        // Signed in already (a second application): the answers go with the draft,
        // so a reload on the form keeps them.
        let update = DraftUpdate {
            form: Some(FormAnswers {
                hukou_region: answers.hukou_region.clone(),
                reason: answers.reason,
                ..FormAnswers::default()
            }),
            ..DraftUpdate::default()
        };
        let (wizard, navigator) = (wizard.clone(), navigator.clone());
        saving.run(call(async move {
            match api::save_draft(&update).await {
                Ok(d) => {
                    wizard.dispatch(Action::DraftSaved(d));
                    navigator.push(&Route::Form);
                }
                Err(ApiError::Unauthenticated(_)) => {
                    wizard.dispatch(Action::SessionLost);
                    navigator.push(&Route::Verify);
                }
                Err(e) => return Err(e),
            }
            Ok(())
        }));
    })
}
