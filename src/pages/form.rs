use gloo::timers::callback::Timeout;
use reissue_domain::{
    DeliveryMethod, Field, FormAnswers, Reason, Relation, ServiceProfile, TemporaryCard,
};
use yew::prelude::*;

use crate::api::{ApiError, Remote};
use crate::components::{
    error_for, field_id, focus_field, radio_group, select_field, text_field, Page, RadioGroupProps,
    RegionSelect, SelectFieldProps, TextFieldProps,
};
pub use crate::hooks::guardian_applies_to;
use crate::hooks::{use_form_step, FormStep};
use crate::route::Route;
use crate::router::Link;
use crate::state::{back_step, Action, Step, WizardContext};
use crate::text;

/// 填写信息: who is applying and how the card should reach them.
#[function_component(FormPage)]
pub fn form_page() -> Html {
    let wizard = use_context::<WizardContext>().expect("wizard context");
    let step = use_form_step();
    // Opened by one answer's 修改 on 核对信息: the field is taken from the wizard at once
    // (a later visit starts at the top) and put in view, focused, once the region data is
    // in (a region answer is its selects) and after the page frame has focused the
    // heading, hence the zero timeout.
    let focus_on = use_mut_ref(|| wizard.edit_field);
    {
        let (wizard, focus_on) = (wizard.clone(), focus_on.clone());
        let ready = wizard.profile.is_some() && !step.regions.state.is_pending();
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
    let Some(profile) = wizard.profile.clone() else {
        return html! {};
    };
    let f = Fields {
        step: &step,
        form: &wizard.form,
        profile: &profile,
    };
    let (errors, saving, refused) = (&step.errors, &step.saving, &step.refused);
    let fixing = wizard.fixing.clone();
    let reasons: Vec<(String, String)> = Reason::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), text::reason(r).to_string()))
        .collect();
    let back = back_step(&wizard, Step::Form, crate::clock::today()).map(Route::of_step);

    html! {
        <Page title={text::FORM_TITLE} step={Step::Form} {back} has_errors={!errors.is_empty()}>
            if let Some(fx) = &fixing {
                <div class="alert alert-warn" role="note">
                    <p><strong>{ text::REJECT_REASON }{ "：" }</strong>{ fx.reason.clone() }</p>
                </div>
            }
            { errors.summary() }
            if fixing.is_some() {
                <p class="hint">{ text::FIX_ONLY_ASKED }</p>
            }
            <form onsubmit={step.submit()} novalidate=true>
                if f.step.asked(Field::Name) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-name",
                        label: Field::Name.label(),
                        hint: text::NAME_HINT,
                        value: f.value(Field::Name),
                        autocomplete: "name",
                        maxlength: 40,
                        error: f.err(Field::Name),
                        oninput: f.step.answer(Field::Name),
                    })) }
                }
                if f.step.asked(Field::IdNumber) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-id_number",
                        label: Field::IdNumber.label(),
                        hint: text::ID_HINT,
                        value: f.value(Field::IdNumber),
                        autocomplete: "off",
                        maxlength: 24,
                        literal: true,
                        error: f.err(Field::IdNumber),
                        oninput: f.step.answer(Field::IdNumber),
                    })) }
                }
                if !refused.is_empty() {
                    <div class="alert alert-warn" role="status" id="register-verdict">
                        <p><strong>{ text::REGISTER_NOT_ONLINE }</strong></p>
                        { for refused.iter().map(|r| html! { <p data-reason={r.code.clone()}>{ r.message.clone() }</p> }) }
                        <Link to={Route::Appointment} classes="btn btn-default">{ text::BOOK_WINDOW }</Link>
                    </div>
                }
                if f.step.asked(Field::HukouRegion) {
                    { f.regions_view(Field::HukouRegion, Some(text::HUKOU_HINT)) }
                }
                if f.step.asked(Field::Reason) {
                    { radio_group(&yew::props!(RadioGroupProps {
                        id: "f-reason", legend: Field::Reason.label(), options: reasons,
                        value: f.value(Field::Reason), error: f.err(Field::Reason), onchange: f.step.answer(Field::Reason),
                    })) }
                }
                if guardian_applies_to(&wizard) && step.asked(Field::GuardianName) {
                    { guardian(&f) }
                }
                if f.form.reason == Some(Reason::Stolen) && f.step.asked(Field::PoliceReceipt) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-police_receipt",
                        label: text::LOSS_POLICE,
                        hint: text::POLICE_RECEIPT_HINT,
                        value: f.value(Field::PoliceReceipt),
                        autocomplete: "off",
                        maxlength: 30,
                        literal: true,
                        error: f.err(Field::PoliceReceipt),
                        oninput: f.step.answer(Field::PoliceReceipt),
                    })) }
                }
                { delivery(&f) }
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

/// What the fields of the form read: the answers, their errors, the region tree.
struct Fields<'a> {
    step: &'a FormStep,
    form: &'a FormAnswers,
    profile: &'a ServiceProfile,
}

impl Fields<'_> {
    fn value(&self, field: Field) -> String {
        self.form.get(field).unwrap_or_default()
    }

    fn err(&self, field: Field) -> Option<String> {
        error_for(&self.step.errors, field.as_str())
    }

    /// A region answer: its selects once the tree is in, a retry if it did not come.
    fn regions_view(&self, field: Field, hint: Option<&'static str>) -> Html {
        let regions = &self.step.regions;
        match &*regions.state {
            Remote::Done(r) => html! {
                <RegionSelect field={field.as_str()} label={field.label()} hint={hint.map(AttrValue::Static)}
                    value={self.form.get(field)} default_province={self.profile.only_province()} regions={r.clone()}
                    error={self.err(field)} onchange={self.step.answer_region(field)} />
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
        }
    }
}

