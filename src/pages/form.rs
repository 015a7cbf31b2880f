use gloo::timers::callback::Timeout;
use reissue_domain::submission::changeable_part;
use reissue_domain::validate::{check_form, guardian_applies, normalize_form, FormRules};
use reissue_domain::{
    DeliveryMethod, DraftUpdate, Field, FieldError, FormAnswers, Reason, RegisterCheck, Relation,
    Resubmission, TemporaryCard,
};
use yew::prelude::*;

use crate::api::{self, ApiError, Remote};
use crate::components::{
    error_for, field_id, focus_field, radio_group, select_field, text_field, Page, RadioGroupProps,
    RegionSelect, SelectFieldProps, TextFieldProps,
};
use crate::hooks::{save_failed, use_field_errors, use_regions};
use crate::route::Route;
use crate::router::{use_navigator, Link};
use crate::state::{back_step, next_step, Action, Step, WizardContext};
use crate::text;

/// The answers to send: only what the chosen path needs (no address for pickup, no
/// guardian for an adult).
fn for_path(form: &FormAnswers, guardian: bool) -> FormAnswers {
    let mut f = form.clone();
    match f.delivery {
        Some(DeliveryMethod::Pickup) => {
            f.recipient_name = None;
            f.recipient_phone = None;
            f.address_region = None;
            f.address_detail = None;
            f.postcode = None;
            f.other_signer = None;
        }
        Some(DeliveryMethod::Ems) => {
            f.office_id = None;
            f.temporary_card = None;
        }
        None => {}
    }
    if f.reason != Some(Reason::Stolen) {
        f.police_receipt = None;
    }
    if !guardian {
        f = f.without_guardian();
    }
    f
}

/// Does a guardian apply for this applicant (a child's ID number, where the profile lets
/// guardians apply online)? Asked of the form as it stands, so it follows every keystroke.
/// While correcting, the ID number is held masked: an application made by a guardian
/// stays one.
pub fn guardian_applies_to(wizard: &WizardContext) -> bool {
    if wizard.fixing.is_some() {
        return wizard.form.guardian_name.is_some();
    }
    let Some(profile) = wizard.profile.as_deref() else {
        return false;
    };
    let (today, _) = super::clock_now();
    guardian_applies(&wizard.form, &FormRules::for_profile(profile, today, None))
}

/// The name and ID number to ask the register about: both well formed, signed in, and
/// not a correction.
fn who_to_check(wizard: &WizardContext) -> Option<(String, String)> {
    if !wizard.signed_in || wizard.fixing.is_some() {
        return None;
    }
    let profile = wizard.profile.as_deref()?;
    let (today, _) = super::clock_now();
    let rules = FormRules::for_profile(profile, today, None);
    let who = FormAnswers {
        name: wizard.form.name.clone(),
        id_number: wizard.form.id_number.clone(),
        ..FormAnswers::default()
    };
    let both = who.name.is_some() && who.id_number.is_some();
    if !both || !check_form(&who, &rules, false).is_empty() {
        return None;
    }
    let who = normalize_form(&who);
    Some((who.name?, who.id_number?))
}

