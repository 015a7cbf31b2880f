use std::rc::Rc;

use gloo::timers::callback::Timeout;
use reissue_domain::validate::{check_form, field_label, normalize_form, FormRules};
use reissue_domain::{
    mask, DeliveryMethod, DraftUpdate, FieldError, FormAnswers, Reason, Resubmission,
};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::app::Route;
use crate::components::{
    error_for, field_id, focus_field, ErrorSummary, Page, RadioGroup, RegionSelect, SelectField,
    TextField,
};
use crate::state::{Action, Step, WizardContext};
use crate::text;

/// The text fields of the form, by key.
fn text_value(form: &FormAnswers, key: &str) -> String {
    let v = match key {
        "name" => &form.name,
        "id_number" => &form.id_number,
        "recipient_name" => &form.recipient_name,
        "recipient_phone" => &form.recipient_phone,
        "address_detail" => &form.address_detail,
        "postcode" => &form.postcode,
        _ => &None,
    };
    v.clone().unwrap_or_default()
}

fn set_text(form: &mut FormAnswers, key: &str, value: String) {
    let v = (!value.is_empty()).then_some(value);
    match key {
        "name" => form.name = v,
        "id_number" => form.id_number = v,
        "recipient_name" => form.recipient_name = v,
        "recipient_phone" => form.recipient_phone = v,
        "address_detail" => form.address_detail = v,
        "postcode" => form.postcode = v,
        _ => {}
    }
}

/// The answers to send: only what the chosen path needs (no address for pickup).
fn for_path(form: &FormAnswers) -> FormAnswers {
    let mut f = form.clone();
    match f.delivery {
        Some(DeliveryMethod::Pickup) => {
            f.recipient_name = None;
            f.recipient_phone = None;
            f.address_region = None;
            f.address_detail = None;
            f.postcode = None;
        }
        Some(DeliveryMethod::Ems) => f.office_id = None,
        None => {}
    }
    f
}