/// A child's application: the guardian who makes it.
fn guardian(f: &Fields) -> Html {
    let relations: Vec<(String, String)> = Relation::ALL
        .into_iter()
        .map(|r| (r.as_str().to_string(), r.label().to_string()))
        .collect();
    html! {
        <fieldset class="fieldset guardian" id="guardian">
            <legend class="label">{ text::GUARDIAN_TITLE }</legend>
            <p class="hint">{ text::GUARDIAN_INTRO }</p>
            { text_field(&yew::props!(TextFieldProps {
                id: "f-guardian_name", label: Field::GuardianName.label(),
                value: f.value(Field::GuardianName), autocomplete: "name", maxlength: 40,
                error: f.err(Field::GuardianName), oninput: f.step.answer(Field::GuardianName),
            })) }
            { text_field(&yew::props!(TextFieldProps {
                id: "f-guardian_id_number", label: Field::GuardianIdNumber.label(), hint: text::ID_HINT,
                value: f.value(Field::GuardianIdNumber), autocomplete: "off", maxlength: 24, literal: true,
                error: f.err(Field::GuardianIdNumber), oninput: f.step.answer(Field::GuardianIdNumber),
            })) }
            { radio_group(&yew::props!(RadioGroupProps {
                id: "f-guardian_relation", legend: Field::GuardianRelation.label(), options: relations,
                value: f.value(Field::GuardianRelation), error: f.err(Field::GuardianRelation),
                onchange: f.step.answer(Field::GuardianRelation),
            })) }
        </fieldset>
    }
}

/// How the card reaches the applicant: the office (and the temporary card), or EMS and
/// its address.
fn delivery(f: &Fields) -> Html {
    let (form, profile) = (f.form, f.profile);
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
    html! {
        <>
            if f.step.asked(Field::Delivery) {
                { radio_group(&yew::props!(RadioGroupProps {
                    id: "f-delivery", legend: Field::Delivery.label(), options: deliveries,
                    value: f.value(Field::Delivery), error: f.err(Field::Delivery), onchange: f.step.answer(Field::Delivery),
                })) }
            }
            if f.form.delivery == Some(DeliveryMethod::Pickup) && f.step.asked(Field::OfficeId) {
                { select_field(&yew::props!(SelectFieldProps {
                    id: "f-office_id", label: Field::OfficeId.label(), options: offices,
                    value: f.value(Field::OfficeId), error: f.err(Field::OfficeId),
                    onchange: f.step.answer(Field::OfficeId),
                })) }
                if let Some(o) = chosen_office {
                    <p class="hint office-info">{ format!("{}；{}：{}；{}", o.address, text::HOURS, o.hours, o.phone) }</p>
                }
                if let (Some(hint), true) = (temporary_hint, f.step.asked(Field::TemporaryCard)) {
                    { radio_group(&yew::props!(RadioGroupProps {
                        id: "f-temporary_card", legend: Field::TemporaryCard.label(), hint: AttrValue::from(hint),
                        options: temporary_choices, value: f.value(Field::TemporaryCard),
                        error: f.err(Field::TemporaryCard), onchange: f.step.answer(Field::TemporaryCard),
                    })) }
                }
            }
            if f.form.delivery == Some(DeliveryMethod::Ems) {
                if f.step.asked(Field::RecipientName) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-recipient_name",
                        label: Field::RecipientName.label(),
                        value: f.value(Field::RecipientName),
                        autocomplete: "name",
                        maxlength: 40,
                        error: f.err(Field::RecipientName),
                        oninput: f.step.answer(Field::RecipientName),
                    })) }
                }
                if f.step.asked(Field::RecipientPhone) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-recipient_phone",
                        label: Field::RecipientPhone.label(),
                        value: f.value(Field::RecipientPhone),
                        input_type: "tel",
                        autocomplete: "tel",
                        error: f.err(Field::RecipientPhone),
                        oninput: f.step.answer(Field::RecipientPhone),
                    })) }
                }
                if f.step.asked(Field::AddressRegion) {
                    { f.regions_view(Field::AddressRegion, None) }
                }
                if f.step.asked(Field::AddressDetail) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-address_detail",
                        label: Field::AddressDetail.label(),
                        hint: text::ADDRESS_HINT,
                        value: f.value(Field::AddressDetail),
                        autocomplete: "street-address",
                        maxlength: 130,
                        error: f.err(Field::AddressDetail),
                        oninput: f.step.answer(Field::AddressDetail),
                    })) }
                }
                if f.step.asked(Field::OtherSigner) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-other_signer",
                        label: Field::OtherSigner.label(),
                        hint: text::OTHER_SIGNER_HINT,
                        value: f.value(Field::OtherSigner),
                        autocomplete: "off",
                        maxlength: 40,
                        error: f.err(Field::OtherSigner),
                        oninput: f.step.answer(Field::OtherSigner),
                    })) }
                }
                if f.step.asked(Field::Postcode) {
                    { text_field(&yew::props!(TextFieldProps {
                        id: "f-postcode",
                        label: Field::Postcode.label(),
                        hint: text::POSTCODE_HINT,
                        value: f.value(Field::Postcode),
                        inputmode: "numeric",
                        autocomplete: "postal-code",
                        maxlength: 6,
                        error: f.err(Field::Postcode),
                        oninput: f.step.answer(Field::Postcode),
                    })) }
                }
            }
        </>
    }
}