/// 填写信息: who is applying and how the card should reach them.
#[function_component(FormPage)]
pub fn form_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let navigator = use_navigator().expect("router");
    let errors = use_field_errors();
    let saving = use_state(|| Remote::<()>::Idle);
    let regions = use_regions();
    // Opened by one answer's 修改 on 核对信息: the field is taken from the wizard at once
    // (a later visit starts at the top) and put in view, focused, once the region data is
    // in (a region answer is its selects) and after the page frame has focused the
    // heading, hence the zero timeout.
    let focus_on = use_mut_ref(|| wizard.edit_field);
    {
        let (wizard, focus_on) = (wizard.clone(), focus_on.clone());
        let ready = wizard.profile.is_some() && !regions.state.is_pending();
        use_effect_with(ready, move |ready| {
            if wizard.edit_field.is_some() {
                wizard.dispatch(Action::EditFieldTaken);
            }
            if *ready {
                if let Some(field) = focus_on.borrow_mut().take() {
                    Timeout::new(0, move || focus_field(&field_id(field.as_str()))).forget();
                }
            }
        });
    }
    // The register's answer for the name and ID number as typed, asked once both are
    // well formed (after a pause in typing), so nobody fills the whole form to hear at
    // the end that they must go to a window. A correction keeps whose application it is.
    let register = use_state(|| None::<((String, String), RegisterCheck)>);
    let who = who_to_check(&wizard);
    {
        let register = register.clone();
        use_effect_with(who.clone(), move |who| {
            let timer = who.clone().map(|(name, id)| {
                Timeout::new(400, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        // No answer (offline, a server error) is no verdict: the server
                        // decides again at submission.
                        if let Ok(check) = api::register_check(&name, &id).await {
                            register.set(Some(((name, id), check)));
                        }
                    });
                })
            });
            move || drop(timer)
        });
    }
    let refused: Vec<FieldError> = match (&*register, &who) {
        (Some((asked, check)), Some(now)) if asked == now && !check.online => check.reasons.clone(),
        _ => Vec::new(),
    };
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let form = wizard.form.clone();
    let fixing = wizard.fixing.clone();
    // While correcting a rejected application only what the officer asked about is asked
    // again; the rest stays as submitted (核对信息 shows it all), and the server refuses
    // any other change.
    let asked = {
        let fixing = fixing.clone();
        move |field: Field| fixing.as_ref().is_none_or(|f| f.may_change(field))
    };

    // An answer given takes its error message away at once; it is checked again on
    // 下一步.
    let answer = |field: Field| {
        let (wizard, errors) = (wizard.clone(), errors.clone());
        Callback::from(move |v: String| {
            if !v.trim().is_empty() {
                errors.answered(field.as_str());
            }
            wizard.dispatch(Action::Answer(field, v))
        })
    };
    let answer_region = |field: Field| {
        let answer = answer(field);
        Callback::from(move |v: Option<String>| answer.emit(v.unwrap_or_default()))
    };
    let value = |field: Field| form.get(field).unwrap_or_default();

    let onsubmit = {
        let asked = asked.clone();
        let (wizard, errors, saving, regions, profile) = (
            wizard.clone(),
            errors.clone(),
            saving.clone(),
            regions.clone(),
            profile.clone(),
        );
        let refused = refused.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if saving.is_pending() {
                return;
            }
            if !refused.is_empty() {
                errors.show(refused.clone());
                return;
            }
            let (today, _) = super::clock_now();
            let loaded = regions.loaded();
            let rules = FormRules::for_profile(&profile, today, loaded.as_deref());
            let answers = for_path(&wizard.form, guardian_applies_to(&wizard));
            let mut found = check_form(&answers, &rules, true);
            // Answers kept from the application are the server's to check.
            found.retain(|e| Field::parse(&e.field).is_none_or(&asked));
            if !found.is_empty() {
                errors.show(found);
                return;
            }
            errors.show(Vec::new());
            let normalized = normalize_form(&answers);
            let next = Route::of_step(next_step(&wizard, Step::Form));
            // Correcting a rejected application: the server keeps the corrections with
            // the application (sent for good by 核对信息's resubmission), so a reload
            // loses nothing; the ID number it holds stays on the phone masked.
            let fixing = wizard
                .fixing
                .as_ref()
                .map(|f| (f.number.clone(), f.fields.clone()));
            saving.set(Remote::Pending);
            let (wizard, saving, errors, navigator) = (
                wizard.clone(),
                saving.clone(),
                errors.clone(),
                navigator.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let saved = match fixing {
                    Some((number, fields)) => {
                        let body = Resubmission {
                            form: changeable_part(&fields, &normalized),
                        };
                        let saved = api::save_correction(&number, &body).await;
                        saved.map(|_| Action::FormSaved(wizard.form.overlaid(&body.form)))
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
                    Err(e) => save_failed(e, &saving, &errors, &wizard),
                }
            });
        })
    };

    let reasons: Vec<(String, String)> = Reason::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), text::reason(r).to_string()))
        .collect();
    let deliveries: Vec<(String, String)> = DeliveryMethod::ALL
        .into_iter()
        .map(|d| (d.as_str().to_string(), text::delivery(d).to_string()))
        .collect();
    let offices: Vec<(String, String)> = profile
        .offices
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    let chosen_office = profile
        .offices
        .iter()
        .find(|o| Some(&o.id) == form.office_id.as_ref());
    // The temporary card is asked about where the chosen office makes one (or when it
    // was asked for at an office that does not, so the answer can be changed).
    let temporary = profile.temporary_card.as_ref().filter(|t| {
        form.temporary_card == Some(TemporaryCard::Wanted)
            || form.office_id.as_deref().is_some_and(|id| t.offered_at(id))
    });
    let temporary_choices: Vec<(String, String)> = TemporaryCard::ALL
        .into_iter()
        .map(|t| {
            let label = match t {
                TemporaryCard::Wanted => text::TEMP_CARD_WANTED,
                TemporaryCard::NotWanted => text::TEMP_CARD_NOT_WANTED,
            };
            (t.as_str().to_string(), label.to_string())
        })
        .collect();
    let temporary_hint = temporary.map(|t| {
        let offices: Vec<String> = profile
            .offices
            .iter()
            .filter(|o| t.offered_at(&o.id))
            .map(|o| o.name.clone())
            .collect();
        text::temporary_card_hint(t.fee_fen, t.ready_within_working_days, &offices)
    });
    let guardian = guardian_applies_to(&wizard);
    let relations: Vec<(String, String)> = Relation::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), r.label().to_string()))
        .collect();
    let err = |f: Field| error_for(&errors, f.as_str());
    let regions_view = |field: Field, hint: Option<&'static str>| match &*regions.state {
        Remote::Done(r) => html! {
            <RegionSelect field={field.as_str()} label={field.label()} hint={hint.map(AttrValue::Static)}
                value={form.get(field)} default_province={profile.only_province()} regions={r.clone()} error={err(field)} onchange={answer_region(field)} />
        },
        Remote::Failed(_) => html! {
            <div class="field" id={field_id(field.as_str())}>
                <p class="label">{ field.label() }</p>
                <div class="alert alert-error" role="alert">
                    <p>{ text::REGIONS_FAILED }</p>
                    <button type="button" class="btn btn-default btn-inline" onclick={regions.retry()}>{ text::RETRY }</button>
                </div>
            </div>
        },
        _ => html! {
            <div class="field" id={field_id(field.as_str())}>
                <p class="label">{ field.label() }</p><p class="loading" role="status">{ text::LOADING }</p>
            </div>
        },
    };
    let back = back_step(&wizard, Step::Form).map(Route::of_step);

    html! {
        <Page title={text::FORM_TITLE} step={Step::Form} {back} has_errors={!errors.is_empty()}>
            if let Some(f) = &fixing {
                <div class="alert alert-warn" role="note">
                    <p><strong>{ text::REJECT_REASON }{ "：" }</strong>{ f.reason.clone() }</p>
                </div>
            }
            { errors.summary() }
            if fixing.is_some() {
                <p class="hint">{ text::FIX_ONLY_ASKED }</p>
            }
            <form onsubmit={onsubmit} novalidate=true>
                if asked(Field::Name) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-name",
                        label: Field::Name.label(),
                        hint: text::NAME_HINT,
                        value: value(Field::Name),
                        autocomplete: "name",
                        maxlength: 40,
                        error: err(Field::Name),
                        oninput: answer(Field::Name),
                    })) }
                }
                if asked(Field::IdNumber) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-id_number",
                        label: Field::IdNumber.label(),
                        hint: text::ID_HINT,
                        value: value(Field::IdNumber),
                        autocomplete: "off",
                        maxlength: 24,
                        literal: true,
                        error: err(Field::IdNumber),
                        oninput: answer(Field::IdNumber),
                    })) }
                }
                if !refused.is_empty() {
                    <div class="alert alert-warn" role="status" id="register-verdict">
                        <p><strong>{ text::REGISTER_NOT_ONLINE }</strong></p>
                        { for refused.iter().map(|r| html! { <p data-reason={r.code.clone()}>{ r.message.clone() }</p> }) }
                        <Link to={Route::Appointment} classes="btn btn-default">{ text::BOOK_WINDOW }</Link>
                    </div>
                }
                if asked(Field::HukouRegion) {
                    { regions_view(Field::HukouRegion, Some(text::HUKOU_HINT)) }
                }
                if asked(Field::Reason) {
                    { radio_group(&yew::props!(RadioGroupProps {
                        id: "f-reason", legend: Field::Reason.label(), options: reasons,
                        value: value(Field::Reason), error: err(Field::Reason), onchange: answer(Field::Reason),
                    })) }
                }
                if guardian && asked(Field::GuardianName) {
                    <fieldset class="fieldset guardian" id="guardian">
                        <legend class="label">{ text::GUARDIAN_TITLE }</legend>
                        <p class="hint">{ text::GUARDIAN_INTRO }</p>
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-guardian_name", label: Field::GuardianName.label(),
                            value: value(Field::GuardianName), autocomplete: "name", maxlength: 40,
                            error: err(Field::GuardianName), oninput: answer(Field::GuardianName),
                        })) }
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-guardian_id_number", label: Field::GuardianIdNumber.label(), hint: text::ID_HINT,
                            value: value(Field::GuardianIdNumber), autocomplete: "off", maxlength: 24, literal: true,
                            error: err(Field::GuardianIdNumber), oninput: answer(Field::GuardianIdNumber),
                        })) }
                        { radio_group(&yew::props!(RadioGroupProps {
                            id: "f-guardian_relation", legend: Field::GuardianRelation.label(), options: relations,
                            value: value(Field::GuardianRelation), error: err(Field::GuardianRelation),
                            onchange: answer(Field::GuardianRelation),
                        })) }
                    </fieldset>
                }
                if form.reason == Some(Reason::Stolen) && asked(Field::PoliceReceipt) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-police_receipt",
                        label: text::LOSS_POLICE,
                        hint: text::POLICE_RECEIPT_HINT,
                        value: value(Field::PoliceReceipt),
                        autocomplete: "off",
                        maxlength: 30,
                        literal: true,
                        error: err(Field::PoliceReceipt),
                        oninput: answer(Field::PoliceReceipt),
                    })) }
                }
                if asked(Field::Delivery) {
                    { radio_group(&yew::props!(RadioGroupProps {
                        id: "f-delivery", legend: Field::Delivery.label(), options: deliveries,
                        value: value(Field::Delivery), error: err(Field::Delivery), onchange: answer(Field::Delivery),
                    })) }
                }
                if form.delivery == Some(DeliveryMethod::Pickup) && asked(Field::OfficeId) {
                    { select_field(&yew::props!(SelectFieldProps {
                        id: "f-office_id", label: Field::OfficeId.label(), options: offices,
                        value: value(Field::OfficeId), error: err(Field::OfficeId),
                        onchange: answer(Field::OfficeId),
                    })) }
                    if let Some(o) = chosen_office {
                        <p class="hint office-info">{ format!("{}；{}：{}；{}", o.address, text::HOURS, o.hours, o.phone) }</p>
                    }
                    if let (Some(hint), true) = (temporary_hint, asked(Field::TemporaryCard)) {
                        { radio_group(&yew::props!(RadioGroupProps {
                            id: "f-temporary_card", legend: Field::TemporaryCard.label(), hint: AttrValue::from(hint),
                            options: temporary_choices, value: value(Field::TemporaryCard),
                            error: err(Field::TemporaryCard), onchange: answer(Field::TemporaryCard),
                        })) }
                    }
                }
                if form.delivery == Some(DeliveryMethod::Ems) {
                    if asked(Field::RecipientName) {
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-recipient_name",
                            label: Field::RecipientName.label(),
                            value: value(Field::RecipientName),
                            autocomplete: "name",
                            maxlength: 40,
                            error: err(Field::RecipientName),
                            oninput: answer(Field::RecipientName),
                        })) }
                    }
                    if asked(Field::RecipientPhone) {
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-recipient_phone",
                            label: Field::RecipientPhone.label(),
                            value: value(Field::RecipientPhone),
                            input_type: "tel",
                            autocomplete: "tel",
                            error: err(Field::RecipientPhone),
                            oninput: answer(Field::RecipientPhone),
                        })) }
                    }
                    if asked(Field::AddressRegion) {
                        { regions_view(Field::AddressRegion, None) }
                    }
                    if asked(Field::AddressDetail) {
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-address_detail",
                            label: Field::AddressDetail.label(),
                            hint: text::ADDRESS_HINT,
                            value: value(Field::AddressDetail),
                            autocomplete: "street-address",
                            maxlength: 130,
                            error: err(Field::AddressDetail),
                            oninput: answer(Field::AddressDetail),
                        })) }
                    }
                    if asked(Field::OtherSigner) {
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-other_signer",
                            label: Field::OtherSigner.label(),
                            hint: text::OTHER_SIGNER_HINT,
                            value: value(Field::OtherSigner),
                            autocomplete: "off",
                            maxlength: 40,
                            error: err(Field::OtherSigner),
                            oninput: answer(Field::OtherSigner),
                        })) }
                    }
                    if asked(Field::Postcode) {
                        { text_field(&yew::props!(TextFieldProps {
                            id: "f-postcode",
                            label: Field::Postcode.label(),
                            hint: text::POSTCODE_HINT,
                            value: value(Field::Postcode),
                            inputmode: "numeric",
                            autocomplete: "postal-code",
                            maxlength: 6,
                            error: err(Field::Postcode),
                            oninput: answer(Field::Postcode),
                        })) }
                    }
                }
                if let Some(e) = saving.error() {
                    <div class="alert alert-error" role="alert"><p>{ e.message() }</p>
                        if matches!(e, ApiError::Unauthenticated(_)) {
                            <Link to={Route::Verify} classes="link">{ text::PHONE_TITLE }</Link>
                        }
                    </div>
                }
                <button type="submit" class="btn btn-primary" aria-disabled={saving.is_pending().then_some("true")}>
                    { if saving.is_pending() { text::LOADING } else if wizard.return_to_review { text::SAVE_AND_REVIEW } else { text::NEXT } }
                </button>
            </form>
        </Page>
    }
}