/// 填写信息: who is applying and how the card should reach them.
#[function_component(FormPage)]
pub fn form_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_state(Vec::<FieldError>::new);
    let attempt = use_state(|| 0u32);
    let saving = use_state(|| Remote::<()>::Idle);
    let regions = use_state(|| Remote::<Rc<reissue_domain::region::Regions>>::Pending);
    let regions_try = use_state(|| 0u32);
    {
        let regions = regions.clone();
        use_effect_with(*regions_try, move |_| {
            regions.set(Remote::Pending);
            wasm_bindgen_futures::spawn_local(async move {
                regions.set(match api::regions().await {
                    Ok(r) => Remote::Done(r),
                    Err(e) => Remote::Failed(e),
                });
            });
        });
    }
    // Opened by one answer's 修改 on 核对信息: the field is taken from the wizard at once
    // (a later visit starts at the top) and put in view, focused, once the region data is
    // in (a region answer is its selects) and after the page frame has focused the
    // heading, hence the zero timeout.
    let focus_on = use_mut_ref(|| wizard.edit_field.clone());
    {
        let (wizard, focus_on) = (wizard.clone(), focus_on.clone());
        let ready = wizard.profile.is_some() && !regions.is_pending();
        use_effect_with(ready, move |ready| {
            if wizard.edit_field.is_some() {
                wizard.dispatch(Action::EditFieldTaken);
            }
            if *ready {
                if let Some(field) = focus_on.borrow_mut().take() {
                    Timeout::new(0, move || focus_field(&field_id(&field))).forget();
                }
            }
        });
    }
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let form = wizard.form.clone();
    let fixing = wizard.fixing.clone();
    // While correcting a rejected application the server holds the ID number (masked);
    // it is asked again only if the officer said it is wrong.
    let id_locked = fixing
        .as_ref()
        .is_some_and(|f| !f.fields.iter().any(|x| x == "id_number"));

    let edit = |key: &'static str| {
        let wizard = wizard.clone();
        Callback::from(move |v: String| {
            let mut f = wizard.form.clone();
            set_text(&mut f, key, v);
            wizard.dispatch(Action::FormEdited(f));
        })
    };
    let edit_with = |apply: fn(&mut FormAnswers, String)| {
        let wizard = wizard.clone();
        Callback::from(move |v: String| {
            let mut f = wizard.form.clone();
            apply(&mut f, v);
            wizard.dispatch(Action::FormEdited(f));
        })
    };
    let edit_region = |hukou: bool| {
        let wizard = wizard.clone();
        Callback::from(move |v: Option<String>| {
            let mut f = wizard.form.clone();
            if hukou {
                f.hukou_region = v;
            } else {
                f.address_region = v;
            }
            wizard.dispatch(Action::FormEdited(f));
        })
    };

    let onsubmit = {
        let (wizard, errors, attempt, saving, regions, profile) = (
            wizard.clone(),
            errors.clone(),
            attempt.clone(),
            saving.clone(),
            regions.clone(),
            profile.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if saving.is_pending() {
                return;
            }
            let (today, _) = super::clock_now();
            let office_ids: Vec<String> = profile.offices.iter().map(|o| o.id.clone()).collect();
            let loaded = match &*regions {
                Remote::Done(r) => Some(r.clone()),
                _ => None,
            };
            let rules = FormRules {
                today,
                region_prefixes: &profile.region_prefixes,
                min_age: profile.min_age,
                office_ids: &office_ids,
                regions: loaded.as_deref(),
            };
            let mut answers = for_path(&wizard.form);
            if id_locked {
                answers.id_number = None;
            }
            let mut found = check_form(&answers, &rules, true);
            if id_locked {
                found.retain(|e| e.field != "id_number");
            }
            if !found.is_empty() {
                errors.set(found);
                attempt.set(*attempt + 1);
                return;
            }
            errors.set(Vec::new());
            let normalized = normalize_form(&answers);
            let next = if wizard.return_to_review {
                Route::Review
            } else {
                match wizard.fixing.as_ref() {
                    Some(f) if f.needs(Step::Photos) => Route::Photos,
                    Some(f) if f.needs(Step::Liveness) => Route::Liveness,
                    Some(_) => Route::Review,
                    None => Route::Photos,
                }
            };
            // Correcting a rejected application: the server keeps the corrections with
            // the application (sent for good by 核对信息's resubmission), so a reload
            // loses nothing; the ID number it holds stays on the phone masked.
            let fixing = wizard.fixing.as_ref().map(|f| f.number.clone());
            let masked_id = wizard.form.id_number.clone();
            saving.set(Remote::Pending);
            let (wizard, saving, errors, attempt, navigator) = (
                wizard.clone(),
                saving.clone(),
                errors.clone(),
                attempt.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let saved = match fixing {
                    Some(number) => {
                        let mut kept = normalized.clone();
                        if id_locked {
                            kept.id_number = masked_id;
                        }
                        let body = Resubmission { form: normalized };
                        let saved = api::save_correction(&number, &body).await;
                        saved.map(|_| Action::FormEdited(kept))
                    }
                    None => {
                        let update = DraftUpdate {
                            form: Some(normalized),
                            ..DraftUpdate::default()
                        };
                        api::save_draft(&update).await.map(Action::DraftSaved)
                    }
                };
                match saved {
                    Ok(action) => {
                        wizard.dispatch(action);
                        wizard.dispatch(Action::ReturnedToReview);
                        saving.set(Remote::Idle);
                        navigator.push(&next);
                    }
                    Err(ApiError::Validation { fields, .. }) if !fields.is_empty() => {
                        errors.set(fields);
                        attempt.set(*attempt + 1);
                        saving.set(Remote::Idle);
                    }
                    Err(ApiError::Unauthenticated(m)) => {
                        wizard.dispatch(Action::SessionLost);
                        saving.set(Remote::Failed(ApiError::Unauthenticated(m)));
                    }
                    Err(e) => saving.set(Remote::Failed(e)),
                }
            });
        })
    };

    let reasons = vec![
        ("lost".to_string(), text::REASON_LOST.to_string()),
        ("stolen".to_string(), text::REASON_STOLEN.to_string()),
    ];
    let deliveries = vec![
        ("pickup".to_string(), text::PICKUP.to_string()),
        ("ems".to_string(), text::EMS.to_string()),
    ];
    let offices: Vec<(String, String)> = profile
        .offices
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    let reason_value = match form.reason {
        Some(Reason::Lost) => "lost",
        Some(Reason::Stolen) => "stolen",
        None => "",
    };
    let delivery_value = match form.delivery {
        Some(DeliveryMethod::Pickup) => "pickup",
        Some(DeliveryMethod::Ems) => "ems",
        None => "",
    };
    let chosen_office = profile
        .offices
        .iter()
        .find(|o| Some(&o.id) == form.office_id.as_ref());
    let err = |k: &str| error_for(&errors, k);
    let regions_view = |field: &'static str,
                        hint: Option<&'static str>,
                        value: Option<String>,
                        hukou: bool| match &*regions {
        Remote::Done(r) => html! {
            <RegionSelect field={field} label={field_label(field)} hint={hint.map(AttrValue::Static)}
                {value} regions={r.clone()} error={err(field)} onchange={edit_region(hukou)} />
        },
        Remote::Failed(_) => {
            let retry = {
                let regions_try = regions_try.clone();
                Callback::from(move |_| regions_try.set(*regions_try + 1))
            };
            html! {
                <div class="field" id={crate::components::field_id(field)}>
                    <p class="label">{ field_label(field) }</p>
                    <div class="alert alert-error" role="alert">
                        <p>{ text::REGIONS_FAILED }</p>
                        <button type="button" class="btn btn-default btn-inline" onclick={retry}>{ text::RETRY }</button>
                    </div>
                </div>
            }
        }
        _ => html! {
            <div class="field" id={crate::components::field_id(field)}>
                <p class="label">{ field_label(field) }</p><p class="loading" role="status">{ text::LOADING }</p>
            </div>
        },
    };
    let back = if wizard.return_to_review {
        Route::Review
    } else {
        Route::Notice
    };

    html! {
        <Page title={text::FORM_TITLE} step={Step::Form} {back} has_errors={!errors.is_empty()}>
            if let Some(f) = &fixing {
                <div class="alert alert-warn" role="note">
                    <p><strong>{ text::REJECT_REASON }{ "：" }</strong>{ f.reason.clone() }</p>
                </div>
            }
            <ErrorSummary errors={(*errors).clone()} attempt={*attempt} />
            <form onsubmit={onsubmit} novalidate=true>
                <TextField id="f-name" label={field_label("name")} hint={text::NAME_HINT}
                    value={text_value(&form, "name")} autocomplete="name" maxlength={40}
                    error={err("name")} oninput={edit("name")} />
                if id_locked {
                    <TextField id="f-id_number" label={field_label("id_number")} hint={text::ID_LOCKED_HINT}
                        value={mask::id_number(&text_value(&form, "id_number"))} readonly=true oninput={Callback::noop()} />
                } else {
                    <TextField id="f-id_number" label={field_label("id_number")} hint={text::ID_HINT}
                        value={text_value(&form, "id_number")} autocomplete="off" maxlength={24} literal=true
                        error={err("id_number")} oninput={edit("id_number")} />
                }
                { regions_view("hukou_region", Some(text::HUKOU_HINT), form.hukou_region.clone(), true) }
                <RadioGroup id="f-reason" legend={field_label("reason")} options={reasons} value={reason_value}
                    error={err("reason")} onchange={edit_with(|f, v| f.reason = match v.as_str() {
                        "lost" => Some(Reason::Lost), "stolen" => Some(Reason::Stolen), _ => None })} />
                <RadioGroup id="f-delivery" legend={field_label("delivery")} options={deliveries} value={delivery_value}
                    error={err("delivery")} onchange={edit_with(|f, v| f.delivery = match v.as_str() {
                        "pickup" => Some(DeliveryMethod::Pickup), "ems" => Some(DeliveryMethod::Ems), _ => None })} />
                if form.delivery == Some(DeliveryMethod::Pickup) {
                    <SelectField id="f-office_id" label={field_label("office_id")} options={offices}
                        value={form.office_id.clone().unwrap_or_default()} error={err("office_id")}
                        onchange={edit_with(|f, v| f.office_id = (!v.is_empty()).then_some(v))} />
                    if let Some(o) = chosen_office {
                        <p class="hint office-info">{ format!("{}；{}：{}；{}", o.address, text::HOURS, o.hours, o.phone) }</p>
                    }
                }
                if form.delivery == Some(DeliveryMethod::Ems) {
                    <TextField id="f-recipient_name" label={field_label("recipient_name")}
                        value={text_value(&form, "recipient_name")} autocomplete="name" maxlength={40}
                        error={err("recipient_name")} oninput={edit("recipient_name")} />
                    <TextField id="f-recipient_phone" label={field_label("recipient_phone")}
                        value={text_value(&form, "recipient_phone")} input_type="tel" autocomplete="tel"
                        error={err("recipient_phone")} oninput={edit("recipient_phone")} />
                    { regions_view("address_region", None, form.address_region.clone(), false) }
                    <TextField id="f-address_detail" label={field_label("address_detail")} hint={text::ADDRESS_HINT}
                        value={text_value(&form, "address_detail")} autocomplete="street-address" maxlength={130}
                        error={err("address_detail")} oninput={edit("address_detail")} />
                    <TextField id="f-postcode" label={field_label("postcode")} hint={text::POSTCODE_HINT}
                        value={text_value(&form, "postcode")} inputmode="numeric" autocomplete="postal-code" maxlength={6}
                        error={err("postcode")} oninput={edit("postcode")} />
                }
                if let Some(e) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                        if matches!(e, ApiError::Unauthenticated(_)) {
                            <Link<Route> to={Route::Verify} classes="link">{ text::PHONE_TITLE }</Link<Route>>
                        }
                    </div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}
